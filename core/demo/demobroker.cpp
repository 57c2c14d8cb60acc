#include "demobroker.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

namespace cicada {

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
    abortAll();
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

void DemoBroker::dropAll(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    const QList<QWebSocket *> clients = m_clients;
    for (QWebSocket *client : clients)
        client->close(code, reason);
}

void DemoBroker::abortAll()
{
    const QList<QWebSocket *> clients = std::exchange(m_clients, {});
    for (QWebSocket *client : clients) {
        client->disconnect(this);
        delete client;
    }
}

QString DemoBroker::replyTo(const QString &message, qint64 nowMs)
{
    // Cheap pre-check: only text that can be a JSON object is parsed.
    const qsizetype first = [&message] {
        qsizetype i = 0;
        while (i < message.size() && message.at(i).isSpace())
            ++i;
        return i;
    }();
    if (first >= message.size() || message.at(first) != u'{')
        return message;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(message.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return message;
    const QJsonObject object = document.object();
    const auto id = object.constFind(QLatin1String("id"));
    if (id == object.constEnd())
        return QStringLiteral(R"({"type":"ack"})");
    const QJsonValue type = object.value(QLatin1String("type"));
    const QJsonObject reply{
        {QStringLiteral("id"), id.value()},
        {QStringLiteral("type"),
         type.isString() ? type.toString() + QStringLiteral(".reply") : QStringLiteral("reply")},
        {QStringLiteral("echo"), object},
        {QStringLiteral("ts"), nowMs},
    };
    return QString::fromUtf8(QJsonDocument(reply).toJson(QJsonDocument::Compact));
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
        emit clientConnected();
    }
}

void DemoBroker::onTextMessage(QWebSocket *client, const QString &message)
{
    ++m_messagesReceived;
    const QString reply = replyTo(message, QDateTime::currentMSecsSinceEpoch());
    const qint64 delayMs = m_latency.pick();
    if (delayMs <= 0) {
        client->sendTextMessage(reply);
        ++m_messagesSent;
        return;
    }
    // The client is the context: a client that goes away cancels its pending replies.
    QTimer::singleShot(int(delayMs), Qt::PreciseTimer, client, [this, client, reply] {
        client->sendTextMessage(reply);
        ++m_messagesSent;
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
    if (!m_clients.removeOne(client))
        return;
    client->disconnect(this);
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
