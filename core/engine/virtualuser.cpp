#include "engine/virtualuser.h"

#include "engine/userhost.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkCookie>
#include <QNetworkCookieJar>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QWebSocket>

namespace cicada {

namespace {
constexpr qint64 kInitialBackoffMs = 250;
constexpr qint64 kMaxBackoffMs = 10000;
constexpr int kStopTimeoutMs = 3000;

enum TimerPurpose
{
    kTimerNone,
    kTimerWait,
    kTimerThink,
    kTimerConnect,
    kTimerReply,
    kTimerBackoff
};

QUrl httpUrlFor(const QUrl &wsUrl)
{
    QUrl u = wsUrl;
    u.setScheme(wsUrl.scheme() == QLatin1String("wss") ? QStringLiteral("https")
                                                       : QStringLiteral("http"));
    return u;
}

/** Turns Qt's handshake errors into a sentence that carries the HTTP status. */
QString describeWsError(const QString &qtError)
{
    static const QRegularExpression status(
        QStringLiteral("status code: (\\d+)(?: \\(([^)]*)\\))?"));
    const QRegularExpressionMatch m = status.match(qtError);
    if (m.hasMatch()) {
        QString reason = m.captured(2);
        return QStringLiteral("WebSocket upgrade rejected: HTTP %1%2")
            .arg(m.captured(1), reason.isEmpty() ? QString() : QLatin1Char(' ') + reason);
    }
    return qtError;
}

QString describeClose(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    QString text = QStringLiteral("Connection closed by server (code %1").arg(int(code));
    if (!reason.isEmpty())
        text += QStringLiteral(", ") + reason;
    return text + QLatin1Char(')');
}

} // namespace

VirtualUser::VirtualUser(int index, const CompiledProfile &profile, const CompiledUserType &type,
                         HttpTransport::Kind transport, UserHost *host)
    : QObject(host), m_index(index), m_profile(profile), m_type(type), m_host(host)
{
    m_http = HttpTransport::create(transport, this);
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &VirtualUser::onTimer);
    m_stopDeadline.setSingleShot(true);
    connect(&m_stopDeadline, &QTimer::timeout, this, &VirtualUser::finish);

    // Profile cookies go into this user's jar, so they ride along with HTTP requests and the WS
    // upgrade exactly like cookies the server sets (e.g. after a login step).
    TemplateContext ctx = context();
    QNetworkCookieJar *jar = m_http->cookieJar();
    for (const CompiledProfile::Cookie &c : profile.cookies) {
        QStringList domains;
        if (!c.domain.isEmpty())
            domains << c.domain;
        else
            domains << profile.baseUrl.host() << profile.brokerUrl.host();
        domains.removeDuplicates();
        domains.removeAll(QString());
        for (const QString &domain : std::as_const(domains)) {
            QNetworkCookie cookie(c.name, c.value.renderUtf8(ctx));
            cookie.setDomain(domain);
            cookie.setPath(QStringLiteral("/"));
            jar->insertCookie(cookie);
        }
    }
}

VirtualUser::~VirtualUser()
{
    ++m_generation;
    if (m_ws) {
        m_ws->disconnect(this);
        m_ws->abort();
    }
}

void VirtualUser::start()
{
    if (m_type.onStart.isEmpty())
        nextIteration();
    else
        runList(&m_type.onStart, Phase::OnStart);
}

void VirtualUser::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    ++m_generation;
    m_timer.stop();
    m_http->abort();
    m_pendingSend = nullptr;
    m_awaitStep = nullptr;
    if (m_wsWait == WsWait::Connect)
        closeWebSocket();
    m_wsWait = WsWait::None;
    m_stepPending = false;
    m_stopDeadline.start(kStopTimeoutMs);
    if (m_type.onStop.isEmpty())
        finish();
    else
        runList(&m_type.onStop, Phase::OnStop);
}

void VirtualUser::finish()
{
    if (m_phase == Phase::Done)
        return;
    m_phase = Phase::Done;
    m_timer.stop();
    m_stopDeadline.stop();
    closeWebSocket();
    ++m_generation;
    Q_EMIT finished(this);
}

void VirtualUser::runList(const QList<CompiledStep> *steps, Phase phase)
{
    m_steps = steps;
    m_stepIndex = 0;
    m_phase = phase;
    m_stepPending = false;
    advance();
}

void VirtualUser::advance()
{
    if (m_inAdvance)
        return;
    m_inAdvance = true;
    while (m_steps && m_stepIndex < m_steps->size() && !m_stepPending) {
        m_stepPending = true;
        if (execute((*m_steps)[m_stepIndex])) {
            m_stepPending = false;
            ++m_stepIndex;
        }
        // else: asynchronous; stepDone() moves on (possibly already did, synchronously).
    }
    const bool listFinished = m_steps && m_stepIndex >= m_steps->size() && !m_stepPending;
    m_inAdvance = false;
    if (listFinished) {
        m_steps = nullptr;
        listDone();
    }
}

void VirtualUser::stepDone()
{
    if (!m_stepPending)
        return;
    m_stepPending = false;
    ++m_stepIndex;
    advance();
}

void VirtualUser::listDone()
{
    switch (m_phase) {
    case Phase::OnStart:
        nextIteration();
        break;
    case Phase::Task: {
        if (m_stopping)
            return;
        qint64 waitMs = 0;
        switch (m_type.wait.kind) {
        case WaitTime::Kind::Constant:
            waitMs = m_type.wait.minMs;
            break;
        case WaitTime::Kind::Between:
            waitMs = randomBetween(m_type.wait.minMs, m_type.wait.maxMs);
            break;
        case WaitTime::Kind::ConstantPacing:
            waitMs = std::max<qint64>(0, m_type.wait.minMs - m_iterationTimer.elapsed());
            break;
        }
        m_phase = Phase::Waiting;
        m_timerPurpose = kTimerWait;
        m_timer.start(int(waitMs));
        break;
    }
    case Phase::OnStop:
        finish();
        break;
    default:
        break;
    }
}

void VirtualUser::nextIteration()
{
    if (m_stopping || m_type.tasks.isEmpty())
        return;
    int pick = int(m_host->random().bounded(quint32(std::max(1, m_type.totalTaskWeight))));
    const CompiledTask *task = &m_type.tasks.first();
    for (const CompiledTask &t : m_type.tasks) {
        if (pick < t.weight) {
            task = &t;
            break;
        }
        pick -= t.weight;
    }
    m_iterationTimer.start();
    runList(&task->steps, Phase::Task);
}

bool VirtualUser::execute(const CompiledStep &step)
{
    switch (step.kind) {
    case Step::Kind::Http:
        return executeHttp(step);
    case Step::Kind::WsConnect:
        return executeWsConnect(step);
    case Step::Kind::WsSend:
        return executeWsSend(step);
    case Step::Kind::Think:
        m_timerPurpose = kTimerThink;
        m_timer.start(int(randomBetween(step.thinkMinMs, step.thinkMaxMs)));
        return false;
    case Step::Kind::Close:
        closeWebSocket();
        return true;
    case Step::Kind::WsAwait:
        return true; // engine v1 does not run wsAwait; engine v2 replaces this class
    }
    return true;
}

// --- HTTP -----------------------------------------------------------------------------------

bool VirtualUser::executeHttp(const CompiledStep &step)
{
    ++m_sequence;
    const TemplateContext ctx = context();
    HttpRequest request;
    request.method = step.method;
    const QString path = step.path.render(ctx);
    if (step.absolutePath) {
        request.url = QUrl(path);
    } else {
        const QString &base = m_profile.baseUrlPrefix;
        request.url =
            QUrl(path.startsWith(QLatin1Char('/')) ? base + path : base + QLatin1Char('/') + path);
    }
    request.headers.reserve(m_profile.headers.size() + step.headers.size() + 1);
    bool hasContentType = false;
    for (const auto &h : m_profile.headers)
        request.headers.append({h.first, h.second.renderUtf8(ctx)});
    for (const auto &h : step.headers) {
        hasContentType |= h.first.compare("content-type", Qt::CaseInsensitive) == 0;
        request.headers.append({h.first, h.second.renderUtf8(ctx)});
    }
    if (step.hasBody) {
        request.body = step.body.renderUtf8(ctx);
        if (step.jsonBody && !hasContentType)
            request.headers.append(
                {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    }
    request.timeoutMs = int(step.timeoutMs);
    request.verifyTls = m_profile.profile.target.verifyTls;

    const quint64 generation = m_generation;
    const CompiledStep *s = &step;
    m_opTimer.start();
    m_http->send(request, [this, generation, s](const HttpResponse &response) {
        if (generation != m_generation)
            return;
        const qint64 us = m_opTimer.nsecsElapsed() / 1000;
        QString error = response.error;
        if (error.isEmpty()) {
            if (!s->expectStatus.isEmpty()) {
                if (!s->expectStatus.contains(response.status)) {
                    QStringList expected;
                    for (int code : s->expectStatus)
                        expected << QString::number(code);
                    error = QStringLiteral("Unexpected status %1 (expected %2)")
                                .arg(response.status)
                                .arg(expected.join(QStringLiteral(" or ")));
                }
            } else if (response.status >= 400) {
                error = QStringLiteral("HTTP %1").arg(response.status);
            }
        }
        report(s->type, s->name, us, response.body.size(), error);
        stepDone();
    });
    return false;
}

// --- WebSocket ------------------------------------------------------------------------------

bool VirtualUser::executeWsConnect(const CompiledStep &step)
{
    closeWebSocket();
    m_connectStep = &step;
    m_backoffMs = 0;
    openWebSocket(step);
    return false;
}

void VirtualUser::openWebSocket(const CompiledStep &step)
{
    auto *ws = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_ws = ws;
    m_wsOpen = false;
    m_wsClosingOnPurpose = false;
    connect(ws, &QWebSocket::connected, this, [this, ws] {
        if (ws == m_ws)
            onWsConnected();
    });
    connect(ws, &QWebSocket::disconnected, this, [this, ws] {
        if (ws == m_ws)
            onWsDisconnected();
    });
    connect(ws, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
            [this, ws](QAbstractSocket::SocketError) {
                if (ws == m_ws)
                    onWsError();
            });
    connect(ws, &QWebSocket::textMessageReceived, this, [this, ws](const QString &message) {
        if (ws == m_ws)
            onWsText(message);
    });
    connect(ws, &QWebSocket::binaryMessageReceived, this, [this, ws](const QByteArray &message) {
        if (ws == m_ws)
            onWsBinary(message);
    });
    if (!m_profile.profile.target.verifyTls)
        connect(ws, &QWebSocket::sslErrors, ws,
                [ws](const QList<QSslError> &) { ws->ignoreSslErrors(); });

    QNetworkRequest request(step.url);
    const TemplateContext ctx = context();
    for (const auto &h : m_profile.headers)
        request.setRawHeader(h.first, h.second.renderUtf8(ctx));
    const QList<QNetworkCookie> cookies = m_http->cookieJar()->cookiesForUrl(httpUrlFor(step.url));
    if (!cookies.isEmpty()) {
        QByteArray header;
        for (const QNetworkCookie &c : cookies) {
            if (!header.isEmpty())
                header += "; ";
            header += c.toRawForm(QNetworkCookie::NameAndValueOnly);
        }
        request.setRawHeader("Cookie", header);
    }
    m_wsWait = WsWait::Connect;
    m_timerPurpose = kTimerConnect;
    m_timer.start(int(step.timeoutMs));
    m_opTimer.start();
    ws->open(request);
}

void VirtualUser::closeWebSocket()
{
    if (!m_ws)
        return;
    QWebSocket *ws = m_ws;
    m_ws = nullptr;
    m_wsOpen = false;
    if (m_wsWait == WsWait::Connect) {
        m_wsWait = WsWait::None;
        m_timer.stop();
    }
    ws->disconnect(this);
    if (ws->state() == QAbstractSocket::ConnectedState)
        ws->close();
    else
        ws->abort();
    ws->deleteLater();
}

void VirtualUser::onWsConnected()
{
    if (m_wsWait != WsWait::Connect)
        return;
    m_timer.stop();
    m_wsWait = WsWait::None;
    m_wsOpen = true;
    m_backoffMs = 0;
    report(m_connectStep->type, m_connectStep->name, m_opTimer.nsecsElapsed() / 1000, 0);
    if (m_pendingSend) {
        const CompiledStep *send = m_pendingSend;
        m_pendingSend = nullptr;
        if (sendNow(*send))
            stepDone();
        return;
    }
    stepDone();
}

void VirtualUser::onWsError()
{
    if (m_wsWait != WsWait::Connect)
        return; // after the upgrade, drops are handled in onWsDisconnected()
    const QString error = describeWsError(m_ws->errorString());
    const qint64 us = m_opTimer.nsecsElapsed() / 1000;
    closeWebSocket();
    report(m_connectStep->type, m_connectStep->name, us, 0, error);
    m_pendingSend = nullptr; // the send waits for a later iteration
    stepDone();
}

void VirtualUser::onWsDisconnected()
{
    if (m_wsWait == WsWait::Connect) {
        onWsError();
        return;
    }
    QWebSocket *ws = m_ws;
    const bool wasOpen = m_wsOpen;
    const QString reason = describeClose(ws->closeCode(), ws->closeReason());
    m_ws = nullptr;
    m_wsOpen = false;
    ws->disconnect(this);
    ws->deleteLater();
    if (wasOpen && !m_wsClosingOnPurpose && !m_stopping)
        report(QStringLiteral("WS disconnect"), m_connectStep ? m_connectStep->name : QString(), 0,
               0, reason);
    if (m_wsWait == WsWait::Reply)
        failAwait(QStringLiteral("Connection closed before the reply arrived"));
}

bool VirtualUser::executeWsSend(const CompiledStep &step)
{
    if (m_wsOpen)
        return sendNow(step);
    if (!m_connectStep) {
        report(step.type, step.name, 0, 0,
               QStringLiteral("Not connected: no wsConnect step has run for this user"));
        return true;
    }
    // Reconnect with exponential backoff, then send.
    m_pendingSend = &step;
    m_backoffMs = m_backoffMs == 0 ? kInitialBackoffMs : std::min(m_backoffMs * 2, kMaxBackoffMs);
    m_timerPurpose = kTimerBackoff;
    m_timer.start(int(m_backoffMs));
    return false;
}

bool VirtualUser::sendNow(const CompiledStep &step)
{
    ++m_sequence;
    const QString text = step.hasBody ? step.body.render(context()) : QString();
    if (step.await == WsSendStep::Await::Match) {
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
        const QJsonValue key = doc.isObject() ? doc.object().value(step.matchField)
                                              : QJsonValue(QJsonValue::Undefined);
        if (key.isUndefined()) {
            report(step.type, step.name, 0, 0,
                   QStringLiteral("The sent message has no field '%1' to match replies on")
                       .arg(step.matchField));
            return true;
        }
        m_awaitKey = key;
    }
    m_opTimer.start();
    const qint64 sent = m_ws->sendTextMessage(text);
    if (step.await == WsSendStep::Await::None) {
        report(step.type, step.name, m_opTimer.nsecsElapsed() / 1000, sent);
        return true;
    }
    m_awaitStep = &step;
    m_wsWait = WsWait::Reply;
    m_timerPurpose = kTimerReply;
    m_timer.start(int(step.timeoutMs));
    return false;
}

void VirtualUser::onWsText(const QString &message)
{
    if (m_wsWait == WsWait::Reply && m_awaitStep) {
        if (m_awaitStep->await == WsSendStep::Await::NextMessage) {
            completeAwait(message.size());
            return;
        }
        const QJsonDocument doc = QJsonDocument::fromJson(message.toUtf8());
        if (doc.isObject() && doc.object().value(m_awaitStep->matchField) == m_awaitKey) {
            completeAwait(message.size());
            return;
        }
        const QString type =
            doc.isObject() ? doc.object().value(QLatin1String("type")).toString() : QString();
        report(QStringLiteral("WS recv"), type.isEmpty() ? QStringLiteral("message") : type, 0,
               message.size());
        return;
    }
    QString type;
    if (message.startsWith(QLatin1Char('{'))) {
        const QJsonDocument doc = QJsonDocument::fromJson(message.toUtf8());
        type = doc.object().value(QLatin1String("type")).toString();
    }
    report(QStringLiteral("WS recv"), type.isEmpty() ? QStringLiteral("message") : type, 0,
           message.size());
}

void VirtualUser::onWsBinary(const QByteArray &message)
{
    if (m_wsWait == WsWait::Reply && m_awaitStep &&
        m_awaitStep->await == WsSendStep::Await::NextMessage) {
        completeAwait(message.size());
        return;
    }
    report(QStringLiteral("WS recv"), QStringLiteral("binary"), 0, message.size());
}

void VirtualUser::completeAwait(qint64 replyBytes)
{
    m_timer.stop();
    const CompiledStep *step = m_awaitStep;
    m_awaitStep = nullptr;
    m_wsWait = WsWait::None;
    report(step->type, step->name, m_opTimer.nsecsElapsed() / 1000, replyBytes);
    stepDone();
}

void VirtualUser::failAwait(const QString &error)
{
    m_timer.stop();
    const CompiledStep *step = m_awaitStep;
    m_awaitStep = nullptr;
    m_wsWait = WsWait::None;
    if (step)
        report(step->type, step->name, m_opTimer.nsecsElapsed() / 1000, 0, error);
    stepDone();
}

void VirtualUser::onTimer()
{
    switch (m_timerPurpose) {
    case kTimerWait:
        nextIteration();
        break;
    case kTimerThink:
        stepDone();
        break;
    case kTimerConnect: {
        const qint64 us = m_opTimer.nsecsElapsed() / 1000;
        closeWebSocket();
        report(m_connectStep->type, m_connectStep->name, us, 0,
               QStringLiteral("Timed out after %1 ms connecting").arg(m_connectStep->timeoutMs));
        m_pendingSend = nullptr;
        stepDone();
        break;
    }
    case kTimerReply:
        if (m_awaitStep)
            failAwait(m_awaitStep->await == WsSendStep::Await::Match
                          ? QStringLiteral("No reply with matching '%1' within %2 ms")
                                .arg(m_awaitStep->matchField)
                                .arg(m_awaitStep->timeoutMs)
                          : QStringLiteral("No reply within %1 ms").arg(m_awaitStep->timeoutMs));
        break;
    case kTimerBackoff:
        if (m_connectStep)
            openWebSocket(*m_connectStep);
        break;
    default:
        break;
    }
}

// --- helpers --------------------------------------------------------------------------------

void VirtualUser::report(const QString &type, const QString &name, qint64 timeUs, qint64 bytes,
                         const QString &error)
{
    RequestOutcome outcome;
    outcome.type = type;
    outcome.name = name;
    outcome.responseTimeUs = timeUs;
    outcome.contentLength = bytes;
    outcome.error = error;
    outcome.timestampMs = QDateTime::currentMSecsSinceEpoch();
    // Pushes, fire-and-forget sends and drops are messages, not timed operations (DESIGN §11);
    // the v1 engine measures no time for them.
    if (type == QLatin1String("WS recv") || type == QLatin1String("WS emit") ||
        type == QLatin1String("WS disconnect")) {
        outcome.kind = RequestOutcome::Kind::Message;
        outcome.hasTime = false;
    }
    m_host->report(outcome);
}

TemplateContext VirtualUser::context()
{
    TemplateContext ctx;
    ctx.userIndex = m_index;
    ctx.sequence = m_sequence;
    ctx.variables = &m_profile.variables;
    ctx.environment = &m_profile.environment;
    ctx.random = &m_host->random();
    return ctx;
}

qint64 VirtualUser::randomBetween(qint64 lo, qint64 hi)
{
    if (hi <= lo)
        return lo;
    return lo + qint64(m_host->random().bounded(quint64(hi - lo + 1)));
}

} // namespace cicada
