#pragma once

#include "distributed/locustworkeroptions.h"
#include "distributed/processmetrics.h"
#include "distributed/statsaccumulator.h"
#include "distributed/userclassmapping.h"
#include "distributed/workerstate.h"
#include "engine/runner.h"
#include "engine/stopreason.h"
#include "profile/profile.h"
#include "redact/secretscrubber.h"
#include "run/runsession.h"
#include "stats/stats.h"

#include <QElapsedTimer>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QVariant>

#include <memory>

namespace cicada {

class ZmqDealer;

/**
 * @brief Runs a profile as a worker of a real Locust master (DESIGN §10, locust-protocol.md).
 *
 * Connects a ZeroMQ DEALER whose identity is the node id `<hostname>_<uuid hex>`, registers with
 * `client_ready` (version -1, resent every 5 s until `ack`), then follows the master: `spawn`
 * sets absolute per-class user counts (stale timestamps are discarded; class names map to the
 * profile's user types by name, unknown ones by weight with one warning), `stop` stops the users
 * and answers `client_stopped` + `client_ready`, `quit` (repeats ignored) sends a final report
 * and finishes, `reconnect` reopens the socket, unknown types are logged and ignored.
 * Heartbeats go out every second and stats deltas every 3 s, in Locust's StatsEntry format.
 *
 * Each test (from the first `spawn` after `ack` or `stop` until the next `stop`) gets a fresh
 * RunSession (the profile compiled with the master's host, a closed-model Runner, no outputs:
 * the numbers go to the master, not to files); its runner's per-thread deltas are collected here
 * for the 3-s reports and never touch anything the runner owns. The final delta of a test is
 * reported before `client_stopped`, so a stopped test's numbers reach the master before it can
 * start the next test (which clears its stats).
 *
 * A lost connection (the master exited or restarted) stops the users and goes back to
 * connecting; the worker gives up with exit code 2 after options.connectTimeoutMs without a
 * master. Lives in one thread (the CLI's main thread); the socket is served by that thread's
 * event loop and never blocks it.
 */
class LocustWorker final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kHeartbeatIntervalS = 1;       ///< Locust HEARTBEAT_INTERVAL
    static constexpr int kStatsReportIntervalS = 3;     ///< Locust WORKER_REPORT_INTERVAL
    static constexpr int kClientReadyRetryS = 5;        ///< Locust CONNECT_TIMEOUT
    static constexpr int kMasterHeartbeatTimeoutS = 60; ///< Locust 2.19+ MASTER_HEARTBEAT_TIMEOUT
    /** After `quit`, how long users may take to stop before the final report goes anyway: the
     *  master waits only 0.5 s for final reports before it exits. */
    static constexpr int kQuitFlushDeadlineMs = 300;
    /** How long the last messages may take to leave the socket at exit. */
    static constexpr int kSocketLingerMs = 1000;
    /** While connecting, how often "still waiting" is printed. */
    static constexpr int kWaitingNoticeIntervalS = 10;
    /** Undecodable messages from the master shown one by one; later ones are only counted. */
    static constexpr int kUndecodableLogLines = 3;
    /** How often the count of undecodable messages is printed while they keep coming. */
    static constexpr int kUndecodableSummaryIntervalS = 10;
    /** Users one worker process runs at most, whatever the master asks (and the open-file
     *  limit allows): beyond this, a master's typo is more likely than a plan. */
    static constexpr qint64 kMaxUsersPerWorker = 1'000'000;

    LocustWorker(Profile profile, LocustWorkerOptions options, QObject *parent = nullptr);
    ~LocustWorker() override;

    /** Compiles the profile and starts connecting. False (and @p error) when it cannot start. */
    [[nodiscard]] bool start(QString *error);
    /** Local shutdown (Ctrl+C): stops the users (StopReason::Signal), sends the final report and
     *  `quit` when registered, then finished(0). Idempotent. */
    void shutdown();

    [[nodiscard]] WorkerState state() const { return m_state; }
    [[nodiscard]] const QString &nodeId() const { return m_nodeId; }
    /** The master's 0-based index of this worker (from `ack`), -1 before. */
    [[nodiscard]] int workerIndex() const { return m_workerIndex; }
    /** Everything reported to the master in `stats` messages, over all tests. */
    [[nodiscard]] const Stats &reported() const { return m_reported; }
    /** The current test's runner (users, generator health); nullptr between tests. */
    [[nodiscard]] const Runner *runner() const { return m_session ? m_session->runner() : nullptr; }
    /** Requests recorded but never reported (e.g. finished after the final report). */
    [[nodiscard]] qint64 unreportedRequests() const { return m_accumulator.requestCount(); }

    /** A fresh node id: `<hostname>_<32 lowercase hex>`, like Locust's workers. */
    [[nodiscard]] static QString makeNodeId();

Q_SIGNALS:
    /** A line for the operator (progress, warnings, errors). */
    void logMessage(const QString &line);
    void stateChanged(cicada::WorkerState state);
    /** The worker is done: exit code 0 (quit or shutdown) or 2 (no master within the timeout,
     *  or the socket could not be used). Emitted once, queued. */
    void finished(int exitCode);

private:
    /** What follows when the current test's users have stopped. */
    enum class AfterStop
    {
        None,
        ReportReady, ///< the master's stop: final stats, client_stopped, client_ready
        Quit,        ///< the master's quit or a local shutdown: the final report, then done
        Reconnect    ///< the connection was lost: register again when a master is back
    };

    /** Emits logMessage() with the line scrubbed of secrets (a URL with a password, ...). */
    void log(const QString &line);
    void setState(WorkerState state);
    void onReceived(const QByteArray &payload);
    void onConnectedChanged(bool connected);
    void onConnectTick();
    void onHeartbeatTick();
    void onStatsTick();
    void handleAck(const QVariant &data);
    void handleSpawn(const QVariant &data);
    /** The master's per-class counts as ints, scaled down (with a warning to the operator and
     *  an exception to the master) to what this process can run. */
    QMap<QString, int> cappedCounts(const QVariant &classes);
    void handleStop();
    void handleQuit();
    void handleReconnect();
    /** Starts a test's RunSession; false (logged, and sent to the master) when the profile no
     *  longer compiles. */
    bool startTest(const QString &host);
    /** A session for @p profile, prepared; nullptr with @p errors when it cannot start. */
    RunSession *prepareSession(const Profile &profile, QStringList *errors);
    /** Stops the current test's users for @p reason; @p then says what follows. */
    void stopTest(AfterStop then, StopReason reason, const QString &detail);
    void onDeltaMerged(const StatsDelta &delta);
    void onSessionFinished(StopReason reason);
    void beginConnecting();
    void loseConnection(const QString &why);
    void beginQuit(bool sendQuitMessage, StopReason reason, const QString &detail);
    void finishQuit();
    void fail(const QString &message);
    bool send(const QString &type, const QVariant &data);
    void sendClientReady();
    void sendHeartbeat();
    void sendStats();
    void sendException(const QString &message, const QString &traceback);
    [[nodiscard]] int engineThreads() const;
    /** Where feeder files are looked for: the profile's directory (empty: the current one). */
    [[nodiscard]] QString profileDirectory() const;

    Profile m_profile;
    LocustWorkerOptions m_options;
    UserClassMapping m_mapping;
    QString m_nodeId;
    ZmqDealer *m_dealer = nullptr;   ///< child
    RunSession *m_session = nullptr; ///< child; one per test, owns the test's Runner
    SecretScrubber m_scrubber;       ///< log lines and exception messages; stats come scrubbed
    StatsAccumulator m_accumulator;
    Stats m_reported;
    ProcessMetrics m_metrics;

    WorkerState m_state = WorkerState::Connecting;
    AfterStop m_afterStop = AfterStop::None;
    bool m_registered = false; ///< acked and the connection has not dropped since
    bool m_quitRequested = false;
    bool m_sendQuitMessage = false;
    int m_exitCode = 0;
    int m_workerIndex = -1;
    double m_lastSpawnTimestamp = 0;   ///< epoch seconds of the last accepted spawn
    QMap<QString, int> m_masterCounts; ///< the master's per-class counts of the current test
    QSet<QString> m_warnedUnknownClasses;
    QSet<ErrorKey> m_exceptionsSent; ///< scenario errors already sent in this test
    QSet<QString> m_unknownTypesLogged;
    int m_socketsPerUser = 1;
    qint64 m_undecodable = 0;         ///< undecodable messages from the master
    qint64 m_undecodableReported = 0; ///< m_undecodable at the last summary line
    QElapsedTimer m_undecodableClock; ///< since the last summary line

    QTimer m_heartbeatTimer;
    QTimer m_statsTimer;
    QTimer m_connectTimer;
    QTimer m_quitDeadline;
    QElapsedTimer m_connectClock; ///< since connecting began
    QTimer m_clientReadyRetry;    ///< resends client_ready until the ack
    QElapsedTimer m_masterHeartbeatClock;
    bool m_masterHeartbeatSeen = false;
    qint64 m_lastWaitingNoticeS = 0;
};

} // namespace cicada
