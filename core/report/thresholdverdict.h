#pragma once

#include <QString>

namespace cicada {

/**
 * @brief The outcome of one threshold at the end of a run.
 *
 * `measured` is in the threshold's own unit (µs for latency, a fraction for error_rate, 1/s for
 * rps, a count for requests and failures); `measuredText` is the same value for people
 * ("212 ms", "0.52%", "118.4/s").
 */
struct ThresholdVerdict
{
    QString expression;    ///< the threshold as written
    bool passed = false;   ///< true when the rule holds
    bool hasValue = false; ///< false when nothing matched the selector (the verdict is then FAIL)
    double measured = 0;   ///< the measured value, unit as the threshold's limit
    QString measuredText;  ///< the measured value formatted with its unit; "no data" without one
    /// The selected rows' failures for every threshold with data ("153/268 failed"), then why
    /// it failed beyond the number (the run was aborted, the percentile is unreliable).
    QString detail;
    /// A latency threshold on rows whose error rate is above the profile's
    /// thresholdOptions.maxErrorRate: the percentile describes the few that succeeded, so the
    /// threshold does not pass (shown amber, counted as not passed).
    bool unreliable = false;

    friend bool operator==(const ThresholdVerdict &a, const ThresholdVerdict &b) = default;
};

} // namespace cicada
