#pragma once

#include "stats/errorkey.h"
#include "stats/histogram.h"
#include "stats/statsdelta.h"
#include "stats/statsentry.h"

#include <QMap>
#include <QString>
#include <QtGlobal>

namespace cicada {

class MsgpackWriter;

/**
 * @brief Writes Cicada statistics as Locust 2.12's worker `stats` report (locust-protocol.md §6).
 *
 * A report is the map `{stats: [StatsEntry...], stats_total: StatsEntry, errors: {key:
 * StatsError}, user_classes_count: {class: n}, user_count: n}`. Each StatsEntry map has exactly
 * Locust's 14 keys. Units: Cicada records microseconds; Locust wants milliseconds, so
 * total/min/max_response_time are µs / 1000 as floats (exact), and `response_times` maps
 * *rounded* milliseconds to counts, rounded per value as Locust does (roundedResponseTimeMs()).
 *
 * Errors are sent with their plain message as `error` (a Python worker sends repr(exception)); the
 * master's web UI shows it as is, and its failures CSV applies repr() once more, so the CSV shows
 * the message in single quotes (`'HTTP 500 Internal Server Error'`).
 *
 * `response_times` is built from the HDR histogram's counters: each counter's midpoint is rounded
 * like one request. Counters are exact below 2.048 ms and at most 1/1024 of their value wide
 * above, so a count can land one Locust bucket away only when a counter straddles a rounding
 * boundary (e.g. 10.5 ms); totals, min and max stay exact.
 */
class LocustStatsEncoder
{
public:
    LocustStatsEncoder() = delete;

    /// Number of keys in a serialized Locust StatsEntry.
    static constexpr int kEntryKeyCount = 14;
    /// Name of Locust's total row (its method is "").
    static inline const QString kAggregatedName = QStringLiteral("Aggregated");

    /**
     * @brief Locust's response-time bucket for one request of @p us microseconds, in ms:
     * t < 100 ms → nearest 1 ms; < 1 000 → nearest 10; < 10 000 → nearest 100; else nearest
     * 1 000. Halves round to even like Python's round() (145 → 140, 155 → 160).
     */
    [[nodiscard]] static qint64 roundedResponseTimeMs(qint64 us);
    /** The `response_times` dict of @p histogram: rounded ms → count. */
    [[nodiscard]] static QMap<qint64, qint64> responseTimes(const Histogram &histogram);
    /** The Aggregated row of @p delta: every operation row merged (type "", name "Aggregated").
     *  Message rows (pushes, fire-and-forget sends) still go to the master as entries, but not
     *  into `stats_total`, so the master's Aggregated row counts operations only. */
    [[nodiscard]] static StatsEntry aggregate(const StatsDelta &delta);

    /** Writes one StatsEntry map; @p startTimeS is the window start (epoch seconds). */
    static void writeEntry(MsgpackWriter &writer, const StatsEntry &entry, double startTimeS);
    /** Writes a whole `stats` report for the window @p delta that started at @p startTimeS. */
    static void writeReport(MsgpackWriter &writer, const StatsDelta &delta, double startTimeS,
                            const QMap<QString, int> &userClassesCount);

    /** Python's repr() of a str (quotes chosen and escapes applied as CPython does for the
     *  ASCII range; other printable characters are kept). */
    [[nodiscard]] static QString pythonRepr(const QString &text);
    /**
     * @brief The `errors` dict key Locust would use: hex SHA-256 of
     * `"<method>.<name>.<repr(repr(error))>"` (StatsError.create_key with a str error). The
     * master adds occurrences of equal keys.
     */
    [[nodiscard]] static QString errorKey(const ErrorKey &key);
};

} // namespace cicada
