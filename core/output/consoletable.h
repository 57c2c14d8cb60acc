#pragma once

#include <QString>
#include <QtGlobal>

namespace cicada {

class Stats;

/**
 * @brief Locust-style console tables (headless runs and the final summary), as plain text that
 *        fits a width.
 *
 * Columns follow Locust 2.12's `--headless` tables; the layout is TextTable's: the name column
 * takes the width left by the others (names longer than that are elided in the middle,
 * "/api/very…/tail"), and when even a short name column does not fit, the columns that matter
 * least are left out (failures/s, Min, Max (the 100 % percentile), Avg, and the rarer
 * percentiles), so no line is wider than @p width (TerminalInfo::columns()). Times are
 * milliseconds with 3 significant digits (TimeFormat::ms(), as the HTML report: "0.123", "4.21",
 * "212"), from the exact histograms; "-" for a row without timed samples. Lines end with '\n' and
 * carry no trailing spaces. With
 * @p colour, failure counts above zero are red (ANSI; TerminalInfo::hasColour()).
 *
 * Operations and messages (DESIGN §11): the stats and percentile tables list operation rows and
 * the Aggregated row (operations only); message rows (pushes, fire-and-forget sends, late replies,
 * drops) have their own table, messagesTable(), which statsTable() appends when there are any.
 */
class ConsoleTable
{
public:
    ConsoleTable() = delete;

    /// The narrowest the name column gets before columns are left out.
    static constexpr int kMinNameWidth = 16;

    /**
     * @brief `Type | Name | # reqs | # fails | Avg | Min | Max | Med | req/s | failures/s`.
     *
     * One row per operation entry (sorted by name, type), a dashed separator, then the Aggregated
     * row. Failures show as `count(percent%)`. While running (@p final false) req/s and
     * failures/s are the current 10-s window values at @p nowMs; when @p final they are whole-run
     * averages. When there are message rows, a blank line and messagesTable() follow.
     */
    [[nodiscard]] static QString statsTable(const Stats &stats, qint64 nowMs, bool final, int width,
                                            bool colour = false);
    /**
     * @brief "Messages": `Type | Name | # msgs | # fails | bytes | msg/s | age p50 | p95 | p99`,
     *        one row per message entry, a separator, then the total of all message rows.
     *
     * Ages are ms of the messages that carried a time (a push's server timestamp, a late reply's
     * delay) and "-" when none did. msg/s like req/s in statsTable(). Empty string without
     * message rows.
     */
    [[nodiscard]] static QString messagesTable(const Stats &stats, qint64 nowMs, bool final,
                                               int width, bool colour = false);
    /// "Response time percentiles (ms)": Type, Name, 50%…100% (11 columns, the rarer ones left
    /// out when narrow), # reqs; operation rows and Aggregated; rows without requests are left
    /// out, like Locust.
    [[nodiscard]] static QString percentileTable(const Stats &stats, int width);
    /// "Error report": `# occurrences` and `Error` as "TYPE NAME: message", most frequent first
    /// (long messages elided in the middle). Empty string when there are no errors.
    [[nodiscard]] static QString errorReport(const Stats &stats, int width);
};

} // namespace cicada
