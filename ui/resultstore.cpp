#include "resultstore.h"

#include "format.h"
#include "report/resultfile.h"
#include "report/runresult.h"
#include "verdictlabel.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

namespace cicada {

namespace {
const QString kSuffix = QStringLiteral(".result.json");
}

ResultStore::ResultStore(QObject *parent) : QAbstractListModel(parent)
{
    setDirectory(defaultDirectory());
}

QString ResultStore::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/results");
}

void ResultStore::setDirectory(const QString &directory)
{
    if (m_directory == directory)
        return;
    m_directory = directory;
    Q_EMIT directoryChanged();
    refresh();
}

QString ResultStore::saveRun(const RunResult &result, QString *error)
{
    if (!QDir().mkpath(m_directory)) {
        if (error)
            *error = tr("Cannot create the results folder %1").arg(m_directory);
        return {};
    }
    QString name = result.profileName().isEmpty() ? QStringLiteral("run") : result.profileName();
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_-]+")), QStringLiteral("-"));
    const qint64 startMs =
        result.startMs > 0 ? result.startMs : QDateTime::currentMSecsSinceEpoch();
    const QString stamp =
        QDateTime::fromMSecsSinceEpoch(startMs).toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString path = QDir(m_directory).filePath(stamp + QLatin1Char('-') + name + kSuffix);
    for (int i = 2; QFileInfo::exists(path); ++i)
        path =
            QDir(m_directory)
                .filePath(stamp + QLatin1Char('-') + name + QStringLiteral("-%1").arg(i) + kSuffix);
    if (!ResultFile::save(path, result, error))
        return {};
    refresh();
    return path;
}

bool ResultStore::readItem(const QString &path, Item *item)
{
    RunResult result;
    if (!ResultFile::load(path, &result, nullptr))
        return false;
    item->path = path;
    item->profileName = result.profileName();
    item->startMs = result.startMs;
    item->durationMs = result.durationMs();
    item->users = result.users;
    item->requests = result.aggregated.numRequests;
    item->rps = result.rps(result.aggregated);
    item->p95Ms = double(result.aggregated.percentileUs(95)) / 1000.0;
    item->failRatio = result.aggregated.failRatio();
    item->verdict = VerdictLabel::kindOf(result);
    item->endReason = RunResult::endReasonName(result.endReason);
    return true;
}

void ResultStore::refresh()
{
    QList<Item> items;
    const QDir dir(m_directory);
    const QStringList files =
        dir.entryList({QLatin1Char('*') + kSuffix}, QDir::Files, QDir::Name | QDir::Reversed);
    for (const QString &f : files) {
        Item item;
        if (readItem(dir.filePath(f), &item))
            items.append(item);
    }
    std::stable_sort(items.begin(), items.end(),
                     [](const Item &a, const Item &b) { return a.startMs > b.startMs; });
    beginResetModel();
    m_items = items;
    endResetModel();
    Q_EMIT countChanged();
}

QString ResultStore::pathAt(int row) const
{
    return row >= 0 && row < m_items.size() ? m_items.at(row).path : QString();
}

int ResultStore::rowOfPath(const QString &path) const
{
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).path == path)
            return i;
    }
    return -1;
}

QString ResultStore::htmlPathOf(const QString &resultPath)
{
    QString html = resultPath;
    if (html.endsWith(QLatin1String(".json")))
        html.chop(5);
    return html + QStringLiteral(".html");
}

bool ResultStore::removeAt(int row)
{
    if (row < 0 || row >= m_items.size() || !QFile::remove(m_items.at(row).path))
        return false;
    // The report opened from the Reports page was written next to the result: it goes too, so
    // nothing of a deleted run stays behind. An export elsewhere is the user's own file.
    const QString html = htmlPathOf(m_items.at(row).path);
    if (QFile::exists(html))
        QFile::remove(html);
    beginRemoveRows({}, row, row);
    m_items.removeAt(row);
    endRemoveRows();
    Q_EMIT countChanged();
    return true;
}

int ResultStore::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant ResultStore::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const Item &item = m_items.at(index.row());
    switch (role) {
    case PathRole:
        return item.path;
    case ProfileNameRole:
        return item.profileName.isEmpty() ? tr("(unnamed profile)") : item.profileName;
    case StartedRole:
        return QDateTime::fromMSecsSinceEpoch(item.startMs)
            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case DurationRole:
        return Format::duration(item.durationMs);
    case UsersRole:
        return item.users;
    case RequestsRole:
        return Format::integer(item.requests);
    case RpsRole:
        return Format::decimal(item.rps, 1);
    case P95Role:
        return Format::decimal(item.p95Ms, 1);
    case FailRatioRole:
        return item.failRatio;
    case ErrorPercentRole:
        return Format::decimal(item.failRatio * 100.0, 1);
    case VerdictRole:
        return item.verdict;
    case EndReasonRole:
        return item.endReason;
    case Qt::DisplayRole:
    case SummaryRole:
        return tr("%1 · %2 users · %3 req/s · %4 % errors · p95 %5 ms · %6")
            .arg(Format::duration(item.durationMs))
            .arg(item.users)
            .arg(Format::decimal(item.rps, 1), Format::decimal(item.failRatio * 100.0, 1),
                 Format::decimal(item.p95Ms, 2), item.endReason);
    default:
        return {};
    }
}

QHash<int, QByteArray> ResultStore::roleNames() const
{
    return {{PathRole, "path"},
            {ProfileNameRole, "profileName"},
            {StartedRole, "started"},
            {DurationRole, "duration"},
            {UsersRole, "users"},
            {RequestsRole, "requests"},
            {RpsRole, "rps"},
            {P95Role, "p95"},
            {FailRatioRole, "failRatio"},
            {ErrorPercentRole, "errorPercent"},
            {VerdictRole, "verdict"},
            {EndReasonRole, "endReason"},
            {SummaryRole, "summary"}};
}

} // namespace cicada
