#pragma once

#include "report/resultentry.h"
#include "report/thresholdverdict.h"
#include "stats/healthpoint.h"
#include "stats/historypoint.h"
#include "stats/statserror.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QtGlobal>

namespace cicada {

/**
 * @brief Everything a report needs about one finished run, as plain data (DESIGN §6).
 *
 * Built by ResultBuilder at the end of a run, saved and loaded by ResultFile, rendered by
 * HtmlReport. The profile is stored in its JSON form with secrets redacted (see Redactor).
 * Times are ms since the Unix epoch (UTC) unless a field says otherwise.
 */
struct RunResult
{
    /// Why the run ended.
    enum class EndReason
    {
        Completed,      ///< the run time elapsed
        Interrupted,    ///< stopped by Ctrl+C / SIGTERM (or a stop request)
        ThresholdAbort, ///< aborted because a threshold stayed broken (--abort-on-threshold)
    };
    /// The overall verdict.
    enum class Verdict
    {
        None, ///< no thresholds were set
        Pass, ///< every threshold holds
        Fail, ///< at least one threshold is broken
    };

    QString toolVersion; ///< CICADA_VERSION of the Cicada that ran the test
    QString host;        ///< host name of the machine that generated the load
    qint64 startMs = 0;  ///< run (and statistics) start
    qint64 endMs = 0;    ///< when the run was over and the statistics final
    EndReason endReason = EndReason::Completed;
    QString endDetail; ///< a sentence about how the run ended; may be empty

    QString profilePath; ///< the profile file as given on the command line; may be empty
    QJsonObject profile; ///< ProfileIo::toJson() of the profile, secrets redacted

    int users = 0;        ///< target (peak) number of users
    double spawnRate = 0; ///< users started per second
    qint64 runTimeMs = 0; ///< planned run time; 0 = until stopped
    int threads = 0;      ///< worker threads
    QString transport;    ///< HTTP transport: "raw" or "qt"

    QList<double> percentiles;   ///< the percentiles (0..100) captured for every row
    QList<ResultEntry> entries;  ///< rows sorted by (name, type), without Aggregated
    ResultEntry aggregated;      ///< the Aggregated row: the operation rows summed
    QList<StatsError> errors;    ///< error groups, most frequent first
    QList<HistoryPoint> history; ///< per-second samples of the Aggregated row, oldest first
    /// Per-second generator health (CPU, loop lag, late starts, bottleneck), oldest first; empty
    /// in files written before issue 11.
    QList<HealthPoint> health;
    QList<ThresholdVerdict> verdicts; ///< one per threshold, in the order they were given
    /// Open model (issue 10): iterations started, late starts and dropped iterations of the
    /// whole run (see ArrivalRate); all -1 in the closed model (and in files without them).
    qint64 iterationsStarted = -1;
    qint64 lateStarts = -1;
    qint64 droppedIterations = -1;
    [[nodiscard]] bool isOpenModel() const { return iterationsStarted >= 0; }

    [[nodiscard]] Verdict verdict() const;
    /// endMs − startMs (ms); 0 when either is unset.
    [[nodiscard]] qint64 durationMs() const;
    /// Operation rows of entries, in order.
    [[nodiscard]] QList<ResultEntry> operationEntries() const;
    /// Message rows of entries, in order.
    [[nodiscard]] QList<ResultEntry> messageEntries() const;
    /// The message rows summed: type "", name "Messages", kind Message.
    [[nodiscard]] ResultEntry messageTotal() const;
    /// Latest outcome end time of any row, operation or message (ms since the epoch); 0 = none.
    [[nodiscard]] qint64 lastEventMs() const;
    /// Whole-run requests (or messages)/s of @p entry, like Locust's total_rps: requests ÷
    /// (lastEventMs() − startMs). 0 when that interval is empty.
    [[nodiscard]] double rps(const ResultEntry &entry) const;
    /// Whole-run failures/s of @p entry, same interval as rps().
    [[nodiscard]] double failuresPerSecond(const ResultEntry &entry) const;
    /// The profile's "name", or an empty string.
    [[nodiscard]] QString profileName() const;
    /// The profile's target.baseUrl / target.brokerUrl, or empty strings.
    [[nodiscard]] QString baseUrl() const;
    [[nodiscard]] QString brokerUrl() const;

    /// "completed", "interrupted", "threshold-abort" (the JSON spelling).
    [[nodiscard]] static QString endReasonName(EndReason reason);

    friend bool operator==(const RunResult &a, const RunResult &b) = default;
};

} // namespace cicada
