#pragma once

#include "engine/compiledprofile.h"
#include "engine/stepsequence.h"
#include "engine/usercontext.h"
#include "http/httptransport.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QObject>

#include <functional>

class QRandomGenerator;

namespace cicada {

/**
 * @brief One simulated user: runs its type's onStart steps, then weighted tasks separated by the
 * wait time, and onStop steps when stopped (bounded by kStopTimeoutMs). Lives in one worker
 * thread; everything is asynchronous. Its UserContext holds what the user owns (captures,
 * transports, WebSocket session); executors run the steps (StepSequence).
 *
 * Stopping follows Locust's `--stop-timeout`: a user in its onStart steps or in a task iteration
 * may finish it for up to the stop timeout given to stop() (its requests count as usual); a
 * waiting user, or one still busy when the timeout ends, is interrupted. Then onStop runs.
 *
 * Timers, each with one purpose: m_waitTimer (the pause between iterations), m_graceTimer (the end
 * of the stop timeout, or 0 ms to interrupt from the event loop) and m_stopDeadline (onStop).
 * A reconnect refused with 401/403 (UserContext::onAuthRejected) abandons the current task and
 * runs onStart again (a fresh login), then the task loop.
 */
class StepRunner final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kStopTimeoutMs = 3000;

    StepRunner(int index, const CompiledProfile &profile, const CompiledUserType &type,
               HttpTransport::Kind transport, QRandomGenerator *random, UserContext::Sink sink,
               QObject *parent = nullptr);
    ~StepRunner() override;

    [[nodiscard]] int index() const { return m_context.index(); }
    [[nodiscard]] UserContext &context() { return m_context; }
    /** Starts the onStart steps, then the task loop. */
    void start();
    /** Called (from the event loop) each time a pooled user is ready for an iteration. */
    using IdleCallback = std::function<void(StepRunner *user)>;
    /**
     * Open model: starts the onStart steps, then, instead of looping, calls @p idle and waits for
     * runIteration(); after each iteration (or a fresh login after a refused reconnect) calls
     * @p idle again. The wait time is not used.
     */
    void startPooled(IdleCallback idle);
    /**
     * Open model: runs one task iteration now, @p lagUs after its intended start; its timed
     * operations are measured from the intended start (see UserContext::setIntendedStartLagUs).
     * False (nothing runs) unless the user is idle: stopping, or logging in again.
     */
    bool runIteration(qint64 lagUs);
    /**
     * @brief Stops the user: lets the onStart steps or task iteration in flight finish for up to
     * @p stopTimeoutMs (0 = not at all), then interrupts whatever still runs, runs the onStop
     * steps (bounded by kStopTimeoutMs) and emits finished(). Idempotent: a second call changes
     * nothing.
     */
    void stop(qint64 stopTimeoutMs = 0);

Q_SIGNALS:
    void finished(cicada::StepRunner *user);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    enum class Phase
    {
        Idle,
        OnStart,
        Task,
        Waiting,
        OnStop,
        Done
    };

    void runOnStart();
    void onStartDone();
    void becomeIdle();
    void nextIteration();
    void iterationDone();
    void interrupt();
    void finish();
    void onAuthRejected();

    const CompiledUserType &m_type;
    UserContext m_context;
    StepSequence m_sequence;
    Phase m_phase = Phase::Idle;
    bool m_stopping = false;
    QBasicTimer m_waitTimer; ///< single shots (see timerEvent): no QObject per timer
    QBasicTimer m_graceTimer;
    QBasicTimer m_stopDeadline;
    QElapsedTimer m_iterationClock;  ///< for constant pacing
    bool m_inIterationStart = false; ///< inside nextIteration()'s run of the task's steps
    IdleCallback m_idle;             ///< open model: set by startPooled()
};

} // namespace cicada
