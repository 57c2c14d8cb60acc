#include "engine/userhost.h"

#include "engine/steprunner.h"

#include <QSet>

#include <algorithm>

namespace cicada {

namespace {
constexpr int kStatsFlushIntervalMs = 1000;
constexpr int kLagProbeIntervalMs = 100;
} // namespace

UserHost::UserHost(std::shared_ptr<const CompiledProfile> profile, HttpTransport::Kind transport,
                   Callbacks callbacks)
    : m_profile(std::move(profile)), m_transport(transport), m_callbacks(std::move(callbacks)),
      m_random(QRandomGenerator::global()->generate()), m_mailbox(new Mailbox(this)),
      m_flushTimer(new QTimer(this)), m_lagTimer(new QTimer(this)), m_stopDeadline(new QTimer(this))
{}

UserHost::~UserHost()
{
    deleteUsers();
}

void UserHost::deleteUsers()
{
    m_pending.clear();
    m_toStop.clear();
    const QList<StepRunner *> users = std::exchange(m_users, {});
    qDeleteAll(users);
}

void UserHost::begin()
{
    m_flushTimer->setInterval(kStatsFlushIntervalMs);
    connect(m_flushTimer, &QTimer::timeout, this, &UserHost::flush);
    m_flushTimer->start();
    m_lagTimer->setInterval(kLagProbeIntervalMs);
    m_lagTimer->setTimerType(Qt::PreciseTimer);
    connect(m_lagTimer, &QTimer::timeout, this, &UserHost::onLagProbe);
    m_lagClock.start();
    m_lagTimer->start();
}

void UserHost::spawn(const std::vector<std::pair<int, int>> &users)
{
    if (m_stoppingAll)
        return;
    m_pending.insert(m_pending.end(), users.begin(), users.end());
    if (!m_sliceScheduled)
        spawnSlice();
}

void UserHost::spawnSlice()
{
    // 40,000 users started in one go used to hold the thread for tens of seconds: no timer,
    // socket, stats flush or stop could run meanwhile, so the run ended far too late and the
    // lag probe saw nothing until it was over. Each slice starts users for at most kSliceMs,
    // then yields to the event loop.
    m_sliceScheduled = false;
    QElapsedTimer slice;
    slice.start();
    while (!m_pending.empty() && !m_stoppingAll) {
        const auto [index, type] = m_pending.front();
        m_pending.pop_front();
        auto *user = new StepRunner(
            index, *m_profile, m_profile->userTypes.at(type), m_transport, &m_random,
            [this](const RequestOutcome &outcome) { report(outcome); }, this);
        connect(user, &StepRunner::finished, this, &UserHost::onUserFinished, Qt::QueuedConnection);
        user->context().setWsRateBoard(m_wsRateBoard.get(), type);
        m_users.append(user);
        user->start();
        if (slice.elapsed() >= kSliceMs)
            break;
    }
    if (!m_pending.empty() && !m_stoppingAll) {
        m_sliceScheduled = true;
        m_mailbox->post([this] { spawnSlice(); });
    }
}

void UserHost::startArrivals(int type, const ArrivalPool::Settings &settings, int thread,
                             int threads)
{
    if (m_stoppingAll || m_pools.contains(type))
        return;
    if (m_nextPooledIndex < 0) {
        m_nextPooledIndex = thread;
        m_pooledIndexStride = std::max(1, threads);
    }
    auto *pool = new ArrivalPool(
        settings,
        [this, type] {
            const int index = m_nextPooledIndex;
            m_nextPooledIndex += m_pooledIndexStride;
            auto *user = new StepRunner(
                index, *m_profile, m_profile->userTypes.at(type), m_transport, &m_random,
                [this](const RequestOutcome &outcome) { report(outcome); }, this);
            connect(user, &StepRunner::finished, this, &UserHost::onUserFinished,
                    Qt::QueuedConnection);
            user->context().setWsRateBoard(m_wsRateBoard.get(), type);
            m_users.append(user);
            return user;
        },
        this);
    m_pools.insert(type, pool);
    pool->start();
}

void UserHost::setArrivalRate(int type, qint64 fromNs, double ratePerSecond)
{
    if (ArrivalPool *pool = m_pools.value(type))
        pool->setRate(fromNs, ratePerSecond);
}

void UserHost::stopUsers(const std::vector<int> &indices, qint64 stopTimeoutMs)
{
    const QSet<int> wanted(indices.begin(), indices.end());
    std::erase_if(m_pending,
                  [&wanted](const std::pair<int, int> &u) { return wanted.contains(u.first); });
    const QList<StepRunner *> users = m_users;
    for (StepRunner *user : users)
        if (wanted.contains(user->index()))
            user->stop(stopTimeoutMs);
}

void UserHost::stopAll(qint64 stopTimeoutMs)
{
    if (m_stoppingAll)
        return;
    m_stoppingAll = true;
    for (ArrivalPool *pool : std::as_const(m_pools))
        pool->stop();
    m_pending.clear();
    m_toStop = m_users;
    m_stopTimeoutMs = std::max<qint64>(0, stopTimeoutMs);
    // The users' own stop deadlines run on this thread's timers, which fire late when the
    // thread is overloaded; this one bounds the whole stop however many users there are: the
    // iterations' grace (stopTimeoutMs), then the on-stop steps' bound.
    m_stopDeadline->setSingleShot(true);
    m_stopDeadline->setTimerType(Qt::PreciseTimer);
    connect(m_stopDeadline, &QTimer::timeout, this, &UserHost::finishStopping);
    m_stopDeadline->start(std::chrono::milliseconds(m_stopTimeoutMs + StepRunner::kStopTimeoutMs));
    stopSlice();
}

void UserHost::stopSlice()
{
    if (m_stopped)
        return;
    QElapsedTimer slice;
    slice.start();
    while (!m_toStop.isEmpty()) {
        // Users finish only once told to stop, so none in m_toStop has been deleted yet.
        m_toStop.takeLast()->stop(m_stopTimeoutMs);
        if (slice.elapsed() >= kSliceMs)
            break;
    }
    if (!m_toStop.isEmpty())
        m_mailbox->post([this] { stopSlice(); });
    else if (m_users.isEmpty())
        finishStopping();
}

void UserHost::finishStopping()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_stopDeadline->stop();
    deleteUsers(); // past the deadline: users still in their on-stop steps are cut off
    flush();
    m_flushTimer->stop();
    m_lagTimer->stop();
    if (m_callbacks.stopped)
        m_callbacks.stopped();
}

void UserHost::onUserFinished(StepRunner *user)
{
    for (ArrivalPool *pool : std::as_const(m_pools))
        pool->forget(user);
    // A user deleted meanwhile (finishStopping() or teardown) may still have this queued.
    if (!m_users.removeOne(user))
        return;
    delete user;
    if (m_stoppingAll && m_users.isEmpty() && m_toStop.isEmpty())
        finishStopping();
}

void UserHost::flush()
{
    if (!m_pools.isEmpty() && m_callbacks.arrivals) {
        ArrivalPool::Counts counts;
        int pooled = 0;
        for (ArrivalPool *pool : std::as_const(m_pools)) {
            const ArrivalPool::Counts c = pool->takeCounts();
            counts.started += c.started;
            counts.late += c.late;
            counts.dropped += c.dropped;
            pooled += pool->poolSize();
        }
        m_callbacks.arrivals(counts, pooled);
    }
    if (m_callbacks.stats)
        m_callbacks.stats(m_shard.takeDelta(), m_maxLagMs);
    m_maxLagMs = 0;
}

void UserHost::onLagProbe()
{
    // The probe fires every kLagProbeIntervalMs; anything beyond that is time the event loop
    // was busy and could not serve timers (or sockets) on schedule.
    const double elapsedMs = double(m_lagClock.nsecsElapsed()) / 1e6;
    m_lagClock.restart();
    m_maxLagMs = std::max(m_maxLagMs, std::max(0.0, elapsedMs - kLagProbeIntervalMs));
}

} // namespace cicada
