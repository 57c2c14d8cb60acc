#pragma once

#include <QString>
#include <QtGlobal>

namespace cicada {

class Stats;

/**
 * @brief Locust-style console tables (headless runs and the final summary), as plain text.
 *
 * Layout mirrors Locust 2.12's `--headless` output with its non-terminal widths (type 8, name
 * 76/80 characters): the type column widens when a type is longer (e.g. "WS connect") and the
 * name column shrinks by as much, so lines keep Locust's width; names longer than their column
 * are shortened in the middle ("/api/very…/tail"). Times are integer milliseconds (µs / 1000,
 * truncated like Python's %d; medians and percentiles rounded like Locust's buckets, see
 * LocustCsvWriter::locustRoundedMs()). Lines end with '\n' and carry no trailing spaces.
 *
 * Operations and messages (DESIGN §11): the stats and percentile tables list operation rows and
 * the Aggregated row (operations only); message rows (pushes, fire-and-forget sends, late replies,
 * drops) have their own table, messagesTable(), which statsTable() appends when there are any.
 */
class ConsoleTable
{
public:
    ConsoleTable() = delete;

    /// Width of the type column when every type fits (Locust's STATS_TYPE_WIDTH).
    static constexpr int kTypeWidth = 8;
    /// Width of the name column in the stats table when the type column is kTypeWidth.
    static constexpr int kStatsNameWidth = 76;
    /// Width of the name column in the percentile table (Locust's STATS_NAME_WIDTH).
    static constexpr int kPercentileNameWidth = 80;

    /**
     * @brief `Type | Name | # reqs | # fails | Avg | Min | Max | Med | req/s | failures/s`.
     *
     * One row per operation entry (sorted by name, type), a dashed separator, then the Aggregated
     * row. Failures show as `count(percent%)`. While running (@p final false) req/s and
     * failures/s are the current 10-s window values at @p nowMs; when @p final they are whole-run
     * averages. When there are message rows, a blank line and messagesTable() follow.
     */
    [[nodiscard]] static QString statsTable(const Stats &stats, qint64 nowMs, bool final);
    /**
     * @brief "Messages": `Type | Name | # msgs | # fails | bytes | msg/s | age p50 | p95 | p99`,
     *        one row per message entry, a separator, then the total of all message rows.
     *
     * Ages are ms of the messages that carried a time (a push's server timestamp, a late reply's
     * delay) and "-" when none did. msg/s like req/s in statsTable(). Empty string without
     * message rows.
     */
    [[nodiscard]] static QString messagesTable(const Stats &stats, qint64 nowMs, bool final);
    /// "Response time percentiles (approximated)": Type, Name, 50%…100% (11 columns), # reqs;
    /// operation rows and Aggregated; rows without requests are left out, like Locust.
    [[nodiscard]] static QString percentileTable(const Stats &stats);
    /// "Error report": `# occurrences` and `Error` as "TYPE NAME: message", most frequent first.
    /// Empty string when there are no errors.
    [[nodiscard]] static QString errorReport(const Stats &stats);

    /// Shortens @p text to at most @p width characters by replacing its middle with "…".
    [[nodiscard]] static QString elide(const QString &text, int width);
};

} // namespace cicada
