#pragma once

#include "profile/threshold.h"

#include <QList>
#include <QString>
#include <QtGlobal>

#include <deque>
#include <optional>
#include <utility>

namespace cicada {

class Stats;

/**
 * @brief Watches latency and error-rate thresholds while a run goes on and tells when one has
 *        been broken without a break for a sustained time (`--abort-on-threshold [WINDOW]`).
 *
 * Every update() (once per second, after Stats::tick()) measures each watched threshold on the
 * last kWindowS seconds of its rows — the difference between the cumulative row now and
 * kWindowS updates ago, like Locust's "current" values. A threshold is broken at an update when
 * that window value does not hold; a window without requests counts as not broken. When it has
 * been broken at every update for at least the sustain time, update() returns its index.
 * rps, rate, requests and failures thresholds are not watched: they are only meaningful for the
 * whole run. Rows are selected like ThresholdEvaluator::select() (Aggregated = operations only);
 * on a message row a latency window holds the timed messages only, and a window without timed
 * samples counts as not broken.
 *
 * Memory: per watched row, kWindowS snapshots of its counts (and of its histogram buckets for
 * latency thresholds).
 */
class ThresholdMonitor
{
public:
    /// Length of the window the values are measured on (s).
    static constexpr qint64 kWindowS = 10;
    /// Default time a threshold must stay broken before the run is aborted (ms).
    static constexpr qint64 kDefaultSustainMs = 10'000;

    /// Watches the latency and error-rate ones among @p thresholds (indexes refer to this list).
    ThresholdMonitor(const QList<Threshold> &thresholds, qint64 sustainMs);

    /// True when at least one threshold is watched.
    [[nodiscard]] bool isWatching() const { return !m_watches.empty(); }
    /**
     * @brief Takes a snapshot of @p stats at @p nowMs (ms since the epoch) and updates every
     *        watched threshold. Returns the index (in the constructor's list) of the first
     *        threshold broken for at least the sustain time, or -1.
     */
    [[nodiscard]] qsizetype update(const Stats &stats, qint64 nowMs);
    /// A sentence for the console and the report about why threshold @p index aborted the run.
    [[nodiscard]] QString describeBreak(qsizetype index) const;

private:
    struct Snapshot
    {
        qint64 requests = 0;
        qint64 timed = 0; ///< outcomes in the histogram (messages may carry no time)
        qint64 failures = 0;
        qint64 sumUs = 0;
        QList<std::pair<qint64, qint64>> buckets; ///< Histogram::buckets(), latency only
    };
    struct Watch
    {
        Threshold threshold;
        qsizetype index = 0;
        std::deque<Snapshot> snapshots; ///< oldest first, the last kWindowS updates
        qint64 brokenSinceMs = -1;      ///< first update of the current broken streak; -1 = holds
        std::optional<double> value;    ///< window value at the last update
    };

    [[nodiscard]] static Snapshot snapshot(const Stats &stats, const Threshold &threshold);
    [[nodiscard]] static std::optional<double>
    windowValue(const Threshold &threshold, const Snapshot &from, const Snapshot &to);

    std::vector<Watch> m_watches;
    qint64 m_sustainMs = kDefaultSustainMs;
    qint64 m_lastUpdateMs = 0;
};

} // namespace cicada
