#include "engine/runner.h"

#include "engine/epolleventdispatcher.h"
#include "engine/mailbox.h"
#include "engine/spawnplanner.h"
#include "engine/userhost.h"
#include "engine/wsrateboard.h"

#include <QDateTime>
#include <QThread>

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

namespace cicada {

namespace {
constexpr int kSpawnTickMs = 50;
constexpr int kSecondMs = 1000;

qint64 processCpuNs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return (qint64(usage.ru_utime.tv_sec) + usage.ru_stime.tv_sec) * 1000000000LL +
           (qint64(usage.ru_utime.tv_usec) + usage.ru_stime.tv_usec) * 1000LL;
}

/** The weights and fixed counts of the profile's user types, in profile order. */
void typeShares(const CompiledProfile &profile, QList<int> *weights, QList<int> *fixedCounts)
{
    for (const CompiledUserType &t : profile.userTypes) {
        weights->append(std::max(1, t.weight));
        fixedCounts->append(t.fixedCount);
    }
}

UserDistribution distributionOf(const CompiledProfile &profile)
{
    QList<int> weights;
    QList<int> fixedCounts;
    typeShares(profile, &weights, &fixedCounts);
    return UserDistribution(weights, fixedCounts);
}
} // namespace

Runner::Runner(std::shared_ptr<const CompiledProfile> profile, RunnerOptions options,
               QObject *parent)
    : QObject(parent), m_profile(std::move(profile)), m_options(options),
      m_mailbox(new Mailbox(this)), m_scrubber(m_profile->profile, m_profile->environment),
      m_distribution(distributionOf(*m_profile)),
      m_wsRateBoard(std::make_shared<WsRateBoard>(int(m_profile->userTypes.size())))
{
    if (m_options.transport)
        m_transport = *m_options.transport;
    else if (!HttpTransport::parseKind(m_profile->profile.target.transport, &m_transport))
        m_transport = HttpTransport::Kind::Raw;

    m_spawnTimer.setInterval(kSpawnTickMs);
    m_spawnTimer.setTimerType(Qt::PreciseTimer); // stages are followed within one tick
    connect(&m_spawnTimer, &QTimer::timeout, this, &Runner::onSpawnTick);
    m_secondTimer.setInterval(kSecondMs);
    connect(&m_secondTimer, &QTimer::timeout, this, &Runner::onSecondTick);
    m_stageTimer.setInterval(kSpawnTickMs);
    m_stageTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_stageTimer, &QTimer::timeout, this, &Runner::onStageTick);
    m_runTimer.setSingleShot(true);
    m_runTimer.setTimerType(Qt::PreciseTimer); // a coarse timer may end a 5-s run 5 % early
    connect(&m_runTimer, &QTimer::timeout, this, [this] { stop(StopReason::Completed); });
}

Runner::~Runner()
{
    // Normal shutdown goes through stop(); this is the emergency path (e.g. the app quits
    // mid-run).
    joinThreads();
}

void Runner::joinThreads()
{
    // Each host is deleted in its own thread: deleteLater() runs as the thread finishes.
    for (int i = 0; i < m_threads.size(); ++i) {
        UserHost *host = m_hosts[i];
        host->mailbox()->post([host] {
            // Users first, from the event loop: their transports hand sockets to deleteLater(),
            // which the thread still processes as it finishes; deleting them only inside the
            // host's own deferred deletion would leak those sockets.
            host->deleteUsers();
            host->deleteLater();
            QThread::currentThread()->quit();
        });
    }
    for (QThread *thread : std::as_const(m_threads)) {
        thread->wait();
        delete thread;
    }
    m_threads.clear();
    m_hosts.clear();
    for (const SharedDispatcherFds &shared : std::exchange(m_sharedDispatcherFds, {})) {
        if (!shared.unshared->load())
            continue;
        for (int fd : {shared.fds.first, shared.fds.second})
            if (fd >= 0)
                ::close(fd);
    }
}

qint64 Runner::elapsedMs() const
{
    if (m_stoppedAtMs >= 0)
        return m_stoppedAtMs;
    return m_clock.isValid() ? m_clock.elapsed() : 0;
}

void Runner::setState(RunnerState state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void Runner::start(const LoadSettings &load)
{
    if (m_state != RunnerState::Ready)
        return;
    m_load = load;
    const int threads =
        m_options.threads > 0 ? m_options.threads : std::max(1, QThread::idealThreadCount());
    m_health.threads = threads;
    const bool useEpoll = m_options.epollDispatcher.value_or(
        qEnvironmentVariable("CICADA_WORKER_DISPATCHER") != QLatin1String("qt"));
    for (int i = 0; i < threads; ++i) {
        auto *thread = new QThread;
        thread->setObjectName(QStringLiteral("cicada-worker-%1").arg(i));
        auto unshared = std::make_shared<std::atomic<bool>>(false);
        if (useEpoll) {
            auto *dispatcher = new EpollEventDispatcher;
            if (m_options.privateFdTables)
                m_sharedDispatcherFds.append({dispatcher->descriptors(), unshared});
            thread->setEventDispatcher(dispatcher); // the thread takes ownership
        }
        UserHost::Callbacks callbacks;
        Mailbox *mailbox = m_mailbox;
        callbacks.stats = [this, mailbox](StatsDelta delta, double lagMs) {
            mailbox->post([this, d = std::move(delta), lagMs] { mergeDelta(d, lagMs); });
        };
        callbacks.stopped = [this, mailbox] { mailbox->post([this] { onHostStopped(); }); };
        callbacks.arrivals = [this, mailbox, i](ArrivalPool::Counts counts, int pooled) {
            mailbox->post([this, counts, i, pooled] { onArrivals(counts, i, pooled); });
        };
        auto *host = new UserHost(m_profile, m_transport, std::move(callbacks));
        host->setWsRateBoard(m_wsRateBoard);
        host->moveToThread(thread);
        thread->start();
        if (m_options.privateFdTables) {
            host->mailbox()->post([unshared] {
                if (::unshare(CLONE_FILES) != 0)
                    qWarning("cicada: worker thread kept the shared descriptor table: %s",
                             strerror(errno));
                else
                    unshared->store(true);
            });
        }
        host->mailbox()->post([host] { host->begin(); });
        m_threads.append(thread);
        m_hosts.append(host);
    }
    m_clock.start();
    m_origin = std::chrono::steady_clock::now();
    m_cpuClock.start();
    m_lastCpuNs = processCpuNs();
    m_stats.reset(QDateTime::currentMSecsSinceEpoch());
    m_secondTimer.start();
    const qint64 runTimeMs = load.effectiveRunTimeMs();
    if (runTimeMs > 0)
        m_runTimer.start(int(std::min<qint64>(runTimeMs, std::numeric_limits<int>::max())));
    m_stagePlan = StagePlan::of(load);
    m_open = m_profile->profile.isOpenModel() && !m_options.closedModelOnly;
    if (m_open) {
        startArrivals();
        return;
    }
    if (!m_stagePlan.isEmpty()) {
        m_followStages = true;
        onStageTick();
        m_stageTimer.start();
        return;
    }
    rampTo(load.users, load.spawnRate);
}

void Runner::onStageTick()
{
    if (!m_followStages || m_state == RunnerState::Stopping || m_state == RunnerState::Stopped) {
        m_stageTimer.stop();
        return;
    }
    const StagePlan::Target target = m_stagePlan.at(elapsedMs());
    if (target.stage != m_stage) {
        m_stage = target.stage;
        // The ramp counts from the stage's planned start, not from this tick that noticed it.
        rampTo(target.users, target.spawnRate,
               (elapsedMs() - m_stagePlan.stageStartMs(target.stage)) * 1000000);
    }
    if (target.finished)
        m_stageTimer.stop();
}

qint64 Runner::scheduleNs() const
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                                m_origin)
        .count();
}

void Runner::startArrivals()
{
    const Profile &profile = m_profile->profile;
    const int threads = int(m_hosts.size());
    int sharedWeight = 0;
    for (const UserType &type : profile.userTypes) {
        if (!type.arrivalRate)
            sharedWeight += std::max(1, type.weight);
    }
    const ArrivalRate shared = profile.load.arrivalRate.value_or(ArrivalRate{});
    m_pooledUsers = QList<int>(threads, 0);
    m_schedules.clear();
    for (int t = 0; t < profile.userTypes.size(); ++t) {
        const UserType &type = profile.userTypes.at(t);
        ArrivalSchedule schedule;
        int maxConcurrent = 0;
        qint64 dropAfterMs = 0;
        if (type.arrivalRate) {
            schedule = ArrivalSchedule::build(&*type.arrivalRate, {});
            maxConcurrent = type.arrivalRate->maxConcurrent;
            dropAfterMs = type.arrivalRate->dropAfterMs;
        } else {
            // The profile-level rate and pool are shared by weight.
            const double share = double(std::max(1, type.weight)) / double(sharedWeight);
            schedule = ArrivalSchedule::build(profile.load.arrivalRate ? &shared : nullptr,
                                              profile.load.stages, share);
            maxConcurrent = std::max(1, int(std::lround(shared.maxConcurrent * share)));
            dropAfterMs = shared.dropAfterMs;
        }
        m_schedules.append(schedule);
        // Fewer threads than the cap: every thread that takes iterations has a user for them.
        const int used = std::max(1, std::min(threads, maxConcurrent));
        for (int i = 0; i < used; ++i) {
            ArrivalPool::Settings settings;
            settings.schedule = schedule;
            settings.offset = i;
            settings.stride = used;
            settings.maxUsers = maxConcurrent / used + (i < maxConcurrent % used ? 1 : 0);
            settings.dropAfterNs = dropAfterMs * 1000000;
            settings.origin = m_origin;
            UserHost *host = m_hosts[i];
            host->mailbox()->post(
                [host, t, settings, i, threads] { host->startArrivals(t, settings, i, threads); });
        }
    }
    setState(RunnerState::Running);
}

void Runner::onArrivals(const ArrivalPool::Counts &counts, int thread, int pooledUsers)
{
    m_health.iterationsStarted += counts.started;
    m_health.lateStarts += counts.late;
    m_health.droppedIterations += counts.dropped;
    m_lateThisSecond += counts.late;
    m_droppedThisSecond += counts.dropped;
    if (thread < m_pooledUsers.size())
        m_pooledUsers[thread] = pooledUsers;
}

int Runner::userCount() const
{
    if (!m_open)
        return int(m_spawned.size());
    int users = 0;
    for (int n : m_pooledUsers)
        users += n;
    return users;
}

double Runner::arrivalRate() const
{
    if (!m_open || m_state == RunnerState::Ready || m_state == RunnerState::Stopped)
        return 0;
    const qint64 now = scheduleNs();
    double rate = 0;
    for (const ArrivalSchedule &schedule : m_schedules)
        rate += schedule.rateAt(now);
    return rate;
}

void Runner::setArrivalRate(double perSecond)
{
    if (!m_open || (m_state != RunnerState::Spawning && m_state != RunnerState::Running) ||
        !std::isfinite(perSecond) || perSecond < 0)
        return;
    const qint64 now = scheduleNs();
    double total = 0;
    for (const ArrivalSchedule &schedule : m_schedules)
        total += schedule.rateAt(now);
    int totalWeight = 0;
    for (const CompiledUserType &type : m_profile->userTypes)
        totalWeight += std::max(1, type.weight);
    for (int t = 0; t < m_schedules.size(); ++t) {
        const double share = total > 0 ? m_schedules[t].rateAt(now) / total
                                       : double(std::max(1, m_profile->userTypes.at(t).weight)) /
                                             double(totalWeight);
        const double rate = perSecond * share;
        m_schedules[t].setRateFrom(now, rate);
        for (UserHost *host : std::as_const(m_hosts))
            host->mailbox()->post([host, t, now, rate] { host->setArrivalRate(t, now, rate); });
    }
}

void Runner::setUserCount(int users, double spawnRate)
{
    if (m_open)
        return;
    m_followStages = false;
    m_stageTimer.stop();
    rampTo(users, spawnRate);
}

void Runner::rampTo(int users, double spawnRate, qint64 sinceNs)
{
    if (m_state == RunnerState::Stopping || m_state == RunnerState::Stopped)
        return;
    m_rampOffsetNs = std::max<qint64>(0, sinceNs);
    m_typeTargets.clear();
    // When every type has a fixed count, their sum is all there can be (as in Locust).
    m_targetUsers = std::clamp(users, 0, m_distribution.maxUsers());
    if (spawnRate > 0)
        m_spawnRate = spawnRate;
    m_rampFrom = userCount();
    m_rampClock.start();
    publishRateTargets();
    setState(RunnerState::Spawning);
    onSpawnTick();
    if (m_state == RunnerState::Spawning)
        m_spawnTimer.start();
}

void Runner::setUserCounts(const QMap<QString, int> &countsByType, double spawnRate)
{
    if (m_open || (m_state != RunnerState::Spawning && m_state != RunnerState::Running))
        return;
    m_followStages = false;
    m_stageTimer.stop();
    m_typeTargets.clear();
    m_targetUsers = 0;
    for (const CompiledUserType &type : m_profile->userTypes) {
        m_typeTargets.append(std::max(0, countsByType.value(type.name, 0)));
        m_targetUsers += m_typeTargets.constLast();
    }
    m_typeTargetsAtOnce = spawnRate <= 0;
    if (spawnRate > 0)
        m_spawnRate = spawnRate;
    m_rampChanges = 0;
    m_rampOffsetNs = 0;
    m_rampClock.start();
    publishRateTargets();
    setState(RunnerState::Spawning);
    onSpawnTick();
    if (m_state == RunnerState::Spawning)
        m_spawnTimer.start();
}

QMap<QString, int> Runner::userCountsByType() const
{
    QMap<QString, int> counts;
    for (const CompiledUserType &type : m_profile->userTypes)
        counts.insert(type.name, 0);
    for (const SpawnedUser &user : m_spawned)
        ++counts[m_profile->userTypes.at(user.type).name];
    return counts;
}

void Runner::dispatch(const std::vector<std::vector<std::pair<int, int>>> &starts,
                      const std::vector<std::vector<int>> &stops)
{
    for (size_t t = 0; t < size_t(m_hosts.size()); ++t) {
        UserHost *host = m_hosts[qsizetype(t)];
        if (!starts[t].empty())
            host->mailbox()->post([host, users = starts[t]] { host->spawn(users); });
        if (!stops[t].empty())
            host->mailbox()->post([host, indices = stops[t], grace = m_load.stopTimeoutMs] {
                host->stopUsers(indices, grace);
            });
    }
}

void Runner::onSpawnTick()
{
    if (m_state != RunnerState::Spawning)
        return;
    if (!m_typeTargets.isEmpty()) {
        spawnTowardsTypeTargets();
        return;
    }
    // Like Locust: the count moves towards the target at spawnRate users per second, measured
    // from the start of this ramp so that timer jitter does not change the rate.
    std::vector<int> perThread(size_t(m_hosts.size()), 0);
    QList<int> perType(m_profile->userTypes.size(), 0);
    for (const SpawnedUser &user : std::as_const(m_spawned)) {
        ++perThread[size_t(user.thread)];
        ++perType[user.type];
    }
    const SpawnPlanner::Plan plan =
        SpawnPlanner::plan(m_rampFrom, m_targetUsers, m_spawnRate, rampElapsedNs(), perThread);

    std::vector<std::vector<std::pair<int, int>>> starts(size_t(m_hosts.size()));
    std::vector<std::vector<int>> stops(size_t(m_hosts.size()));
    for (int thread : plan.startOrder) {
        const int index = m_nextUserIndex++;
        const int type = m_distribution.next(perType);
        ++perType[type];
        starts[size_t(thread)].emplace_back(index, type);
        m_spawned.append({index, thread, type});
    }
    for (int thread : plan.stopOrder) {
        // The newest user on that thread (the planner picks the newest user's thread).
        for (qsizetype i = m_spawned.size() - 1; i >= 0; --i) {
            if (m_spawned.at(i).thread == thread) {
                stops[size_t(thread)].push_back(m_spawned.takeAt(i).index);
                break;
            }
        }
    }
    dispatch(starts, stops);
    if (userCount() == m_targetUsers) {
        m_spawnTimer.stop();
        setState(RunnerState::Running);
    }
}

void Runner::spawnTowardsTypeTargets()
{
    // Each started or stopped user is one change; like the weight mode, the number of changes
    // allowed grows with the time since this ramp began.
    qint64 budget = std::numeric_limits<qint64>::max();
    if (!m_typeTargetsAtOnce)
        budget = SpawnPlanner::allowedChanges(m_spawnRate, rampElapsedNs()) - m_rampChanges;
    QList<int> counts(m_typeTargets.size(), 0);
    std::vector<int> perThread(size_t(m_hosts.size()), 0);
    for (const SpawnedUser &user : std::as_const(m_spawned)) {
        ++counts[user.type];
        ++perThread[size_t(user.thread)];
    }

    std::vector<std::vector<std::pair<int, int>>> starts(size_t(m_hosts.size()));
    std::vector<std::vector<int>> stops(size_t(m_hosts.size()));
    // Surplus first (newest users first), so a shift between types never overshoots the total.
    for (qsizetype i = m_spawned.size() - 1; i >= 0 && budget > 0; --i) {
        const SpawnedUser user = m_spawned.at(i);
        if (counts[user.type] <= m_typeTargets[user.type])
            continue;
        stops[size_t(user.thread)].push_back(user.index);
        --counts[user.type];
        --perThread[size_t(user.thread)];
        m_spawned.removeAt(i);
        --budget;
        ++m_rampChanges;
    }
    while (budget > 0) {
        int type = -1;
        int deficit = 0;
        for (int t = 0; t < m_typeTargets.size(); ++t) {
            if (m_typeTargets[t] - counts[t] > deficit) {
                deficit = m_typeTargets[t] - counts[t];
                type = t;
            }
        }
        if (type < 0)
            break;
        const int index = m_nextUserIndex++;
        const int thread = SpawnPlanner::startThread(perThread);
        starts[size_t(thread)].emplace_back(index, type);
        m_spawned.append({index, thread, type});
        ++counts[type];
        ++perThread[size_t(thread)];
        --budget;
        ++m_rampChanges;
    }
    dispatch(starts, stops);
    if (counts == m_typeTargets) {
        m_spawnTimer.stop();
        setState(RunnerState::Running);
    }
}

void Runner::stop(StopReason reason)
{
    if (m_state == RunnerState::Stopping || m_state == RunnerState::Stopped)
        return;
    m_stopReason = reason;
    if (m_state == RunnerState::Ready) {
        setState(RunnerState::Stopped);
        Q_EMIT finished(m_stopReason);
        return;
    }
    m_spawnTimer.stop();
    m_stageTimer.stop();
    m_runTimer.stop();
    m_stoppedAtMs = m_clock.elapsed();
    setState(RunnerState::Stopping);
    for (UserHost *host : std::as_const(m_hosts))
        host->mailbox()->post([host, grace = m_load.stopTimeoutMs] { host->stopAll(grace); });
}

void Runner::setStopTimeoutMs(qint64 stopTimeoutMs)
{
    m_load.stopTimeoutMs = std::max<qint64>(0, stopTimeoutMs);
}

void Runner::onHostStopped()
{
    if (++m_hostsStopped < m_hosts.size())
        return;
    // Every host flushed its final delta before reporting, and both went through this thread's
    // queue in order, so the stats are complete now.
    joinThreads();
    m_spawned.clear();
    m_pooledUsers.fill(0);
    m_secondTimer.stop();
    m_stats.tick(QDateTime::currentMSecsSinceEpoch(), 0);
    readRateCounts();
    setState(RunnerState::Stopped);
    Q_EMIT statsUpdated();
    Q_EMIT finished(m_stopReason);
}

void Runner::mergeDelta(const StatsDelta &raw, double lagMs)
{
    // The one redaction point: a secret a server echoed into a name or an error message is gone
    // before any output (console, CSV, JSON, HTML, GUI, Locust worker) can see it.
    StatsDelta delta = raw;
    m_scrubber.scrub(&delta);
    m_stats.merge(delta);
    m_lagThisSecondMs = std::max(m_lagThisSecondMs, lagMs);
    Q_EMIT deltaMerged(delta);
}

void Runner::updateCpu()
{
    const qint64 cpu = processCpuNs();
    const qint64 wall = m_cpuClock.nsecsElapsed();
    m_cpuClock.restart();
    if (wall > 0)
        m_health.cpuPercent = 100.0 * double(cpu - m_lastCpuNs) / double(wall);
    m_lastCpuNs = cpu;
}

void Runner::onSecondTick()
{
    updateCpu();
    m_health.loopLagMs = m_lagThisSecondMs;
    m_lagThisSecondMs = 0;
    m_health.lateStartsLastSecond = std::exchange(m_lateThisSecond, 0);
    m_health.droppedLastSecond = std::exchange(m_droppedThisSecond, 0);
    m_health.bottleneck = m_bottleneckRule.addSample(
        m_health.cpuPercent, m_health.threads, QThread::idealThreadCount(), m_health.loopLagMs);
    m_health.bottleneckSeconds = m_bottleneckRule.bottleneckSamples();
    readRateCounts();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    m_stats.tick(nowMs, userCount());
    m_stats.recordHealth(HealthPoint{nowMs, m_health.cpuPercent, m_health.loopLagMs,
                                     m_health.lateStartsLastSecond, m_health.droppedLastSecond,
                                     m_health.bottleneck});
    Q_EMIT statsUpdated();
}

void Runner::publishRateTargets()
{
    // A wsSend `total` rate is spread over the type's target users (not the ones spawned so far,
    // which would load the first connections with the whole rate during a ramp).
    QList<int> weights;
    QList<int> fixedCounts;
    typeShares(*m_profile, &weights, &fixedCounts);
    const QList<int> targets =
        m_typeTargets.isEmpty() ? WsRateBoard::weightedTargets(weights, m_targetUsers, fixedCounts)
                                : m_typeTargets;
    for (int type = 0; type < targets.size(); ++type)
        m_wsRateBoard->setTargetUsers(type, targets.at(type));
}

void Runner::readRateCounts()
{
    m_health.wsRateSends = m_wsRateBoard->sends();
    m_health.wsLateSends = m_wsRateBoard->lateSends();
}

} // namespace cicada
