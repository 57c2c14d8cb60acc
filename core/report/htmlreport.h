#pragma once

#include <QByteArray>
#include <QString>

namespace cicada {

struct RunResult;

/**
 * @brief Renders a RunResult as one self-contained HTML page (DESIGN §6).
 *
 * The page has the summary and the verdict, the thresholds, charts drawn as inline SVG by
 * SvgChart (requests/s and failures/s, p50/p95/p99 of the last 10 s, users — one point per
 * history sample — and the response-time distribution per row from the histograms), Locust's
 * request statistics table, the response-time percentile table, the failures table and the
 * redacted profile. It fetches nothing: no scripts, no fonts, no images, no links; URLs from the
 * profile are shown as text only. Laid out for a 1280 px wide window, with print styles.
 *
 * The output depends only on the RunResult, so `cicada-cli report RESULT.json` regenerates the
 * bytes `cicada-cli run --html` wrote.
 */
class HtmlReport
{
public:
    HtmlReport() = delete;

    /// Most rows drawn in the response-time distribution chart (the busiest ones).
    static constexpr int kMaxDistributionRows = 8;
    /// Log bins per decade of the distribution chart.
    static constexpr int kBinsPerDecade = 10;

    /// The HTML page, UTF-8.
    [[nodiscard]] static QByteArray render(const RunResult &result);
    /// Writes render() to @p path atomically (QSaveFile); @p error gets the reason on failure.
    static bool save(const QString &path, const RunResult &result, QString *error);
    /// The page's CSS (for other Cicada pages that share its look, e.g. ComparisonReport).
    [[nodiscard]] static QString styleSheet();
};

} // namespace cicada
