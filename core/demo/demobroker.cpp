#include "demobroker.h"

#include "demobrokerrequest.h"
#include "demosubscription.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

namespace cicada {

namespace {

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

/** @p fields with the request's id at "id", or at "/meta/requestId" when it asked for nesting. */
QJsonObject withId(const DemoBrokerRequest &request, QJsonObject fields)
{
    if (request.nested)
        fields.insert(QStringLiteral("meta"),
                      QJsonObject{{QStringLiteral("requestId"), request.id}});
    else
        fields.insert(QStringLiteral("id"), request.id);
    return fields;
}

QString errorReply(const QJsonValue &id, const QString &error)
{
    return compact({{QStringLiteral("id"), id},
                    {QStringLiteral("type"), QStringLiteral("error")},
                    {QStringLiteral("error"), error}});
}

} // namespace

DemoBroker::DemoBroker(QObject *parent)
    : QObject(parent), m_server(new QWebSocketServer(QStringLiteral("cicada-demo"),
                                                     QWebSocketServer::NonSecureMode, this)),
      m_pushTimer(this) // parented so that moveToThread() moves it along
{
    connect(m_server, &QWebSocketServer::newConnection, this, &DemoBroker::onNewConnection);
    m_pushTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_pushTimer, &QTimer::timeout, this, &DemoBroker::sendPush);
    setPushInterval(kDefaultPushIntervalMs);
}

DemoBroker::~DemoBroker()
{
    // QWebSocket teardown writes to its QTcpSocket: delete the clients while everything they
    // reference still exists (STYLE: Qt 6.4 teardown order).
    deleteAll();
}

void DemoBroker::handleConnection(QTcpSocket *socket)
{
    // A parent keeps the socket owned until the handshake completes; on a failed handshake
    // QWebSocketServer deletes it after it disconnects.
    socket->setParent(this);
    m_server->handleConnection(socket);
}

void DemoBroker::setLatency(qint64 minMs, qint64 maxMs)
{
    m_latency = DemoDelayRange::clamped(minMs, maxMs, kMaxLatencyMs);
}

void DemoBroker::setPushInterval(qint64 intervalMs)
{
    m_pushIntervalMs = qBound(qint64(0), intervalMs, kMaxPushIntervalMs);
    if (m_pushIntervalMs == 0) {
        m_pushTimer.stop();
        return;
    }
    m_pushTimer.start(int(m_pushIntervalMs));
}

void DemoBroker::setSubprotocols(const QStringList &subprotocols)
{
    m_server->setSupportedSubprotocols(subprotocols);
}

QStringList DemoBroker::subprotocols() const
{
    return m_server->supportedSubprotocols();
}

void DemoBroker::dropAll(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    const QList<QWebSocket *> clients = m_clients;
    for (QWebSocket *client : clients)
        client->close(code, reason);
}

void DemoBroker::abortConnections()
{
    const QList<QWebSocket *> clients = m_clients;
    for (QWebSocket *client : clients)
        client->abort();
}

void DemoBroker::forgetSessions(int closeCode)
{
    m_loggedIn.clear();
    emit sessionsForgotten();
    // QWebSocketProtocol::CloseCode has no 1012, but the value travels as a plain integer.
    dropAll(QWebSocketProtocol::CloseCode(closeCode), QStringLiteral("restart"));
}

void DemoBroker::deleteAll()
{
    m_loggedIn.clear();
    const QList<QWebSocket *> clients = std::exchange(m_clients, {});
    for (QWebSocket *client : clients) {
        client->disconnect(this);
        delete client;
    }
}

QString DemoBroker::replyTo(const QString &message, qint64 nowMs)
{
    const DemoBrokerRequest request = DemoBrokerRequest::parse(message);
    return request.kind == DemoBrokerRequest::Kind::EchoText ? message : replyTo(request, nowMs);
}

QString DemoBroker::replyTo(const DemoBrokerRequest &request, qint64 nowMs)
{
    using Kind = DemoBrokerRequest::Kind;
    if (request.kind == Kind::EchoText || !request.hasId())
        return request.kind == Kind::EchoText ? QString() : QStringLiteral(R"({"type":"ack"})");
    const QJsonValue type = request.message.value(QLatin1String("type"));
    return compact(withId(request, {
                                       {QStringLiteral("type"),
                                        type.isString() ? type.toString() + QStringLiteral(".reply")
                                                        : QStringLiteral("reply")},
                                       {QStringLiteral("echo"), request.message},
                                       {QStringLiteral("ts"), nowMs},
                                   }));
}

void DemoBroker::onNewConnection()
{
    while (QWebSocket *client = m_server->nextPendingConnection()) {
        client->setParent(this);
        m_clients.append(client);
        connect(client, &QWebSocket::textMessageReceived, this,
                [this, client](const QString &message) { onTextMessage(client, message); });
        connect(client, &QWebSocket::binaryMessageReceived, this,
                [this, client](const QByteArray &message) { onBinaryMessage(client, message); });
        connect(client, &QWebSocket::disconnected, this,
                [this, client] { onDisconnected(client); });
        if (m_maxMessageBytes > 0)
            client->setMaxAllowedIncomingMessageSize(quint64(m_maxMessageBytes));
        emit clientConnected();
        if (m_acceptThenClose)
            client->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("accept-then-close"));
    }
}

void DemoBroker::onTextMessage(QWebSocket *client, const QString &message)
{
    using Kind = DemoBrokerRequest::Kind;
    ++m_messagesReceived;
    const DemoBrokerRequest request = DemoBrokerRequest::parse(message);
    if (m_loginRequired && request.kind != Kind::Login && !m_loggedIn.contains(client)) {
        if (request.hasId()) {
            respond(client, {errorReply(request.id, QStringLiteral("not logged in"))});
            return;
        }
        if (request.kind != Kind::ForgetSessions && request.kind != Kind::DropAll)
            return;
    }
    switch (request.kind) {
    case Kind::EchoText:
        respond(client, {message});
        return;
    case Kind::Ack:
    case Kind::Reply:
        respond(client, {replyTo(request, QDateTime::currentMSecsSinceEpoch())});
        return;
    case Kind::Delay:
        // "ts" says when the reply was made; the delay is on top of the latency setting.
        respond(client, {replyTo(request, QDateTime::currentMSecsSinceEpoch())}, request.delayMs);
        return;
    case Kind::Parts: {
        QStringList parts;
        parts.reserve(request.count);
        for (qint64 i = 1; i <= request.count; ++i) {
            parts.append(compact(withId(request, {{QStringLiteral("type"), QStringLiteral("part")},
                                                  {QStringLiteral("part"), i},
                                                  {QStringLiteral("last"), i == request.count}})));
        }
        respond(client, parts);
        return;
    }
    case Kind::Subscribe:
        subscribe(client, request);
        return;
    case Kind::Login:
        m_loggedIn.insert(client);
        ++m_logins;
        if (request.hasId()) {
            respond(client,
                    {compact({{QStringLiteral("id"), request.id},
                              {QStringLiteral("type"), QStringLiteral("reply")},
                              {QStringLiteral("token"),
                               QStringLiteral("tok-%1-%2").arg(request.user).arg(m_logins)}})});
        }
        return;
    case Kind::ForgetSessions:
        forgetSessions(request.closeCode);
        return;
    case Kind::DropAll:
        abortConnections();
        return;
    case Kind::Invalid:
        if (request.hasId())
            respond(client, {errorReply(request.id, request.error)});
        return;
    }
}

void DemoBroker::subscribe(QWebSocket *client, const DemoBrokerRequest &request)
{
    if (client->findChildren<DemoSubscription *>(Qt::FindDirectChildrenOnly).size() >=
        kMaxSubscriptionsPerConnection) {
        if (request.hasId()) {
            respond(client, {errorReply(request.id, QStringLiteral("at most %1 subscriptions per "
                                                                   "connection")
                                                        .arg(kMaxSubscriptionsPerConnection))});
        }
        return;
    }
    if (request.hasId()) {
        // Sent now, not after latency(): the pushes must come after it.
        client->sendTextMessage(compact({{QStringLiteral("id"), request.id},
                                         {QStringLiteral("type"), QStringLiteral("subscribed")},
                                         {QStringLiteral("topic"), request.topic}}));
        ++m_messagesSent;
    }
    DemoSubscription::Settings settings;
    settings.topic = request.topic;
    settings.intervalMs = request.intervalMs;
    settings.count = request.count;
    settings.gapEvery = request.gapEvery >= 0 ? request.gapEvery : m_gapEvery;
    settings.isoTimestamps = m_isoTimestamps;
    // A child of the socket: it stops when the connection goes away.
    auto *subscription = new DemoSubscription(
        settings,
        [this, client](const QString &push) {
            client->sendTextMessage(push);
            ++m_messagesSent;
        },
        client);
    subscription->start();
}

void DemoBroker::respond(QWebSocket *client, const QStringList &messages, qint64 extraDelayMs)
{
    const qint64 delayMs = m_latency.pick() + extraDelayMs;
    if (delayMs <= 0) {
        for (const QString &message : messages)
            client->sendTextMessage(message);
        m_messagesSent += quint64(messages.size());
        return;
    }
    // The client is the context: a client that goes away cancels its pending replies.
    QTimer::singleShot(int(delayMs), Qt::PreciseTimer, client, [this, client, messages] {
        for (const QString &message : messages)
            client->sendTextMessage(message);
        m_messagesSent += quint64(messages.size());
    });
}

void DemoBroker::onBinaryMessage(QWebSocket *client, const QByteArray &message)
{
    ++m_messagesReceived;
    const qint64 delayMs = m_latency.pick();
    if (delayMs <= 0) {
        client->sendBinaryMessage(message);
        ++m_messagesSent;
        return;
    }
    QTimer::singleShot(int(delayMs), Qt::PreciseTimer, client, [this, client, message] {
        client->sendBinaryMessage(message);
        ++m_messagesSent;
    });
}

void DemoBroker::onDisconnected(QWebSocket *client)
{
    m_loggedIn.remove(client);
    if (!m_clients.removeOne(client))
        return;
    client->disconnect(this);
    // Subscriptions are children of the socket; stop them now rather than at deleteLater().
    qDeleteAll(client->findChildren<DemoSubscription *>(Qt::FindDirectChildrenOnly));
    client->deleteLater();
    emit clientDisconnected();
}

void DemoBroker::sendPush()
{
    if (m_clients.isEmpty())
        return;
    ++m_pushSeq;
    const QString push = QStringLiteral(R"({"type":"push","seq":%1,"ts":%2})")
                             .arg(m_pushSeq)
                             .arg(QDateTime::currentMSecsSinceEpoch());
    for (QWebSocket *client : std::as_const(m_clients)) {
        if (client->state() == QAbstractSocket::ConnectedState) {
            client->sendTextMessage(push);
            ++m_messagesSent;
        }
    }
}

} // namespace cicada
