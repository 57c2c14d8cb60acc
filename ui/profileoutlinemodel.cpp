#include "profileoutlinemodel.h"

#include "jsonpath.h"
#include "profiledocument.h"

#include <QJsonArray>
#include <QJsonObject>

namespace cicada {

ProfileOutlineModel::ProfileOutlineModel(QObject *parent) : QAbstractListModel(parent) {}

void ProfileOutlineModel::setDocument(ProfileDocument *document)
{
    if (m_document == document)
        return;
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    if (m_document) {
        connect(m_document, &ProfileDocument::structureChanged, this,
                &ProfileOutlineModel::rebuild);
        connect(m_document, &ProfileDocument::changed, this, &ProfileOutlineModel::refresh);
    }
    rebuild();
    Q_EMIT documentChanged();
}

int ProfileOutlineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ProfileOutlineModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case LabelRole:
        return label(row);
    case PathRole:
        return row.path;
    case KindRole:
        return row.kind;
    case DetailRole:
        return detail(row);
    case DepthRole:
        return row.depth;
    case IssueCountRole:
        return m_document ? m_document->issueCountWithin(row.path) : 0;
    case ArrayPathRole:
        return row.arrayPath;
    case IndexRole:
        return row.index;
    case SiblingCountRole:
        return row.siblings;
    case StepKindRole:
        return row.kind == QLatin1String("step") && m_document ? m_document->stepKind(row.path)
                                                               : QString();
    default:
        return {};
    }
}

QHash<int, QByteArray> ProfileOutlineModel::roleNames() const
{
    return {{PathRole, "path"},           {KindRole, "kind"},   {LabelRole, "label"},
            {DetailRole, "detail"},       {DepthRole, "depth"}, {IssueCountRole, "issueCount"},
            {ArrayPathRole, "arrayPath"}, {IndexRole, "index"}, {SiblingCountRole, "siblingCount"},
            {StepKindRole, "stepKind"}};
}

int ProfileOutlineModel::rowOf(const QString &path) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).path == path)
            return i;
    }
    return -1;
}

void ProfileOutlineModel::appendSteps(const QString &arrayPath, int depth)
{
    const int n = m_document->count(arrayPath);
    for (int i = 0; i < n; ++i) {
        const QString step = JsonPath::element(arrayPath, i);
        m_rows.append({step, QStringLiteral("step"), depth, arrayPath, i, n});
        if (m_document->stepKind(step) != QLatin1String("wsConnect"))
            continue;
        // Shown even when empty, so there is somewhere to add the first onConnect step.
        const QString onConnect = JsonPath::child(
            JsonPath::child(step, QStringLiteral("wsConnect")), QStringLiteral("onConnect"));
        m_rows.append({onConnect, QStringLiteral("section"), depth + 1, {}, -1, 0});
        appendSteps(onConnect, depth + 2);
    }
}

void ProfileOutlineModel::appendFeeders()
{
    const QString feeders = QStringLiteral("$.feeders");
    m_rows.append({feeders, QStringLiteral("feeders"), 0, {}, -1, 0});
    const int n = m_document->count(feeders);
    for (int i = 0; i < n; ++i)
        m_rows.append({JsonPath::element(feeders, i), QStringLiteral("feeder"), 1, feeders, i, n});
}

void ProfileOutlineModel::rebuild()
{
    beginResetModel();
    m_rows.clear();
    if (m_document) {
        const QString templates = QStringLiteral("$.templates");
        m_rows.append({templates, QStringLiteral("templates"), 0, {}, -1, 0});
        for (const QString &name : m_document->keys(templates))
            m_rows.append(
                {JsonPath::child(templates, name), QStringLiteral("template"), 1, {}, -1, 0});
        const QString userTypes = QStringLiteral("$.userTypes");
        m_rows.append({userTypes, QStringLiteral("userTypes"), 0, {}, -1, 0});
        const int types = m_document->count(userTypes);
        for (int u = 0; u < types; ++u) {
            const QString type = JsonPath::element(userTypes, u);
            m_rows.append({type, QStringLiteral("userType"), 1, userTypes, u, types});
            const QString onStart = JsonPath::child(type, QStringLiteral("onStart"));
            m_rows.append({onStart, QStringLiteral("section"), 2, {}, -1, 0});
            appendSteps(onStart, 3);
            const QString tasks = JsonPath::child(type, QStringLiteral("tasks"));
            const int taskCount = m_document->count(tasks);
            for (int t = 0; t < taskCount; ++t) {
                const QString task = JsonPath::element(tasks, t);
                m_rows.append({task, QStringLiteral("task"), 2, tasks, t, taskCount});
                appendSteps(JsonPath::child(task, QStringLiteral("steps")), 3);
            }
            const QString onStop = JsonPath::child(type, QStringLiteral("onStop"));
            m_rows.append({onStop, QStringLiteral("section"), 2, {}, -1, 0});
            appendSteps(onStop, 3);
        }
        appendFeeders();
    }
    endResetModel();
}

void ProfileOutlineModel::refresh()
{
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1),
                           {LabelRole, DetailRole, IssueCountRole, Qt::DisplayRole, StepKindRole});
}

QString ProfileOutlineModel::kindOfPath(const QString &path)
{
    bool ok = false;
    const QList<JsonPath::Segment> s = JsonPath::parse(path, &ok);
    if (!ok || s.isEmpty())
        return {};
    if (s.at(0).key == QLatin1String("templates"))
        return s.size() == 2 ? QStringLiteral("template") : QString();
    if (s.at(0).key == QLatin1String("feeders"))
        return s.size() == 2 && s.at(1).index >= 0 ? QStringLiteral("feeder") : QString();
    if (s.at(0).key != QLatin1String("userTypes") || s.size() < 2 || s.at(1).index < 0)
        return {};
    if (s.size() == 2)
        return QStringLiteral("userType");
    const QString &section = s.at(2).key;
    qsizetype stepEnd = 0; // segments up to and including the first step index
    if (section == QLatin1String("onStart") || section == QLatin1String("onStop")) {
        if (s.size() == 3)
            return QStringLiteral("section");
        if (s.at(3).index < 0)
            return {};
        stepEnd = 4;
    } else if (section == QLatin1String("tasks") && s.size() >= 4 && s.at(3).index >= 0) {
        if (s.size() == 4)
            return QStringLiteral("task");
        if (s.size() < 6 || s.at(4).key != QLatin1String("steps") || s.at(5).index < 0)
            return {};
        stepEnd = 6;
    } else {
        return {};
    }
    // A wsConnect's onConnect list, and its steps, nest below a step: .wsConnect.onConnect[i]
    while (stepEnd < s.size()) {
        if (s.size() < stepEnd + 2 || s.at(stepEnd).key != QLatin1String("wsConnect") ||
            s.at(stepEnd + 1).key != QLatin1String("onConnect"))
            return {};
        if (s.size() == stepEnd + 2)
            return QStringLiteral("section");
        if (s.at(stepEnd + 2).index < 0)
            return {};
        stepEnd += 3;
    }
    return QStringLiteral("step");
}

QString ProfileOutlineModel::stepSummary(const QString &path) const
{
    return m_document ? m_document->stepSummary(path) : QString();
}

QString ProfileOutlineModel::label(const Row &row) const
{
    if (!m_document)
        return {};
    if (row.kind == QLatin1String("templates"))
        return tr("Templates");
    if (row.kind == QLatin1String("userTypes"))
        return tr("User types");
    if (row.kind == QLatin1String("feeders"))
        return tr("Data feeders");
    if (row.kind == QLatin1String("template")) {
        const QList<JsonPath::Segment> s = JsonPath::parse(row.path);
        return s.isEmpty() ? QString() : s.last().key;
    }
    if (row.kind == QLatin1String("section")) {
        if (row.path.endsWith(QLatin1String("onConnect")))
            return tr("on connect");
        return row.path.endsWith(QLatin1String("onStart")) ? tr("on start") : tr("on stop");
    }
    if (row.kind == QLatin1String("step"))
        return stepSummary(row.path);
    const QString name = m_document->text(JsonPath::child(row.path, QStringLiteral("name")));
    return name.isEmpty() ? tr("(unnamed)") : name;
}

QString ProfileOutlineModel::detail(const Row &row) const
{
    if (!m_document)
        return {};
    if (row.kind == QLatin1String("userType") || row.kind == QLatin1String("task")) {
        QString weight = m_document->text(JsonPath::child(row.path, QStringLiteral("weight")));
        return tr("w %1").arg(weight.isEmpty() ? QStringLiteral("1") : weight);
    }
    if (row.kind == QLatin1String("template"))
        return m_document->templateKind(JsonPath::parse(row.path).last().key);
    if (row.kind == QLatin1String("feeder")) {
        const QString strategy =
            m_document->text(JsonPath::child(row.path, QStringLiteral("strategy")));
        return QStringLiteral("%1 · %2").arg(
            m_document->text(JsonPath::child(row.path, QStringLiteral("file"))),
            strategy.isEmpty() ? QStringLiteral("sequential") : strategy);
    }
    if (row.kind == QLatin1String("step"))
        return m_document->stepDetail(row.path);
    return {};
}

} // namespace cicada
