#pragma once

#include "engine/compiledsteps.h"

#include <QtGlobal>

#include <functional>

namespace cicada {

class StepSequence;
class UserContext;

/**
 * @brief The handle an executor gets for the one step it runs: done() moves the sequence on,
 * alive() says whether the step is still the sequence's current one (false after cancel() or
 * after done()). Cheap to copy; executors keep it in callbacks and check alive() before they
 * report, so an interrupted step's late callback reports nothing.
 *
 * The sequence must outlive the call's use: sequences belong to the user (StepRunner) or its
 * WsSession, whose timers, sockets and transports are the only things that call back.
 */
class StepCall
{
public:
    StepCall() = default;
    StepCall(StepSequence *sequence, quint64 generation)
        : m_sequence(sequence), m_generation(generation)
    {}
    [[nodiscard]] bool alive() const;
    /** Completes the step (once; later calls and calls after cancel() do nothing). */
    void done() const;
    /** True for the steps of a wsConnect's onConnect list (they may use a session that is open
     *  but not yet ready). */
    [[nodiscard]] bool inConnectHook() const;
    [[nodiscard]] bool isNull() const { return m_sequence == nullptr; }

private:
    StepSequence *m_sequence = nullptr;
    quint64 m_generation = 0;
};

/**
 * @brief Runs a list of compiled steps one after another, each through the executor of its kind
 * (`XExecutor::start(step, context, call)`), then calls the finished callback.
 *
 * Steps that complete synchronously (a fire-and-forget send, a close) are looped over, not
 * recursed into. cancel() abandons the current step: its late completion is ignored and the
 * finished callback is not called. Not thread-safe; lives with its user.
 */
class StepSequence
{
public:
    StepSequence(UserContext &context, bool connectHook = false)
        : m_context(context), m_connectHook(connectHook)
    {}
    StepSequence(const StepSequence &) = delete;
    StepSequence &operator=(const StepSequence &) = delete;

    /** Starts @p steps (which must outlive the run); @p finished runs after the last step. */
    void run(const CompiledSteps *steps, std::function<void()> finished);
    /** Abandons the current run. */
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_steps != nullptr; }
    [[nodiscard]] bool isConnectHook() const { return m_connectHook; }

    /** StepCall's side. */
    [[nodiscard]] bool isCurrent(quint64 generation) const
    {
        return m_stepPending && generation == m_generation;
    }
    void stepDone(quint64 generation);

    /** Runs one step through its kind's executor (also used for single steps in tests). */
    static void execute(const CompiledStep &step, UserContext &context, StepCall call);

private:
    void advance();

    UserContext &m_context;
    const bool m_connectHook;
    const CompiledSteps *m_steps = nullptr;
    size_t m_index = 0;
    quint64 m_generation = 0; ///< bumps for every step and on cancel()
    bool m_stepPending = false;
    bool m_inAdvance = false;
    std::function<void()> m_finished;
};

} // namespace cicada
