#pragma once

#include <QtGlobal>

#include <algorithm>

namespace cicada {

/**
 * @brief One second of one row's history (a (type, name) row or the Aggregated row), built by
 *        NameHistory from the interval histogram of that second.
 *
 * Counts and percentiles describe the outcomes merged into the statistics during the second
 * that ended at tMs (by arrival at the aggregator, like the Aggregated HistoryPoint), not a
 * window: summed over the whole history, requests and failures equal the row's totals. A second
 * without outcomes has zeros. After downsampling (see NameHistory) a point stands for several
 * seconds: its counts are their sums and its percentiles the largest of theirs.
 *
 * JSON (ResultFile): a compact row `[tMs, requests, failures, p50Us, p95Us, p99Us]`.
 */
struct NameHistoryPoint
{
    qint64 tMs = 0;      ///< end of the second, ms since the epoch (the Aggregated tick's time)
    qint64 requests = 0; ///< outcomes (messages for a message row) in the second, failures included
    qint64 failures = 0; ///< failed outcomes in the second
    qint64 p50Us = 0;    ///< median response time of the second's timed outcomes (µs); 0 = none
    qint64 p95Us = 0;    ///< 95th percentile (µs)
    qint64 p99Us = 0;    ///< 99th percentile (µs)

    /// @p older and @p newer (neighbours) as one point at newer's time: counts summed, the
    /// larger percentiles kept so spikes stay visible.
    [[nodiscard]] static NameHistoryPoint merged(const NameHistoryPoint &older,
                                                 const NameHistoryPoint &newer)
    {
        return NameHistoryPoint{newer.tMs,
                                older.requests + newer.requests,
                                older.failures + newer.failures,
                                std::max(older.p50Us, newer.p50Us),
                                std::max(older.p95Us, newer.p95Us),
                                std::max(older.p99Us, newer.p99Us)};
    }

    friend bool operator==(const NameHistoryPoint &a, const NameHistoryPoint &b) = default;
};

} // namespace cicada
