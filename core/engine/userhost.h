#pragma once

#include "engine/arrivalpool.h"
#include "engine/compiledprofile.h"
#include "engine/mailbox.h"
#include "http/httptransport.h"
#include "stats/requestoutcome.h"
#include "stats/statsdelta.h"
#include "stats/statsshard.h"

#include <QElapsedTimer>
#include <QList>
#include <QMap>
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
class WsRateBoard;

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
        /** Open model, with each stats flush: iterations started, late and dropped since the
         *  last one, and the users now in this thread's pools. */
        std::function<void(ArrivalPool::Counts counts, int pooledUsers)> arrivals = {};
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
    /**
     * Open model: runs user type @p type's iterations owned by this thread (see ArrivalPool).
     * Pooled users get indices @p thread, @p thread + @p threads, ... (unique across threads).
     */
    void startArrivals(int type, const ArrivalPool::Settings &settings, int thread, int threads);
    /** Open model, live control: type @p type's rate from @p fromNs (schedule time) on. */
    void setArrivalRate(int type, qint64 fromNs, double ratePerSecond);
    /** Stops the users with these global indices (they run their on-stop steps); iterations in
     *  flight may finish for up to @p stopTimeoutMs (StepRunner::stop); users not spawned yet
     *  are dropped. */
    void stopUsers(const std::vector<int> &indices, qint64 stopTimeoutMs = 0);
    /** Stops every user (as stopUsers(), in slices like spawn()), flushes stats and calls
     *  Callbacks::stopped — after @p stopTimeoutMs + StepRunner::kStopTimeoutMs at the latest:
     *  users still stopping then are deleted. */
    void stopAll(qint64 stopTimeoutMs = 0);

    /// The longest one slice of spawning or stopping users keeps the thread busy.
    static constexpr int kSliceMs = 5;
    /** Deletes the users at once, without their on-stop steps (teardown). Their sockets are
     *  released with deleteLater(), so call this from the event loop, before the thread ends. */
    void deleteUsers();
    /** The board the users' rate sends share with the Runner; set before begin(). */
    void setWsRateBoard(std::shared_ptr<WsRateBoard> board) { m_wsRateBoard = std::move(board); }

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
    QMap<int, ArrivalPool *> m_pools; ///< open model: per user type index, children
    int m_nextPooledIndex = -1;       ///< open model: the next pooled user's global index
    int m_pooledIndexStride = 1;
    std::shared_ptr<WsRateBoard> m_wsRateBoard;
    bool m_stopped = false;     ///< Callbacks::stopped was called
    qint64 m_stopTimeoutMs = 0; ///< stopAll()'s grace for iterations in flight
};

} // namespace cicada
