#pragma once

#include "histogram.h"
#include "requestoutcome.h"

#include <QMap>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace cicada {

/**
 * @brief Statistics of one (type, name) row, or of the Aggregated row (type "", name
 *        "Aggregated"), like Locust's StatsEntry but with an HDR histogram.
 *
 * A failure is also a request: numRequests() includes numFailures() and failed outcomes' response
 * times go into the histogram. Value type: copy, merge and move freely; not thread-safe.
 *
 * A row is an operation row or a message row (kind(), from the outcomes it counts; DESIGN §11).
 * Operation rows put every outcome's time into the histogram. Message rows count every message
 * (numRequests(), bytes, failures) but put only outcomes with RequestOutcome::hasTime into the
 * histogram (a push's age, a late reply's delay): timedCount() may then be below numRequests(),
 * and the time figures (avg, min, max, percentiles) describe the timed messages only.
 */
class StatsEntry
{
public:
    using Kind = RequestOutcome::Kind;

    StatsEntry() = default;
    explicit StatsEntry(QString type, QString name, Kind kind = Kind::Operation);

    /// Counts one outcome (its type and name are not checked against this row's); the row takes
    /// the outcome's kind.
    void record(const RequestOutcome &outcome);
    /// Adds @p other's counts (exact); keeps this row's type and name. An empty row takes
    /// @p other's kind.
    void merge(const StatsEntry &other);
    /// Zeroes every counter; keeps type, name and kind.
    void reset();
    /// Drops per-second counts of seconds before @p keepFromSec (epoch seconds) to bound memory.
    void trimPerSecond(qint64 keepFromSec);

    [[nodiscard]] const QString &type() const { return m_type; }
    [[nodiscard]] const QString &name() const { return m_name; }
    [[nodiscard]] bool isEmpty() const { return m_numRequests == 0; }
    /// Operation row or message row.
    [[nodiscard]] Kind kind() const { return m_kind; }
    [[nodiscard]] bool isMessage() const { return m_kind == Kind::Message; }
    void setKind(Kind kind) { m_kind = kind; }
    /// Outcomes with a time in the histogram: numRequests() for operation rows, the messages
    /// that carried a time for message rows.
    [[nodiscard]] qint64 timedCount() const { return m_histogram.count(); }

    /// Requests recorded, failures included.
    [[nodiscard]] qint64 numRequests() const { return m_numRequests; }
    /// Failed requests.
    [[nodiscard]] qint64 numFailures() const { return m_numFailures; }
    /// numFailures / numRequests (0..1); 0 without requests.
    [[nodiscard]] double failRatio() const;
    /// Sum of response times (µs).
    [[nodiscard]] qint64 totalResponseTimeUs() const { return m_histogram.sum(); }
    /// Smallest response time (µs, exact); 0 without timed outcomes.
    [[nodiscard]] qint64 minResponseTimeUs() const { return m_histogram.min(); }
    /// Largest response time (µs, exact); 0 without requests.
    [[nodiscard]] qint64 maxResponseTimeUs() const { return m_histogram.max(); }
    /// Mean response time (µs); 0 without requests.
    [[nodiscard]] double avgResponseTimeUs() const { return m_histogram.mean(); }
    /// Median response time (µs, histogram, within 0.1 %, clamped into [min, max]).
    [[nodiscard]] qint64 medianResponseTimeUs() const { return m_histogram.valueAtPercentile(50); }
    /// Response time at percentile @p p in 0..100 (µs, nearest rank, within 0.1 %).
    [[nodiscard]] qint64 percentileUs(double p) const { return m_histogram.valueAtPercentile(p); }
    /// Sum of content lengths (bytes).
    [[nodiscard]] qint64 totalContentLength() const { return m_totalContentLength; }
    /// Mean content length (bytes); 0 without requests.
    [[nodiscard]] double avgContentLength() const;
    /// Response-time distribution (µs).
    [[nodiscard]] const Histogram &histogram() const { return m_histogram; }
    /// True when an outcome carried a service time (RequestOutcome::serviceTimeUs >= 0: the
    /// open model, sends scheduled at a rate); then serviceHistogram() holds those outcomes'
    /// service times (the row's other timed outcomes are not in it).
    [[nodiscard]] bool hasServiceTime() const { return m_serviceHistogram.has_value(); }
    /// Service-time distribution (µs); empty unless hasServiceTime().
    [[nodiscard]] const Histogram &serviceHistogram() const;
    /// Requests per epoch second (key: ms since epoch / 1000 of the outcome's end time).
    [[nodiscard]] const QMap<qint64, qint64> &requestsPerSec() const { return m_requestsPerSec; }
    /// Failures per epoch second.
    [[nodiscard]] const QMap<qint64, qint64> &failuresPerSec() const { return m_failuresPerSec; }
    /// Earliest outcome end time (ms since epoch); 0 without requests.
    [[nodiscard]] qint64 firstRequestMs() const { return m_firstRequestMs; }
    /// Latest outcome end time (ms since epoch); 0 without requests.
    [[nodiscard]] qint64 lastRequestMs() const { return m_lastRequestMs; }

    /**
     * @brief Whole-run requests/s: numRequests / (endMs − startMs), like Locust's total_rps.
     *
     * Locust uses the run's start time and the last request's time (of the whole run, not of the
     * row) for every row: pass Stats::startTimeMs() and Stats::total().lastRequestMs(). Returns 0
     * when the interval is empty or either time is 0.
     */
    [[nodiscard]] double totalRps(qint64 startMs, qint64 endMs) const;
    /// Whole-run failures/s, same interval as totalRps().
    [[nodiscard]] double totalFailPerSec(qint64 startMs, qint64 endMs) const;

    /**
     * @brief Current requests/s: mean of the per-second counts of the whole seconds
     *        t ∈ [now − 12, now − 2), with now = ⌊nowMs / 1000⌋.
     *
     * Locust computes the same window from int(last_request_timestamp) of the whole run; we use
     * the caller's clock so the value decays to 0 when requests stop. The two most recent seconds
     * are excluded because their counts are still arriving from the shards. When @p startMs > 0 the
     * window starts no earlier than ⌊startMs / 1000⌋ (as Locust does with its start_time), so the
     * first seconds of a run are not diluted by empty seconds. An empty window gives 0.
     */
    [[nodiscard]] double currentRps(qint64 nowMs, qint64 startMs = 0) const;
    /// Current failures/s, same window as currentRps().
    [[nodiscard]] double currentFailPerSec(qint64 nowMs, qint64 startMs = 0) const;

    /// Window of currentRps(): seconds before now that are included, oldest first.
    static constexpr qint64 kCurrentWindowStartS = 12;
    /// Window of currentRps(): the most recent seconds excluded.
    static constexpr qint64 kCurrentWindowSkipS = 2;

private:
    [[nodiscard]] static double windowMean(const QMap<qint64, qint64> &perSec, qint64 nowMs,
                                           qint64 startMs);

    QString m_type;
    QString m_name;
    Kind m_kind = Kind::Operation;
    qint64 m_numRequests = 0;
    qint64 m_numFailures = 0;
    qint64 m_totalContentLength = 0;             ///< bytes
    Histogram m_histogram;                       ///< response times, µs
    std::optional<Histogram> m_serviceHistogram; ///< service times, µs, when any outcome had one
    QMap<qint64, qint64> m_requestsPerSec;       ///< epoch second → requests
    QMap<qint64, qint64> m_failuresPerSec;       ///< epoch second → failures
    qint64 m_firstRequestMs = 0;                 ///< ms since epoch, 0 = none
    qint64 m_lastRequestMs = 0;                  ///< ms since epoch, 0 = none
};

} // namespace cicada
