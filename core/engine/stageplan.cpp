#include "engine/stageplan.h"

#include "engine/spawnplanner.h"

#include <algorithm>
#include <utility>

namespace cicada {

StagePlan::StagePlan(QList<LoadStage> stages, double defaultSpawnRate, double startRate)
    : m_stages(std::move(stages)), m_defaultSpawnRate(defaultSpawnRate), m_startRate(startRate)
{}

StagePlan StagePlan::of(const LoadSettings &load)
{
    return StagePlan(load.stages, load.spawnRate, load.arrivalRate ? load.arrivalRate->rate : 0);
}

bool StagePlan::isOpen() const
{
    return std::any_of(m_stages.begin(), m_stages.end(),
                       [](const LoadStage &s) { return s.rate.has_value(); });
}

qint64 StagePlan::totalMs() const
{
    qint64 sum = 0;
    for (const LoadStage &s : m_stages)
        sum += s.durationMs;
    return sum;
}

qint64 StagePlan::stageStartMs(int index) const
{
    qint64 start = 0;
    for (int i = 0; i < index && i < m_stages.size(); ++i)
        start += m_stages.at(i).durationMs;
    return start;
}

StagePlan::Target StagePlan::at(qint64 elapsedMs) const
{
    Target target;
    if (m_stages.isEmpty())
        return target;
    const qint64 t = std::max<qint64>(0, elapsedMs);
    qint64 start = 0;
    double rate = m_startRate;
    int users = 0;
    for (int i = 0; i < m_stages.size(); ++i) {
        const LoadStage &s = m_stages.at(i);
        const double to = s.rate.value_or(rate);
        target.stage = i;
        target.users = s.users.value_or(users);
        target.spawnRate = s.spawnRate.value_or(m_defaultSpawnRate);
        if (t < start + s.durationMs) {
            const double f = double(t - start) / double(s.durationMs);
            target.rate = rate + (to - rate) * f;
            return target;
        }
        rate = to;
        users = target.users;
        start += s.durationMs;
    }
    target.rate = rate;
    target.finished = true;
    return target;
}

int StagePlan::plannedUsersAt(qint64 elapsedMs) const
{
    const qint64 t = std::max<qint64>(0, elapsedMs);
    int users = 0;
    qint64 start = 0;
    for (const LoadStage &s : m_stages) {
        const int target = s.users.value_or(users);
        const double rate = s.spawnRate.value_or(m_defaultSpawnRate);
        const bool last = &s == &m_stages.constLast();
        const qint64 within = last ? t - start : std::min(t - start, s.durationMs);
        users = SpawnPlanner::wantedUsers(users, target, rate, within * 1000000);
        if (t < start + s.durationMs)
            return users;
        start += s.durationMs;
    }
    return users;
}

} // namespace cicada
