#pragma once

#include "chartfeed.h"
#include "engine/runnerstate.h"
#include "failuresmodel.h"
#include "healthfeed.h"
#include "nameseriesfeed.h"
#include "profile/profile.h"
#include "profiledocument.h"
#include "resultstore.h"
#include "statstablemodel.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QTimer>

#include <memory>

namespace cicada {

class MetricsServer;
class Redactor;
class Runner;
class RunSession;

/**
 * @brief The Run page's backend: starts the document's profile on a Runner, stops it, changes the
 *        user count live, and pulls a snapshot of the statistics once per second into the stats
 *        table, the failures table and the chart feed (never a signal per request).
 *
 * A Runner runs once; each start() makes a new one from the document's current profile and load.
 * When a run finishes and a ResultStore is set, the result is saved there.
 *
 * With metricsEnabled, each run serves live OpenMetrics/Prometheus text at
 * `http://127.0.0.1:metricsPort/metrics` (core/metrics, as `cicada-cli run --metrics-port`). The
 * endpoint listens from the start of a run until the setting is turned off or the next run needs
 * another port, so a scrape after the run still sees its final totals. A port that cannot be
 * listened on stops the run from starting (lastError says why).
 */
class RunController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(
        cicada::ProfileDocument *document READ document WRITE setDocument NOTIFY documentChanged)
    Q_PROPERTY(cicada::ResultStore *resultStore READ resultStore WRITE setResultStore NOTIFY
                   resultStoreChanged)
    Q_PROPERTY(cicada::StatsTableModel *stats READ stats CONSTANT)
    Q_PROPERTY(cicada::FailuresModel *failures READ failures CONSTANT)
    Q_PROPERTY(cicada::ChartFeed *chart READ chart CONSTANT)
    Q_PROPERTY(cicada::NameSeriesFeed *names READ names CONSTANT)
    Q_PROPERTY(cicada::HealthFeed *healthFeed READ healthFeed CONSTANT)
    Q_PROPERTY(QString state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool active READ isActive NOTIFY stateChanged)
    Q_PROPERTY(bool canStart READ canStart NOTIFY canStartChanged)
    Q_PROPERTY(QString startBlockedReason READ startBlockedReason NOTIFY canStartChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY snapshot)
    Q_PROPERTY(int userCount READ userCount NOTIFY snapshot)
    Q_PROPERTY(int targetUserCount READ targetUserCount NOTIFY snapshot)
    Q_PROPERTY(bool openModel READ isOpenModel NOTIFY openModelChanged)
    Q_PROPERTY(double arrivalRate READ arrivalRate NOTIFY snapshot)
    Q_PROPERTY(double elapsedMs READ elapsedMs NOTIFY snapshot)
    Q_PROPERTY(double runTimeMs READ runTimeMs NOTIFY snapshot)
    Q_PROPERTY(double totalRequests READ totalRequests NOTIFY snapshot)
    Q_PROPERTY(double currentRps READ currentRps NOTIFY snapshot)
    Q_PROPERTY(double failRatio READ failRatio NOTIFY snapshot)
    Q_PROPERTY(double p95Ms READ p95Ms NOTIFY snapshot)
    Q_PROPERTY(int threads READ threads NOTIFY snapshot)
    Q_PROPERTY(double cpuPercent READ cpuPercent NOTIFY snapshot)
    Q_PROPERTY(double loopLagMs READ loopLagMs NOTIFY snapshot)
    Q_PROPERTY(double lateStarts READ lateStarts NOTIFY snapshot)
    Q_PROPERTY(double droppedIterations READ droppedIterations NOTIFY snapshot)
    Q_PROPERTY(bool bottleneck READ isBottleneck NOTIFY snapshot)
    Q_PROPERTY(QString healthText READ healthText NOTIFY snapshot)
    Q_PROPERTY(QString healthTooltip READ healthTooltip NOTIFY snapshot)
    Q_PROPERTY(int threadOption READ threadOption WRITE setThreadOption NOTIFY threadOptionChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    Q_PROPERTY(QString lastResultPath READ lastResultPath NOTIFY finished)
    Q_PROPERTY(bool metricsEnabled READ metricsEnabled WRITE setMetricsEnabled NOTIFY
                   metricsSettingsChanged)
    Q_PROPERTY(int metricsPort READ metricsPort WRITE setMetricsPort NOTIFY metricsSettingsChanged)
    Q_PROPERTY(QString metricsUrl READ metricsUrl NOTIFY metricsUrlChanged)
public:
    static constexpr int kSnapshotIntervalMs = 1000;
    /// The open model's actual rate is measured over this many snapshots.
    static constexpr int kRateWindowSnapshots = 3;
    /// The metrics port offered first (that of OpenTelemetry's Prometheus exporter).
    static constexpr int kDefaultMetricsPort = 9464;

    explicit RunController(QObject *parent = nullptr);
    ~RunController() override;

    [[nodiscard]] ProfileDocument *document() const { return m_document; }
    void setDocument(ProfileDocument *document);
    [[nodiscard]] ResultStore *resultStore() const { return m_resultStore; }
    void setResultStore(ResultStore *store);
    [[nodiscard]] StatsTableModel *stats() const { return m_stats; }
    [[nodiscard]] FailuresModel *failures() const { return m_failures; }
    [[nodiscard]] ChartFeed *chart() const { return m_chart; }
    /** Per-name requests/s and percentiles of this run, one point per snapshot. */
    [[nodiscard]] NameSeriesFeed *names() const { return m_names; }
    /** The generator's CPU, loop lag and late starts of this run, one point per snapshot. */
    [[nodiscard]] HealthFeed *healthFeed() const { return m_healthFeed; }

    /** ready, spawning, running, stopping, stopped. */
    [[nodiscard]] QString state() const { return runnerStateName(m_state); }
    [[nodiscard]] RunnerState runnerState() const { return m_state; }
    /** Spawning, running or stopping. */
    [[nodiscard]] bool isActive() const;
    [[nodiscard]] bool canStart() const;
    [[nodiscard]] QString startBlockedReason() const;
    /** "Ready", "Spawning 120/200", "Running 02:14", "Stopping", "Finished 05:00". */
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] int userCount() const;
    [[nodiscard]] int targetUserCount() const;
    /** The run's (or, before one, the document's) load model is the open model. */
    [[nodiscard]] bool isOpenModel() const;
    /** Open model: the planned arrival rate now (iterations/s); 0 otherwise. */
    [[nodiscard]] double arrivalRate() const;
    [[nodiscard]] double elapsedMs() const;
    [[nodiscard]] double runTimeMs() const;
    [[nodiscard]] double totalRequests() const { return double(m_totalRequests); }
    [[nodiscard]] double currentRps() const { return m_currentRps; }
    [[nodiscard]] double failRatio() const { return m_failRatio; }
    [[nodiscard]] double p95Ms() const { return m_p95Ms; }
    [[nodiscard]] int threads() const;
    [[nodiscard]] double cpuPercent() const;
    [[nodiscard]] double loopLagMs() const;
    /** Open model: iterations of this run (or the last) that started late because the pool
     *  (maxConcurrent) was full; 0 in the closed model. */
    [[nodiscard]] double lateStarts() const;
    /** Open model: iterations of this run (or the last) dropped after waiting dropAfter for a
     *  free user; 0 in the closed model. */
    [[nodiscard]] double droppedIterations() const;
    [[nodiscard]] bool isBottleneck() const;
    /** Threads, CPU and loop lag; in the open model also late starts and drops. */
    [[nodiscard]] QString healthText() const;
    [[nodiscard]] QString healthTooltip() const;
    /** Worker threads for the next run; 0 = one per core. */
    [[nodiscard]] int threadOption() const { return m_threadOption; }
    void setThreadOption(int threads);
    [[nodiscard]] QString lastError() const { return m_lastError; }
    [[nodiscard]] QString lastResultPath() const { return m_lastResultPath; }
    /** Serve OpenMetrics during runs (off by default). Takes effect at the next start; turning
     *  it off between runs closes the endpoint. */
    [[nodiscard]] bool metricsEnabled() const { return m_metricsEnabled; }
    void setMetricsEnabled(bool enabled);
    /** The port metrics are served on; 0 = a free port (see metricsUrl). */
    [[nodiscard]] int metricsPort() const { return m_metricsPort; }
    void setMetricsPort(int port);
    /** `http://127.0.0.1:PORT/metrics` while the endpoint listens, else empty. */
    [[nodiscard]] QString metricsUrl() const;
    /** The current (or last) runner; nullptr before the first run. */
    [[nodiscard]] const Runner *runner() const { return m_runner; }

    /** Reads the metrics settings the user chose last time (QSettings "run/…"); from then on,
     *  changes are remembered. Tests that do not call it leave the user's settings alone. */
    Q_INVOKABLE void restoreSettings();
    /** Starts the document's profile with its load settings. @return false with lastError. */
    Q_INVOKABLE bool start();
    /** Stops the run (users run their on-stop steps). Idempotent. */
    Q_INVOKABLE void stop();
    /** Stops the run because the process got a signal (SIGTERM, a logout): the result says
     *  "interrupted" with @p detail, like `cicada-cli run`'s. */
    void interrupt(const QString &detail);
    /** Closed model: changes the number of users while running (at the profile's spawn rate). */
    Q_INVOKABLE void changeUsers(int users);
    /** Open model: changes the arrival rate (iterations per second, all user types) while
     *  running; replaces what the ramp or the stages would have done next. */
    Q_INVOKABLE void changeRate(double perSecond);
    /** Takes a snapshot now (normally done by the 1-s timer). */
    Q_INVOKABLE void pull();

Q_SIGNALS:
    void documentChanged();
    void openModelChanged();
    void resultStoreChanged();
    void stateChanged();
    void canStartChanged();
    void snapshot();
    void threadOptionChanged();
    void lastErrorChanged();
    void metricsSettingsChanged();
    void metricsUrlChanged();
    /** The run is over and its statistics are final (and saved when a ResultStore is set). */
    void finished();

private:
    void onRunnerState(RunnerState state);
    void onRunnerFinished();
    void setLastError(const QString &error);
    void recordIterationRate();
    /** Listens for metrics when enabled (keeps a listener on the right port). False with
     *  lastError when the port cannot be used. */
    bool startMetrics();
    void stopMetrics();

    QPointer<ProfileDocument> m_document;
    QPointer<ResultStore> m_resultStore;
    StatsTableModel *m_stats;
    FailuresModel *m_failures;
    ChartFeed *m_chart;
    NameSeriesFeed *m_names;
    HealthFeed *m_healthFeed;
    RunSession *m_session = nullptr; ///< the current (or last) run; owns m_runner
    Runner *m_runner = nullptr;
    Profile m_runProfile; ///< the profile as it was started
    QString m_runProfilePath;
    RunnerState m_state = RunnerState::Ready;
    QTimer m_pullTimer;
    int m_threadOption = 0;
    qint64 m_totalRequests = 0;
    double m_currentRps = 0;
    double m_failRatio = 0;
    double m_p95Ms = 0;
    QString m_lastError;
    QString m_lastResultPath;
    QList<QPointF> m_rateSeries; ///< open model: iterations started per second, per snapshot
    /// (elapsed ms, iterations started) of the last snapshots, for the rate
    QList<QPair<qint64, qint64>> m_iterationSamples;
    bool m_rememberSettings = false;
    bool m_metricsEnabled = false;
    int m_metricsPort = kDefaultMetricsPort;
    std::unique_ptr<Redactor> m_redactor; ///< scrubs metric labels of the current run
    std::unique_ptr<MetricsServer> m_metrics;
};

} // namespace cicada
