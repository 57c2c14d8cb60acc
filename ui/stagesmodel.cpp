#include "stagesmodel.h"

#include "engine/stageplan.h"
#include "plannedload.h"

#include <QVariantMap>

namespace cicada {

namespace {
const QString kStagesPath = QStringLiteral("$.load.stages");
constexpr char kNewStageDuration[] = "30s";
constexpr double kNewStageRate = 10; ///< iterations/s of a first open stage without a rate
} // namespace

StagesModel::StagesModel(QObject *parent) : QAbstractListModel(parent), m_plan(new ChartFeed(this))
{
    // The editor shows the whole shape, not a rolling window.
    m_plan->setWholeRun(true);
}

void StagesModel::setDocument(ProfileDocument *document)
{
    if (m_document == document)
        return;
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    if (m_document) {
        connect(m_document, &ProfileDocument::structureChanged, this, &StagesModel::rebuild);
        connect(m_document, &ProfileDocument::changed, this, &StagesModel::updatePlan);
    }
    rebuild();
    Q_EMIT documentChanged();
}

bool StagesModel::isOpenModel() const
{
    return m_document && m_document->profile().isOpenModel();
}

QString StagesModel::targetKey() const
{
    return isOpenModel() ? QStringLiteral("rate") : QStringLiteral("users");
}

double StagesModel::totalSeconds() const
{
    return m_document ? double(m_document->profile().load.stagesDurationMs()) / 1000.0 : 0.0;
}

QString StagesModel::stagePath(int row) const
{
    return kStagesPath + QStringLiteral("[%1]").arg(row);
}

int StagesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

QVariant StagesModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const QString path = stagePath(index.row());
    switch (role) {
    case DurationPathRole:
        return path + QStringLiteral(".duration");
    case TargetPathRole:
        return path + QLatin1Char('.') + targetKey();
    case SpawnRatePathRole:
        return path + QStringLiteral(".spawnRate");
    case StartSecondsRole:
        return m_document
                   ? double(StagePlan::of(m_document->profile().load).stageStartMs(index.row())) /
                         1000.0
                   : 0.0;
    case DurationRole:
        return m_document ? m_document->text(path + QStringLiteral(".duration")) : QString();
    case TargetRole:
        return m_document ? m_document->text(path + QLatin1Char('.') + targetKey()) : QString();
    default:
        return {};
    }
}

QHash<int, QByteArray> StagesModel::roleNames() const
{
    return {{DurationPathRole, "durationPath"},   {TargetPathRole, "targetPath"},
            {SpawnRatePathRole, "spawnRatePath"}, {StartSecondsRole, "startSeconds"},
            {DurationRole, "duration"},           {TargetRole, "target"}};
}

void StagesModel::addStage()
{
    if (!m_document)
        return;
    const Profile &profile = m_document->profile();
    QVariantMap stage{{QStringLiteral("duration"), QString::fromLatin1(kNewStageDuration)}};
    if (isOpenModel()) {
        // Holding the rate the plan reaches by then, so a new stage changes nothing until edited.
        double rate = profile.load.stages.isEmpty()
                          ? PlannedLoad::valueAt(profile, 0)
                          : PlannedLoad::valueAt(profile, profile.load.stagesDurationMs());
        if (!(rate > 0))
            rate = kNewStageRate;
        stage.insert(QStringLiteral("rate"), rate);
    } else {
        int users = profile.load.users;
        for (const LoadStage &s : profile.load.stages)
            users = s.users.value_or(users);
        stage.insert(QStringLiteral("users"), users);
    }
    m_document->insert(kStagesPath, -1, stage);
}

void StagesModel::removeStage(int row)
{
    if (!m_document || row < 0 || row >= m_rows)
        return;
    if (m_rows == 1)
        m_document->remove(kStagesPath); // no stages left: no empty list in the file
    else
        m_document->remove(stagePath(row));
}

void StagesModel::moveStage(int from, int to)
{
    if (!m_document || from < 0 || from >= m_rows || to < 0 || to >= m_rows || from == to)
        return;
    m_document->move(kStagesPath, from, to);
}

void StagesModel::rebuild()
{
    const int rows = m_document ? m_document->count(kStagesPath) : 0;
    beginResetModel();
    const bool countChanged = rows != m_rows;
    m_rows = rows;
    endResetModel();
    if (countChanged)
        Q_EMIT this->countChanged();
    updatePlan();
}

void StagesModel::updatePlan()
{
    if (m_document)
        m_plan->setSeries(QStringLiteral("planned"), PlannedLoad::points(m_document->profile()));
    else
        m_plan->clear();
    // Start times and written values follow the edits (the rows stay: no reset while typing).
    if (m_rows > 0)
        Q_EMIT dataChanged(index(0), index(m_rows - 1),
                           {StartSecondsRole, DurationRole, TargetRole, TargetPathRole});
    Q_EMIT planChanged();
}

} // namespace cicada
