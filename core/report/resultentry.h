#pragma once

#include "stats/histogram.h"
#include "stats/namehistorypoint.h"
#include "stats/requestoutcome.h"

#include <QList>
#include <QString>
#include <QtGlobal>

#include <optional>

#include <utility>

namespace cicada {

class StatsEntry;

/**
 * @brief One row of a saved run: what a StatsEntry knew at the end of the run, as plain data.
 *
 * The histogram is the source of truth for response times; `percentilesUs` holds the values that
 * were computed from it when the result was captured (and that the JSON file shows), so a loaded
 * result can be checked against its histogram. Value type.
 *
 * A message row (kind Message: pushes, fire-and-forget sends, late replies, drops) counts every
 * message in numRequests but holds only the messages that carried a time (a push's age) in its
 * histogram, so timedCount() may be below numRequests; an operation row's are equal.
 */
struct ResultEntry
{
    using Kind = RequestOutcome::Kind;

    QString type;                  ///< "GET", "WS send", ...; empty for the Aggregated row
    QString name;                  ///< stats name; "Aggregated" for the Aggregated row
    Kind kind = Kind::Operation;   ///< operation row or message row
    qint64 numRequests = 0;        ///< requests, failures included
    qint64 numFailures = 0;        ///< failed requests
    qint64 totalContentLength = 0; ///< bytes
    qint64 firstRequestMs = 0;     ///< earliest outcome end time, ms since the epoch; 0 = none
    qint64 lastRequestMs = 0;      ///< latest outcome end time, ms since the epoch; 0 = none
    Histogram histogram;           ///< response times (µs)
    /// (percentile 0..100, response time µs) as captured, in ascending percentile order.
    QList<std::pair<double, qint64>> percentilesUs;
    /// Service times (µs, from the actual send) when the row's outcomes carried them (the open
    /// model, sends scheduled at a rate; StatsEntry::hasServiceTime()); absent otherwise.
    std::optional<Histogram> serviceHistogram = {};
    /// Per-second counts and percentiles of the row, oldest first (NameHistory; issue 11). Empty
    /// in files written before it and for rows captured without a history.
    QList<NameHistoryPoint> history = {};

    /// Copies @p entry and computes @p percentiles (0..100) from its histogram.
    [[nodiscard]] static ResultEntry fromStats(const StatsEntry &entry,
                                               const QList<double> &percentiles);

    /// Adds @p other's counts and histogram; recomputes percentilesUs at the same percentiles.
    /// An empty row takes @p other's kind. History points at the same time are combined
    /// (NameHistoryPoint::merged: counts summed, the larger percentiles), the others interleaved.
    void merge(const ResultEntry &other);
    /// The history part of merge().
    void mergeHistory(const QList<NameHistoryPoint> &other);

    [[nodiscard]] bool isEmpty() const { return numRequests == 0; }
    [[nodiscard]] bool isMessage() const { return kind == Kind::Message; }
    /// Outcomes with a time in the histogram (see the class comment).
    [[nodiscard]] qint64 timedCount() const { return histogram.count(); }
    /// numFailures / numRequests (0..1); 0 without requests.
    [[nodiscard]] double failRatio() const;
    /// Mean response time (µs); 0 without requests.
    [[nodiscard]] double avgResponseTimeUs() const { return histogram.mean(); }
    /// Mean content length (bytes); 0 without requests.
    [[nodiscard]] double avgContentLength() const;
    /// True when the row has service times (serviceHistogram).
    [[nodiscard]] bool hasServiceTime() const { return serviceHistogram.has_value(); }
    /// Service time at percentile @p p (µs); 0 without service times.
    [[nodiscard]] qint64 servicePercentileUs(double p) const
    {
        return serviceHistogram ? serviceHistogram->valueAtPercentile(p) : 0;
    }
    /// Response time at percentile @p p (µs), computed from the histogram.
    [[nodiscard]] qint64 percentileUs(double p) const { return histogram.valueAtPercentile(p); }

    friend bool operator==(const ResultEntry &a, const ResultEntry &b) = default;
};

} // namespace cicada
