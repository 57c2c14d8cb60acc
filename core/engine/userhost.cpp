#include "engine/userhost.h"

#include "engine/steprunner.h"

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
      m_flushTimer(new QTimer(this)), m_lagTimer(new QTimer(this))
{}

UserHost::~UserHost()
{
    deleteUsers();
}

void UserHost::deleteUsers()
{
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
    for (const auto &[index, type] : users) {
        auto *user = new StepRunner(
            index, *m_profile, m_profile->userTypes.at(type), m_transport, &m_random,
            [this](const RequestOutcome &outcome) { report(outcome); }, this);
        connect(user, &StepRunner::finished, this, &UserHost::onUserFinished, Qt::QueuedConnection);
        user->context().setWsRateBoard(m_wsRateBoard.get(), type);
        m_users.append(user);
        user->start();
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
    const QList<StepRunner *> users = m_users;
    for (StepRunner *user : users)
        if (std::find(indices.begin(), indices.end(), user->index()) != indices.end())
            user->stop(stopTimeoutMs);
}

void UserHost::stopAll(qint64 stopTimeoutMs)
{
    if (m_stoppingAll)
        return;
    m_stoppingAll = true;
    for (ArrivalPool *pool : std::as_const(m_pools))
        pool->stop();
    const QList<StepRunner *> users = m_users;
    for (StepRunner *user : users)
        user->stop(stopTimeoutMs);
    if (m_users.isEmpty()) {
        flush();
        m_flushTimer->stop();
        m_lagTimer->stop();
        if (m_callbacks.stopped)
            m_callbacks.stopped();
    }
}

void UserHost::onUserFinished(StepRunner *user)
{
    for (ArrivalPool *pool : std::as_const(m_pools))
        pool->forget(user);
    m_users.removeOne(user);
    delete user;
    if (m_stoppingAll && m_users.isEmpty()) {
        flush();
        m_flushTimer->stop();
        m_lagTimer->stop();
        if (m_callbacks.stopped)
            m_callbacks.stopped();
    }
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
