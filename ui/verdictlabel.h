#pragma once

#include "report/runresult.h"
#include "report/thresholdverdict.h"

#include <QString>

namespace cicada {

/**
 * @brief How the GUI names a verdict: one word per outcome ("pass", "fail", "unreliable",
 *        "interrupted", "aborted", "" without thresholds) that QML maps to a colour, and the
 *        title people read ("PASS", "FAIL", …).
 *
 * A run's kind follows RunResult::verdict(): "aborted" (threshold abort) and "interrupted" (cut
 * short: a signal, or stopped before its planned end) come first, because a run cut short is
 * never a green PASS whatever its thresholds say; then "fail" when a threshold is broken,
 * "unreliable" when the only thresholds that do not pass measured a percentile over mostly failed
 * requests (ThresholdVerdict::unreliable, shown amber), "pass", and "" without thresholds.
 */
class VerdictLabel
{
public:
    /** "pass", "fail", "unreliable" or "nodata" (nothing matched the selector: a FAIL). */
    [[nodiscard]] static QString kindOf(const ThresholdVerdict &verdict);
    /** See the class comment. */
    [[nodiscard]] static QString kindOf(const RunResult &result);
    /** "PASS", "FAIL", "UNRELIABLE", "INTERRUPTED", "ABORTED", "NO DATA"; "" for "". */
    [[nodiscard]] static QString title(const QString &kind);
    /** True when @p verdict holds (not failed, not unreliable). */
    [[nodiscard]] static bool holds(const ThresholdVerdict &verdict);
    /** ThresholdVerdict::unreliable. */
    [[nodiscard]] static bool isUnreliable(const ThresholdVerdict &verdict);
};

} // namespace cicada
