#pragma once

#include "democounters.h"
#include "demodelayrange.h"
#include "demosessionstore.h"

#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QWebSocketProtocol>

class QTcpServer;

namespace cicada {

class DemoBroker;
class DemoHttpConnection;
struct DemoHttpRequest;
struct DemoHttpResponse;

/**
 * @brief The embedded demo target (DESIGN §9): HTTP/1.1 JSON endpoints and a WebSocket broker on
 * one port, in the calling thread's event loop.
 *
 * HTTP endpoints:
 * - `GET /` small HTML page listing the endpoints; `GET /health` → `{"ok":true}`
 * - `POST /login` (optional JSON body `{"user":"x"}`) → `{"ok":true,"user":"x"}` and
 *   `Set-Cookie: sessionid=<32 hex>; Path=/; HttpOnly`
 * - `GET /api/items` (10 items), `GET /api/profile` (401 without a valid session cookie),
 *   `POST /api/echo` (echoes a JSON body), `GET /api/slow?ms=N` (answers after N ≤ 60000 ms),
 *   `GET /api/status/<code>` (answers with that status)
 * - unknown paths → 404 JSON.
 *
 * Every `/api/...` response is delayed by latency() (or by `?latency=<ms>`) and becomes a 500 with
 * probability errorRate(). `GET /broker` with `Upgrade: websocket` and a valid `sessionid` cookie
 * becomes a broker connection (see DemoBroker); without one it gets 403 and is closed. The broker's
 * forget-sessions op (or forgetSessions()) also forgets every session id /login issued, so a
 * reconnect with an old cookie gets 403 until it logs in again.
 *
 * Settings may change while the server runs; they apply to requests that arrive afterwards.
 * The server and everything it owns live in one thread (moveToThread() moves all of it); call
 * its methods from that thread only.
 */
class DemoServer final : public QObject
{
    Q_OBJECT
public:
    /** Default TCP port of `cicada-cli serve-demo`. */
    static constexpr quint16 kDefaultPort = 8765;
    /** Upper bound for any artificial HTTP delay (latency, ?latency=, /api/slow), ms. */
    static constexpr qint64 kMaxDelayMs = 60'000;

    explicit DemoServer(QObject *parent = nullptr);
    ~DemoServer() override;

    /** Listens on @p address:@p port (0 = any free port). @return false, see errorString(). */
    bool listen(quint16 port = kDefaultPort, const QHostAddress &address = QHostAddress::LocalHost);
    /** Stops listening and closes every HTTP and broker connection. Idempotent. */
    void close();
    [[nodiscard]] bool isListening() const;
    /** Why listen() failed; empty otherwise. */
    [[nodiscard]] QString errorString() const { return m_errorString; }
    /** The port listened on (the chosen one when listen() got 0); 0 when not listening. */
    [[nodiscard]] quint16 port() const;
    /** e.g. `http://127.0.0.1:8765` (no trailing slash). */
    [[nodiscard]] QUrl baseUrl() const;
    /** e.g. `ws://127.0.0.1:8765/broker`. */
    [[nodiscard]] QUrl brokerUrl() const;

    /** Extra delay of each `/api/...` response, uniform in [minMs, maxMs], milliseconds. */
    void setLatency(qint64 minMs, qint64 maxMs);
    [[nodiscard]] DemoDelayRange latency() const { return m_latency; }
    /** Delay before each broker reply, uniform in [minMs, maxMs], milliseconds. */
    void setWsLatency(qint64 minMs, qint64 maxMs);
    [[nodiscard]] DemoDelayRange wsLatency() const;
    /** Fraction (0..1) of `/api/...` responses replaced by a 500 JSON error. */
    void setErrorRate(double rate);
    [[nodiscard]] double errorRate() const { return m_errorRate; }
    /** Broker push period, milliseconds; 0 = off; default 3000. */
    void setPushInterval(qint64 intervalMs);
    [[nodiscard]] qint64 pushIntervalMs() const;
    /** Session ids accepted besides those issued by /login; default {"demo-session"}. */
    void setAcceptedSessionIds(const QStringList &ids);
    [[nodiscard]] QStringList acceptedSessionIds() const { return m_sessions.staticIds(); }

    /** Broker connections must send a `login` op before other messages with an id; default off. */
    void setWsLoginRequired(bool required);
    [[nodiscard]] bool wsLoginRequired() const;
    /** Broker subscriptions without "gap_every" skip every G-th seq; 0 = none (default). */
    void setWsGapEvery(qint64 gapEvery);
    [[nodiscard]] qint64 wsGapEvery() const;
    /** Broker subscription pushes carry "ts" as ISO 8601 UTC instead of epoch ms. */
    void setWsIsoTimestamps(bool iso);
    [[nodiscard]] bool wsIsoTimestamps() const;
    /** Subprotocols the broker handshake may select (the first one the client offers). */
    void setWsSubprotocols(const QStringList &subprotocols);
    [[nodiscard]] QStringList wsSubprotocols() const;

    /** A broker client message above @p bytes closes its connection with 1009; 0 = default. */
    void setWsMaxMessageBytes(qint64 bytes);
    /** Broker connections are closed with 1000 right after their handshake; default off. */
    void setWsAcceptThenClose(bool enabled);

    /** Test hook: starts a close handshake with @p code on every broker connection. */
    void
    dropWebSockets(QWebSocketProtocol::CloseCode code = QWebSocketProtocol::CloseCodeGoingAway);
    /** Test hook: aborts every broker connection without a close frame. */
    void abortWebSockets();
    /**
     * Test hook: forgets every issued session id and broker login and closes every broker
     * connection with 1012 (what the broker's forget-sessions op does).
     */
    void forgetSessions();
    /** Test hook: what the server has seen so far. */
    [[nodiscard]] DemoCounters counters() const;

signals:
    /** A broker connection completed its handshake. */
    void webSocketConnected();
    /** A broker connection closed. */
    void webSocketDisconnected();

private:
    void onNewConnection();
    void onRequest(DemoHttpConnection *connection, const DemoHttpRequest &request);
    void onUpgrade(DemoHttpConnection *connection, const DemoHttpRequest &request);
    void handleApi(DemoHttpConnection *connection, const DemoHttpRequest &request);
    [[nodiscard]] DemoHttpResponse apiResponse(const DemoHttpRequest &request, qint64 *delayMs);
    [[nodiscard]] DemoHttpResponse login(const DemoHttpRequest &request);

    QTcpServer *m_tcpServer = nullptr;
    DemoBroker *m_broker = nullptr;
    QSet<DemoHttpConnection *> m_connections; ///< children; deleted in close()
    DemoSessionStore m_sessions;
    DemoDelayRange m_latency;
    double m_errorRate = 0.0;
    DemoCounters m_counters; ///< HTTP-side counts; broker counts are added by counters()
    QString m_errorString;
};

} // namespace cicada
