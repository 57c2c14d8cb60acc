#include "demoserver.h"

#include "demobroker.h"
#include "demohttpconnection.h"
#include "demohttprequest.h"
#include "demohttpresponse.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

namespace cicada {

namespace {

constexpr int kItemCount = 10;

const char *const kIndexHtml = R"(<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Cicada demo target</title></head>
<body>
<h1>Cicada demo target</h1>
<p>HTTP/1.1 (keep-alive) and a WebSocket broker on one port, for trying Cicada.</p>
<ul>
<li><code>POST /login</code> body <code>{"user":"x"}</code> (optional): sets the <code>sessionid</code> cookie</li>
<li><code>GET /api/items</code>: a JSON list of items</li>
<li><code>GET /api/profile</code>: the logged-in user (401 without the cookie)</li>
<li><code>POST /api/echo</code>: echoes a JSON body</li>
<li><code>GET /api/slow?ms=N</code>: answers after N ms (at most 60000)</li>
<li><code>GET /api/status/&lt;code&gt;</code>: answers with that status</li>
<li><code>GET /health</code>: <code>{"ok":true}</code>, never delayed or failed</li>
<li><code>ws://&hellip;/broker</code>: WebSocket broker (needs the cookie); JSON messages with an
<code>"id"</code> get a reply with the same id; periodic <code>{"type":"push"}</code> messages;
ops (<code>"op"</code>): <code>parts</code>, <code>subscribe</code>, <code>login</code>,
<code>delay</code>, <code>forget-sessions</code>, <code>drop-all</code></li>
</ul>
<p>Add <code>?latency=ms</code> to any <code>/api/</code> request to delay just that one.</p>
</body></html>
)";

const QByteArray &itemsBody()
{
    static const QByteArray body = [] {
        static const char *const names[kItemCount] = {"Apple",      "Banana", "Cherry", "Date",
                                                      "Elderberry", "Fig",    "Grape",  "Honeydew",
                                                      "Kiwi",       "Lemon"};
        QJsonArray items;
        for (int i = 0; i < kItemCount; ++i) {
            items.append(QJsonObject{{QStringLiteral("id"), i + 1},
                                     {QStringLiteral("name"), QString::fromLatin1(names[i])},
                                     {QStringLiteral("price"), 0.5 + i * 0.25},
                                     {QStringLiteral("inStock"), i % 3 != 0}});
        }
        return QJsonDocument(items).toJson(QJsonDocument::Compact);
    }();
    return body;
}

DemoHttpResponse okJson(const QJsonObject &object)
{
    return DemoHttpResponse::json(200, QJsonDocument(object));
}

} // namespace

DemoServer::DemoServer(QObject *parent)
    : QObject(parent), m_tcpServer(new QTcpServer(this)), m_broker(new DemoBroker(this))
{
    connect(m_tcpServer, &QTcpServer::newConnection, this, &DemoServer::onNewConnection);
    connect(m_broker, &DemoBroker::clientConnected, this, &DemoServer::webSocketConnected);
    connect(m_broker, &DemoBroker::clientDisconnected, this, &DemoServer::webSocketDisconnected);
    connect(m_broker, &DemoBroker::sessionsForgotten, this, [this] { m_sessions.forgetIssued(); });
}

DemoServer::~DemoServer()
{
    close();
}

bool DemoServer::listen(quint16 port, const QHostAddress &address)
{
    m_errorString.clear();
    if (m_tcpServer->isListening())
        close();
    if (!m_tcpServer->listen(address, port)) {
        m_errorString = QStringLiteral("cannot listen on %1:%2: %3")
                            .arg(address.toString())
                            .arg(port)
                            .arg(m_tcpServer->errorString());
        return false;
    }
    return true;
}

void DemoServer::close()
{
    m_tcpServer->close();
    // Sockets are children of the connections; delete them now, not at parent teardown.
    const QSet<DemoHttpConnection *> connections = std::exchange(m_connections, {});
    for (DemoHttpConnection *connection : connections) {
        connection->disconnect(this);
        delete connection;
    }
    m_broker->deleteAll();
}

bool DemoServer::isListening() const
{
    return m_tcpServer->isListening();
}

quint16 DemoServer::port() const
{
    return m_tcpServer->isListening() ? m_tcpServer->serverPort() : 0;
}

QUrl DemoServer::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    QHostAddress host = m_tcpServer->serverAddress();
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4 || host.isNull())
        host = QHostAddress(QHostAddress::LocalHost);
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    url.setHost(host.toString());
    url.setPort(port());
    return url;
}

QUrl DemoServer::brokerUrl() const
{
    QUrl url = baseUrl();
    url.setScheme(QStringLiteral("ws"));
    url.setPath(QStringLiteral("/broker"));
    return url;
}

void DemoServer::setLatency(qint64 minMs, qint64 maxMs)
{
    m_latency = DemoDelayRange::clamped(minMs, maxMs, kMaxDelayMs);
}

void DemoServer::setWsLatency(qint64 minMs, qint64 maxMs)
{
    m_broker->setLatency(minMs, maxMs);
}

DemoDelayRange DemoServer::wsLatency() const
{
    return m_broker->latency();
}

void DemoServer::setErrorRate(double rate)
{
    m_errorRate = qBound(0.0, rate, 1.0);
}

void DemoServer::setPushInterval(qint64 intervalMs)
{
    m_broker->setPushInterval(intervalMs);
}

qint64 DemoServer::pushIntervalMs() const
{
    return m_broker->pushIntervalMs();
}

void DemoServer::setAcceptedSessionIds(const QStringList &ids)
{
    m_sessions.setStaticIds(ids);
}

void DemoServer::setWsLoginRequired(bool required)
{
    m_broker->setLoginRequired(required);
}

bool DemoServer::wsLoginRequired() const
{
    return m_broker->loginRequired();
}

void DemoServer::setWsGapEvery(qint64 gapEvery)
{
    m_broker->setGapEvery(gapEvery);
}

qint64 DemoServer::wsGapEvery() const
{
    return m_broker->gapEvery();
}

void DemoServer::setWsIsoTimestamps(bool iso)
{
    m_broker->setIsoTimestamps(iso);
}

bool DemoServer::wsIsoTimestamps() const
{
    return m_broker->isoTimestamps();
}

void DemoServer::setWsSubprotocols(const QStringList &subprotocols)
{
    m_broker->setSubprotocols(subprotocols);
}

QStringList DemoServer::wsSubprotocols() const
{
    return m_broker->subprotocols();
}

void DemoServer::setWsMaxMessageBytes(qint64 bytes)
{
    m_broker->setMaxMessageBytes(bytes);
}

void DemoServer::setWsAcceptThenClose(bool enabled)
{
    m_broker->setAcceptThenClose(enabled);
}

void DemoServer::abortWebSockets()
{
    m_broker->abortConnections();
}

void DemoServer::forgetSessions()
{
    m_broker->forgetSessions();
}

void DemoServer::dropWebSockets(QWebSocketProtocol::CloseCode code)
{
    m_broker->dropAll(code, QStringLiteral("dropped by the demo server"));
}

DemoCounters DemoServer::counters() const
{
    DemoCounters counters = m_counters;
    counters.wsMessagesReceived = m_broker->messagesReceived();
    counters.wsMessagesSent = m_broker->messagesSent();
    counters.activeWebSockets = m_broker->activeCount();
    return counters;
}

void DemoServer::onNewConnection()
{
    while (QTcpSocket *socket = m_tcpServer->nextPendingConnection()) {
        auto *connection = new DemoHttpConnection(socket, this);
        m_connections.insert(connection);
        connect(connection, &DemoHttpConnection::requestReceived, this, &DemoServer::onRequest);
        connect(connection, &DemoHttpConnection::upgradeRequested, this, &DemoServer::onUpgrade);
        connect(connection, &DemoHttpConnection::finished, this,
                [this](DemoHttpConnection *finished) { m_connections.remove(finished); });
    }
}

void DemoServer::onUpgrade(DemoHttpConnection *connection, const DemoHttpRequest &request)
{
    if (request.path() != "/broker") {
        DemoHttpResponse response = DemoHttpResponse::error(404, "no WebSocket endpoint here; "
                                                                 "use /broker");
        response.closeConnection = true;
        connection->respond(response);
        return;
    }
    if (!m_sessions.isValid(request.cookie("sessionid"))) {
        ++m_counters.wsUpgradesRejected;
        DemoHttpResponse response;
        response.status = 403;
        response.contentType = "text/plain; charset=utf-8";
        response.body = "missing or unknown sessionid cookie: POST /login first\n";
        response.closeConnection = true;
        connection->respond(response);
        return;
    }
    ++m_counters.wsUpgradesAccepted;
    m_broker->handleConnection(connection->takeSocket());
}

void DemoServer::onRequest(DemoHttpConnection *connection, const DemoHttpRequest &request)
{
    ++m_counters.httpRequests;
    const QByteArray path = request.path();
    const bool get = request.method == "GET" || request.method == "HEAD";
    if (path.startsWith("/api/")) {
        handleApi(connection, request);
    } else if (path == "/health") {
        connection->respond(get ? okJson({{QStringLiteral("ok"), true}})
                                : DemoHttpResponse::error(405, "use GET"));
    } else if (path == "/login") {
        connection->respond(request.method == "POST" ? login(request)
                                                     : DemoHttpResponse::error(405, "use POST"));
    } else if (path == "/" || path == "/index.html") {
        DemoHttpResponse response;
        response.contentType = "text/html; charset=utf-8";
        response.body = kIndexHtml;
        connection->respond(get ? response : DemoHttpResponse::error(405, "use GET"));
    } else if (path == "/broker") {
        connection->respond(DemoHttpResponse::error(426, "WebSocket upgrade required"));
    } else {
        connection->respond(DemoHttpResponse::error(404, "no such endpoint"));
    }
}

DemoHttpResponse DemoServer::login(const DemoHttpRequest &request)
{
    QString user = QString::fromLatin1(DemoSessionStore::kStaticUser);
    if (!request.body.trimmed().isEmpty()) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            return DemoHttpResponse::error(400, "body must be a JSON object like {\"user\":\"x\"}");
        const QJsonValue value = document.object().value(QLatin1String("user"));
        if (value.isString() && !value.toString().isEmpty())
            user = value.toString();
    }
    const QByteArray id = m_sessions.issue(user);
    DemoHttpResponse response =
        okJson({{QStringLiteral("ok"), true}, {QStringLiteral("user"), user}});
    response.headers.append({"Set-Cookie", "sessionid=" + id + "; Path=/; HttpOnly"});
    return response;
}

void DemoServer::handleApi(DemoHttpConnection *connection, const DemoHttpRequest &request)
{
    qint64 delayMs = m_latency.pick();
    const QUrlQuery query(QString::fromLatin1(request.query()));
    if (query.hasQueryItem(QStringLiteral("latency"))) {
        bool ok = false;
        const qint64 override = query.queryItemValue(QStringLiteral("latency")).toLongLong(&ok);
        if (ok)
            delayMs = qBound<qint64>(0, override, kMaxDelayMs);
    }
    DemoHttpResponse response = apiResponse(request, &delayMs);
    if (m_errorRate > 0.0 && QRandomGenerator::global()->generateDouble() < m_errorRate)
        response = DemoHttpResponse::error(500, "injected error (error rate setting)");
    if (delayMs <= 0) {
        connection->respond(response);
        return;
    }
    // The connection is the timer's context: a client that disconnects cancels the response.
    QTimer::singleShot(int(delayMs), Qt::PreciseTimer, connection,
                       [connection, response] { connection->respond(response); });
}

DemoHttpResponse DemoServer::apiResponse(const DemoHttpRequest &request, qint64 *delayMs)
{
    const QByteArray path = request.path();
    const bool get = request.method == "GET" || request.method == "HEAD";
    if (path == "/api/items") {
        if (!get)
            return DemoHttpResponse::error(405, "use GET");
        DemoHttpResponse response;
        response.body = itemsBody();
        return response;
    }
    if (path == "/api/profile") {
        if (!get)
            return DemoHttpResponse::error(405, "use GET");
        const QString user = m_sessions.user(request.cookie("sessionid"));
        if (user.isEmpty())
            return DemoHttpResponse::error(401, "missing or unknown sessionid cookie");
        return okJson({{QStringLiteral("user"), user},
                       {QStringLiteral("email"), user + QStringLiteral("@example.com")},
                       {QStringLiteral("plan"), QStringLiteral("free")}});
    }
    if (path == "/api/echo") {
        if (request.method != "POST")
            return DemoHttpResponse::error(405, "use POST");
        QJsonParseError error;
        QJsonDocument::fromJson(request.body, &error);
        if (error.error != QJsonParseError::NoError)
            return DemoHttpResponse::error(400, "body is not JSON");
        DemoHttpResponse response;
        response.body = request.body;
        return response;
    }
    if (path == "/api/slow") {
        const QUrlQuery query(QString::fromLatin1(request.query()));
        bool ok = false;
        const qint64 ms = query.queryItemValue(QStringLiteral("ms")).toLongLong(&ok);
        if (!ok || ms < 0 || ms > kMaxDelayMs)
            return DemoHttpResponse::error(400, "ms must be 0..60000");
        // The requested time replaces the latency setting.
        *delayMs = ms;
        return okJson({{QStringLiteral("ok"), true}, {QStringLiteral("ms"), ms}});
    }
    if (path.startsWith("/api/status/")) {
        bool ok = false;
        const int status = path.mid(int(qstrlen("/api/status/"))).toInt(&ok);
        if (!ok || status < 200 || status > 599)
            return DemoHttpResponse::error(400, "status must be 200..599");
        return DemoHttpResponse::json(
            status, QJsonDocument(QJsonObject{{QStringLiteral("status"), status}}));
    }
    return DemoHttpResponse::error(404, "no such endpoint");
}

} // namespace cicada
