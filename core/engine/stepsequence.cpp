#include "engine/stepsequence.h"

#include "engine/closeexecutor.h"
#include "engine/httpexecutor.h"
#include "engine/thinkexecutor.h"
#include "engine/usercontext.h"
#include "engine/wsawaitexecutor.h"
#include "engine/wsconnectexecutor.h"
#include "engine/wssendexecutor.h"
#include "feed/feedset.h"

namespace cicada {

namespace {

/** Reports @p error on @p step's own stats row, for a step that fails before its executor runs
 *  (only steps with templates can: http, wsConnect, wsSend). */
void reportStepFailure(const CompiledStep &step, UserContext &context, const QString &error)
{
    if (const auto *http = std::get_if<CompiledHttp>(&step.spec))
        context.reportOperation(http->type, http->name, 0, 0, error);
    else if (const auto *connect = std::get_if<CompiledWsConnect>(&step.spec))
        context.reportOperation(QStringLiteral("WS connect"), connect->name, 0, 0, error);
    else if (const auto *send = std::get_if<CompiledWsSend>(&step.spec);
             send && send->await == WsSendStep::Await::None)
        context.reportMessage(send->type, send->name, 0, error);
    else if (send)
        context.reportOperation(send->type, send->name, 0, 0, error);
}

QString exhaustedText(const FeedSet &feeds, int index)
{
    const Feeder &feeder = feeds.feeder(index);
    const qsizetype rows = feeds.table(index).rowCount();
    // No user index in the text: errors are grouped by their text.
    if (feeder.strategy == Feeder::Strategy::PerUser)
        return QStringLiteral("feeder '%1' has no row for this user: it has %2 rows, one per user "
                              "index (perUser)")
            .arg(feeder.name)
            .arg(rows);
    return QStringLiteral("feeder '%1' has no rows left: all %2 rows were used (sequential)")
        .arg(feeder.name)
        .arg(rows);
}

/** Selects the rows @p step's templates use. False when a feeder ran out: the user stops (the
 *  step stays pending until the stop cancels it) or the step failed (and is done). */
bool takeRows(const CompiledStep &step, UserContext &context, StepCall call)
{
    const int exhausted = context.feeds().prepare(step.feeders, context.random());
    if (exhausted < 0)
        return true;
    FeedSet &feeds = *context.feeds().feeds();
    feeds.countExhausted(exhausted);
    const Feeder &feeder = feeds.feeder(exhausted);
    if (feeder.onExhausted == Feeder::OnExhausted::StopUser && context.onFeedExhausted &&
        context.onFeedExhausted()) {
        context.reportMessage(QStringLiteral("feed"), feeder.name, 0,
                              exhaustedText(feeds, exhausted) +
                                  QStringLiteral("; the user stopped"));
        return false;
    }
    reportStepFailure(step, context, exhaustedText(feeds, exhausted));
    call.done();
    return false;
}

} // namespace

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
    if (!step.feeders.isEmpty() && !takeRows(step, context, call))
        return;
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
