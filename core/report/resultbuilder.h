#pragma once

#include "profile/profile.h"
#include "profile/threshold.h"
#include "report/redactor.h"
#include "report/runresult.h"

#include <QHash>
#include <QList>
#include <QString>

#include <array>

namespace cicada {

class Stats;

/**
 * @brief Captures a RunResult from live Stats at the end of a run (or at any moment), with the
 *        profile's secrets redacted and the thresholds evaluated.
 *
 * Usage: construct with the profile and the environment the run used, set what the run was, then
 * build() once the runner has finished. The CLI and the GUI use it the same way.
 */
class ResultBuilder
{
public:
    /// @p environment: what `{{env.NAME}}` rendered from (CompiledProfile::environment).
    ResultBuilder(const Profile &profile, const QHash<QString, QString> &environment);

    /// The profile file as given by the user.
    void setProfilePath(const QString &path) { m_profilePath = path; }
    /// The load that was run, the worker thread count and the HTTP transport ("raw" or "qt").
    void setLoad(const LoadSettings &load, int threads, const QString &transport);
    /// Thresholds to evaluate (the profile's and the command line's), in display order.
    void setThresholds(const QList<Threshold> &thresholds) { m_thresholds = thresholds; }
    /// Open model: iterations started, late starts and dropped iterations of the whole run
    /// (GeneratorHealth's totals).
    void setArrivals(qint64 started, qint64 late, qint64 dropped)
    {
        m_arrivals = {started, late, dropped};
    }
    /// How the run ended.
    void setEnd(RunResult::EndReason reason, const QString &detail = {});
    /// Threshold @p index aborted the run early: its verdict fails whatever the whole-run value,
    /// with @p detail saying why.
    void setAbortedBy(qsizetype index, const QString &detail);

    /**
     * @brief The result as of now: every row (with its per-second history), errors, history and
     *        generator health of @p stats, the redacted
     *        profile, verdicts, tool version and host. @p endMs: when the run ended (ms since
     *        the epoch).
     */
    [[nodiscard]] RunResult build(const Stats &stats, qint64 endMs) const;

    [[nodiscard]] const Redactor &redactor() const { return m_redactor; }

private:
    Redactor m_redactor;
    QString m_profilePath;
    LoadSettings m_load;
    int m_threads = 0;
    QString m_transport;
    QList<Threshold> m_thresholds;
    double m_maxErrorRate = Profile::kDefaultThresholdsMaxErrorRate; ///< thresholdOptions
    RunResult::EndReason m_endReason = RunResult::EndReason::Completed;
    QString m_endDetail;
    qsizetype m_abortedBy = -1;
    QString m_abortDetail;
    std::array<qint64, 3> m_arrivals = {-1, -1, -1}; ///< started, late, dropped; -1 = closed
};

} // namespace cicada
