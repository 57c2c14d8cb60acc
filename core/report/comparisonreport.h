#pragma once

#include "report/thresholdverdict.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace cicada {

class RunComparison;

/**
 * @brief Renders a RunComparison as one self-contained HTML page, in HtmlReport's style.
 *
 * The page has both runs' facts, the delta-threshold verdicts (with an overall PASS/FAIL badge),
 * the requests/s and p95 charts of both runs overlaid (inline SVG by SvgChart, A dashed grey,
 * B solid; x = seconds since each run's own start) and the per-name table of p50/p95/p99, error
 * rate and rps with A, B and Δ, cells where B is worse marked (RunComparison::Row::isWorse()).
 * No scripts, no external resources; the output depends only on the inputs.
 */
class ComparisonReport
{
public:
    ComparisonReport() = delete;

    /// The HTML page, UTF-8.
    [[nodiscard]] static QByteArray render(const RunComparison &comparison,
                                           const QList<ThresholdVerdict> &verdicts);
    /// Writes render() to @p path atomically; @p error gets the reason on failure.
    static bool save(const QString &path, const RunComparison &comparison,
                     const QList<ThresholdVerdict> &verdicts, QString *error);
};

} // namespace cicada
