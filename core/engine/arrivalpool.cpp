#include "engine/arrivalpool.h"

#include "engine/steprunner.h"

#include <algorithm>

namespace cicada {

namespace {
constexpr qint64 kNsPerMs = 1000000;
constexpr qint64 kNsPerUs = 1000;
} // namespace

ArrivalPool::ArrivalPool(Settings settings, UserFactory factory, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_factory(std::move(factory)),
      m_next(m_settings.offset)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ArrivalPool::onTimer);
}

qint64 ArrivalPool::nowNs() const
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - m_settings.origin)
        .count();
}

void ArrivalPool::start()
{
    m_running = true;
    onTimer();
}

void ArrivalPool::stop()
{
    m_running = false;
    m_timer.stop();
    m_backlog.clear();
}

void ArrivalPool::setRate(qint64 fromNs, double ratePerSecond)
{
    m_settings.schedule.setRateFrom(fromNs, ratePerSecond);
    if (m_running)
        onTimer();
}

void ArrivalPool::forget(StepRunner *user)
{
    if (!m_users.removeOne(user))
        return;
    if (m_idle.removeOne(user))
        return;
    if (m_startingUsers.removeOne(user))
        --m_starting;
    else
        --m_busy;
}

ArrivalPool::Counts ArrivalPool::takeCounts()
{
    return std::exchange(m_counts, {});
}

void ArrivalPool::onTimer()
{
    if (!m_running)
        return;
    const qint64 now = nowNs();
    // Every iteration due by now joins the backlog, oldest first, even after a stall of the
    // thread: each keeps its intended time, so the stall shows in the response times.
    for (qint64 due = m_settings.schedule.timeOf(m_next); due <= now;
         due = m_settings.schedule.timeOf(m_next)) {
        m_backlog.push_back({due, false});
        m_next += m_settings.stride;
    }
    dispatch(now);
    arm(now);
}

void ArrivalPool::onIdle(StepRunner *user)
{
    if (!m_users.contains(user) || m_idle.contains(user))
        return;
    if (m_startingUsers.removeOne(user))
        --m_starting;
    else
        --m_busy;
    m_idle.append(user);
    if (!m_running)
        return;
    const qint64 now = nowNs();
    dispatch(now);
    arm(now);
}

void ArrivalPool::dispatch(qint64 now)
{
    while (!m_backlog.empty()) {
        // Drop what waited too long for a busy, full pool (blocked). Intended times grow along
        // the backlog, so the expired ones are at its front; those not blocked (a user is
        // starting up for them, not the cap's doing) are never dropped.
        for (auto it = m_backlog.begin();
             it != m_backlog.end() && now - it->intendedNs > m_settings.dropAfterNs;) {
            if (it->blocked) {
                ++m_counts.dropped;
                it = m_backlog.erase(it);
            } else {
                ++it;
            }
        }
        if (m_backlog.empty())
            break;
        Waiting &w = m_backlog.front();
        if (!m_idle.isEmpty()) {
            StepRunner *user = m_idle.takeFirst();
            // Busy either way: a user that refuses is logging in again and reports idle after.
            ++m_busy;
            if (!user->runIteration((now - w.intendedNs) / kNsPerUs))
                continue;
            ++m_counts.started;
            if (w.blocked)
                ++m_counts.late;
            m_backlog.pop_front();
            continue;
        }
        // No idle user: grow the pool for the iterations not yet covered by users starting up.
        const qsizetype uncovered = qsizetype(m_backlog.size()) - m_starting;
        if (uncovered > 0 && m_users.size() < m_settings.maxUsers) {
            StepRunner *user = m_factory();
            m_users.append(user);
            m_startingUsers.append(user);
            ++m_starting;
            user->startPooled([this](StepRunner *u) { onIdle(u); });
            continue;
        }
        // The pool is full (or every waiting iteration has a user starting): they wait. Those
        // beyond the users starting up wait because of the cap. New ones are at the back, so
        // marking stops at the first one already marked.
        for (qsizetype i = qsizetype(m_backlog.size()) - 1; i >= m_starting; --i) {
            if (m_backlog[size_t(i)].blocked)
                break;
            m_backlog[size_t(i)].blocked = true;
        }
        break;
    }
}

void ArrivalPool::arm(qint64 now)
{
    qint64 next = m_settings.schedule.timeOf(m_next);
    // The first blocked iteration is among the first m_starting + 1 (see dispatch()).
    for (const Waiting &w : m_backlog) {
        if (w.blocked) {
            next = std::min(next, w.intendedNs + m_settings.dropAfterNs + 1);
            break;
        }
    }
    if (next == ArrivalSchedule::kNever) {
        m_timer.stop();
        return;
    }
    // Whole milliseconds, rounded up: a timer never fires before the iteration is due.
    const qint64 waitMs = std::max<qint64>(0, (next - now + kNsPerMs - 1) / kNsPerMs);
    m_timer.start(int(std::min<qint64>(waitMs, std::numeric_limits<int>::max())));
}

} // namespace cicada
