#include "distributed/locustworker.h"

#include "distributed/hostoverride.h"
#include "distributed/locustmessage.h"
#include "distributed/locuststatsencoder.h"
#include "distributed/msgpackwriter.h"
#include "distributed/scenarioerror.h"
#include "distributed/zmqdealer.h"
#include "engine/compiledprofile.h"
#include "engine/fdlimit.h"
#include "engine/runner.h"
#include "run/runsession.h"

#include <QDateTime>
#include <QFileInfo>
#include <QSysInfo>
#include <QThread>
#include <QUuid>

#include <algorithm>
#include <cmath>
#include <utility>

namespace cicada {

namespace {

constexpr int kMsPerS = 1000;
/// A stop timeout longer than a day is a mistake; QTimer cannot time more than 24.8 days.
constexpr int kMaxStopTimeoutS = 24 * 3600;
/// The connect timer ticks this often while connecting (retry, deadline, notices).
constexpr int kConnectTickMs = 1000;

QList<QPair<QString, int>> userTypesOf(const Profile &profile)
{
    QList<QPair<QString, int>> types;
    for (const UserType &type : profile.userTypes)
        types.append({type.name, type.weight});
    return types;
}

qint64 stopTimeoutMsOf(const QVariant &seconds)
{
    bool ok = false;
    const double s = seconds.toDouble(&ok);
    if (!ok || !std::isfinite(s) || s <= 0)
        return 0;
    return qint64(std::min(s, double(kMaxStopTimeoutS)) * kMsPerS);
}

QList<int> fixedCountsOf(const Profile &profile)
{
    QList<int> counts;
    for (const UserType &type : profile.userTypes)
        counts.append(type.fixedCount);
    return counts;
}

QString describeCounts(const QMap<QString, int> &counts)
{
    QStringList parts;
    int total = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        parts << QStringLiteral("%1=%2").arg(it.key()).arg(it.value());
        total += it.value();
    }
    return QStringLiteral("%1 (%2 users)").arg(parts.join(QLatin1Char(' '))).arg(total);
}

} // namespace

LocustWorker::LocustWorker(Profile profile, LocustWorkerOptions options, QObject *parent)
    : QObject(parent), m_profile(std::move(profile)), m_options(std::move(options)),
      m_mapping(userTypesOf(m_profile), fixedCountsOf(m_profile)), m_nodeId(makeNodeId())
{
    m_heartbeatTimer.setInterval(kHeartbeatIntervalS * kMsPerS);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &LocustWorker::onHeartbeatTick);
    m_statsTimer.setInterval(kStatsReportIntervalS * kMsPerS);
    connect(&m_statsTimer, &QTimer::timeout, this, &LocustWorker::onStatsTick);
    m_connectTimer.setInterval(kConnectTickMs);
    connect(&m_connectTimer, &QTimer::timeout, this, &LocustWorker::onConnectTick);
    m_clientReadyRetry.setSingleShot(true);
    m_clientReadyRetry.setInterval(kClientReadyRetryS * kMsPerS);
    connect(&m_clientReadyRetry, &QTimer::timeout, this, [this] {
        if (m_state == WorkerState::Connecting && !m_session && m_dealer->isConnected())
            sendClientReady();
    });
    m_quitDeadline.setSingleShot(true);
    connect(&m_quitDeadline, &QTimer::timeout, this, &LocustWorker::finishQuit);
}

LocustWorker::~LocustWorker()
{
    // The session (a child) joins its runner's threads in its destructor if it still runs.
    if (m_dealer)
        m_dealer->close(0);
}

QString LocustWorker::makeNodeId()
{
    QString host = QSysInfo::machineHostName();
    if (host.isEmpty())
        host = QStringLiteral("localhost");
    return host + QLatin1Char('_') + QUuid::createUuid().toString(QUuid::Id128).toLower();
}

int LocustWorker::engineThreads() const
{
    return m_options.runner.threads > 0 ? m_options.runner.threads
                                        : std::max(1, QThread::idealThreadCount());
}

QString LocustWorker::profileDirectory() const
{
    return m_options.profilePath.isEmpty() ? QString()
                                           : QFileInfo(m_options.profilePath).absolutePath();
}

bool LocustWorker::start(QString *error)
{
    // Compiled here to refuse a broken profile before connecting; each test compiles it again
    // (RunSession), with the master's host.
    QStringList errors;
    const std::shared_ptr<const CompiledProfile> compiled =
        CompiledProfile::compile(m_profile, &errors, profileDirectory());
    if (!compiled) {
        *error = errors.join(QLatin1Char('\n'));
        return false;
    }
    m_scrubber = SecretScrubber(m_profile, compiled->environment);
    m_socketsPerUser = FdLimit::socketsPerUser(m_profile);
    if (m_profile.userTypes.isEmpty()) {
        *error = QStringLiteral("the profile has no user types to run");
        return false;
    }
    const QString endpoint =
        QStringLiteral("tcp://%1:%2").arg(m_options.masterHost).arg(m_options.masterPort);
    m_dealer = new ZmqDealer(m_nodeId, endpoint, this);
    connect(m_dealer, &ZmqDealer::received, this, &LocustWorker::onReceived);
    connect(m_dealer, &ZmqDealer::connectedChanged, this, &LocustWorker::onConnectedChanged);
    connect(m_dealer, &ZmqDealer::failed, this, &LocustWorker::fail);
    if (!m_dealer->open(error))
        return false;
    m_heartbeatTimer.start();
    m_statsTimer.start();
    log(QStringLiteral("worker %1: waiting for the Locust master at %2").arg(m_nodeId, endpoint));
    beginConnecting();
    return true;
}

void LocustWorker::log(const QString &line)
{
    Q_EMIT logMessage(m_scrubber.scrub(line));
}

void LocustWorker::setState(WorkerState state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

// --- connection -----------------------------------------------------------------------------

void LocustWorker::beginConnecting()
{
    m_registered = false;
    setState(WorkerState::Connecting);
    m_connectClock.start();
    m_lastWaitingNoticeS = 0;
    m_connectTimer.start();
    if (m_dealer->isConnected() && !m_session)
        sendClientReady();
}

void LocustWorker::loseConnection(const QString &why)
{
    if (m_state == WorkerState::Quitting || m_state == WorkerState::Done)
        return;
    log(why);
    m_masterCounts.clear();
    if (m_session)
        stopTest(AfterStop::Reconnect, StopReason::User, why);
    if (m_state != WorkerState::Done && m_state != WorkerState::Quitting)
        beginConnecting();
}

void LocustWorker::onConnectedChanged(bool connected)
{
    if (connected) {
        if (m_state == WorkerState::Connecting && !m_session) {
            log(QStringLiteral("connected to %1; registering").arg(m_dealer->endpoint()));
            sendClientReady();
        }
        return;
    }
    if (m_registered)
        loseConnection(QStringLiteral("lost the connection to the master at %1; users stop, and "
                                      "the worker registers again when a master is back")
                           .arg(m_dealer->endpoint()));
}

void LocustWorker::onConnectTick()
{
    if (m_state != WorkerState::Connecting) {
        m_connectTimer.stop();
        return;
    }
    const qint64 waitedMs = m_connectClock.elapsed();
    if (m_options.connectTimeoutMs > 0 && waitedMs >= m_options.connectTimeoutMs) {
        fail(QStringLiteral("no Locust master answered at %1 within %2 s. Is `locust --master` "
                            "running there? Check --master-host/--master-port here and the "
                            "master's --master-bind-host/--master-bind-port.")
                 .arg(m_dealer->endpoint())
                 .arg(double(m_options.connectTimeoutMs) / kMsPerS));
        return;
    }
    if (m_session)
        return; // the previous test's users are still stopping
    if (m_dealer->isConnected() && !m_clientReadyRetry.isActive())
        sendClientReady(); // connected, but the last client_ready went out before that
    const qint64 waitedS = waitedMs / kMsPerS;
    if (waitedS >= m_lastWaitingNoticeS + kWaitingNoticeIntervalS) {
        m_lastWaitingNoticeS = waitedS;
        log(QStringLiteral("still waiting for the master at %1 (%2 s%3)")
                .arg(m_dealer->endpoint())
                .arg(waitedS)
                .arg(m_options.connectTimeoutMs > 0 ? QStringLiteral(", giving up after %1 s")
                                                          .arg(m_options.connectTimeoutMs / kMsPerS)
                                                    : QString()));
    }
}

// --- messages from the master ---------------------------------------------------------------

void LocustWorker::onReceived(const QByteArray &payload)
{
    if (m_state == WorkerState::Done)
        return;
    QString error;
    const std::optional<LocustMessage> message = LocustMessage::decode(payload, &error);
    if (!message) {
        // A broken or hostile master can send thousands: a few lines, then a count.
        ++m_undecodable;
        if (m_undecodable <= kUndecodableLogLines)
            log(QStringLiteral("ignoring an undecodable message from the master: %1%2")
                    .arg(error, m_undecodable == kUndecodableLogLines
                                    ? QStringLiteral(" (further ones are counted, not shown)")
                                    : QString()));
        return;
    }
    const QString &type = message->type;
    if (type == QLatin1String("ack"))
        handleAck(message->data);
    else if (type == QLatin1String("spawn"))
        handleSpawn(message->data);
    else if (type == QLatin1String("stop"))
        handleStop();
    else if (type == QLatin1String("quit"))
        handleQuit();
    else if (type == QLatin1String("reconnect"))
        handleReconnect();
    else if (type == QLatin1String("heartbeat")) {
        // Locust 2.19+ answers every heartbeat; 2.12 never does.
        m_masterHeartbeatSeen = true;
        m_masterHeartbeatClock.start();
    } else if (!m_unknownTypesLogged.contains(type)) {
        m_unknownTypesLogged.insert(type);
        log(QStringLiteral("ignoring '%1' messages from the master (unknown to this worker)")
                .arg(type));
    }
}

void LocustWorker::handleAck(const QVariant &data)
{
    // A second ack follows every stop → client_ready cycle: only the first one matters.
    if (m_state != WorkerState::Connecting)
        return;
    m_workerIndex = data.toMap().value(QStringLiteral("index"), -1).toInt();
    m_registered = true;
    m_lastSpawnTimestamp = 0; // a restarted master starts a new timeline
    m_masterHeartbeatSeen = false;
    m_connectTimer.stop();
    m_clientReadyRetry.stop();
    setState(WorkerState::Ready);
    log(QStringLiteral("registered with the master at %1 as %2 (worker index %3); "
                       "ready")
            .arg(m_dealer->endpoint(), m_nodeId)
            .arg(m_workerIndex));
    sendHeartbeat();
}

void LocustWorker::handleSpawn(const QVariant &data)
{
    if (!m_registered || m_state == WorkerState::Quitting || m_state == WorkerState::Done) {
        log(QStringLiteral("ignoring a spawn message while %1").arg(workerStateName(m_state)));
        return;
    }
    if (m_state == WorkerState::Stopping) {
        log(QStringLiteral("ignoring a spawn message while users are stopping"));
        return;
    }
    const QVariantMap job = data.toMap();
    const double timestamp = job.value(QStringLiteral("timestamp")).toDouble();
    if (timestamp <= m_lastSpawnTimestamp) {
        log(QStringLiteral("discarding a spawn message older than the last one "
                           "(timestamp %1 <= %2)")
                .arg(timestamp, 0, 'f', 6)
                .arg(m_lastSpawnTimestamp, 0, 'f', 6));
        return;
    }
    m_lastSpawnTimestamp = timestamp;
    send(QStringLiteral("spawning"), QVariant());

    QMap<QString, int> counts = cappedCounts(job.value(QStringLiteral("user_classes_count")));

    if (!m_session && !startTest(job.value(QStringLiteral("host")).toString()))
        return; // nothing runs: the master has the exception
    Runner *runner = m_session->runner();
    // The master's --stop-timeout comes with every spawn (nil = stop users at once); it also
    // applies to users stopped by a lower count in a later spawn.
    runner->setStopTimeoutMs(stopTimeoutMsOf(job.value(QStringLiteral("stop_timeout"))));

    const UserClassMapping::Result mapped = m_mapping.map(counts);
    const QString unknown = mapped.unknownClasses.join(QStringLiteral(", "));
    if (!mapped.unknownClasses.isEmpty() && !m_warnedUnknownClasses.contains(unknown)) {
        m_warnedUnknownClasses.insert(unknown);
        log(QStringLiteral("warning: the master's user classes %1 are not user types of this "
                           "profile (%2); their users are split by the profile's weights. "
                           "Start the master with the locustfile from `cicada-cli locustfile "
                           "PROFILE` to map classes to user types by name.")
                .arg(unknown, m_mapping.userTypeNames().join(QStringLiteral(", "))));
    }

    setState(WorkerState::Spawning);
    runner->setUserCounts(mapped.countsByType, 0); // the master drives the ramp
    m_masterCounts = counts;
    int users = 0;
    QVariantMap echoed;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        echoed.insert(it.key(), it.value());
        users += it.value();
    }
    send(QStringLiteral("spawning_complete"),
         QVariantMap{{QStringLiteral("user_classes_count"), echoed},
                     {QStringLiteral("user_count"), users}});
    setState(WorkerState::Running);
    log(QStringLiteral("users: %1").arg(describeCounts(mapped.countsByType)));
}

QMap<QString, int> LocustWorker::cappedCounts(const QVariant &classesValue)
{
    // Counts arrive as any msgpack number: 1e12 must not wrap to 0 (or to a negative int).
    const QVariantMap classes = classesValue.toMap();
    QMap<QString, double> asked;
    double total = 0;
    for (auto it = classes.cbegin(); it != classes.cend(); ++it) {
        const double n = it.value().toDouble();
        asked.insert(it.key(), std::isfinite(n) && n > 0 ? std::floor(n) : 0);
        total += asked.value(it.key());
    }
    const qint64 capacity =
        std::min<qint64>(FdLimit::userCapacity(m_socketsPerUser), kMaxUsersPerWorker);
    const double scale = total > double(capacity) ? double(capacity) / total : 1.0;
    QMap<QString, int> counts;
    for (auto it = asked.cbegin(); it != asked.cend(); ++it)
        counts.insert(it.key(), int(std::floor(it.value() * scale + 1e-6)));
    if (scale < 1.0) {
        const QString why =
            QStringLiteral("the master asked this worker for %1 users; it runs at most %2 (%3): "
                           "running %2. %4")
                .arg(QString::number(total, 'f', 0))
                .arg(capacity)
                .arg(capacity == kMaxUsersPerWorker
                         ? QStringLiteral("Cicada's limit per worker process")
                         : QStringLiteral("open-file limit %1, %2 socket(s) per user")
                               .arg(FdLimit::softLimit())
                               .arg(m_socketsPerUser))
                .arg(QStringLiteral("Start more workers for more users."));
        log(QStringLiteral("warning: %1").arg(why));
        sendException(why, QStringLiteral("  spawn message from the master: %1 users\n")
                               .arg(QString::number(total, 'f', 0)));
    }
    return counts;
}

bool LocustWorker::startTest(const QString &host)
{
    RunSession *session = nullptr;
    QStringList errors;
    if (!host.trimmed().isEmpty()) {
        Profile profile = m_profile;
        QString error;
        if (!HostOverride::apply(&profile.target, host, &error)) {
            log(QStringLiteral("warning: %1").arg(error));
            sendException(error, QStringLiteral("  host sent by the master: %1\n").arg(host));
        } else if (!(session = prepareSession(profile, &errors))) {
            error = QStringLiteral("the profile does not compile with the master's host '%1': %2")
                        .arg(host, errors.join(QStringLiteral("; ")));
            log(QStringLiteral("warning: %1").arg(error));
            sendException(error, QStringLiteral("  host sent by the master: %1\n").arg(host));
        } else if (profile.target.baseUrl != m_profile.target.baseUrl ||
                   profile.target.brokerUrl != m_profile.target.brokerUrl) {
            log(QStringLiteral("target from the master's host: %1 %2")
                    .arg(profile.target.baseUrl, profile.target.brokerUrl));
        }
    }
    // The profile as written compiled in start(); it fails here only when a feeder file
    // changed on disk since.
    if (!session && !(session = prepareSession(m_profile, &errors))) {
        const QString error = QStringLiteral("the profile does not compile any more: %1")
                                  .arg(errors.join(QStringLiteral("; ")));
        log(QStringLiteral("error: %1").arg(error));
        sendException(error, QStringLiteral("  profile: %1\n").arg(m_options.profilePath));
        return false;
    }
    const qint64 dropped = m_accumulator.restart(QDateTime::currentMSecsSinceEpoch());
    if (dropped > 0)
        log(QStringLiteral("discarding %1 requests recorded before this test").arg(dropped));
    m_exceptionsSent.clear();
    m_session = session;
    connect(session->runner(), &Runner::deltaMerged, this, &LocustWorker::onDeltaMerged);
    connect(session, &RunSession::finished, this, &LocustWorker::onSessionFinished);
    session->start();
    log(QStringLiteral("test started"));
    return true;
}

RunSession *LocustWorker::prepareSession(const Profile &profile, QStringList *errors)
{
    // Each test compiles afresh, so it starts with every feeder row unused. No CSV prefix, no
    // JSON or HTML writer, and writeOutputs() is never called: the master gets the numbers.
    auto *session = new RunSession(profile, m_options.profilePath, profileDirectory(), this);
    RunnerOptions runnerOptions = m_options.runner;
    runnerOptions.closedModelOnly = true; // the master's user counts drive, not arrival rates
    session->setRunnerOptions(runnerOptions);
    LoadSettings load;
    load.users = 0; // counts come from setUserCounts()
    load.spawnRate = 1;
    load.runTimeMs = 0; // the master keeps the run time
    session->setLoad(load);
    if (!session->prepare(errors)) {
        delete session;
        return nullptr;
    }
    return session;
}

void LocustWorker::stopTest(AfterStop then, StopReason reason, const QString &detail)
{
    // The last caller decides what follows (a quit during a master's stop quits); the session
    // keeps the first reason.
    m_afterStop = then;
    m_session->stop(reason, detail);
}

void LocustWorker::handleStop()
{
    if (!m_registered || m_state == WorkerState::Quitting || m_state == WorkerState::Done)
        return;
    if (m_state == WorkerState::Stopping)
        return;
    log(QStringLiteral("the master stopped the test"));
    if (!m_session) {
        sendStats();
        send(QStringLiteral("client_stopped"), QVariant());
        sendClientReady();
        setState(WorkerState::Ready);
        return;
    }
    setState(WorkerState::Stopping);
    if (const qint64 timeoutMs = m_session->runner()->stopTimeoutMs(); timeoutMs > 0)
        log(QStringLiteral("running iterations may finish for up to %1 s (the master's "
                           "--stop-timeout)")
                .arg(double(timeoutMs) / kMsPerS));
    stopTest(AfterStop::ReportReady, StopReason::User,
             QStringLiteral("the master stopped the test"));
}

void LocustWorker::handleQuit()
{
    if (m_quitRequested)
        return; // the 2.12 master sends quit from several shutdown paths
    log(QStringLiteral("the master asked this worker to quit"));
    beginQuit(true, StopReason::User, QStringLiteral("the master asked this worker to quit"));
}

void LocustWorker::handleReconnect()
{
    log(QStringLiteral("the master asked for a new connection (it could not decode "
                       "a message); reopening the socket"));
    m_dealer->reopen();
}

// --- the runner -----------------------------------------------------------------------------

void LocustWorker::onDeltaMerged(const StatsDelta &delta)
{
    m_accumulator.add(delta);
    if (!m_registered)
        return;
    for (auto it = delta.errors.cbegin(); it != delta.errors.cend(); ++it) {
        const ErrorKey &key = it.key();
        if (!ScenarioError::isScenarioError(key.error) || m_exceptionsSent.contains(key))
            continue;
        m_exceptionsSent.insert(key);
        sendException(QStringLiteral("%1 %2: %3").arg(key.type, key.name, key.error),
                      QStringLiteral("  Profile \"%1\", step \"%2\" (%3)\n    %4\n")
                          .arg(m_options.profilePath, key.name, key.type, key.error));
    }
}

void LocustWorker::onSessionFinished(StopReason reason)
{
    RunSession *session = std::exchange(m_session, nullptr);
    session->runner()->disconnect(this);
    session->disconnect(this);
    session->deleteLater();
    const AfterStop then = std::exchange(m_afterStop, AfterStop::None);
    m_masterCounts.clear();
    const QString ended = QStringLiteral("users stopped (reason: %1)").arg(stopReasonName(reason));
    switch (then) {
    case AfterStop::ReportReady:
        // The test's last numbers go out before client_stopped: the master clears its stats
        // when the next test starts, which can only happen after our client_ready.
        sendStats();
        send(QStringLiteral("client_stopped"), QVariant());
        sendClientReady();
        setState(WorkerState::Ready);
        log(ended + QStringLiteral("; ready for the next test"));
        break;
    case AfterStop::Quit:
        log(ended);
        finishQuit();
        break;
    case AfterStop::Reconnect:
        log(ended);
        if (m_state == WorkerState::Connecting && m_dealer->isConnected())
            sendClientReady();
        break;
    case AfterStop::None:
        log(ended);
        break;
    }
}

// --- leaving --------------------------------------------------------------------------------

void LocustWorker::shutdown()
{
    if (m_quitRequested || m_state == WorkerState::Done)
        return;
    log(m_registered ? QStringLiteral("shutting down; telling the master")
                     : QStringLiteral("shutting down"));
    beginQuit(m_registered, StopReason::Signal, QStringLiteral("the worker was shut down"));
}

void LocustWorker::fail(const QString &message)
{
    log(QStringLiteral("error: %1").arg(message));
    m_exitCode = 2;
    if (m_quitRequested)
        return;
    m_quitRequested = true;
    m_sendQuitMessage = false;
    setState(WorkerState::Quitting);
    finishQuit();
}

void LocustWorker::beginQuit(bool sendQuitMessage, StopReason reason, const QString &detail)
{
    m_quitRequested = true;
    m_sendQuitMessage = sendQuitMessage;
    m_connectTimer.stop();
    setState(WorkerState::Quitting);
    if (!m_session) {
        finishQuit();
        return;
    }
    m_quitDeadline.start(kQuitFlushDeadlineMs);
    stopTest(AfterStop::Quit, reason, detail);
}

void LocustWorker::finishQuit()
{
    if (m_state == WorkerState::Done)
        return;
    m_quitDeadline.stop();
    m_heartbeatTimer.stop();
    m_statsTimer.stop();
    m_connectTimer.stop();
    if (m_session && m_afterStop == AfterStop::Quit)
        log(QStringLiteral("users did not stop within %1 ms; sending the final "
                           "report without their last requests")
                .arg(kQuitFlushDeadlineMs));
    if (m_registered) {
        sendStats();
        if (m_sendQuitMessage)
            send(QStringLiteral("quit"), QVariant());
    }
    if (m_dealer)
        m_dealer->close(kSocketLingerMs); // lets the final report leave
    setState(WorkerState::Done);
    QMetaObject::invokeMethod(
        this, [this] { Q_EMIT finished(m_exitCode); }, Qt::QueuedConnection);
}

// --- messages to the master -----------------------------------------------------------------

bool LocustWorker::send(const QString &type, const QVariant &data)
{
    return m_dealer && m_dealer->send(LocustMessage::encode(type, data, m_nodeId));
}

void LocustWorker::sendClientReady()
{
    // -1 instead of a version string: accepted silently by every 2.x master (Debian's 2.12.1
    // has an empty version and rejects "" as a pre-2.0 worker).
    send(QStringLiteral("client_ready"), -1);
    // Resent every kClientReadyRetryS until the ack, like Locust's worker.
    if (m_state == WorkerState::Connecting)
        m_clientReadyRetry.start();
}

void LocustWorker::onHeartbeatTick()
{
    if (m_undecodable > m_undecodableReported && m_undecodable > kUndecodableLogLines &&
        (!m_undecodableClock.isValid() ||
         m_undecodableClock.elapsed() >= qint64(kUndecodableSummaryIntervalS) * kMsPerS)) {
        m_undecodableClock.start();
        log(QStringLiteral("ignored %1 undecodable messages from the master so far")
                .arg(m_undecodable));
        m_undecodableReported = m_undecodable;
    }
    if (!m_registered || m_state == WorkerState::Quitting || m_state == WorkerState::Done)
        return;
    if (m_masterHeartbeatSeen &&
        m_masterHeartbeatClock.elapsed() > qint64(kMasterHeartbeatTimeoutS) * kMsPerS) {
        loseConnection(
            QStringLiteral("no heartbeat from the master for %1 s").arg(kMasterHeartbeatTimeoutS));
        return;
    }
    sendHeartbeat();
}

void LocustWorker::sendHeartbeat()
{
    // Normalised to the engine's threads, so the master's "> 90 %" warning means what it means
    // for a (single-threaded) Python worker: this generator is close to its limit.
    const double cpu = m_metrics.cpuPercent() / engineThreads();
    send(QStringLiteral("heartbeat"),
         QVariantMap{{QStringLiteral("state"), workerHeartbeatState(m_state)},
                     {QStringLiteral("current_cpu_usage"), cpu},
                     {QStringLiteral("current_memory_usage"), ProcessMetrics::rssBytes()}});
}

void LocustWorker::onStatsTick()
{
    if (m_registered && m_state != WorkerState::Quitting && m_state != WorkerState::Done)
        sendStats();
}

void LocustWorker::sendStats()
{
    qint64 windowStartMs = 0;
    const StatsDelta delta =
        m_accumulator.take(QDateTime::currentMSecsSinceEpoch(), &windowStartMs);
    const QByteArray payload =
        LocustMessage::encodeWith(QStringLiteral("stats"), m_nodeId, [&](MsgpackWriter &w) {
            LocustStatsEncoder::writeReport(w, delta, double(windowStartMs) / kMsPerS,
                                            m_masterCounts);
        });
    if (m_dealer && m_dealer->send(payload))
        m_reported.merge(delta);
    else
        m_accumulator.putBack(delta, windowStartMs);
}

void LocustWorker::sendException(const QString &message, const QString &traceback)
{
    if (!m_registered)
        return;
    send(QStringLiteral("exception"),
         QVariantMap{{QStringLiteral("msg"), m_scrubber.scrub(message)},
                     {QStringLiteral("traceback"), m_scrubber.scrub(traceback)}});
}

} // namespace cicada
