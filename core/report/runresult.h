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
        Interrupted,    ///< stopped by a signal: Ctrl+C, SIGTERM, SIGHUP
        ThresholdAbort, ///< aborted because a threshold stayed broken (--abort-on-threshold)
        StoppedByUser,  ///< stopped by a person (the GUI's Stop button)
        CouldNotStart,  ///< never ran (e.g. the profile did not compile)
    };
    /// The overall verdict.
    enum class Verdict
    {
        None,        ///< no thresholds were set (and the run was not cut short)
        Pass,        ///< every threshold holds
        Fail,        ///< at least one threshold is broken (or unreliable)
        Interrupted, ///< ended early (endedEarly()): the thresholds judged a partial run
        Aborted,     ///< aborted by a threshold (EndReason::ThresholdAbort)
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

    /**
     * Aborted for a threshold abort; Interrupted when endedEarly(), thresholds or not; else None
     * without thresholds, Fail when one did not pass (unreliable ones included), Pass.
     */
    [[nodiscard]] Verdict verdict() const;
    /// True when the run was cut short: by a signal, could not start, or stopped by the user
    /// before its planned run time (a run without one ends only when stopped: not early).
    [[nodiscard]] bool endedEarly() const;
    /// "none", "pass", "fail", "interrupted", "aborted" (the JSON spelling).
    [[nodiscard]] static QString verdictName(Verdict verdict);
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

    /// "completed", "interrupted", "threshold-abort", "stopped", "could-not-start" (the JSON
    /// spelling).
    [[nodiscard]] static QString endReasonName(EndReason reason);

    friend bool operator==(const RunResult &a, const RunResult &b) = default;
};

} // namespace cicada
