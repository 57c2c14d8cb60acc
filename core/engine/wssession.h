#pragma once

#include "engine/compiledsteps.h"
#include "engine/reconnectbackoff.h"
#include "engine/replytable.h"
#include "engine/stepsequence.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QList>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace cicada {

class ParsedMessage;
class WsTransport;
class PushTracker;
class UserContext;

/**
 * @brief A virtual user's WebSocket: owns the WebSocket transport (WsTransport: Cicada's lean
 * client or QWebSocket, by target.wsTransport), runs a wsConnect's onConnect steps after every
 * (re)connect, reconnects after a drop with ReconnectBackoff, keeps the awaited sends (ReplyTable,
 * many in flight) and the wsAwait waiters, routes every incoming message, and sends client pings.
 *
 * Rows it reports (the executors report the sends' and awaits' own rows):
 * - `WS connect` (operation) per connection attempt, until the 101 was processed; a server that
 *   picks none of the offered subprotocols fails it;
 * - `WS reconnect` (operation) from a drop to the end of the onConnect steps of the connection
 *   that replaced it;
 * - `WS disconnect` (message, failed) when the server or network ended the connection:
 *   "Connection closed by server (code 1011, reason)" after a close frame, "Connection lost
 *   (code 1006)" when the TCP connection ended without one;
 * - `WS recv` (message) for pushes: name = PushTracker's type, time = age when known, plus one
 *   failed `WS recv` "lost: sequence gap" per message missing from a sequence;
 * - `WS ping` (operation) per client ping round trip.
 *
 * Routing of one incoming message: a pending reply (ReplyTable: match key, then await-next),
 * then a late reply (`WS late`), then the oldest wsAwait whose conditions hold, else a push.
 *
 * Readiness: Ready after onConnect finished. Steps of the main sequence that need the socket
 * wait (whenReady) while it connects or reconnects; if that attempt fails they complete without
 * a row of their own (the connect row carries the failure). A reconnect refused with HTTP 401 or
 * 403 stops reconnecting and calls UserContext::onAuthRejected (the user logs in again).
 *
 * Lives in the user's thread; the transport is created there. Not thread-safe.
 */
class WsSession final : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Idle,         ///< no wsConnect yet, or refused (waiting for a new wsConnect)
        Connecting,   ///< upgrade in progress
        OnConnect,    ///< open; onConnect steps running
        Ready,        ///< open; onConnect done
        Reconnecting, ///< waiting for the backoff before the next attempt
        Closed        ///< closed by a close step or by stop()
    };

    WsSession(UserContext &context, QObject *parent);
    ~WsSession() override;

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool isOpen() const
    {
        return m_state == State::OnConnect || m_state == State::Ready;
    }
    /** The stats name of the current connection's wsConnect (for rows about the connection). */
    [[nodiscard]] QString connectionName() const;

    /** The wsConnect executor: (re)connects with @p step; @p call completes after onConnect,
     *  or when the attempt failed. */
    void connectStep(const CompiledWsConnect &step, StepCall call);
    /** The close executor / user stop: closes on purpose, no reconnect until a wsConnect. */
    void close();
    /** The user stops: forget every waiter without rows; no more reconnects. */
    void stop();

    /** True when @p call may use the socket now: Ready, or open and @p call is an onConnect
     *  step. */
    [[nodiscard]] bool usable(const StepCall &call) const;
    /** Whether a step that found the session unusable should wait for it (a connect or
     *  reconnect is under way) rather than fail. */
    [[nodiscard]] bool willBeReady() const
    {
        return m_state == State::Connecting || m_state == State::OnConnect ||
               m_state == State::Reconnecting;
    }
    /** Runs @p retry when the session is Ready; completes @p call (no row) if the attempt
     *  under way fails or the user stops. */
    void whenReady(StepCall call, std::function<void()> retry);

    /** Sends one frame; returns the bytes handed to the socket. */
    qint64 sendFrame(const QByteArray &payload, bool binary);
    /** Monotonic clock of this session, ns. */
    [[nodiscard]] qint64 nowNs() const { return m_clock.nsecsElapsed(); }

    /** Files an awaited send; false on a duplicate key. */
    bool addPending(PendingReply reply);
    /** The wsSend executor waits here when @p step has inFlight sends pending; @p call completes
     *  as soon as one finishes. */
    void waitForSlot(const CompiledWsSend *step, StepCall call);
    [[nodiscard]] int pendingCount(const CompiledWsSend *step) const
    {
        return m_replies.pendingCount(step);
    }
    /** The wsAwait executor: @p call waits for a message meeting @p step's conditions. */
    void addAwait(const CompiledWsAwait &step, StepCall call, qint64 startNs);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    struct AwaitWaiter
    {
        const CompiledWsAwait *step = nullptr;
        StepCall call;
        qint64 startNs = 0;
        qint64 deadlineNs = 0;
    };
    struct ReadyWaiter
    {
        StepCall call;
        std::function<void()> retry;
    };

    void open();
    void discardSocket();
    void onConnected();
    void onDisconnected();
    void onSocketError();
    void onConnectTimeout();
    void connectFailed(const QString &error, int httpStatus);
    void onConnectHookDone();
    void becomeReady();
    void onDropped(const QString &error);
    void scheduleReconnect();
    void onMessage(const QByteArray &bytes, bool binary);
    void onPush(ParsedMessage &m, qint64 nowNs);
    void replyFinished(const PendingReply &reply, ParsedMessage *m, const QString &error);
    void onDeadline();
    void armDeadline(qint64 deadlineNs);
    void failAllPending(const QString &error);
    void releaseReadyWaiters(bool ready);
    void sendPing();
    void onPong();

    UserContext &m_context;
    State m_state = State::Idle;
    const CompiledWsConnect *m_step = nullptr; ///< the last wsConnect: how to (re)connect
    StepCall m_connectCall;                    ///< the wsConnect step waiting, if any
    WsTransport *m_socket = nullptr; ///< lean (WsClient) or qt (QWebSocket): target.wsTransport
    bool m_stopped = false;
    QElapsedTimer m_clock;
    qint64 m_attemptStartNs = 0;
    qint64 m_droppedAtNs = -1; ///< a drop not yet recovered from (WS reconnect row)
    ReconnectBackoff m_backoff;
    StepSequence m_onConnect;
    ReplyTable m_replies;
    std::unique_ptr<PushTracker> m_pushes;
    QList<AwaitWaiter> m_awaits;
    QList<ReadyWaiter> m_readyWaiters;
    QHash<const CompiledWsSend *, StepCall> m_slotWaiters;

    // QBasicTimers (see timerEvent): no QObject and connection per timer and user.
    QBasicTimer m_connectTimer;   ///< the connect attempt's timeout
    QBasicTimer m_reconnectTimer; ///< the backoff before the next attempt
    QBasicTimer m_deadlineTimer;  ///< the earliest reply or wsAwait deadline
    qint64 m_armedDeadlineNs = -1;
    QBasicTimer m_pingTimer;  ///< repeats every pingInterval
    qint64 m_pingSentNs = -1; ///< outstanding ping, or -1
};

} // namespace cicada
