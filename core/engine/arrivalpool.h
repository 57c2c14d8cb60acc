#pragma once

#include "engine/arrivalschedule.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <deque>
#include <functional>

namespace cicada {

class StepRunner;

/**
 * @brief Open model, one user type on one worker thread: starts the iterations this thread owns
 * at their intended times on a pool of users, and counts late starts and dropped iterations.
 *
 * The thread owns iterations offset, offset + stride, ... of the type's ArrivalSchedule (clock:
 * steady_clock from the run's origin). When one is due it goes to an idle pooled user; with none
 * idle, a new user is created while the pool is below maxUsers (it runs onStart first). When the
 * pool is full and every user busy the iteration waits in the backlog: it is a *late start* when a
 * user frees up and takes it, a *dropped iteration* when it has waited dropAfterNs. An iteration
 * waiting for a user that is starting up (below the cap) is neither, and is never dropped. Waiting
 * iterations are taken oldest first; those still waiting at stop() are not counted. Every
 * iteration runs with its lateness (start − intended start), which its timed operations add to
 * their response time (StepRunner::runIteration). Lives in the worker thread; not thread-safe.
 */
class ArrivalPool final : public QObject
{
    Q_OBJECT
public:
    using Clock = std::chrono::steady_clock;

    struct Settings
    {
        ArrivalSchedule schedule;
        int offset = 0; ///< the first iteration index of this thread
        int stride = 1; ///< threads sharing the schedule
        int maxUsers = 1;
        qint64 dropAfterNs = 0;
        Clock::time_point origin; ///< the run's start: time 0 of the schedule
    };
    /** Creates a user of this pool's type (its owner keeps and deletes it; the pool starts it). */
    using UserFactory = std::function<StepRunner *()>;

    ArrivalPool(Settings settings, UserFactory factory, QObject *parent = nullptr);

    /** Starts scheduling. */
    void start();
    /** Stops scheduling (waiting iterations are forgotten, not counted); users are stopped by
     *  their owner. */
    void stop();
    /** Live control: a constant @p ratePerSecond from @p fromNs (schedule time) on. */
    void setRate(qint64 fromNs, double ratePerSecond);
    /** A pooled user was deleted (stopped by its owner): forget it. */
    void forget(StepRunner *user);

    /** Late starts and dropped iterations since the last call (then zeroed). */
    struct Counts
    {
        qint64 started = 0;
        qint64 late = 0;
        qint64 dropped = 0;
    };
    [[nodiscard]] Counts takeCounts();
    [[nodiscard]] int poolSize() const { return int(m_users.size()); }
    [[nodiscard]] int busyUsers() const { return m_busy; }

private:
    struct Waiting
    {
        qint64 intendedNs = 0;
        bool blocked = false; ///< found the pool full and busy: a late start if it starts
    };
    [[nodiscard]] qint64 nowNs() const;
    void onTimer();
    void onIdle(StepRunner *user);
    void dispatch(qint64 now);
    void arm(qint64 now);

    Settings m_settings;
    UserFactory m_factory;
    QTimer m_timer;
    QList<StepRunner *> m_users;         ///< every pooled user
    QList<StepRunner *> m_idle;          ///< ready for an iteration
    int m_busy = 0;                      ///< users running an iteration
    QList<StepRunner *> m_startingUsers; ///< running their first onStart
    int m_starting = 0;                  ///< m_startingUsers.size()
    std::deque<Waiting> m_backlog;
    qint64 m_next = 0; ///< the next iteration index this thread schedules
    Counts m_counts;
    bool m_running = false;
};

} // namespace cicada
