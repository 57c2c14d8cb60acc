#pragma once

#include "engine/compiledprofile.h"
#include "engine/stepsequence.h"
#include "engine/usercontext.h"
#include "http/httptransport.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

class QRandomGenerator;

namespace cicada {

/**
 * @brief One simulated user: runs its type's onStart steps, then weighted tasks separated by the
 * wait time, and onStop steps when stopped (bounded by kStopTimeoutMs). Lives in one worker
 * thread; everything is asynchronous. Its UserContext holds what the user owns (captures,
 * transports, WebSocket session); executors run the steps (StepSequence).
 *
 * Timers, each with one purpose: m_waitTimer (the pause between iterations) and m_stopDeadline.
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
    /** Interrupts the current step, runs the onStop steps (bounded by kStopTimeoutMs), then
     *  emits finished(). Idempotent. */
    void stop();

Q_SIGNALS:
    void finished(cicada::StepRunner *user);

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
    void nextIteration();
    void iterationDone();
    void finish();
    void onAuthRejected();

    const CompiledUserType &m_type;
    UserContext m_context;
    StepSequence m_sequence;
    Phase m_phase = Phase::Idle;
    bool m_stopping = false;
    QTimer m_waitTimer;
    QTimer m_stopDeadline;
    QElapsedTimer m_iterationClock;  ///< for constant pacing
    bool m_inIterationStart = false; ///< inside nextIteration()'s run of the task's steps
};

} // namespace cicada
