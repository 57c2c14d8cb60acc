#pragma once

#include "profile/profile.h"
#include "profile/threshold.h"
#include "report/resultentry.h"
#include "report/thresholdverdict.h"

#include <QList>

#include <optional>

namespace cicada {

struct RunResult;

/**
 * @brief Checks thresholds against the whole-run values of a RunResult.
 *
 * The measured value of each metric: pN → the N-th percentile of the selected rows' merged
 * histogram; avg/min/max → their response times; error_rate → failures ÷ requests; rps and rate →
 * whole-run requests (or messages)/s (RunResult::rps()); requests, failures → counts. Without a
 * selector the row is Aggregated, which sums operations only. On a message row the latency metrics
 * read its age histogram (the timed messages only). A selector that matches no row, a latency or
 * error-rate threshold on rows without requests, or a latency threshold on a row without timed
 * samples has no value and FAILS, so that a misspelt name cannot pass unnoticed.
 *
 * Every verdict with selected rows says their failures in `detail` ("153/268 failed"). A
 * percentile threshold on rows whose error rate is above @p maxErrorRate (the profile's
 * thresholdOptions.maxErrorRate) is `unreliable` and does not pass, whatever its value: the
 * percentile then describes the few requests that succeeded (a p95 of 20 ms while half the sends
 * timed out).
 */
class ThresholdEvaluator
{
public:
    ThresholdEvaluator() = delete;

    /// The rows @p threshold selects, merged: the Aggregated row without a selector, the
    /// (type, name) row, or every row named `name` when no type is given (operation rows only when
    /// there is one, else the message rows). nullopt when none.
    [[nodiscard]] static std::optional<ResultEntry> select(const Threshold &threshold,
                                                           const RunResult &result);
    /// The verdict of one threshold; @p maxErrorRate (0..1) makes a percentile unreliable.
    [[nodiscard]] static ThresholdVerdict
    evaluate(const Threshold &threshold, const RunResult &result,
             double maxErrorRate = Profile::kDefaultThresholdsMaxErrorRate);
    /// One verdict per threshold, in order.
    [[nodiscard]] static QList<ThresholdVerdict>
    evaluate(const QList<Threshold> &thresholds, const RunResult &result,
             double maxErrorRate = Profile::kDefaultThresholdsMaxErrorRate);
    /// @p value (in the threshold's unit) for people: "212 ms", "0.52%", "118.4/s", "1200".
    [[nodiscard]] static QString formatValue(const Threshold &threshold, double value);
};

} // namespace cicada
