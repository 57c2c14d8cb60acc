#pragma once

#include "engine/compiledprofile.h"
#include "engine/runnerstate.h"
#include "engine/userdistribution.h"
#include "http/httptransport.h"
#include "redact/secretscrubber.h"
#include "stats/stats.h"

#include <QElapsedTimer>
#include <QList>
#include <QMap>
#include <QObject>
#include <QTimer>

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

    /** Starts spawning towards load.users at load.spawnRate; stops after load.runTimeMs if > 0. */
    void start(const LoadSettings &load);
    /** Changes the target user count while running (ramps at @p spawnRate, or the current rate). */
    void setUserCount(int users, double spawnRate = 0);
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
     *  Idempotent. */
    void stop();

    [[nodiscard]] RunnerState state() const { return m_state; }
    [[nodiscard]] int userCount() const { return int(m_spawned.size()); }
    /** Users started and not stopped, per user type name (every type listed, 0 included). */
    [[nodiscard]] QMap<QString, int> userCountsByType() const;
    [[nodiscard]] int targetUserCount() const { return m_targetUsers; }
    [[nodiscard]] int threadCount() const { return int(m_threads.size()); }
    /** Milliseconds since start(), frozen when stopped. */
    [[nodiscard]] qint64 elapsedMs() const;
    [[nodiscard]] qint64 runTimeMs() const { return m_load.runTimeMs; }
    [[nodiscard]] const Stats &stats() const { return m_stats; }
    [[nodiscard]] GeneratorHealth health() const { return m_health; }
    [[nodiscard]] const CompiledProfile &profile() const { return *m_profile; }

Q_SIGNALS:
    void stateChanged(cicada::RunnerState state);
    /** Once per second, after the shards were merged and a history point was added. */
    void statsUpdated();
    /** The run is over (state Stopped) and the stats are final. */
    void finished();
    /** Each worker thread's delta, right after it was merged into stats(): about once per second
     *  per thread, plus each thread's final one while stopping (before finished()). Lets a
     *  listener (e.g. the Locust worker) keep its own interval statistics. */
    void deltaMerged(const cicada::StatsDelta &delta);

private:
    void setState(RunnerState state);
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
    LoadSettings m_load;
    Stats m_stats;
    SecretScrubber m_scrubber; ///< applied to every delta before stats() or deltaMerged see it
    GeneratorHealth m_health;
    double m_lagThisSecondMs = 0;

    QList<QThread *> m_threads;
    QList<UserHost *> m_hosts;
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
