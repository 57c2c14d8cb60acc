#include "engine/wsawaitexecutor.h"

#include "engine/conditioncheck.h"
#include "engine/parsedmessage.h"
#include "engine/responserules.h"
#include "engine/stepsequence.h"
#include "engine/usercontext.h"
#include "engine/wssession.h"

namespace cicada {

namespace {
const QString kType = QStringLiteral("WS await");
} // namespace

void WsAwaitExecutor::start(const CompiledWsAwait &step, UserContext &context, StepCall call)
{
    startAt(step, context, call, context.ws().nowNs());
}

void WsAwaitExecutor::startAt(const CompiledWsAwait &step, UserContext &context, StepCall call,
                              qint64 startNs)
{
    WsSession &ws = context.ws();
    if (!ws.usable(call)) {
        if (ws.willBeReady() && !call.inConnectHook()) {
            // Still timed from the step's start: waiting for the connection is part of it.
            ws.whenReady(
                call, [&step, &context, call, startNs] { startAt(step, context, call, startNs); });
            return;
        }
        context.reportOperation(kType, step.name, 0, 0, QStringLiteral("Not connected"));
        call.done();
        return;
    }
    ws.addAwait(step, call, startNs);
}

void WsAwaitExecutor::finish(const CompiledWsAwait &step, UserContext &context,
                             ParsedMessage *message, qint64 elapsedUs, const QString &error)
{
    QString err = error;
    if (err.isEmpty() && message)
        err = ResponseRules::apply(step.checks, step.captures, *message, context);
    context.reportOperation(kType, step.name, elapsedUs, message ? message->bytes().size() : 0,
                            err);
}

QString WsAwaitExecutor::timeoutError(const CompiledWsAwait &step)
{
    if (step.match.isEmpty())
        return QStringLiteral("No message within %1 ms").arg(step.timeoutMs);
    QStringList conditions;
    for (const Condition &c : step.match)
        conditions << ConditionCheck::describe(c);
    return QStringLiteral("No message matching %1 within %2 ms")
        .arg(conditions.join(QStringLiteral(" and ")))
        .arg(step.timeoutMs);
}

} // namespace cicada
