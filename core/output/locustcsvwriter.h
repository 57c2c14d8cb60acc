#pragma once

#include "stats/histogram.h"
#include "stats/statskey.h"

#include <QFile>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <deque>
#include <memory>

namespace cicada {

class Stats;
class StatsEntry;

/**
 * @brief Writes Locust 2.12-compatible CSV files: PREFIX_stats.csv, PREFIX_stats_history.csv,
 *        PREFIX_failures.csv and PREFIX_exceptions.csv (same names and headers as `locust --csv`).
 *
 * Formatting follows Locust's Python csv.writer: CRLF line ends, minimal quoting (fields holding
 * a comma, a quote, CR or LF are quoted, quotes doubled). Times are milliseconds (our µs / 1000):
 * - Average/Min/Max Response Time, Average Content Size, Requests/s, Failures/s are printed like
 *   Python floats (shortest round-trip form, "25.0"), Request/Failure Count as integers.
 * - Median and the percentile columns are integers rounded like Locust's response-time buckets
 *   (see locustRoundedMs()); the median is then clamped into [Min, Max] as Locust does (printed
 *   as a float only when the clamp makes it fractional). Percentiles use nearest rank
 *   (Histogram::valueAtPercentile); Locust's own percentile walk picks rank ⌊N·p⌋ + 1, so for
 *   small N our 50% can be one sample lower than Locust's (e.g. 10/20/30/40 ms → 20, Locust 30),
 *   and it then equals the Median column.
 * - `N/A` in every percentile column of a row without requests, or without timed samples.
 * - Operations and messages (DESIGN §11): message rows (pushes, fire-and-forget sends, late
 *   replies, drops) are listed in PREFIX_stats.csv like any row (their time columns are the age of
 *   the messages that carried one, 0 and N/A when none did) but are not summed into its
 *   Aggregated row, and PREFIX_stats_history.csv follows the Aggregated row (operations only).
 * - Full history (`--csv-full-history`, setFullHistory()): as Locust 2.12's
 *   StatsCSVFileWriter._stats_history_data_rows, every appendHistory() writes one row per stats
 *   row, sorted by (name, type) like PREFIX_stats.csv, then the Aggregated row, all with the same
 *   Timestamp; the percentile columns of every one of them, Aggregated included, are then the
 *   *current* values (the last Stats::kWindowSlots seconds, Locust's ~10-s window; 0 when the
 *   window is empty, N/A for a row without requests or timed samples) instead of whole-run ones.
 *   The writer keeps each row's last seconds (NameHistory::lastSecond()) for that window.
 *   (Locust prints 0 there during its first second or two, before it has a snapshot to diff
 *   against; Cicada already shows the seconds it has.) Cicada's last group, written after the
 *   stop, may repeat the previous group's Timestamp.
 * - Failures: the Error column is our failure message as is (Locust writes a Python repr);
 *   rows are sorted by occurrences, descending (Locust's order is effectively random).
 */
class LocustCsvWriter
{
public:
    /// Percentiles reported (0..100), in column order.
    static const QList<double> kPercentiles;
    /// Header lines, character for character Locust 2.12.1's.
    static const QString kStatsHeader;
    static const QString kHistoryHeader;
    static const QString kFailuresHeader;
    static const QString kExceptionsHeader;
    /// Line end of every row (Python csv.writer's default).
    static inline const QString kLineEnd = QStringLiteral("\r\n");

    /// @p prefix: path prefix as given to --csv, e.g. "out/run1" → "out/run1_stats.csv".
    explicit LocustCsvWriter(QString prefix);
    ~LocustCsvWriter();
    LocustCsvWriter(const LocustCsvWriter &) = delete;
    LocustCsvWriter &operator=(const LocustCsvWriter &) = delete;

    [[nodiscard]] QString statsPath() const { return m_prefix + QStringLiteral("_stats.csv"); }
    [[nodiscard]] QString historyPath() const
    {
        return m_prefix + QStringLiteral("_stats_history.csv");
    }
    [[nodiscard]] QString failuresPath() const
    {
        return m_prefix + QStringLiteral("_failures.csv");
    }
    [[nodiscard]] QString exceptionsPath() const
    {
        return m_prefix + QStringLiteral("_exceptions.csv");
    }

    /// Locust's `--csv-full-history`: a history row per stats row per second, with current
    /// percentiles (see the class comment). Off by default.
    void setFullHistory(bool on) { m_fullHistory = on; }
    [[nodiscard]] bool fullHistory() const { return m_fullHistory; }

    /// Creates (truncates) PREFIX_stats_history.csv and writes its header. Called by
    /// appendHistory()/writeFinal() when needed; call it at run start to mirror Locust (and to
    /// report an unwritable prefix before the run). On failure returns false and sets
    /// errorString() (and *error when given).
    bool open(QString *error = nullptr);
    /**
     * @brief Appends one Aggregated row to PREFIX_stats_history.csv (with fullHistory(): a row
     *        per stats row, then the Aggregated row) and flushes it.
     *
     * Timestamp = ⌊nowMs / 1000⌋; Requests/s and Failures/s are the current (10-s window) values
     * at @p nowMs with 6 decimals; percentile columns are whole-run (current with fullHistory());
     * then the Total… columns. Call it once per Stats::tick(), right after it: with
     * fullHistory() each call adds the second that tick closed to the rows' windows.
     */
    bool appendHistory(const Stats &stats, qint64 nowMs, int userCount, QString *error = nullptr);
    /// (Re)writes PREFIX_stats.csv, PREFIX_failures.csv and PREFIX_exceptions.csv atomically
    /// (QSaveFile). May be called repeatedly (e.g. every second) and at the end of the run.
    /// On failure returns false and sets errorString() (and *error when given).
    bool writeFinal(const Stats &stats, QString *error = nullptr);
    /// Closes the history file; a later appendHistory() starts it afresh (open()).
    void close();
    /// Why the last failing call failed (file name and reason).
    [[nodiscard]] QString errorString() const { return m_error; }

    /// Full content of PREFIX_stats.csv.
    [[nodiscard]] static QString statsCsv(const Stats &stats);
    /// One PREFIX_stats_history.csv row (with line end) for the Aggregated row.
    [[nodiscard]] static QString historyRow(const Stats &stats, qint64 nowMs, int userCount);
    /// One PREFIX_stats_history.csv row (with line end) for @p entry (a stats row or the
    /// Aggregated row); percentile columns from @p window (current values, full history), or
    /// whole-run when it is null.
    [[nodiscard]] static QString historyRow(const Stats &stats, const StatsEntry &entry,
                                            qint64 nowMs, int userCount,
                                            const Histogram *window = nullptr);
    /// Full content of PREFIX_failures.csv.
    [[nodiscard]] static QString failuresCsv(const Stats &stats);
    /// Full content of PREFIX_exceptions.csv (header only: Cicada has no user-code exceptions).
    [[nodiscard]] static QString exceptionsCsv();

    /// Quotes @p field when it holds a comma, a quote, CR or LF; doubles quotes.
    [[nodiscard]] static QString csvField(const QString &field);
    /// Joins fields (quoting each as needed) and appends kLineEnd.
    [[nodiscard]] static QString csvRow(const QStringList &fields);
    /// Formats like Python's repr(float): shortest round-trip, always with ".0" or an exponent.
    [[nodiscard]] static QString pythonFloat(double value);
    /**
     * @brief Milliseconds rounded like Locust's response-time buckets (µs in, ms out): exact
     *        (to 1 ms) below 100 ms, to 10 ms below 1 s, to 100 ms below 10 s, to 1 s above.
     *
     * Halves round to even, like Python's round().
     */
    [[nodiscard]] static qint64 locustRoundedMs(qint64 us);
    /// The Median column value of @p entry (ms), see the class comment.
    [[nodiscard]] static double medianMs(const StatsEntry &entry);

private:
    bool writeAtomically(const QString &path, const QString &content);
    bool fail(const QString &path, const QString &reason, QString *error);

    /// The full-history rows for appendHistory(): adds the second just closed to each row's
    /// window first.
    [[nodiscard]] QString fullHistoryRows(const Stats &stats, qint64 nowMs, int userCount);

    QString m_prefix;
    std::unique_ptr<QFile> m_history;
    QString m_error;
    bool m_fullHistory = false;
    /// Full history: each stats row's last Stats::kWindowSlots seconds of response times (µs),
    /// oldest first.
    QHash<StatsKey, std::deque<Histogram>> m_windows;
};

} // namespace cicada
