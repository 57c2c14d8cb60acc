#include "resultstore.h"

#include "engine/runner.h"
#include "format.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
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

QString ResultStore::saveRun(const Runner &runner, const Profile &profile,
                             const QString &profilePath, QString *error)
{
    if (!QDir().mkpath(m_directory)) {
        if (error)
            *error = tr("Cannot create the results folder %1").arg(m_directory);
        return {};
    }
    const Stats &stats = runner.stats();
    const StatsEntry &total = stats.total();
    const qint64 startMs = stats.startTimeMs();
    QJsonObject root{
        {QStringLiteral("format"), QStringLiteral("cicada-gui-run")},
        {QStringLiteral("version"), 0},
        {QStringLiteral("profileName"), profile.name},
        {QStringLiteral("profilePath"), profilePath},
        {QStringLiteral("startMs"), double(startMs)},
        {QStringLiteral("durationMs"), double(runner.elapsedMs())},
        {QStringLiteral("users"), runner.targetUserCount()},
        {QStringLiteral("requests"), double(total.numRequests())},
        {QStringLiteral("rps"), stats.totalRps(total)},
        {QStringLiteral("p95Ms"), double(total.percentileUs(95)) / 1000.0},
        {QStringLiteral("failRatio"), total.failRatio()},
    };
    QString name = profile.name.isEmpty() ? QStringLiteral("run") : profile.name;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_-]+")), QStringLiteral("-"));
    const QString stamp =
        QDateTime::fromMSecsSinceEpoch(startMs > 0 ? startMs : QDateTime::currentMSecsSinceEpoch())
            .toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString path = QDir(m_directory).filePath(stamp + QLatin1Char('-') + name + kSuffix);
    for (int i = 2; QFileInfo::exists(path); ++i)
        path =
            QDir(m_directory)
                .filePath(stamp + QLatin1Char('-') + name + QStringLiteral("-%1").arg(i) + kSuffix);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(root).toJson(QJsonDocument::Indented)) < 0 || !file.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return {};
    }
    refresh();
    return path;
}

bool ResultStore::readItem(const QString &path, Item *item)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    if (root.isEmpty())
        return false;
    item->path = path;
    item->profileName = root.value(QLatin1String("profileName")).toString();
    item->startMs = qint64(root.value(QLatin1String("startMs")).toDouble());
    item->durationMs = qint64(root.value(QLatin1String("durationMs")).toDouble());
    item->users = root.value(QLatin1String("users")).toInt();
    item->requests = qint64(root.value(QLatin1String("requests")).toDouble());
    item->rps = root.value(QLatin1String("rps")).toDouble();
    item->p95Ms = root.value(QLatin1String("p95Ms")).toDouble();
    item->failRatio = root.value(QLatin1String("failRatio")).toDouble();
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

bool ResultStore::removeAt(int row)
{
    if (row < 0 || row >= m_items.size() || !QFile::remove(m_items.at(row).path))
        return false;
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
    case VerdictRole:
        return item.verdict;
    case Qt::DisplayRole:
    case SummaryRole:
        return tr("%1 · %2 · %3 users · %4 req/s")
            .arg(item.profileName, Format::duration(item.durationMs))
            .arg(item.users)
            .arg(Format::decimal(item.rps, 1));
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
            {VerdictRole, "verdict"},
            {SummaryRole, "summary"}};
}

} // namespace cicada
