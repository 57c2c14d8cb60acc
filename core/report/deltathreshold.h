#pragma once

#include "profile/threshold.h"

#include <QString>

#include <optional>

namespace cicada {

/**
 * @brief A rule on the change from a baseline run (A) to the current run (B), parsed from text
 *        such as `p95 +10%`, `p99 +20ms`, `error_rate +0.5%`, `rps -5%` or
 *        `p95(GET:/api/items) +10%`.
 *
 * Grammar (whitespace between the parts is free):
 * ```
 * METRIC [ "(" SELECTOR ")" ] SIGN NUMBER UNIT
 * METRIC   = pN (0 < N ≤ 100, e.g. p50 p95 p99 p99.9) | error_rate | rps
 * SELECTOR = TYPE ":" NAME | NAME   (as in Threshold: a name alone merges every type)
 * SIGN     = "+" for pN and error_rate (the rise allowed), "-" for rps (the drop allowed)
 * UNIT     = pN: % (of A's value) | ms | s | us | µs;  error_rate: % (percentage points);
 *            rps: % (of A's value) | /s
 * ```
 * `p95 +10%` holds when B's p95 ≤ A's p95 × 1.10; `p99 +20ms` when B's p99 ≤ A's p99 + 20 ms;
 * `error_rate +0.5%` when B's error rate ≤ A's + 0.5 percentage points; `rps -5%` when B's rps
 * ≥ A's rps × 0.95. Without a selector the rule applies to the Aggregated rows. Metric names and
 * units are case-insensitive. Parse errors reuse Threshold::ParseError (position and sentence).
 */
struct DeltaThreshold
{
    enum class Metric
    {
        Percentile, ///< response time at a percentile (µs)
        ErrorRate,  ///< failures / requests (fraction 0..1)
        Rps,        ///< whole-run requests per second
    };

    QString expression; ///< the text as written, trimmed
    Metric metric = Metric::Percentile;
    double percentile = 0; ///< Metric::Percentile: the percentile, 0 < p ≤ 100
    QString type;          ///< selector type ("GET", "WS send"); empty = any type
    QString name;          ///< selector name; empty = the Aggregated row
    bool relative = false; ///< true: limit is a share of A's value (0.10 = 10 %)
    /// The change allowed, ≥ 0: relative → a fraction of A; else latency µs, error-rate
    /// fraction (0.005 = 0.5 percentage points) or rps 1/s.
    double limit = 0;

    /// Parses @p text; on failure returns std::nullopt and fills @p error (may be nullptr).
    [[nodiscard]] static std::optional<DeltaThreshold>
    parse(const QString &text, Threshold::ParseError *error = nullptr);

    /// True when a drop is the bad direction (rps); false when a rise is (latency, error rate).
    [[nodiscard]] bool dropIsWorse() const { return metric == Metric::Rps; }
    /// True when B's value @p current is within the limit of A's value @p baseline.
    [[nodiscard]] bool holds(double baseline, double current) const;
    /// "p95", "p99.9", "error_rate" or "rps".
    [[nodiscard]] QString metricName() const;
    /// As Threshold::selectorText(): "GET:/api/items", "chat" or the whole-run wording.
    [[nodiscard]] QString selectorText() const;
    /// The limit as written, normalised: "+10 %", "+20 ms", "+0.5 pp", "−5 %", "−10/s".
    [[nodiscard]] QString limitText() const;
    /// The same selection as a Threshold (for ThresholdEvaluator::select()).
    [[nodiscard]] Threshold selector() const;

    bool operator==(const DeltaThreshold &) const = default;
};

} // namespace cicada
