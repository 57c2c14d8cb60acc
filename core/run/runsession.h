#pragma once

#include "engine/runner.h"
#include "engine/stopreason.h"
#include "profile/profile.h"
#include "profile/threshold.h"
#include "report/resultbuilder.h"
#include "report/runresult.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace cicada {

class LocustCsvWriter;
class ThresholdMonitor;

/**
 * @brief One run from start to result: compiles the profile, drives a Runner, watches the
 *        thresholds (ThresholdMonitor, `--abort-on-threshold`), keeps the Locust CSV history,
 *        builds the RunResult (ResultBuilder) with how the run ended, and writes the outputs
 *        (CSV, result JSON, HTML report). The CLI (`run`), the GUI (RunController) and the
 *        Locust worker (one session per test, no outputs: its numbers go to the master) use it;
 *        none repeats any of it.
 *
 * Life: construct → set up (setLoad(), setThresholds(), ...) → prepare() → start() → ticks →
 * finished(reason) → result() / writeOutputs(). Single use, like its Runner. Lives in (and must be
 * used from) the thread that created it, which also owns the Runner.
 *
 * How the run ended is recorded by whoever stops it (stop(reason, detail)); the run timer stops
 * it with StopReason::Completed and a threshold that stays broken with ThresholdAbort. A prepare()
 * that fails is StopReason::CouldNotStart: nothing ran, no output is written and finished() is
 * not emitted (the caller has the errors at once).
 *
 * Printing is the caller's: tick() after every once-a-second stats merge, thresholdAborted() when
 * the monitor stops the run.
 */
class RunSession final : public QObject
{
    Q_OBJECT
public:
    /// Writes the bytes of one output (a file, stdout, ...); false with @p error on failure.
    using OutputWriter = std::function<bool(const QByteArray &bytes, QString *error)>;

    /// @p profilePath: the file as the user gave it (may be empty); relative feeder files are
    /// read from @p profileDirectory (default: the directory of @p profilePath).
    RunSession(Profile profile, QString profilePath, QString profileDirectory = {},
               QObject *parent = nullptr);
    ~RunSession() override;

    // --- set-up, before prepare() ---------------------------------------------------------
    /// The load to run (default: the profile's).
    void setLoad(const LoadSettings &load) { m_load = load; }
    void setRunnerOptions(const RunnerOptions &options) { m_options = options; }
    /// The thresholds judged at the end, in display order (default: the profile's, parsed).
    void setThresholds(const QList<Threshold> &thresholds) { m_thresholds = thresholds; }
    /// Aborts the run when a watched threshold stays broken for @p sustainMs (ThresholdMonitor).
    void setAbortOnThreshold(qint64 sustainMs) { m_abortSustainMs = sustainMs; }
    /// Locust-format CSV files PREFIX_stats.csv, ... (LocustCsvWriter); opened by prepare().
    void setCsvPrefix(const QString &prefix) { m_csvPrefix = prefix; }
    /// Locust's `--csv-full-history` (LocustCsvWriter::setFullHistory()).
    void setCsvFullHistory(bool on) { m_csvFullHistory = on; }
    /// Where writeOutputs() puts the result JSON (ResultFile::toText()).
    void setJsonOutput(OutputWriter writer) { m_jsonOutput = std::move(writer); }
    /// Where writeOutputs() puts the HTML report, rendered from the JSON as a reader sees it.
    void setHtmlOutput(OutputWriter writer) { m_htmlOutput = std::move(writer); }

    // --- the run --------------------------------------------------------------------------
    /**
     * @brief Compiles the profile, opens the CSV files and makes the Runner. False with
     *        @p errors (one sentence each) when the run cannot start: then stopReason() is
     *        CouldNotStart and result() says so.
     */
    bool prepare(QStringList *errors);
    /// Starts the prepared run; does nothing without a successful prepare() or when started.
    void start();
    /**
     * @brief Stops the run for @p reason (idempotent: the first reason and @p detail count),
     *        e.g. (Signal, "stopped by SIGINT (Ctrl+C) after 00:00:12").
     */
    void stop(StopReason reason, const QString &detail = {});

    /// The Runner after prepare() (nullptr before or when it failed): for live values, metrics
    /// and terminal keys. Owned by the session.
    [[nodiscard]] Runner *runner() const { return m_runner.get(); }
    /// The thresholds as judged (the profile's unless setThresholds()).
    [[nodiscard]] const QList<Threshold> &thresholds() const { return m_thresholds; }
    /// The abort monitor, or nullptr without setAbortOnThreshold().
    [[nodiscard]] const ThresholdMonitor *monitor() const { return m_monitor.get(); }
    /// Scrubs secrets out of text shown while the run goes on (metrics labels, the target);
    /// knows the `{{env.NAME}}` values only after prepare().
    [[nodiscard]] const Redactor &redactor() const { return m_builder->redactor(); }
    /// The load as run (setLoad() or the profile's).
    [[nodiscard]] const LoadSettings &load() const { return m_load; }
    /// Why the run ended; meaningful once finished() was emitted or prepare() failed.
    [[nodiscard]] StopReason stopReason() const { return m_stopReason; }
    /// True once finished() was emitted (or prepare() failed).
    [[nodiscard]] bool isFinished() const { return m_finished; }
    /// The result, built when the run finished (or prepare() failed).
    [[nodiscard]] const RunResult &result() const { return m_result; }

    /**
     * @brief After finished(): writes the final CSV files, the result JSON and the HTML report
     *        to the outputs that were set. Each failure adds a sentence to @p errors and the
     *        others are still written. True when every output was written.
     */
    bool writeOutputs(QStringList *errors);

    /// The result's end reason for a runner's stop reason.
    [[nodiscard]] static RunResult::EndReason endReasonOf(StopReason reason);

Q_SIGNALS:
    /// Once per second while the run goes on, after the CSV history row and the threshold check;
    /// not at the second a threshold aborted the run.
    void tick();
    /// Threshold @p index (of thresholds()) aborted the run: @p why is a sentence like
    /// "broken for 10 s (p95 over the last 10 s: 312 ms)". The run is stopping.
    void thresholdAborted(qsizetype index, const QString &why);
    /// The run is over, the stats final and result() built; outputs are not written yet.
    void finished(cicada::StopReason reason);

private:
    void onStatsUpdated();
    void onRunnerFinished(StopReason reason);

    Profile m_profile;
    QString m_profilePath;
    QString m_profileDirectory;
    LoadSettings m_load;
    RunnerOptions m_options;
    QList<Threshold> m_thresholds;
    std::optional<qint64> m_abortSustainMs;
    QString m_csvPrefix;
    bool m_csvFullHistory = false;
    OutputWriter m_jsonOutput;
    OutputWriter m_htmlOutput;

    std::unique_ptr<ResultBuilder> m_builder; ///< remade by prepare() with the environment
    std::unique_ptr<Runner> m_runner;
    std::unique_ptr<ThresholdMonitor> m_monitor;
    std::unique_ptr<LocustCsvWriter> m_csvWriter;
    StopReason m_stopReason = StopReason::Completed;
    bool m_stopRequested = false; ///< a reason (and detail) was recorded by stop()
    bool m_finished = false;
    RunResult m_result;
};

} // namespace cicada
