#pragma once

#include "healthpoint.h"
#include "histogram.h"
#include "historypoint.h"
#include "namehistory.h"
#include "requestoutcome.h"
#include "statsdelta.h"
#include "statsentry.h"
#include "statserror.h"
#include "statskey.h"

#include <QHash>
#include <QList>
#include <QString>

#include <deque>
#include <map>

namespace cicada {

/**
 * @brief The run's statistics: rows per (type, name), the Aggregated row, error groups and a
 *        bounded per-second history. Lives in the runner's thread; fed by StatsShard deltas.
 *
 * Operations and messages (DESIGN §11): every row is an operation row or a message row
 * (StatsEntry::kind()). The Aggregated row total(), the current window (windowHistogram()) and
 * the history count operations only, so pushes and fire-and-forget sends cannot dilute the
 * headline rps, failure ratio and percentiles; message rows are summed in messageTotal() instead.
 * Not thread-safe.
 *
 * History: tick() appends one HistoryPoint per call (meant for once per second). When there are
 * more than kMaxHistoryPoints points, the oldest half is downsampled by merging neighbouring pairs
 * (see HistoryPoint merge rules in tick()), so memory stays bounded and old points get coarser
 * (2 s, then 4 s, ...) while the most recent half keeps full resolution. tick() also closes the
 * second of every row's per-second history (nameHistory(), issue 11), whose points are merged
 * together with the Aggregated ones, so every row's points keep the Aggregated points' times.
 * recordHealth() keeps the generator's per-second health, bounded the same way.
 */
class Stats
{
public:
    /// Name of the Aggregated row (its type is empty).
    static inline const QString kAggregatedName = QStringLiteral("Aggregated");
    /// Name of the messages' total row (its type is empty).
    static inline const QString kMessagesName = QStringLiteral("Messages");
    /// History points kept before the oldest half is downsampled.
    static constexpr int kMaxHistoryPoints = 3600;
    /// Per-second histograms (one per tick) merged for the "current" percentiles of history.
    static constexpr int kWindowSlots = 10;
    /// Per-second request/failure counts kept behind the newest second (s); enough for the 12-s
    /// current-RPS window plus late deltas.
    static constexpr qint64 kPerSecondKeepS = 20;

    /// @p startTimeMs: run start (ms since epoch); 0 = use the first request's time.
    explicit Stats(qint64 startTimeMs = 0);

    /// Adds a shard's delta: its rows, the Aggregated row, error groups and the current window.
    void merge(const StatsDelta &delta);
    /// Convenience for single-threaded use: counts one outcome (same as merging a one-outcome
    /// delta).
    void record(const RequestOutcome &outcome);

    /**
     * @brief Rows sorted by (name, type), like Locust's CSV; the Aggregated row is not included.
     *
     * Pointers stay valid until reset() or destruction (rows are never removed otherwise).
     */
    [[nodiscard]] QList<const StatsEntry *> entries() const;
    /// The row for (type, name), or nullptr.
    [[nodiscard]] const StatsEntry *entry(const QString &type, const QString &name) const;
    /// Operation rows only, sorted like entries().
    [[nodiscard]] QList<const StatsEntry *> operationEntries() const;
    /// Message rows only, sorted like entries().
    [[nodiscard]] QList<const StatsEntry *> messageEntries() const;
    /// The Aggregated row: type "", name "Aggregated"; the sum of the operation rows.
    [[nodiscard]] const StatsEntry &total() const { return m_total; }
    /// The sum of the message rows: type "", name "Messages", kind Message (its histogram holds
    /// the timed messages only).
    [[nodiscard]] const StatsEntry &messageTotal() const { return m_messageTotal; }
    /// Latest outcome end time of any row, operation or message (ms since epoch); 0 = none.
    [[nodiscard]] qint64 lastEventMs() const;
    /// Error groups sorted by occurrences (descending), then type, name, error.
    [[nodiscard]] QList<StatsError> errors() const;
    /// Total failures in all error groups.
    [[nodiscard]] qint64 errorCount() const;

    /// Run start (ms since epoch): the value given, else the first outcome's time, else 0.
    [[nodiscard]] qint64 startTimeMs() const;
    void setStartTimeMs(qint64 startTimeMs) { m_startTimeMs = startTimeMs; }

    /// Whole-run requests (or messages)/s of @p entry: requests / (lastEventMs() − startTimeMs()).
    [[nodiscard]] double totalRps(const StatsEntry &entry) const;
    /// Whole-run failures/s of @p entry, same interval.
    [[nodiscard]] double totalFailPerSec(const StatsEntry &entry) const;
    /// Current requests/s of @p entry at @p nowMs (see StatsEntry::currentRps()).
    [[nodiscard]] double currentRps(const StatsEntry &entry, qint64 nowMs) const;
    /// Current failures/s of @p entry at @p nowMs.
    [[nodiscard]] double currentFailPerSec(const StatsEntry &entry, qint64 nowMs) const;

    /**
     * @brief Closes the current second: appends a HistoryPoint for the Aggregated row.
     *
     * The point's p50/p95/p99 come from the histograms of every operation merged during the last
     * kWindowSlots ticks (by arrival at the aggregator, not by request time).
     */
    void tick(qint64 nowMs, int userCount);
    /// Bounded per-tick history of the Aggregated row, oldest first.
    [[nodiscard]] const QList<HistoryPoint> &history() const { return m_history; }
    /// Operation response times merged during the last kWindowSlots ticks plus the open second
    /// (µs).
    [[nodiscard]] Histogram windowHistogram() const;
    /// Per-second counts and percentiles of every row and of the Aggregated row (see
    /// NameHistory), closed by tick() and downsampled with history().
    [[nodiscard]] const NameHistory &nameHistory() const { return m_names; }

    /// Appends the generator's health over the last second (the Runner, once per second); kept
    /// like history(): at most kMaxHistoryPoints points, the oldest half merged pairwise.
    void recordHealth(const HealthPoint &point);
    /// Per-second generator health, oldest first.
    [[nodiscard]] const QList<HealthPoint> &health() const { return m_health; }

    /// Zeroes every row (rows stay listed, like Locust's reset_all), clears errors, history (per
    /// row too), health and the current window, and sets the start time to @p nowMs.
    void reset(qint64 nowMs);

private:
    /// Orders rows by (name, type).
    struct KeyLess
    {
        bool operator()(const StatsKey &a, const StatsKey &b) const;
    };

    void downsampleHistory();

    qint64 m_startTimeMs = 0;
    std::map<StatsKey, StatsEntry, KeyLess> m_entries; ///< node-based: stable pointers
    StatsEntry m_total{QString(), kAggregatedName};
    StatsEntry m_messageTotal{QString(), kMessagesName, StatsEntry::Kind::Message};
    QHash<ErrorKey, qint64> m_errors;
    Histogram m_openSlot;                ///< merged since the last tick()
    std::deque<Histogram> m_closedSlots; ///< up to kWindowSlots, oldest first
    QList<HistoryPoint> m_history;
    NameHistory m_names;
    QList<HealthPoint> m_health;
};

} // namespace cicada
