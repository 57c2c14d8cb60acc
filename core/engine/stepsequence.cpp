#include "engine/stepsequence.h"

#include "engine/closeexecutor.h"
#include "engine/httpexecutor.h"
#include "engine/thinkexecutor.h"
#include "engine/wsawaitexecutor.h"
#include "engine/wsconnectexecutor.h"
#include "engine/wssendexecutor.h"

namespace cicada {

bool StepCall::alive() const
{
    return m_sequence && m_sequence->isCurrent(m_generation);
}

void StepCall::done() const
{
    if (m_sequence)
        m_sequence->stepDone(m_generation);
}

bool StepCall::inConnectHook() const
{
    return m_sequence && m_sequence->isConnectHook();
}

void StepSequence::run(const CompiledSteps *steps, std::function<void()> finished)
{
    ++m_generation;
    m_steps = steps;
    m_index = 0;
    m_stepPending = false;
    m_finished = std::move(finished);
    advance();
}

void StepSequence::cancel()
{
    ++m_generation;
    m_steps = nullptr;
    m_stepPending = false;
    m_finished = nullptr;
}

void StepSequence::stepDone(quint64 generation)
{
    if (!isCurrent(generation))
        return;
    m_stepPending = false;
    ++m_index;
    advance();
}

void StepSequence::advance()
{
    // Re-entered when a step completes inside its own start(): the outer loop carries on.
    if (m_inAdvance)
        return;
    m_inAdvance = true;
    while (m_steps && m_index < m_steps->size() && !m_stepPending) {
        m_stepPending = true;
        const quint64 generation = ++m_generation;
        execute((*m_steps)[m_index], m_context, StepCall(this, generation));
    }
    const bool finished = m_steps && m_index >= m_steps->size() && !m_stepPending;
    m_inAdvance = false;
    if (finished) {
        m_steps = nullptr;
        // Last statement: the callback may start the next run on this sequence.
        if (auto callback = std::exchange(m_finished, nullptr))
            callback();
    }
}

void StepSequence::execute(const CompiledStep &step, UserContext &context, StepCall call)
{
    std::visit(
        [&](const auto &spec) {
            using T = std::decay_t<decltype(spec)>;
            if constexpr (std::is_same_v<T, CompiledHttp>)
                HttpExecutor::start(spec, context, call);
            else if constexpr (std::is_same_v<T, CompiledWsConnect>)
                WsConnectExecutor::start(spec, context, call);
            else if constexpr (std::is_same_v<T, CompiledWsSend>)
                WsSendExecutor::start(spec, context, call);
            else if constexpr (std::is_same_v<T, CompiledWsAwait>)
                WsAwaitExecutor::start(spec, context, call);
            else if constexpr (std::is_same_v<T, CompiledThink>)
                ThinkExecutor::start(spec, context, call);
            else
                CloseExecutor::start(spec, context, call);
        },
        step.spec);
}

} // namespace cicada
