#include "engine/runner.h"

#include "engine/userhost.h"

#include <QDateTime>
#include <QThread>

#include <sys/resource.h>

#include <cmath>

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

QList<int> weightsOf(const CompiledProfile &profile)
{
    QList<int> weights;
    for (const CompiledUserType &t : profile.userTypes)
        weights.append(std::max(1, t.weight));
    return weights;
}
} // namespace

Runner::Runner(std::shared_ptr<const CompiledProfile> profile, RunnerOptions options,
               QObject *parent)
    : QObject(parent), m_profile(std::move(profile)), m_options(options),
      m_distribution(weightsOf(*m_profile))
{
    if (m_options.transport)
        m_transport = *m_options.transport;
    else if (!HttpTransport::parseKind(m_profile->profile.target.transport, &m_transport))
        m_transport = HttpTransport::Kind::Raw;

    m_spawnTimer.setInterval(kSpawnTickMs);
    connect(&m_spawnTimer, &QTimer::timeout, this, &Runner::onSpawnTick);
    m_secondTimer.setInterval(kSecondMs);
    connect(&m_secondTimer, &QTimer::timeout, this, &Runner::onSecondTick);
    m_runTimer.setSingleShot(true);
    connect(&m_runTimer, &QTimer::timeout, this, &Runner::stop);
}

Runner::~Runner()
{
    // Normal shutdown goes through stop(); this is the emergency path (e.g. the app quits
    // mid-run). Hosts are deleted in their own threads before those end.
    for (int i = 0; i < m_threads.size(); ++i) {
        UserHost *host = m_hosts[i];
        QMetaObject::invokeMethod(host, [host] { delete host; }, Qt::BlockingQueuedConnection);
        m_threads[i]->quit();
        m_threads[i]->wait();
        delete m_threads[i];
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
    const int threads = m_options.threads > 0 ? m_options.threads
                                              : std::max(1, QThread::idealThreadCount());
    m_health.threads = threads;
    for (int i = 0; i < threads; ++i) {
        auto *thread = new QThread;
        thread->setObjectName(QStringLiteral("cicada-worker-%1").arg(i));
        UserHost::Callbacks callbacks;
        callbacks.stats = [this](StatsDelta delta, double lagMs) {
            QMetaObject::invokeMethod(
                this, [this, d = std::move(delta), lagMs] { mergeDelta(d, lagMs); },
                Qt::QueuedConnection);
        };
        callbacks.stopped = [this] {
            QMetaObject::invokeMethod(this, [this] { onHostStopped(); }, Qt::QueuedConnection);
        };
        auto *host = new UserHost(m_profile, m_transport, std::move(callbacks));
        host->moveToThread(thread);
        thread->start();
        QMetaObject::invokeMethod(host, [host] { host->begin(); }, Qt::QueuedConnection);
        m_threads.append(thread);
        m_hosts.append(host);
    }
    m_clock.start();
    m_cpuClock.start();
    m_lastCpuNs = processCpuNs();
    m_stats.reset(QDateTime::currentMSecsSinceEpoch());
    m_secondTimer.start();
    if (load.runTimeMs > 0)
        m_runTimer.start(int(std::min<qint64>(load.runTimeMs, std::numeric_limits<int>::max())));
    setUserCount(load.users, load.spawnRate);
}

void Runner::setUserCount(int users, double spawnRate)
{
    if (m_state == RunnerState::Stopping || m_state == RunnerState::Stopped)
        return;
    m_targetUsers = std::max(0, users);
    if (spawnRate > 0)
        m_spawnRate = spawnRate;
    m_rampFrom = userCount();
    m_rampClock.start();
    setState(RunnerState::Spawning);
    onSpawnTick();
    if (m_state == RunnerState::Spawning)
        m_spawnTimer.start();
}

void Runner::onSpawnTick()
{
    if (m_state != RunnerState::Spawning)
        return;
    // Like Locust: the count moves towards the target at spawnRate users per second, measured
    // from the start of this ramp so that timer jitter does not change the rate.
    const double secs = double(m_rampClock.nsecsElapsed()) / 1e9;
    const int step = int(std::floor(m_spawnRate * secs)) + 1;
    const int current = userCount();
    int wanted = m_targetUsers > m_rampFrom ? std::min(m_targetUsers, m_rampFrom + step)
                                            : std::max(m_targetUsers, m_rampFrom - step);

    if (wanted > current) {
        QList<QList<QPair<int, int>>> perThread(m_hosts.size());
        for (int i = current; i < wanted; ++i) {
            const int index = m_nextUserIndex++;
            const int thread = index % int(m_hosts.size());
            perThread[thread].append({index, m_distribution.next()});
            m_spawned.append({index, thread});
        }
        for (int t = 0; t < m_hosts.size(); ++t) {
            if (perThread[t].isEmpty())
                continue;
            UserHost *host = m_hosts[t];
            QMetaObject::invokeMethod(
                host, [host, users = perThread[t]] { host->spawn(users); }, Qt::QueuedConnection);
        }
    } else if (wanted < current) {
        QList<QList<int>> perThread(m_hosts.size());
        for (int i = current; i > wanted; --i) {
            const auto [index, thread] = m_spawned.takeLast();
            perThread[thread].append(index);
        }
        for (int t = 0; t < m_hosts.size(); ++t) {
            if (perThread[t].isEmpty())
                continue;
            UserHost *host = m_hosts[t];
            QMetaObject::invokeMethod(
                host, [host, indices = perThread[t]] { host->stopUsers(indices); },
                Qt::QueuedConnection);
        }
    }
    if (userCount() == m_targetUsers) {
        m_spawnTimer.stop();
        setState(RunnerState::Running);
    }
}

void Runner::stop()
{
    if (m_state == RunnerState::Stopping || m_state == RunnerState::Stopped)
        return;
    if (m_state == RunnerState::Ready) {
        setState(RunnerState::Stopped);
        Q_EMIT finished();
        return;
    }
    m_spawnTimer.stop();
    m_runTimer.stop();
    m_stoppedAtMs = m_clock.elapsed();
    setState(RunnerState::Stopping);
    for (UserHost *host : std::as_const(m_hosts))
        QMetaObject::invokeMethod(host, [host] { host->stopAll(); }, Qt::QueuedConnection);
}

void Runner::onHostStopped()
{
    if (++m_hostsStopped < m_hosts.size())
        return;
    // Every host flushed its final delta before reporting, and both went through this thread's
    // queue in order, so the stats are complete now.
    for (int i = 0; i < m_threads.size(); ++i) {
        UserHost *host = m_hosts[i];
        QMetaObject::invokeMethod(host, [host] { delete host; }, Qt::BlockingQueuedConnection);
        m_threads[i]->quit();
        m_threads[i]->wait();
        delete m_threads[i];
    }
    m_threads.clear();
    m_hosts.clear();
    m_spawned.clear();
    m_secondTimer.stop();
    m_stats.tick(QDateTime::currentMSecsSinceEpoch(), 0);
    setState(RunnerState::Stopped);
    Q_EMIT statsUpdated();
    Q_EMIT finished();
}

void Runner::mergeDelta(const StatsDelta &delta, double lagMs)
{
    m_stats.merge(delta);
    m_lagThisSecondMs = std::max(m_lagThisSecondMs, lagMs);
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
    m_stats.tick(QDateTime::currentMSecsSinceEpoch(), userCount());
    Q_EMIT statsUpdated();
}

} // namespace cicada
