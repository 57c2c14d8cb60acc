#pragma once

#include "report/runresult.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace cicada {

/**
 * @brief Reads and writes Cicada result files (`cicada-cli run --json FILE`).
 *
 * # Result format, version 2 (version 1 is read too)
 *
 * One UTF-8 JSON object; times are ms since the Unix epoch (UTC) or ISO 8601 UTC strings,
 * response times µs unless a key ends in "Ms"/"ms":
 * ```
 * {
 *   "format": "cicada-result", "version": 2,
 *   "tool": { "name": "cicada", "version": "0.1.0" },
 *   "host": "loadgen-1",
 *   "run": { "start": "2024-05-01T12:00:00.000Z", "startEpochMs": 1714564800000,
 *            "end": "…", "endEpochMs": …, "durationMs": 20012,
 *            "endReason": "completed" | "interrupted" | "threshold-abort", "endDetail": "…" },
 *   "profile": { "path": "chat.cicada.json", "content": { …the profile, secrets «redacted»… } },
 *   "load": { "users": 20, "spawnRate": 5, "runTimeMs": 20000, "threads": 2, "transport": "raw" },
 *   "percentiles": [50, 66, 75, 80, 90, 95, 98, 99, 99.9, 99.99, 100],
 *   "stats": [ ROW, … ],            // every row, operations and messages, sorted by (name, type)
 *   "aggregated": ROW,              // type "", name "Aggregated": the operation rows summed
 *   "messages": { "total": { "count", "ratePerSec", "bytes", "failures" },
 *                 "rows": [ { "type", "name", "count", "ratePerSec", "bytes", "failures",
 *                             "timedCount", "age": [ { "p", "us", "ms" }, … ],
 *                             "histogram": Histogram::toJson() }, … ] },
 *   "errors": [ { "type": "GET", "name": "/x", "error": "HTTP 500", "occurrences": 3 } ],
 *   "history": [ { "timestampMs", "userCount", "currentRps", "currentFailPerSec", "p50Us",
 *                  "p95Us", "p99Us", "totalCount", "totalFailures", "totalAvgUs", "totalMinUs",
 *                  "totalMaxUs", "totalMedianUs", "totalAvgContentLength" }, … ],
 *   "health": [ { "tMs", "cpuPercent", "worstLoopLagMs", "lateStarts", "droppedIterations",
 *                 "bottleneck" }, … ],                  // one per second, see HealthPoint
 *   "thresholds": { "verdict": "none" | "pass" | "fail",
 *                   "results": [ { "expression", "passed", "hasValue", "measured",
 *                                  "measuredText", "detail" } ] },
 *   "arrivals": { "iterations", "lateStarts", "droppedIterations" } // open model only (issue 10)
 * }
 * ROW = { "type", "name", "kind": "operation" | "message", "numRequests", "numFailures",
 *         "totalContentLength", "firstRequestMs", "lastRequestMs", "timedCount",
 *         "avgResponseTimeMs", "minResponseTimeMs", "maxResponseTimeMs", "avgContentLength",
 *         "rps", "failuresPerSecond",
 *         "percentiles": [ { "p": 95, "us": 12345, "ms": 12.345 }, … ],
 *         "histogram": Histogram::toJson(),
 *         "history": [ [tMs, requests, failures, p50Us, p95Us, p99Us], … ],  // per second
 *         "serviceTime": { "count", "avgMs", "medianMs", "p95Ms", "p99Ms", "maxMs",
 *                          "histogram": Histogram::toJson() } }   // only rows that have one
 * ```
 * Open model (issue 10, optional keys, still version 2: older files simply lack them): a row's
 * main times count from each iteration's intended start; "serviceTime" (rows whose outcomes
 * carried a RequestOutcome::serviceTimeUs) counts from the actual send. "arrivals" holds the
 * run's iterations started, late starts and dropped iterations (see ArrivalRate).
 * Operations and messages (DESIGN §11): "aggregated", "history" and the thresholds without a
 * selector count operations only. A message row's histogram holds only the messages that carried a
 * time (a push's age on arrival), so its "timedCount" (= histogram count) may be below
 * "numRequests"; its percentiles are ages. "messages" repeats the message rows in the words of the
 * messages table (count, rate, bytes, failures, age) for other tools; the loader reads the rows
 * from "stats". A version 1 file has no "kind": every row is read as an operation.
 * Per-name history and health (issue 11, optional keys, still version 2): a ROW's "history" holds
 * one compact row per second (NameHistoryPoint: the second's counts and interval percentiles; the
 * Aggregated row's counts operations only), "health" one object per second (HealthPoint). Both are
 * downsampled like "history" in long runs. Files without them load with empty lists.
 * `history` holds the same samples as PREFIX_stats_history.csv (one per second; the first half of
 * runs longer than Stats::kMaxHistoryPoints seconds is downsampled). Values such as
 * avgResponseTimeMs or rps are there for other tools; the loader recomputes them from the counts
 * and histograms and reads back only the stored percentiles.
 */
class ResultFile
{
public:
    ResultFile() = delete;

    /// Value of "format".
    static inline const QString kFormat = QStringLiteral("cicada-result");
    /// Value of "version" written; files with a larger version are refused. Version 2 added
    /// "kind", "timedCount" and "messages".
    static constexpr int kVersion = 2;
    /// load() refuses larger files (bytes); a day-long run's result is a few MiB.
    static constexpr qint64 kMaxFileBytes = qint64(64) * 1024 * 1024;

    [[nodiscard]] static QJsonObject toJson(const RunResult &result);
    /// The bytes save() writes: indented JSON ending with a newline, arrays of numbers on one
    /// line each (compactNumberArrays()).
    [[nodiscard]] static QByteArray toText(const RunResult &result);
    /// @p indented (QJsonDocument::Indented output) with every array that holds only numbers
    /// written on one line, e.g. `[1714564800000, 52, 0, 4100, 9800, 12000]`; the same JSON.
    [[nodiscard]] static QByteArray compactNumberArrays(const QByteArray &indented);
    /**
     * @brief Reads @p json into @p out. On failure returns false and sets @p error (may be
     *        nullptr) to a sentence with the JSON path of the problem, e.g.
     *        "$.stats[2].histogram: not a valid histogram".
     */
    static bool fromJson(const QJsonObject &json, RunResult *out, QString *error);
    /// Parses the text of a result file (what toText() gives); errors as fromJson(), plus line
    /// and column for JSON syntax errors.
    static bool fromText(const QByteArray &text, RunResult *out, QString *error);
    /// Writes @p result to @p path atomically (QSaveFile); @p error gets the OS reason on failure.
    static bool save(const QString &path, const RunResult &result, QString *error);
    /// Reads a result file; @p error says what is wrong and where (line and column for JSON
    /// syntax errors).
    static bool load(const QString &path, RunResult *out, QString *error);
};

} // namespace cicada
