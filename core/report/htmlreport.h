#pragma once

#include <QByteArray>
#include <QString>

namespace cicada {

struct RunResult;

/**
 * @brief Renders a RunResult as one self-contained HTML page (DESIGN §6).
 *
 * The page has the summary and the verdict, the thresholds, charts drawn as inline SVG by
 * SvgChart (requests/s and failures/s, failures over time when there were failures, p50/p95/p99
 * of the last 10 s, users — one point per history sample —, the response-time distribution per
 * row from the histograms, and the load generator's health when the result has it), Locust's
 * request statistics table with a Fail % column, the response-time percentile table, the
 * failures table, one small chart per row over time (when the result has per-name history) and
 * the redacted profile. Rows with failures are marked (`tr.failing`); every table sits in a
 * sideways-scrolling wrapper (`div.scroll`) so a narrow window does not overflow.
 *
 * Charts show their values on hover through SVG `<title>` elements (SvgChart); each row has its
 * NameColor in every chart. The style sheet has a dark scheme (`prefers-color-scheme: dark`,
 * text and badges at least 4.5:1 in both), a layout for windows below 960 px and print styles.
 * It fetches nothing: no scripts, no fonts, no images, no links; URLs from the profile are shown
 * as text only.
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
