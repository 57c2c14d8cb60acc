#pragma once

#include "demodelayrange.h"

#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QWebSocketProtocol>

class QTcpSocket;
class QWebSocket;
class QWebSocketServer;

namespace cicada {

struct DemoBrokerRequest;

/**
 * @brief The demo server's WebSocket broker: completes handshakes of sockets the HTTP side has
 * already authorised, answers messages and sends periodic pushes.
 *
 * Text messages are parsed by DemoBrokerRequest, whose ops mirror tests/servers/ws_broker.py:
 * - a JSON object with an "id" and no op gets
 *   `{"id": <same>, "type": "<type>.reply" | "reply", "echo": <message>, "ts": <ms>}` (replyTo());
 *   with `"nested": true` the id moves to `{"meta": {"requestId": <id>}}`;
 * - `op` delay (the reply D ms later, other messages served meanwhile), parts (N messages
 *   `{"id","type":"part","part":i,"last":i==N}`), subscribe (`{"id","type":"subscribed","topic"}`
 *   then pushes from a DemoSubscription), login (`{"id","type":"reply","token":"tok-<U>-<n>"}`,
 *   marks the connection logged in), forget-sessions (forgets every login, emits
 *   sessionsForgotten() and closes every connection with 1012 "restart" or the message's
 *   "code"), drop-all (aborts every
 *   TCP connection without a close frame);
 * - malformed op arguments with an id get `{"id","type":"error","error":<why>}`;
 * - another JSON object gets `{"type":"ack"}`, any other text is echoed verbatim, binary messages
 *   are echoed as binary.
 * With loginRequired(), a connection that has not logged in gets
 * `{"id","type":"error","error":"not logged in"}` for every other message with an id, and no
 * answer to text without one (forget-sessions and drop-all excepted).
 * Every answer but "subscribed" and subscription pushes waits latency() first. Pushes
 * `{"type":"push","seq":N,"ts":<ms>}` go to every client from one shared timer.
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
    /** Subscriptions one connection may hold; more get an error reply. */
    static constexpr int kMaxSubscriptionsPerConnection = 100;
    /** Default close code of forget-sessions (RFC 6455 registry: Service Restart). */
    static constexpr int kCloseCodeServiceRestart = 1012;

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
    /** Whether messages with an id need a `login` op on their connection first; default off. */
    void setLoginRequired(bool required) { m_loginRequired = required; }
    [[nodiscard]] bool loginRequired() const { return m_loginRequired; }
    /** Subscriptions without "gap_every" skip every G-th seq; 0 = none (default); 1 becomes 0. */
    void setGapEvery(qint64 gapEvery) { m_gapEvery = gapEvery >= 2 ? gapEvery : 0; }
    [[nodiscard]] qint64 gapEvery() const { return m_gapEvery; }
    /** Subscription pushes carry "ts" as ISO 8601 UTC instead of epoch ms; default off. */
    void setIsoTimestamps(bool iso) { m_isoTimestamps = iso; }
    [[nodiscard]] bool isoTimestamps() const { return m_isoTimestamps; }
    /**
     * Subprotocols the handshake may select (the first the client offers that is listed); none
     * offered or matching → no Sec-WebSocket-Protocol. Applies to later handshakes.
     */
    void setSubprotocols(const QStringList &subprotocols);
    [[nodiscard]] QStringList subprotocols() const;

    /** A client message above @p bytes closes its connection with 1009; 0 = Qt's default. */
    void setMaxMessageBytes(qint64 bytes) { m_maxMessageBytes = qMax<qint64>(0, bytes); }
    [[nodiscard]] qint64 maxMessageBytes() const { return m_maxMessageBytes; }
    /** Closes every new connection with 1000 right after its handshake; default off. */
    void setAcceptThenClose(bool enabled) { m_acceptThenClose = enabled; }
    [[nodiscard]] bool acceptThenClose() const { return m_acceptThenClose; }

    /** Starts a close handshake with @p code on every open connection. */
    void dropAll(QWebSocketProtocol::CloseCode code, const QString &reason);
    /** Aborts every TCP connection without a close frame (clients see an abnormal closure). */
    void abortConnections();
    /** Forgets every login, emits sessionsForgotten() and closes everything with @p closeCode. */
    void forgetSessions(int closeCode = kCloseCodeServiceRestart);
    /** Deletes every connection at once (server shutdown). */
    void deleteAll();

    [[nodiscard]] qint64 activeCount() const { return m_clients.size(); }
    [[nodiscard]] quint64 messagesReceived() const { return m_messagesReceived; }
    [[nodiscard]] quint64 messagesSent() const { return m_messagesSent; }

    /** The broker's reply to text @p message, with @p nowMs as "ts" (ms since the epoch). */
    [[nodiscard]] static QString replyTo(const QString &message, qint64 nowMs);
    /** The reply (or ack) for a parsed Reply, Delay or Ack request; empty for EchoText. */
    [[nodiscard]] static QString replyTo(const DemoBrokerRequest &request, qint64 nowMs);

signals:
    /** A broker connection completed its handshake. */
    void clientConnected();
    /** A broker connection closed. */
    void clientDisconnected();
    /** forget-sessions ran: the server should invalidate the session cookies it issued. */
    void sessionsForgotten();

private:
    void onNewConnection();
    void onTextMessage(QWebSocket *client, const QString &message);
    void onBinaryMessage(QWebSocket *client, const QByteArray &message);
    void onDisconnected(QWebSocket *client);
    void subscribe(QWebSocket *client, const DemoBrokerRequest &request);
    /** Sends @p messages in order after latency() plus @p extraDelayMs. */
    void respond(QWebSocket *client, const QStringList &messages, qint64 extraDelayMs = 0);
    void sendPush();

    QWebSocketServer *m_server = nullptr; ///< child; used only for handleConnection()
    QList<QWebSocket *> m_clients;        ///< owned (children), deleted before m_server
    QSet<QWebSocket *> m_loggedIn;        ///< connections that ran the login op
    QTimer m_pushTimer;
    DemoDelayRange m_latency;
    qint64 m_pushIntervalMs = kDefaultPushIntervalMs;
    quint64 m_pushSeq = 0;
    quint64 m_logins = 0;
    quint64 m_messagesReceived = 0;
    quint64 m_messagesSent = 0;
    qint64 m_gapEvery = 0;
    qint64 m_maxMessageBytes = 0;
    bool m_acceptThenClose = false;
    bool m_loginRequired = false;
    bool m_isoTimestamps = false;
};

} // namespace cicada
