#pragma once

#include "demodelayrange.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QWebSocketProtocol>

class QTcpSocket;
class QWebSocket;
class QWebSocketServer;

namespace cicada {

/**
 * @brief The demo server's WebSocket broker: completes handshakes of sockets the HTTP side has
 * already authorised, answers messages and sends periodic pushes.
 *
 * Replies (see replyTo()): a JSON object with an "id" gets
 * `{"id": <same>, "type": "<type>.reply" | "reply", "echo": <message>, "ts": <ms>}`, another JSON
 * object gets `{"type":"ack"}`, any other text is echoed verbatim, binary messages are echoed.
 * Pushes are `{"type":"push","seq":N,"ts":<ms>}` to every client from one shared timer.
 */
class DemoBroker final : public QObject
{
    Q_OBJECT
public:
    /** Default push period, milliseconds. */
    static constexpr qint64 kDefaultPushIntervalMs = 3000;
    /** Upper bound for the reply delay, milliseconds. */
    static constexpr qint64 kMaxLatencyMs = 60'000;
    /** Upper bound for the push period, milliseconds (one day). */
    static constexpr qint64 kMaxPushIntervalMs = 24LL * 3600 * 1000;

    explicit DemoBroker(QObject *parent = nullptr);
    ~DemoBroker() override;

    /**
     * @brief Takes ownership of @p socket whose WebSocket handshake request is still unread and
     * lets the QWebSocketServer complete it.
     */
    void handleConnection(QTcpSocket *socket);
    /** Delay before each reply, drawn uniformly from [minMs, maxMs], milliseconds. */
    void setLatency(qint64 minMs, qint64 maxMs);
    [[nodiscard]] DemoDelayRange latency() const { return m_latency; }
    /** Push period in milliseconds; 0 turns pushes off. */
    void setPushInterval(qint64 intervalMs);
    [[nodiscard]] qint64 pushIntervalMs() const { return m_pushIntervalMs; }
    /** Starts a close handshake with @p code on every open connection. */
    void dropAll(QWebSocketProtocol::CloseCode code, const QString &reason);
    /** Deletes every connection at once (server shutdown). */
    void abortAll();

    [[nodiscard]] qint64 activeCount() const { return m_clients.size(); }
    [[nodiscard]] quint64 messagesReceived() const { return m_messagesReceived; }
    [[nodiscard]] quint64 messagesSent() const { return m_messagesSent; }

    /** The broker's reply to text @p message, with @p nowMs as "ts" (ms since the epoch). */
    [[nodiscard]] static QString replyTo(const QString &message, qint64 nowMs);

signals:
    /** A broker connection completed its handshake. */
    void clientConnected();
    /** A broker connection closed. */
    void clientDisconnected();

private:
    void onNewConnection();
    void onTextMessage(QWebSocket *client, const QString &message);
    void onBinaryMessage(QWebSocket *client, const QByteArray &message);
    void onDisconnected(QWebSocket *client);
    void sendPush();

    QWebSocketServer *m_server = nullptr; ///< child; used only for handleConnection()
    QList<QWebSocket *> m_clients;        ///< owned (children), deleted before m_server
    QTimer m_pushTimer;
    DemoDelayRange m_latency;
    qint64 m_pushIntervalMs = kDefaultPushIntervalMs;
    quint64 m_pushSeq = 0;
    quint64 m_messagesReceived = 0;
    quint64 m_messagesSent = 0;
};

} // namespace cicada
