#pragma once

#include "engine/arrivalpool.h"
#include "engine/arrivalschedule.h"
#include "engine/compiledprofile.h"
#include "engine/runnerstate.h"
#include "engine/stageplan.h"
#include "engine/stopreason.h"
#include "engine/userdistribution.h"
#include "http/httptransport.h"
#include "redact/secretscrubber.h"
#include "stats/bottleneckrule.h"
#include "stats/stats.h"

#include <QElapsedTimer>
#include <QList>
#include <QMap>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QThread;

namespace cicada {

class Mailbox;
class UserHost;
class WsRateBoard;

/** @brief Settings of the generator itself (not of the test). */
struct RunnerOptions
{
    int threads = 0;                              ///< 0 = one per core
    std::optional<HttpTransport::Kind> transport; ///< overrides the profile's target.transport
    /// Run the closed model whatever the profile's arrival rates say (a Locust worker: the
    /// master's user counts drive).
    bool closedModelOnly = false;
    /// Worker threads use EpollEventDispatcher (a wake-up costs O(ready sockets), not O(all
    /// sockets): a WebSocket round trip costs ~25 % less CPU at 50 users and idle connections
    /// cost nothing per wake-up) instead of Qt's default (glib, which polls every socket of the
    /// thread on every wake-up). Unset: epoll, unless the environment variable
    /// CICADA_WORKER_DISPATCHER says "qt" (the GUI has no flag for it).
    std::optional<bool> epollDispatcher = {};
    /// Each worker thread gets a descriptor table of its own (Linux unshare(CLONE_FILES)) before
    /// its first user. RLIMIT_NOFILE bounds the descriptor numbers of one table, so N threads
    /// then hold up to N × the open-file limit of sockets: the way past a hard limit that cannot
    /// be raised (a container without CAP_SYS_RESOURCE). Safe because a user's sockets are
    /// created, used and closed in its own thread; descriptors the process opens later (result
    /// files, the metrics server) are invisible to the workers, and the workers' copies of the
    /// ones opened before keep those open until the run ends.
    bool privateFdTables = false;
};

/**
 * @brief Runs a compiled profile: owns the worker threads, spawns and stops users at the spawn
 * rate, merges the threads' stats shards once per second and keeps the run time.
 *
 * An explicit state machine (Ready → Spawning ⇄ Running → Stopping → Stopped); setState() is
 * the one place that changes it. Lives in (and must be used from) the thread that created it.
 */
class Runner final : public QObject
{
    Q_OBJECT
public:
    Runner(std::shared_ptr<const CompiledProfile> profile, RunnerOptions options,
           QObject *parent = nullptr);
    ~Runner() override;

    /**
     * Starts the run and stops it after load.effectiveRunTimeMs() if > 0 (runTime, else the sum of
     * the stages). Closed model: spawns towards load.users at load.spawnRate, or follows the
     * closed stages (each stage's users at its spawn rate, from its start). Open model (the
     * profile's Profile::isOpenModel()): starts iterations at the arrival rate of each user type
     * (its own arrivalRate, or its weight's share of load.arrivalRate and the open stages) on
     * pools of users spread over the worker threads (ArrivalPool).
     */
    void start(const LoadSettings &load);
    /** Closed model: changes the target user count while running (ramps at @p spawnRate, or the
     *  current rate); stops following the stages. Ignored in the open model. */
    void setUserCount(int users, double spawnRate = 0);
    /**
     * Open model, live control: from now on, @p perSecond iterations per second in total, split
     * over the user types in the proportions of their current rates (by weight when all are 0);
     * replaces what the ramp or the stages would have done next. Ignored in the closed model and
     * unless started. Like setUserCount(), call it from the Runner's thread.
     */
    void setArrivalRate(double perSecond);
    /**
     * @brief Sets absolute per-user-type targets, e.g. from a Locust master's spawn message.
     *
     * @p countsByType maps user type names to user counts; types not named get 0 and unknown
     * names are ignored. Surplus users of a type are stopped (newest first), missing ones started
     * (the type furthest below its target first), at @p spawnRate changes per second, or all at
     * once when @p spawnRate <= 0. Only while started (Spawning or Running); a later
     * setUserCount() returns to weight-based spawning.
     */
    void setUserCounts(const QMap<QString, int> &countsByType, double spawnRate = 0);
    /** Stops every user (they run their on-stop steps), merges the last stats, then finished().
     *  Iterations in flight may finish for up to stopTimeoutMs() first. Idempotent: the first
     *  call's @p reason is the one finished() carries. The run timer stops with Completed. */
    void stop(StopReason reason = StopReason::User);
    /**
     * @brief Sets how long a stopping user's iteration in flight may run on (Locust's
     * `--stop-timeout`; 0 = interrupt at once), for users stopped from now on: by stop() and by a
     * lower user count. start() sets it from LoadSettings::stopTimeoutMs.
     */
    void setStopTimeoutMs(qint64 stopTimeoutMs);
    [[nodiscard]] qint64 stopTimeoutMs() const { return m_load.stopTimeoutMs; }

    [[nodiscard]] RunnerState state() const { return m_state; }
    /** Why the run ended (or is ending): the reason of the first stop(); Completed before. */
    [[nodiscard]] StopReason stopReason() const { return m_stopReason; }
    /** Users started and not stopped; in the open model, the users in the pools (as of the
     *  threads' last report). */
    [[nodiscard]] int userCount() const;
    /** True when the profile uses the open model (arrival rates). */
    [[nodiscard]] bool isOpenModel() const { return m_open; }
    /** Open model: the planned arrival rate now (iterations per second, all types); 0 in the
     *  closed model. */
    [[nodiscard]] double arrivalRate() const;
    /** The load's stages (empty without); planned users or rate over time for charts. */
    [[nodiscard]] const StagePlan &stagePlan() const { return m_stagePlan; }
    /** Users started and not stopped, per user type name (every type listed, 0 included). */
    [[nodiscard]] QMap<QString, int> userCountsByType() const;
    [[nodiscard]] int targetUserCount() const { return m_targetUsers; }
    [[nodiscard]] int threadCount() const { return int(m_threads.size()); }
    /** Milliseconds since start(), frozen when stopped. */
    [[nodiscard]] qint64 elapsedMs() const;
    /** The planned run time: load.runTimeMs, or the sum of the stages; 0 = until stopped. */
    [[nodiscard]] qint64 runTimeMs() const { return m_load.effectiveRunTimeMs(); }
    [[nodiscard]] const Stats &stats() const { return m_stats; }
    [[nodiscard]] GeneratorHealth health() const { return m_health; }
    [[nodiscard]] const CompiledProfile &profile() const { return *m_profile; }

Q_SIGNALS:
    void stateChanged(cicada::RunnerState state);
    /** Once per second, after the shards were merged and a history point and a health point
     *  (Stats::recordHealth, with the BottleneckRule's verdict) were added. */
    void statsUpdated();
    /** The run is over (state Stopped) and the stats are final; @p reason as stopReason(). */
    void finished(cicada::StopReason reason);
    /** Each worker thread's delta, right after it was merged into stats(): about once per second
     *  per thread, plus each thread's final one while stopping (before finished()). Lets a
     *  listener (e.g. the Locust worker) keep its own interval statistics. */
    void deltaMerged(const cicada::StatsDelta &delta);

private:
    void setState(RunnerState state);
    /** Ramps towards @p users at @p spawnRate as if the ramp had begun @p sinceNs ago. */
    void rampTo(int users, double spawnRate, qint64 sinceNs = 0);
    [[nodiscard]] qint64 rampElapsedNs() const
    {
        return m_rampClock.nsecsElapsed() + m_rampOffsetNs;
    }
    void startArrivals();
    void onArrivals(const ArrivalPool::Counts &counts, int thread, int pooledUsers);
    void onStageTick();
    [[nodiscard]] qint64 scheduleNs() const;
    void onSpawnTick();
    void spawnTowardsTypeTargets();
    void dispatch(const std::vector<std::vector<std::pair<int, int>>> &starts,
                  const std::vector<std::vector<int>> &stops);
    void onSecondTick();
    void onHostStopped();
    void mergeDelta(const StatsDelta &delta, double lagMs);
    void updateCpu();
    void joinThreads();
    void publishRateTargets();
    void readRateCounts();

    std::shared_ptr<const CompiledProfile> m_profile;
    RunnerOptions m_options;
    Mailbox *m_mailbox; ///< workers post their results here
    HttpTransport::Kind m_transport = HttpTransport::Kind::Raw;
    RunnerState m_state = RunnerState::Ready;
    StopReason m_stopReason = StopReason::Completed;
    LoadSettings m_load;
    Stats m_stats;
    SecretScrubber m_scrubber; ///< applied to every delta before stats() or deltaMerged see it
    GeneratorHealth m_health;
    BottleneckRule m_bottleneckRule; ///< fed once per second; sets m_health.bottleneck
    double m_lagThisSecondMs = 0;

    QList<QThread *> m_threads;
    QList<UserHost *> m_hosts;
    /// --private-fd-tables: an epoll dispatcher's descriptors as numbered in this (the runner's)
    /// table. The main thread wakes the worker through them; once the worker has unshared its
    /// table its dispatcher closes only its own copies, so these are closed after the thread
    /// has finished — only if the unshare happened (else the dispatcher closed these very ones).
    struct SharedDispatcherFds
    {
        std::pair<int, int> fds;
        std::shared_ptr<std::atomic<bool>> unshared;
    };
    QList<SharedDispatcherFds> m_sharedDispatcherFds;
    int m_hostsStopped = 0;

    /** A started user: global index, worker thread index, user type index. */
    struct SpawnedUser
    {
        int index = 0;
        int thread = 0;
        int type = 0;
    };

    UserDistribution m_distribution;
    QList<SpawnedUser> m_spawned; ///< oldest first
    QList<int> m_typeTargets;     ///< per user type; empty = spawn by weights (m_distribution)
    bool m_typeTargetsAtOnce = false;
    qint64 m_rampChanges = 0; ///< users started or stopped since the ramp began (type mode)
    int m_nextUserIndex = 0;
    int m_targetUsers = 0;
    double m_spawnRate = 1;
    int m_rampFrom = 0;
    QElapsedTimer m_rampClock;
    qint64 m_rampOffsetNs = 0; ///< added to m_rampClock: a stage's ramp began before it was seen

    // Open model and stages (issue 10).
    bool m_open = false;
    std::chrono::steady_clock::time_point m_origin; ///< time 0 of the arrival schedules
    QList<ArrivalSchedule> m_schedules;             ///< per user type, as the threads have them
    QList<int> m_pooledUsers;                       ///< per thread, from its last report
    qint64 m_lateThisSecond = 0;
    qint64 m_droppedThisSecond = 0;
    StagePlan m_stagePlan;
    bool m_followStages = false; ///< closed stages drive the user count
    int m_stage = -1;            ///< the closed stage applied last
    QTimer m_stageTimer;

    QTimer m_spawnTimer;
    QTimer m_secondTimer;
    QTimer m_runTimer;
    QElapsedTimer m_clock;
    qint64 m_stoppedAtMs = -1;
    qint64 m_lastCpuNs = 0;
    QElapsedTimer m_cpuClock;
    std::shared_ptr<WsRateBoard> m_wsRateBoard; ///< shared with the users' rate sends
};

} // namespace cicada
