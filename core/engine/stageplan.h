#pragma once

#include "profile/profile.h"

#include <QList>
#include <QtGlobal>

namespace cicada {

/**
 * @brief Pure arithmetic of a load shape (`load.stages`): for a time since the run's start, which
 * stage applies and what it asks for.
 *
 * Closed stages: when a stage begins the target becomes its users, reached at its spawnRate (else
 * the load's spawnRate); plannedUsersAt() is the user count the Runner's ramp gives at a time
 * (SpawnPlanner's arithmetic from one stage to the next, starting from 0 users), so a chart can
 * draw planned against actual and a test can check the Runner. Open stages: the rate ramps
 * linearly over each stage from the previous one's final rate (the first from @p startRate).
 * After the last stage its values hold.
 */
class StagePlan
{
public:
    /** What the plan asks for at one time. */
    struct Target
    {
        int stage = -1;        ///< index of the stage in force; -1 without stages
        int users = 0;         ///< closed: the target user count
        double spawnRate = 0;  ///< closed: users per second towards it
        double rate = 0;       ///< open: iterations per second
        bool finished = false; ///< past the last stage
    };

    StagePlan() = default;
    StagePlan(QList<LoadStage> stages, double defaultSpawnRate, double startRate = 0);
    /** The plan of @p profile's load (start rate: load.arrivalRate's rate). */
    static StagePlan of(const LoadSettings &load);

    [[nodiscard]] bool isEmpty() const { return m_stages.isEmpty(); }
    /** True when the stages set rates (open model). */
    [[nodiscard]] bool isOpen() const;
    /** Sum of the stage durations (ms). */
    [[nodiscard]] qint64 totalMs() const;
    [[nodiscard]] const QList<LoadStage> &stages() const { return m_stages; }
    /** When stage @p index begins (ms since the start). */
    [[nodiscard]] qint64 stageStartMs(int index) const;
    /** What the plan asks for @p elapsedMs after the start. */
    [[nodiscard]] Target at(qint64 elapsedMs) const;
    /** Closed: the user count a Runner following the plan has at @p elapsedMs. */
    [[nodiscard]] int plannedUsersAt(qint64 elapsedMs) const;

private:
    QList<LoadStage> m_stages;
    double m_defaultSpawnRate = 1;
    double m_startRate = 0;
};

} // namespace cicada
