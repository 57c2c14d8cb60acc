#include "engine/wssendexecutor.h"

#include "engine/parsedmessage.h"
#include "engine/replytable.h"
#include "engine/responserules.h"
#include "engine/stepsequence.h"
#include "engine/usercontext.h"
#include "engine/wsratesender.h"
#include "engine/wssession.h"

namespace cicada {

namespace {

void reportFailure(const CompiledWsSend &step, UserContext &context, const QString &error)
{
    if (step.await == WsSendStep::Await::None)
        context.reportMessage(step.type, step.name, 0, error);
    else
        context.reportOperation(step.type, step.name, 0, 0, error);
}

} // namespace

void WsSendExecutor::start(const CompiledWsSend &step, UserContext &context, StepCall call)
{
    WsSession &ws = context.ws();
    if (!ws.usable(call)) {
        if (ws.willBeReady() && !call.inConnectHook()) {
            ws.whenReady(call, [&step, &context, call] { start(step, context, call); });
            return;
        }
        reportFailure(step, context,
                      ws.state() == WsSession::State::Idle
                          ? QStringLiteral("Not connected: no wsConnect step has run for this user")
                          : QStringLiteral("Not connected"));
        call.done();
        return;
    }
    if (step.scheduled()) {
        WsRateSender::start(step, context, call);
        return;
    }
    context.nextSequence();
    const QByteArray bytes =
        step.binary ? step.binaryBody : step.body.renderUtf8(context.templateContext());
    if (step.await == WsSendStep::Await::None) {
        ws.sendFrame(bytes, step.binary);
        context.reportMessage(step.type, step.name, bytes.size());
        call.done();
        return;
    }
    PendingReply pending;
    pending.step = &step;
    if (step.await == WsSendStep::Await::Match) {
        ParsedMessage sent(bytes, step.binary);
        if (!ReplyTable::keyOf(step, sent, &pending.key)) {
            // Wording kept in step with ScenarioError (a script error for the Locust master).
            reportFailure(step, context,
                          QStringLiteral("The sent message has no field '%1' to match replies on")
                              .arg(step.matchPointers.join(QStringLiteral(", "))));
            call.done();
            return;
        }
    }
    pending.sentNs = ws.nowNs();
    pending.deadlineNs = pending.sentNs + step.timeoutMs * 1000000;
    if (!ws.addPending(pending)) {
        reportFailure(step, context,
                      QStringLiteral("A send with the same values at %1 is still awaiting its "
                                     "reply")
                          .arg(step.matchPointers.join(QStringLiteral(", "))));
        call.done();
        return;
    }
    ws.sendFrame(bytes, step.binary);
    if (ws.pendingCount(&step) < step.inFlight)
        call.done();
    else
        ws.waitForSlot(&step, call);
}

void WsSendExecutor::finish(const PendingReply &pending, UserContext &context, ParsedMessage *reply,
                            const QString &error, qint64 nowNs)
{
    const CompiledWsSend &step = *pending.step;
    QString err = error;
    if (err.isEmpty() && reply)
        err = ResponseRules::apply(step.checks, step.captures, *reply, context);
    // A rate send's times count from its intended send time; its service time from the send.
    const qint64 startNs = pending.startNs();
    const auto serviceUs = [&](qint64 endNs) {
        return pending.intendedNs >= 0 ? (endNs - pending.sentNs) / 1000 : -1;
    };
    if (step.multiReply()) {
        if (pending.firstReplyNs >= 0)
            context.reportOperation(QStringLiteral("WS first"), step.name,
                                    (pending.firstReplyNs - startNs) / 1000, 0, {},
                                    serviceUs(pending.firstReplyNs));
        else
            context.reportOperation(QStringLiteral("WS first"), step.name, (nowNs - startNs) / 1000,
                                    0, err, serviceUs(nowNs));
    }
    context.reportOperation(step.type, step.name, (nowNs - startNs) / 1000, pending.bytes, err,
                            serviceUs(nowNs));
}

QString WsSendExecutor::timeoutError(const PendingReply &pending)
{
    const CompiledWsSend &step = *pending.step;
    if (step.multiReply()) {
        if (!step.until.isEmpty())
            return QStringLiteral("No reply meeting the until conditions within %1 ms (%2 "
                                  "replies)")
                .arg(step.timeoutMs)
                .arg(pending.replies);
        return QStringLiteral("Got %1 of %2 replies within %3 ms")
            .arg(pending.replies)
            .arg(step.replies)
            .arg(step.timeoutMs);
    }
    if (step.await == WsSendStep::Await::Match)
        return QStringLiteral("No reply matching %1 within %2 ms")
            .arg(step.matchPointers.join(QStringLiteral(", ")))
            .arg(step.timeoutMs);
    return QStringLiteral("No reply within %1 ms").arg(step.timeoutMs);
}

} // namespace cicada
