#pragma once

#include "histogram.h"
#include "namehistorypoint.h"
#include "statsentry.h"
#include "statskey.h"

#include <QHash>
#include <QList>

namespace cicada {

/**
 * @brief Per-second history of every (type, name) row and of the Aggregated row, from interval
 *        histograms: what Stats keeps beside its Aggregated HistoryPoints (issue 11).
 *
 * add() merges a shard delta's row into that row's open second (its counts and histogram: one
 * histogram merge per row and delta, never per outcome); tick() closes the second of every row
 * known so far, appending one NameHistoryPoint each (zeros for a row without outcomes in that
 * second), so the cost per second is O(rows). A row's points therefore begin at the first tick
 * after its first outcome and then continue at every tick: each row's history is a suffix of the
 * tick sequence, which is what lets downsample() merge the same seconds in every row as Stats
 * merges in its Aggregated history.
 *
 * Memory: per row, one open histogram, the last closed one (lastSecond(), for windows such as
 * the CSV's current percentiles) and up to Stats::kMaxHistoryPoints points (48 bytes each).
 * Value type; not thread-safe (lives with Stats in the runner's thread).
 */
class NameHistory
{
public:
    NameHistory() = default;

    /// Counts @p delta (a shard's row for @p key: its requests, failures and response times)
    /// in the row's open second.
    void add(const StatsKey &key, const StatsEntry &delta);
    /// Counts an operation row's delta in the Aggregated row's open second (its histogram comes
    /// with tick()).
    void addAggregated(const StatsEntry &delta);
    /**
     * @brief Closes the second ending at @p nowMs (ms since the epoch) for every row.
     *
     * @p aggregatedSecond: the operations' response times of the second (Stats' window slot),
     * so the Aggregated row's histogram is not merged twice.
     */
    void tick(qint64 nowMs, const Histogram &aggregatedSecond);
    /**
     * @brief Merges neighbouring points as Stats merges its Aggregated history: the tick sequence
     *        had @p ticks points and its indexes [0, @p pairedEnd) were merged pairwise
     *        ((0,1), (2,3), ...; pairedEnd even).
     */
    void downsample(qsizetype ticks, qsizetype pairedEnd);
    /// Forgets every row (as Stats::reset()).
    void clear();

    /// The points of row @p key, oldest first; empty for an unknown row.
    [[nodiscard]] QList<NameHistoryPoint> points(const StatsKey &key) const;
    /// The Aggregated row's points (operations only), oldest first.
    [[nodiscard]] const QList<NameHistoryPoint> &aggregatedPoints() const
    {
        return m_aggregated.points;
    }
    /// Response times of row @p key in the second closed by the last tick(); empty if none.
    [[nodiscard]] Histogram lastSecond(const StatsKey &key) const;

private:
    struct Series
    {
        qint64 requests = 0; ///< in the open second
        qint64 failures = 0; ///< in the open second
        Histogram open;      ///< response times of the open second (µs)
        Histogram lastSecond;
        QList<NameHistoryPoint> points;
    };

    static void close(Series &series, qint64 nowMs);
    static void downsample(QList<NameHistoryPoint> &points, qsizetype ticks, qsizetype pairedEnd);

    QHash<StatsKey, Series> m_rows;
    Series m_aggregated;
};

} // namespace cicada
