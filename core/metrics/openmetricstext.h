#pragma once

#include "metricssample.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <array>

namespace cicada {

/**
 * @brief Renders a MetricsSample as OpenMetrics 1.0 text or as the Prometheus text format 0.0.4.
 *
 * Families (label `type` is the row's request type, `name` its stats name; the Aggregated row is
 * not exported: sum the rows):
 * - `cicada_requests_total{type,name}` counter: requests of the row, failures included;
 * - `cicada_request_failures_total{type,name}` counter;
 * - `cicada_response_bytes_total{type,name}` counter: content bytes;
 * - `cicada_response_time_seconds{type,name}` histogram, seconds;
 * - `cicada_errors_total{type,name,error}` counter: one per error group;
 * - gauges `cicada_users`, `cicada_generator_cpu_cores` (1 = one core busy),
 *   `cicada_generator_loop_lag_seconds` (worst worker thread over the last second),
 *   `cicada_generator_threads`, `cicada_run_elapsed_seconds`;
 * - open model (0 in the closed model): counters `cicada_iterations_started_total`,
 *   `cicada_iterations_late_total` (started after waiting for a free user of the pool) and
 *   `cicada_iterations_dropped_total` (dropped after waiting dropAfter).
 *
 * Histogram buckets come from Cicada's HDR histogram (microseconds, 3 significant digits): the
 * bucket `le=B` counts every recorded value whose HDR counter has its midpoint (the value
 * Histogram::buckets() reports) at or below B, so a bucket is exact about the histogram and
 * within 0.1 % of B about the raw latencies. `_count` is the row's request count and `_sum` the
 * exact sum of its response times (written as a decimal of whole microseconds). Counters and
 * histograms are the run's totals since its start, so they equal the JSON result of the run.
 *
 * Pure and stateless: no sockets, usable from tests.
 */
class OpenMetricsText
{
public:
    enum class Format
    {
        OpenMetrics, ///< application/openmetrics-text; version=1.0.0 (ends with "# EOF")
        Prometheus   ///< text/plain; version=0.0.4
    };

    /// Upper bounds of the histogram buckets (µs), ascending; `+Inf` follows.
    static constexpr std::array<qint64, 15> kBucketBoundsUs = {
        500,     1'000,   2'500,     5'000,     10'000,    25'000,     50'000,    100'000,
        250'000, 500'000, 1'000'000, 2'500'000, 5'000'000, 10'000'000, 30'000'000};

    /// The text of one scrape.
    [[nodiscard]] static QByteArray render(const MetricsSample &sample, Format format);
    /// The format an HTTP `Accept` header asks for: OpenMetrics when it names
    /// application/openmetrics-text (as Prometheus does), else the 0.0.4 text format.
    [[nodiscard]] static Format negotiate(const QByteArray &accept);
    /// The Content-Type header value of @p format.
    [[nodiscard]] static QByteArray contentType(Format format);
    /// A label value escaped for both formats (backslash, double quote, newline).
    [[nodiscard]] static QString escapeLabel(const QString &value);
    /// Whole microseconds as an exact decimal number of seconds ("1.000250").
    [[nodiscard]] static QString secondsText(qint64 us);
};

} // namespace cicada
