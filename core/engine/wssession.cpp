#include "engine/wssession.h"

#include "engine/compiledprofile.h"
#include "engine/conditioncheck.h"
#include "engine/parsedmessage.h"
#include "engine/pushtracker.h"
#include "engine/usercontext.h"
#include "engine/wsawaitexecutor.h"
#include "engine/wssendexecutor.h"
#include "ws/wstransport.h"

#include <QDateTime>
#include <QNetworkCookie>
#include <QNetworkCookieJar>
#include <QNetworkRequest>
#include <QTimerEvent>

namespace cicada {

namespace {

/// A sequence jump this large is a server restart or a bad pointer, not that many messages
/// lost; the rows stop here so one bad message cannot stall the worker thread.
constexpr qint64 kMaxLostRowsPerGap = 100000;

QUrl httpUrlFor(const QUrl &wsUrl)
{
    QUrl u = wsUrl;
    u.setScheme(wsUrl.scheme() == QLatin1String("wss") ? QStringLiteral("https")
                                                       : QStringLiteral("http"));
    return u;
}

QString describeClose(int code, const QString &reason)
{
    QString text = QStringLiteral("Connection closed by server (code %1").arg(code);
    if (!reason.isEmpty())
        text += QStringLiteral(", ") + reason;
    return text + QLatin1Char(')');
}

qint64 msUntil(qint64 deadlineNs, qint64 nowNs)
{
    // Rounded up: a timer that fires a little early finds nothing expired and re-arms.
    return std::max<qint64>(0, (deadlineNs - nowNs + 999999) / 1000000);
}

} // namespace

WsSession::WsSession(UserContext &context, QObject *parent)
    : QObject(parent), m_context(context), m_onConnect(context, true)
{
    m_clock.start();
}

void WsSession::timerEvent(QTimerEvent *event)
{
    // QBasicTimer, not QTimer: a QTimer is a QObject with a connection, ~400 bytes per user each.
    // Connect, reconnect and deadline are single shots, stopped before the handler runs (it may
    // start them again); the ping timer repeats.
    const int id = event->timerId();
    if (id == m_connectTimer.timerId()) {
        m_connectTimer.stop();
        onConnectTimeout();
    } else if (id == m_reconnectTimer.timerId()) {
        m_reconnectTimer.stop();
        open();
    } else if (id == m_deadlineTimer.timerId()) {
        m_deadlineTimer.stop();
        onDeadline();
    } else if (id == m_pingTimer.timerId()) {
        sendPing();
    } else {
        QObject::timerEvent(event);
    }
}

WsSession::~WsSession()
{
    m_onConnect.cancel();
    discardSocket();
}

QString WsSession::connectionName() const
{
    return m_step ? m_step->name : QStringLiteral("connect");
}

void WsSession::connectStep(const CompiledWsConnect &step, StepCall call)
{
    // A new wsConnect replaces the connection and any reconnect under way.
    m_onConnect.cancel();
    m_reconnectTimer.stop();
    if (m_socket) {
        discardSocket();
        failAllPending(QStringLiteral("Connection replaced by a new wsConnect"));
    }
    m_step = &step;
    m_connectCall = call;
    open();
}

void WsSession::open()
{
    discardSocket();
    const TemplateContext ctx = m_context.templateContext();
    const QUrl url(m_step->url.render(ctx));
    m_state = State::Connecting;
    m_attemptStartNs = nowNs();
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss"))) {
        connectFailed(QStringLiteral("'%1' is not a ws:// or wss:// URL").arg(url.toString()), 0);
        return;
    }

    // The reader accepted only "qt" or "lean"; anything else (a hand-built Profile) means qt.
    WsTransport::Kind kind = WsTransport::Kind::Qt;
    if (!WsTransport::parseKind(m_context.profile().profile.target.wsTransport, &kind))
        kind = WsTransport::Kind::Qt;
    WsTransport *socket = WsTransport::create(kind, this);
    m_socket = socket;
    connect(socket, &WsTransport::connected, this, &WsSession::onConnected);
    connect(socket, &WsTransport::disconnected, this, &WsSession::onDisconnected);
    connect(socket, &WsTransport::error, this, &WsSession::onSocketError);
    connect(socket, &WsTransport::messageReceived, this, &WsSession::onMessage);
    connect(socket, &WsTransport::pong, this, &WsSession::onPong);

    WsTransport::Options options;
    options.verifyPeer = m_context.profile().profile.target.verifyTls;
    options.sourceAddress = m_context.profile().sourceAddressFor(m_context.index());
    options.maxMessageBytes = m_step->maxMessageBytes;
    options.subprotocols = m_step->subprotocols;
    for (const auto &h : m_context.profile().headers)
        options.headers.append({h.first, h.second.renderUtf8(ctx)});
    for (const auto &h : m_step->headers)
        options.headers.append({h.first, h.second.renderUtf8(ctx)});
    const QList<QNetworkCookie> cookies =
        m_context.http().cookieJar()->cookiesForUrl(httpUrlFor(url));
    if (!cookies.isEmpty()) {
        QByteArray header;
        for (const QNetworkCookie &c : cookies) {
            if (!header.isEmpty())
                header += "; ";
            header += c.toRawForm(QNetworkCookie::NameAndValueOnly);
        }
        options.headers.append({QByteArrayLiteral("Cookie"), header});
    }
    m_connectTimer.start(int(m_step->timeoutMs), Qt::PreciseTimer, this);
    socket->open(url, options);
}

void WsSession::discardSocket()
{
    m_pingTimer.stop();
    m_pingSentNs = -1;
    if (!m_socket)
        return;
    WsTransport *socket = std::exchange(m_socket, nullptr);
    socket->disconnect(this);
    if (socket->isOpen())
        socket->close();
    else
        socket->abort();
    socket->deleteLater();
}

void WsSession::onConnected()
{
    m_connectTimer.stop();
    const qint64 us = (nowNs() - m_attemptStartNs) / 1000;
    if (!m_step->subprotocols.isEmpty() && m_socket->subprotocol().isEmpty()) {
        connectFailed(QStringLiteral("The server accepted none of the subprotocols %1")
                          .arg(m_step->subprotocols.join(QStringLiteral(", "))),
                      0);
        return;
    }
    m_context.reportOperation(QStringLiteral("WS connect"), m_step->name, us, 0);
    m_state = State::OnConnect;
    m_backoff.connected(nowNs() / 1000000);
    m_replies.clearLate(); // replies to the old connection's sends cannot come any more
    m_pushes = std::make_unique<PushTracker>(m_step->pushes);
    if (m_step->pingIntervalMs > 0)
        m_pingTimer.start(int(m_step->pingIntervalMs), Qt::PreciseTimer, this);
    if (m_step->onConnect.empty())
        becomeReady();
    else
        m_onConnect.run(&m_step->onConnect, [this] { becomeReady(); });
}

void WsSession::becomeReady()
{
    m_state = State::Ready;
    if (m_droppedAtNs >= 0) {
        m_context.reportOperation(QStringLiteral("WS reconnect"), m_step->name,
                                  (nowNs() - m_droppedAtNs) / 1000, 0);
        m_droppedAtNs = -1;
    }
    if (!m_connectCall.isNull())
        std::exchange(m_connectCall, {}).done();
    releaseReadyWaiters(true);
}

void WsSession::onSocketError()
{
    if (m_state != State::Connecting || !m_socket)
        return; // after the upgrade, drops are handled in onDisconnected()
    connectFailed(m_socket->errorString(), m_socket->httpStatus());
}

void WsSession::onConnectTimeout()
{
    if (m_state != State::Connecting)
        return;
    connectFailed(QStringLiteral("Timed out after %1 ms connecting").arg(m_step->timeoutMs), 0);
}

void WsSession::connectFailed(const QString &error, int httpStatus)
{
    m_connectTimer.stop();
    discardSocket();
    m_context.reportOperation(QStringLiteral("WS connect"), m_step->name,
                              (nowNs() - m_attemptStartNs) / 1000, 0, error);
    const StepCall call = std::exchange(m_connectCall, {});
    if (m_stopped) {
        m_state = State::Idle;
    } else if (call.isNull() && (httpStatus == 401 || httpStatus == 403) &&
               m_context.onAuthRejected) {
        // The session the upgrade relied on is gone (e.g. the server restarted): reconnecting
        // with the same cookie would be refused forever. The user logs in again instead; the
        // steps waiting for this connection belong to the task that login abandons.
        m_state = State::Idle;
        m_readyWaiters.clear();
        m_context.onAuthRejected();
        return;
    } else {
        scheduleReconnect();
    }
    // State first, callbacks last: a step that runs on from here sees the session as it is.
    releaseReadyWaiters(false);
    if (!call.isNull())
        call.done();
}

void WsSession::onDisconnected()
{
    if (m_state == State::Connecting) {
        const QString error = m_socket ? m_socket->errorString() : QString();
        connectFailed(error.isEmpty() ? QStringLiteral("Connection closed during the upgrade")
                                      : error,
                      m_socket ? m_socket->httpStatus() : 0);
        return;
    }
    if (!m_socket)
        return;
    QString error;
    const int code = int(m_socket->closeCode());
    if (code == 1006)
        error = QStringLiteral("Connection lost (code 1006)");
    else if (code == 1009 && m_socket->failedLocally())
        error = QStringLiteral("Message larger than maxMessageSize (%1 bytes): connection closed "
                               "(code 1009)")
                    .arg(m_step->maxMessageBytes);
    else
        error = describeClose(code, m_socket->closeReason());
    discardSocket();
    onDropped(error);
}

void WsSession::onDropped(const QString &error)
{
    m_context.reportMessage(QStringLiteral("WS disconnect"), connectionName(), 0, error);
    m_onConnect.cancel();
    m_backoff.dropped(nowNs() / 1000000);
    if (m_droppedAtNs < 0)
        m_droppedAtNs = nowNs();
    const StepCall call = std::exchange(m_connectCall, {}); // dropped during onConnect
    // The reconnect is scheduled before the failed awaits are reported: steps that run on from
    // those reports see a reconnecting session and wait for it (a wsConnect among them replaces
    // this reconnect).
    if (m_stopped)
        m_state = State::Idle;
    else
        scheduleReconnect();
    failAllPending(QStringLiteral("Connection closed before the reply arrived"));
    if (m_stopped)
        releaseReadyWaiters(false);
    if (!call.isNull())
        call.done();
}

void WsSession::scheduleReconnect()
{
    m_state = State::Reconnecting;
    m_reconnectTimer.start(int(m_backoff.nextDelayMs(m_context.random())), Qt::PreciseTimer, this);
}

void WsSession::close()
{
    m_onConnect.cancel();
    m_reconnectTimer.stop();
    m_connectTimer.stop();
    discardSocket();
    m_state = State::Closed;
    m_droppedAtNs = -1;
    const StepCall call = std::exchange(m_connectCall, {});
    failAllPending(QStringLiteral("Connection closed before the reply arrived"));
    releaseReadyWaiters(false);
    if (!call.isNull())
        call.done();
}

void WsSession::stop()
{
    m_stopped = true;
    m_onConnect.cancel();
    m_reconnectTimer.stop();
    m_deadlineTimer.stop();
    m_armedDeadlineNs = -1;
    (void)m_replies.takeAll();
    m_awaits.clear();
    m_slotWaiters.clear();
    m_readyWaiters.clear();
    m_connectCall = {};
    if (m_state == State::Connecting || m_state == State::OnConnect)
        discardSocket();
    if (!m_socket)
        m_state = State::Idle;
    else
        m_state = State::Ready; // on-stop steps may still use the open socket
}

bool WsSession::usable(const StepCall &call) const
{
    return m_socket &&
           (m_state == State::Ready || (m_state == State::OnConnect && call.inConnectHook()));
}

void WsSession::whenReady(StepCall call, std::function<void()> retry)
{
    m_readyWaiters.append({call, std::move(retry)});
}

void WsSession::releaseReadyWaiters(bool ready)
{
    const QList<ReadyWaiter> waiters = std::exchange(m_readyWaiters, {});
    for (const ReadyWaiter &w : waiters) {
        if (!w.call.alive())
            continue;
        if (ready)
            w.retry();
        else
            w.call.done();
    }
}

qint64 WsSession::sendFrame(const QByteArray &payload, bool binary)
{
    if (!m_socket)
        return 0;
    return binary ? m_socket->sendBinaryMessage(payload) : m_socket->sendTextMessage(payload);
}

bool WsSession::addPending(PendingReply reply)
{
    const qint64 deadline = reply.deadlineNs;
    if (!m_replies.add(std::move(reply)))
        return false;
    armDeadline(deadline);
    return true;
}

void WsSession::waitForSlot(const CompiledWsSend *step, StepCall call)
{
    m_slotWaiters.insert(step, call);
}

void WsSession::addAwait(const CompiledWsAwait &step, StepCall call, qint64 startNs)
{
    const qint64 deadline = startNs + step.timeoutMs * 1000000;
    m_awaits.append({&step, call, startNs, deadline});
    armDeadline(deadline);
}

void WsSession::armDeadline(qint64 deadlineNs)
{
    if (m_armedDeadlineNs >= 0 && m_armedDeadlineNs <= deadlineNs)
        return;
    m_armedDeadlineNs = deadlineNs;
    m_deadlineTimer.start(int(msUntil(deadlineNs, nowNs())), Qt::PreciseTimer, this);
}

void WsSession::onDeadline()
{
    m_armedDeadlineNs = -1;
    const qint64 now = nowNs();
    const QList<PendingReply> expired = m_replies.expire(now);
    for (const PendingReply &reply : expired)
        replyFinished(reply, nullptr, WsSendExecutor::timeoutError(reply));
    for (qsizetype i = 0; i < m_awaits.size();) {
        if (m_awaits[i].deadlineNs > now) {
            ++i;
            continue;
        }
        const AwaitWaiter waiter = m_awaits.takeAt(i);
        if (!waiter.call.alive())
            continue;
        WsAwaitExecutor::finish(*waiter.step, m_context, nullptr, (now - waiter.startNs) / 1000,
                                WsAwaitExecutor::timeoutError(*waiter.step));
        waiter.call.done();
    }
    qint64 next = m_replies.nextDeadlineNs();
    for (const AwaitWaiter &waiter : std::as_const(m_awaits))
        if (next < 0 || waiter.deadlineNs < next)
            next = waiter.deadlineNs;
    if (next >= 0)
        armDeadline(next);
}

void WsSession::replyFinished(const PendingReply &reply, ParsedMessage *m, const QString &error)
{
    WsSendExecutor::finish(reply, m_context, m, error, nowNs());
    const auto it = m_slotWaiters.find(reply.step);
    if (it != m_slotWaiters.end() && m_replies.pendingCount(reply.step) < reply.step->inFlight) {
        const StepCall call = *it;
        m_slotWaiters.erase(it);
        call.done();
    }
}

void WsSession::failAllPending(const QString &error)
{
    const QList<PendingReply> all = m_replies.takeAll();
    for (const PendingReply &reply : all)
        replyFinished(reply, nullptr, error);
    const QList<AwaitWaiter> awaits = std::exchange(m_awaits, {});
    const qint64 now = nowNs();
    for (const AwaitWaiter &waiter : awaits) {
        if (!waiter.call.alive())
            continue;
        WsAwaitExecutor::finish(
            *waiter.step, m_context, nullptr, (now - waiter.startNs) / 1000,
            QStringLiteral("Connection closed before a matching message arrived"));
        waiter.call.done();
    }
}

void WsSession::onMessage(const QByteArray &bytes, bool binary)
{
    const qint64 now = nowNs();
    ParsedMessage m(bytes, binary);
    const ReplyTable::Result result = m_replies.take(m, now);
    switch (result.match) {
    case ReplyTable::Match::Complete:
        replyFinished(result.reply, &m, {});
        return;
    case ReplyTable::Match::Partial:
        return; // counted in the send's rows when it completes
    case ReplyTable::Match::Late:
        m_context.reportMessage(QStringLiteral("WS late"), result.reply.step->name, bytes.size(),
                                {}, (now - result.reply.sentNs) / 1000);
        return;
    case ReplyTable::Match::None:
        break;
    }
    for (qsizetype i = 0; i < m_awaits.size(); ++i) {
        if (!m_awaits[i].call.alive()) {
            m_awaits.removeAt(i--);
            continue;
        }
        if (!ConditionCheck::allHold(m_awaits[i].step->match, m))
            continue;
        const AwaitWaiter waiter = m_awaits.takeAt(i);
        WsAwaitExecutor::finish(*waiter.step, m_context, &m, (now - waiter.startNs) / 1000, {});
        waiter.call.done();
        return;
    }
    onPush(m, now);
}

void WsSession::onPush(ParsedMessage &m, qint64 nowNs)
{
    Q_UNUSED(nowNs)
    if (!m_pushes)
        m_pushes = std::make_unique<PushTracker>(m_step ? m_step->pushes : PushSettings());
    const PushTracker::Result r = m_pushes->onPush(m, QDateTime::currentMSecsSinceEpoch() * 1000);
    const QString type = QStringLiteral("WS recv");
    for (qint64 i = 0; i < std::min(r.lost, kMaxLostRowsPerGap); ++i)
        m_context.reportMessage(type, r.type, 0, QStringLiteral("lost: sequence gap"));
    m_context.reportMessage(type, r.type, m.bytes().size(), {}, r.ageUs);
}

void WsSession::sendPing()
{
    if (!m_socket)
        return;
    if (m_pingSentNs >= 0)
        m_context.reportOperation(
            QStringLiteral("WS ping"), connectionName(), (nowNs() - m_pingSentNs) / 1000, 0,
            QStringLiteral("No pong within %1 ms").arg(m_step->pingIntervalMs));
    m_pingSentNs = nowNs();
    m_socket->ping();
}

void WsSession::onPong()
{
    if (m_pingSentNs < 0)
        return;
    m_context.reportOperation(QStringLiteral("WS ping"), connectionName(),
                              (nowNs() - m_pingSentNs) / 1000, 0);
    m_pingSentNs = -1;
}

} // namespace cicada
