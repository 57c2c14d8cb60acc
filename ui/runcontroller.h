#pragma once

#include "chartfeed.h"
#include "engine/runnerstate.h"
#include "failuresmodel.h"
#include "profile/profile.h"
#include "profiledocument.h"
#include "resultstore.h"
#include "statstablemodel.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QTimer>

namespace cicada {

class Runner;

/**
 * @brief The Run page's backend: starts the document's profile on a Runner, stops it, changes the
 *        user count live, and pulls a snapshot of the statistics once per second into the stats
 *        table, the failures table and the chart feed (never a signal per request).
 *
 * A Runner runs once; each start() makes a new one from the document's current profile and load.
 * When a run finishes and a ResultStore is set, the result is saved there.
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
    Q_PROPERTY(QString state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool active READ isActive NOTIFY stateChanged)
    Q_PROPERTY(bool canStart READ canStart NOTIFY canStartChanged)
    Q_PROPERTY(QString startBlockedReason READ startBlockedReason NOTIFY canStartChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY snapshot)
    Q_PROPERTY(int userCount READ userCount NOTIFY snapshot)
    Q_PROPERTY(int targetUserCount READ targetUserCount NOTIFY snapshot)
    Q_PROPERTY(double elapsedMs READ elapsedMs NOTIFY snapshot)
    Q_PROPERTY(double runTimeMs READ runTimeMs NOTIFY snapshot)
    Q_PROPERTY(double totalRequests READ totalRequests NOTIFY snapshot)
    Q_PROPERTY(double currentRps READ currentRps NOTIFY snapshot)
    Q_PROPERTY(double failRatio READ failRatio NOTIFY snapshot)
    Q_PROPERTY(double p95Ms READ p95Ms NOTIFY snapshot)
    Q_PROPERTY(int threads READ threads NOTIFY snapshot)
    Q_PROPERTY(double cpuPercent READ cpuPercent NOTIFY snapshot)
    Q_PROPERTY(double loopLagMs READ loopLagMs NOTIFY snapshot)
    Q_PROPERTY(bool bottleneck READ isBottleneck NOTIFY snapshot)
    Q_PROPERTY(QString healthText READ healthText NOTIFY snapshot)
    Q_PROPERTY(QString healthTooltip READ healthTooltip NOTIFY snapshot)
    Q_PROPERTY(int threadOption READ threadOption WRITE setThreadOption NOTIFY threadOptionChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    Q_PROPERTY(QString lastResultPath READ lastResultPath NOTIFY finished)
public:
    static constexpr int kSnapshotIntervalMs = 1000;

    explicit RunController(QObject *parent = nullptr);
    ~RunController() override;

    [[nodiscard]] ProfileDocument *document() const { return m_document; }
    void setDocument(ProfileDocument *document);
    [[nodiscard]] ResultStore *resultStore() const { return m_resultStore; }
    void setResultStore(ResultStore *store);
    [[nodiscard]] StatsTableModel *stats() const { return m_stats; }
    [[nodiscard]] FailuresModel *failures() const { return m_failures; }
    [[nodiscard]] ChartFeed *chart() const { return m_chart; }

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
    [[nodiscard]] double elapsedMs() const;
    [[nodiscard]] double runTimeMs() const;
    [[nodiscard]] double totalRequests() const { return double(m_totalRequests); }
    [[nodiscard]] double currentRps() const { return m_currentRps; }
    [[nodiscard]] double failRatio() const { return m_failRatio; }
    [[nodiscard]] double p95Ms() const { return m_p95Ms; }
    [[nodiscard]] int threads() const;
    [[nodiscard]] double cpuPercent() const;
    [[nodiscard]] double loopLagMs() const;
    [[nodiscard]] bool isBottleneck() const;
    [[nodiscard]] QString healthText() const;
    [[nodiscard]] QString healthTooltip() const;
    /** Worker threads for the next run; 0 = one per core. */
    [[nodiscard]] int threadOption() const { return m_threadOption; }
    void setThreadOption(int threads);
    [[nodiscard]] QString lastError() const { return m_lastError; }
    [[nodiscard]] QString lastResultPath() const { return m_lastResultPath; }
    /** The current (or last) runner; nullptr before the first run. */
    [[nodiscard]] const Runner *runner() const { return m_runner; }

    /** Starts the document's profile with its load settings. @return false with lastError. */
    Q_INVOKABLE bool start();
    /** Stops the run (users run their on-stop steps). Idempotent. */
    Q_INVOKABLE void stop();
    /** Changes the number of users while running (at the profile's spawn rate). */
    Q_INVOKABLE void changeUsers(int users);
    /** Takes a snapshot now (normally done by the 1-s timer). */
    Q_INVOKABLE void pull();

Q_SIGNALS:
    void documentChanged();
    void resultStoreChanged();
    void stateChanged();
    void canStartChanged();
    void snapshot();
    void threadOptionChanged();
    void lastErrorChanged();
    /** The run is over and its statistics are final (and saved when a ResultStore is set). */
    void finished();

private:
    void onRunnerState(RunnerState state);
    void onRunnerFinished();
    void setLastError(const QString &error);

    QPointer<ProfileDocument> m_document;
    QPointer<ResultStore> m_resultStore;
    StatsTableModel *m_stats;
    FailuresModel *m_failures;
    ChartFeed *m_chart;
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
};

} // namespace cicada
