#pragma once

#include "profile/profile.h"

#include <QList>
#include <QPointF>

namespace cicada {

/**
 * @brief The load a profile plans over time, as chart points (x: seconds since the start, y:
 * users in the closed model, iterations per second in the open model).
 *
 * Stages follow StagePlan (the users the Runner's ramp has at each time, or the ramped rate);
 * without stages the closed model ramps from 0 to load.users at load.spawnRate, the open model
 * follows load.arrivalRate (its ramp, if any), or the sum of the user types' own rates. The
 * points run to the run time; with none (until stopped) to a minute after the ramp ends. Pure.
 */
class PlannedLoad
{
public:
    /** At most this many points (plus one per stage boundary), however long the plan. */
    static constexpr int kMaxSamples = 240;

    [[nodiscard]] static QList<QPointF> points(const Profile &profile);
    /** When the plan's points end (ms since the start). */
    [[nodiscard]] static qint64 endMs(const Profile &profile);
    /** The planned value (users or iterations/s) at @p elapsedMs. */
    [[nodiscard]] static double valueAt(const Profile &profile, qint64 elapsedMs);
};

} // namespace cicada
