#pragma once

#include <QtGlobal>

#include <algorithm>

namespace cicada {

/**
 * @brief One second of the load generator's own health, recorded by the Runner once per second
 *        (Stats::recordHealth) so a result shows when Cicada itself limited the load.
 *
 * After downsampling (see Stats) a point stands for several seconds: CPU is their mean, the lag
 * their worst, the counts their sums, and bottleneck is true when any of them was.
 *
 * JSON (ResultFile): `{ "tMs", "cpuPercent", "worstLoopLagMs", "lateStarts",
 * "droppedIterations", "bottleneck" }`.
 */
struct HealthPoint
{
    qint64 tMs = 0;               ///< end of the second, ms since the epoch
    double cpuPercent = 0;        ///< process CPU over the second; 100 = one full core
    double worstLoopLagMs = 0;    ///< worst event-loop lag of any worker thread in the second (ms)
    qint64 lateStarts = 0;        ///< open model: iterations started late in the second
    qint64 droppedIterations = 0; ///< open model: iterations dropped in the second
    bool bottleneck = false;      ///< BottleneckRule's verdict after this second's sample

    /// @p older and @p newer (neighbours) as one point at newer's time.
    [[nodiscard]] static HealthPoint merged(const HealthPoint &older, const HealthPoint &newer)
    {
        return HealthPoint{newer.tMs,
                           (older.cpuPercent + newer.cpuPercent) / 2.0,
                           std::max(older.worstLoopLagMs, newer.worstLoopLagMs),
                           older.lateStarts + newer.lateStarts,
                           older.droppedIterations + newer.droppedIterations,
                           older.bottleneck || newer.bottleneck};
    }

    friend bool operator==(const HealthPoint &a, const HealthPoint &b) = default;
};

} // namespace cicada
