#pragma once

#include "engine/compiledprofile.h"
#include "engine/mailbox.h"
#include "http/httptransport.h"
#include "stats/requestoutcome.h"
#include "stats/statsdelta.h"
#include "stats/statsshard.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include <deque>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace cicada {

class StepRunner;

/**
 * @brief Lives in one worker thread and owns the virtual users spawned there, their stats shard
 * (no locks: only this thread records into it) and the event-loop lag probe.
 *
 * All methods except the constructor and mailbox() run in the worker thread; the runner reaches
 * them by posting tasks to mailbox() and receives results through the callbacks given at
 * construction, which are invoked in the worker thread and must post to the runner themselves.
 */
class UserHost final : public QObject
{
    Q_OBJECT
public:
    struct Callbacks
    {
        /** Once per kStatsFlushIntervalMs and once more when stopping. */
        std::function<void(StatsDelta delta, double maxLagMs)> stats;
        /** When stopAll() has finished every user (after the final stats flush). */
        std::function<void()> stopped;
    };

    UserHost(std::shared_ptr<const CompiledProfile> profile, HttpTransport::Kind transport,
             Callbacks callbacks);
    ~UserHost() override;

    /** Posting here runs the task in this host's (worker) thread. Thread-safe. */
    [[nodiscard]] Mailbox *mailbox() const { return m_mailbox; }

    /** Records one outcome into this thread's shard. Called by users of this thread only. */
    void report(const RequestOutcome &outcome) { m_shard.record(outcome); }
    [[nodiscard]] QRandomGenerator &random() { return m_random; }

    /** Starts the flush and lag timers; call once in the worker thread. */
    void begin();
    /** Spawns users with these (global index, user type index) pairs, in slices of at most
     *  kSliceMs so that a large batch never blocks this thread's timers, sockets or a stop. */
    void spawn(const std::vector<std::pair<int, int>> &users);
    /** Stops the users with these global indices (they run their on-stop steps); users not
     *  spawned yet are dropped. */
    void stopUsers(const std::vector<int> &indices);
    /** Stops every user (in slices, like spawn()), flushes stats and calls Callbacks::stopped —
     *  after StepRunner::kStopTimeoutMs at the latest: users still stopping then are deleted. */
    void stopAll();

    /// The longest one slice of spawning or stopping users keeps the thread busy.
    static constexpr int kSliceMs = 5;
    /** Deletes the users at once, without their on-stop steps (teardown). Their sockets are
     *  released with deleteLater(), so call this from the event loop, before the thread ends. */
    void deleteUsers();

private:
    void flush();
    void onLagProbe();
    void onUserFinished(StepRunner *user);
    void spawnSlice();
    void stopSlice();
    void finishStopping();

    std::shared_ptr<const CompiledProfile> m_profile;
    HttpTransport::Kind m_transport;
    Callbacks m_callbacks;
    StatsShard m_shard;
    QRandomGenerator m_random;
    QList<StepRunner *> m_users;
    std::deque<std::pair<int, int>> m_pending; ///< (index, type) to spawn in a later slice
    QList<StepRunner *> m_toStop;              ///< stopAll(): users not yet told to stop
    bool m_sliceScheduled = false;
    Mailbox *m_mailbox;
    QTimer *m_flushTimer; ///< children, so moveToThread() takes them along
    QTimer *m_lagTimer;
    QTimer *m_stopDeadline; ///< stopAll() ends by then even if users are still stopping
    QElapsedTimer m_lagClock;
    double m_maxLagMs = 0;
    bool m_stoppingAll = false;
    bool m_stopped = false; ///< Callbacks::stopped was called
};

} // namespace cicada
