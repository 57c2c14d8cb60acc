#pragma once

#include "engine/compiledsteps.h"
#include "engine/stepsequence.h"

#include <QObject>
#include <QTimer>

namespace cicada {

class UserContext;

/**
 * @brief Runs a wsSend step that has a `rate` (WsSendStep::Rate): sends its messages at a
 * schedule on the user's WsSession without waiting for replies.
 *
 * - Message n (from 0) is intended at start + n / rate, computed from n each time, so the
 *   schedule never drifts. A `total` rate is divided by the user type's target user count
 *   (WsRateBoard; 1 without a board); when that changes, the schedule restarts from the last
 *   message's intended time at the new share.
 * - One single-shot timer per running step (not per message), armed for the next intended time
 *   rounded down to the millisecond. Each firing sends what is due (intended at most
 *   kEarlyToleranceUs ahead: a message never leaves more than half a tick early, and its times
 *   then count from the actual send), at most a burst of
 *   max(1, rate × kBurstWindowMs) messages; when more are overdue (after a stall) it fires again
 *   1 ms later, so a backlog drains in bursts of that size, each message keeping its intended time.
 * - An awaited message files a PendingReply with its intended time (its `WS send` time counts
 *   from there, its service time from the actual send, its timeout from the intended time).
 * - A message sent more than WsSendStep::kLateSendUs after its intended time is late; the counts
 *   go to the board after each firing (GeneratorHealth) and to lateSends().
 * - A message due while the session is not usable (reconnecting) is not sent: a failed row of the
 *   step, "Not connected"; the schedule goes on.
 * - The step completes after `count` messages or when `for` has passed since it started; without
 *   either it runs until the user stops (its StepCall is no longer alive), and then deletes itself.
 *
 * Lives in the user's thread, a child of the user's QObject (so it goes with the user).
 */
class WsRateSender final : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kBurstWindowMs = 5;
    static constexpr qint64 kEarlyToleranceUs = 500;

    /** Starts sending (the session must be usable for @p call). */
    static WsRateSender *start(const CompiledWsSend &step, UserContext &context, StepCall call);

    [[nodiscard]] qint64 handled() const { return m_handled; }
    [[nodiscard]] qint64 lateSends() const { return m_lateTotal; }
    /** The messages per second this connection sends now. */
    [[nodiscard]] double ratePerSecond() const { return m_rate; }
    /** The most messages one firing sends at this rate. */
    [[nodiscard]] static int burstLimit(double ratePerSecond);

private:
    WsRateSender(const CompiledWsSend &step, UserContext &context, StepCall call);

    void onTimer();
    [[nodiscard]] double shareOfRate() const;
    [[nodiscard]] qint64 intendedNs(qint64 n) const;
    [[nodiscard]] bool boundReached(qint64 nextIntendedNs) const;
    void sendOne(qint64 intendedNs);
    void fail(const QString &error);
    void flushCounts();
    /** Arms the timer for @p atNs: rounded down to the millisecond, or up (@p notBefore). */
    void arm(qint64 atNs, qint64 nowNs, bool notBefore = false);
    void finish(bool complete);

    const CompiledWsSend &m_step;
    UserContext &m_context;
    StepCall m_call;
    QTimer m_timer;
    qint64 m_startNs = 0;
    double m_rate = 0;       ///< messages per second now
    qint64 m_epochNs = 0;    ///< intended time of message m_epochIndex
    qint64 m_epochIndex = 0; ///< where the current rate's schedule starts
    qint64 m_handled = 0;    ///< messages sent or failed so far (the next one's index)
    qint64 m_lateTotal = 0;  ///< late sends so far
    qint64 m_unflushedSends = 0;
    qint64 m_unflushedLate = 0;
    bool m_finished = false;
};

} // namespace cicada
