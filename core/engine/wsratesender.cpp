#include "engine/wsratesender.h"

#include "engine/parsedmessage.h"
#include "engine/replytable.h"
#include "engine/usercontext.h"
#include "engine/wsrateboard.h"
#include "engine/wssession.h"

#include <cmath>

namespace cicada {

namespace {

constexpr qint64 kNsPerSecond = 1000000000;
constexpr qint64 kNsPerMs = 1000000;

} // namespace

WsRateSender *WsRateSender::start(const CompiledWsSend &step, UserContext &context, StepCall call)
{
    auto *sender = new WsRateSender(step, context, call);
    sender->onTimer(); // message 0 is due now
    return sender;
}

WsRateSender::WsRateSender(const CompiledWsSend &step, UserContext &context, StepCall call)
    : QObject(context.owner()), m_step(step), m_context(context), m_call(call)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &WsRateSender::onTimer);
    m_startNs = context.ws().nowNs();
    m_epochNs = m_startNs;
    m_rate = shareOfRate();
}

int WsRateSender::burstLimit(double ratePerSecond)
{
    return int(std::clamp(std::ceil(ratePerSecond * double(kBurstWindowMs) / 1000.0), 1.0, 1.0e6));
}

double WsRateSender::shareOfRate() const
{
    if (m_step.rate.mode != WsSendStep::Rate::Mode::Total)
        return m_step.rate.perSecond;
    const WsRateBoard *board = m_context.wsRateBoard();
    const int users = board ? board->targetUsers(m_context.userType()) : 1;
    return m_step.rate.perSecond / double(std::max(1, users));
}

qint64 WsRateSender::intendedNs(qint64 n) const
{
    // From the index each time (never by adding intervals), so rounding cannot accumulate.
    return m_epochNs +
           qint64(std::llround(double(n - m_epochIndex) * double(kNsPerSecond) / m_rate));
}

bool WsRateSender::boundReached(qint64 nextIntendedNs) const
{
    if (m_step.rate.count > 0 && m_handled >= m_step.rate.count)
        return true;
    return m_step.rate.forMs > 0 && nextIntendedNs >= m_startNs + m_step.rate.forMs * kNsPerMs;
}

void WsRateSender::onTimer()
{
    if (m_finished)
        return;
    if (!m_call.alive()) { // the user stopped, or the task was abandoned
        finish(false);
        return;
    }
    WsSession &ws = m_context.ws();
    const qint64 now = ws.nowNs();
    const double share = shareOfRate();
    if (share != m_rate) {
        // The user type's target changed: the new share starts one new interval after the last
        // message's intended time (or at the start), not at the old schedule's next slot.
        if (m_handled > 0) {
            m_epochNs = intendedNs(m_handled - 1);
            m_epochIndex = m_handled - 1;
        }
        m_rate = share;
    }
    const int burst = burstLimit(m_rate);
    int sentNow = 0;
    qint64 next = intendedNs(m_handled);
    // Due: up to half a tick ahead, as the timer is armed a little early (see arm()).
    const qint64 dueBy = now + kEarlyToleranceUs * 1000;
    while (!boundReached(next) && next <= dueBy && sentNow < burst) {
        if (ws.usable(m_call))
            sendOne(next);
        else
            fail(QStringLiteral("Not connected"));
        ++m_handled;
        ++sentNow;
        next = intendedNs(m_handled);
    }
    flushCounts();
    if (boundReached(next)) {
        const qint64 endNs = m_startNs + m_step.rate.forMs * kNsPerMs;
        if (m_step.rate.count > 0 || m_step.rate.forMs <= 0 || ws.nowNs() >= endNs)
            finish(true);
        else
            arm(endNs, ws.nowNs(), true); // the step lasts its whole `for`
        return;
    }
    if (next <= dueBy)
        m_timer.start(std::chrono::milliseconds(1)); // a backlog: the next burst in 1 ms
    else
        arm(next, ws.nowNs());
}

void WsRateSender::arm(qint64 atNs, qint64 nowNs, bool notBefore)
{
    if (notBefore) {
        m_timer.start(std::chrono::milliseconds(
            std::max<qint64>(0, (atNs - nowNs + kNsPerMs - 1) / kNsPerMs)));
        return;
    }
    // Rounded down: the event loop's wait already ends up to a tick after a timer's deadline, so
    // rounding up as well made the median send 1.2 ms late and a fifth of them later than
    // kLateSendUs on a busy machine; rounded down, a firing is at most a tick early and sends
    // what is due within kEarlyToleranceUs (an earlier firing re-arms at 0 ms).
    m_timer.start(std::chrono::milliseconds(std::max<qint64>(0, (atNs - nowNs) / kNsPerMs)));
}

void WsRateSender::sendOne(qint64 intendedNs)
{
    WsSession &ws = m_context.ws();
    m_context.nextSequence();
    const QByteArray bytes =
        m_step.binary ? m_step.binaryBody : m_step.body.renderUtf8(m_context.templateContext());
    const auto countLateness = [&](qint64 sentNs) {
        ++m_unflushedSends;
        if (sentNs - intendedNs > WsSendStep::kLateSendUs * 1000) {
            ++m_unflushedLate;
            ++m_lateTotal;
        }
    };
    if (m_step.await == WsSendStep::Await::None) {
        countLateness(ws.nowNs());
        ws.sendFrame(bytes, m_step.binary);
        m_context.reportMessage(m_step.type, m_step.name, bytes.size());
        return;
    }
    PendingReply pending;
    pending.step = &m_step;
    if (m_step.await == WsSendStep::Await::Match) {
        ParsedMessage sent(bytes, m_step.binary);
        if (!ReplyTable::keyOf(m_step, sent, &pending.key)) {
            // The wording of WsSendExecutor's failures, so both kinds of send read alike.
            fail(QStringLiteral("The sent message has no field '%1' to match replies on")
                     .arg(m_step.matchPointers.join(QStringLiteral(", "))));
            return;
        }
    }
    pending.intendedNs = intendedNs;
    pending.sentNs = ws.nowNs();
    pending.deadlineNs = intendedNs + m_step.timeoutMs * kNsPerMs;
    if (!ws.addPending(pending)) {
        fail(QStringLiteral("A send with the same values at %1 is still awaiting its reply")
                 .arg(m_step.matchPointers.join(QStringLiteral(", "))));
        return;
    }
    countLateness(pending.sentNs);
    ws.sendFrame(bytes, m_step.binary);
}

void WsRateSender::fail(const QString &error)
{
    if (m_step.await == WsSendStep::Await::None)
        m_context.reportMessage(m_step.type, m_step.name, 0, error);
    else
        m_context.reportOperation(m_step.type, m_step.name, 0, 0, error);
}

void WsRateSender::flushCounts()
{
    if (WsRateBoard *board = m_context.wsRateBoard())
        board->addSends(m_unflushedSends, m_unflushedLate);
    m_unflushedSends = 0;
    m_unflushedLate = 0;
}

void WsRateSender::finish(bool complete)
{
    m_finished = true;
    m_timer.stop();
    flushCounts();
    if (complete)
        m_call.done();
    deleteLater();
}

} // namespace cicada
