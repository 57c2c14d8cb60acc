#pragma once

#include <QtGlobal>

namespace cicada {

/**
 * @brief One per-second sample of the Aggregated row, appended by Stats::tick().
 *
 * "Current" values describe roughly the last 10 seconds; "total" values are cumulative since the
 * start (or the last reset). After downsampling (see Stats) a point may stand for several seconds.
 */
struct HistoryPoint
{
    qint64 timestampMs = 0;             ///< wall clock of the tick, ms since the epoch
    int userCount = 0;                  ///< running virtual users at the tick
    double currentRps = 0.0;            ///< requests/s, Locust's current window (see StatsEntry)
    double currentFailPerSec = 0.;      ///< failures/s, same window
    qint64 p50Us = 0;                   ///< median of the last ~10 s of merged outcomes (µs)
    qint64 p95Us = 0;                   ///< 95th percentile of the last ~10 s (µs)
    qint64 p99Us = 0;                   ///< 99th percentile of the last ~10 s (µs)
    qint64 totalCount = 0;              ///< cumulative requests (failures included)
    qint64 totalFailures = 0;           ///< cumulative failures
    double totalAvgUs = 0.0;            ///< cumulative mean response time (µs)
    qint64 totalMinUs = 0;              ///< cumulative min response time (µs)
    qint64 totalMaxUs = 0;              ///< cumulative max response time (µs)
    qint64 totalMedianUs = 0;           ///< cumulative median response time (µs)
    double totalAvgContentLength = 0.0; ///< cumulative mean content length (bytes)

    friend bool operator==(const HistoryPoint &a, const HistoryPoint &b) = default;
};

} // namespace cicada
