#include "demo/demoserver.h"
#include "demo/demobroker.h"

#include "../../common/rawwebsocket.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

#include <memory>

using namespace cicada;

namespace {

constexpr int kTimeoutMs = 5000;

/** One HTTP response as read off a raw socket. */
struct RawResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    [[nodiscard]] QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    [[nodiscard]] QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

/**
 * A minimal HTTP/1.1 client on one QTcpSocket, driven by the test's event loop (the server runs
 * in the same thread, so nothing here may block).
 */
class RawClient
{
public:
    bool connectTo(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        return QTest::qWaitFor(
            [this] { return m_socket.state() == QAbstractSocket::ConnectedState; }, kTimeoutMs);
    }
    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    /** Reads the next complete response; false on timeout. */
    bool read(RawResponse *response, int timeoutMs = kTimeoutMs)
    {
        return QTest::qWaitFor(
            [this, response] {
                m_buffer += m_socket.readAll();
                return take(response);
            },
            timeoutMs);
    }
    bool request(const QByteArray &bytes, RawResponse *response)
    {
        send(bytes);
        return read(response);
    }
    QTcpSocket &socket() { return m_socket; }

private:
    bool take(RawResponse *response)
    {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        const QList<QByteArray> lines = m_buffer.left(end).split('\n');
        RawResponse parsed;
        parsed.status = lines.first().split(' ').value(1).toInt();
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            parsed.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
            if (line.left(colon).compare("content-length", Qt::CaseInsensitive) == 0)
                length = line.mid(colon + 1).trimmed().toLongLong();
        }
        if (m_buffer.size() < end + 4 + length)
            return false;
        parsed.body = m_buffer.mid(end + 4, length);
        m_buffer.remove(0, end + 4 + length);
        *response = parsed;
        return true;
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
};

QByteArray get(const QByteArray &target, const QByteArray &extraHeaders = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
}

QByteArray post(const QByteArray &target, const QByteArray &body)
{
    return "POST " + target +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

/** The value of the sessionid cookie in a Set-Cookie header, or empty. */
QByteArray sessionFromSetCookie(const QByteArray &setCookie)
{
    const QRegularExpression re(QStringLiteral("^sessionid=([0-9a-f]{32});"));
    const QRegularExpressionMatch match = re.match(QString::fromLatin1(setCookie));
    return match.hasMatch() ? match.captured(1).toLatin1() : QByteArray();
}

QJsonObject objectAt(const QSignalSpy &texts, qsizetype index)
{
    return QJsonDocument::fromJson(texts.at(index).at(0).toString().toUtf8()).object();
}

} // namespace

class DemoServerTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void listensOnFreePortAndReportsUrls();
    void loginSetsSessionCookie();
    void profileIsUnauthorizedWithoutCookieAndOkWithIt();
    void keepAliveServesSequentialAndPipelinedRequestsOnOneSocket();
    void bodySplitAcrossReadsIsEchoed();
    void connectionCloseIsHonoured();
    void endpointsAnswerWithExpectedStatus();
    void brokerRepliesWithTheSentId();
    void brokerAcceptsStaticSessionIds();
    void upgradeWithoutValidCookieIsRejected();
    void latencyDelaysApiResponses();
    void errorRateOneTurnsApiResponsesInto500();
    void pushesArriveAtTheConfiguredInterval();
    void dropWebSocketsClosesClientsWithTheGivenCode();
    void upgradeSplitAcrossReadsAfterKeepAliveRequestSucceeds();
    void clientLeavingDuringDelayedResponseIsHarmless();
    void destroyingServerWithOpenConnectionsClosesThem();
    void brokerSendsPartsInOrder();
    void brokerSubscriptionPushesNumberedTimestampedMessages();
    void brokerGapAndIsoSettingsApplyToSubscriptions();
    void brokerSubscriptionStopsWhenItsConnectionCloses();
    void brokerLoginRequiredRefusesMessagesUntilLogin();
    void forgetSessionsClosesWith1012AndOldCookiesGet403();
    void dropAllAbortsEveryConnectionWithoutACloseFrame();
    void brokerSelectsTheFirstOfferedSupportedSubprotocol();
    void brokerDelayedReplyIsOvertakenByALaterMessage();
    void brokerNestedReplyCarriesTheIdUnderMeta();
    void forgetSessionsCanCloseWithAnotherCode();
    void maxMessageClosesWith1009AboveTheLimitInBytes();
    void acceptThenCloseClosesWith1000AfterTheHandshake();

private:
    /** Logs in with a raw request and returns the session id. */
    QByteArray login(const QByteArray &user);
    /** Opens a broker connection with @p sessionId as cookie; nullptr when it failed. */
    std::unique_ptr<QWebSocket> openBroker(const QByteArray &sessionId);

    std::unique_ptr<DemoServer> m_server;
};

void DemoServerTest::init()
{
    m_server = std::make_unique<DemoServer>();
    m_server->setPushInterval(0);
    QVERIFY2(m_server->listen(0), qPrintable(m_server->errorString()));
}

void DemoServerTest::cleanup()
{
    m_server.reset();
}

QByteArray DemoServerTest::login(const QByteArray &user)
{
    RawClient client;
    if (!client.connectTo(m_server->port()))
        return {};
    RawResponse response;
    if (!client.request(post("/login", R"({"user":")" + user + R"("})"), &response))
        return {};
    return sessionFromSetCookie(response.header("set-cookie"));
}

std::unique_ptr<QWebSocket> DemoServerTest::openBroker(const QByteArray &sessionId)
{
    auto socket = std::make_unique<QWebSocket>();
    QNetworkRequest request(m_server->brokerUrl());
    request.setRawHeader("Cookie", "theme=dark; sessionid=" + sessionId);
    QSignalSpy connected(socket.get(), &QWebSocket::connected);
    socket->open(request);
    if (!connected.wait(kTimeoutMs))
        return nullptr;
    return socket;
}

void DemoServerTest::listensOnFreePortAndReportsUrls()
{
    QVERIFY(m_server->isListening());
    QVERIFY(m_server->port() != 0);
    const QString port = QString::number(m_server->port());
    QCOMPARE(m_server->baseUrl().toString(), QStringLiteral("http://127.0.0.1:") + port);
    QCOMPARE(m_server->brokerUrl().toString(),
             QStringLiteral("ws://127.0.0.1:") + port + QStringLiteral("/broker"));

    DemoServer second;
    QVERIFY(!second.listen(m_server->port()));
    QVERIFY(!second.errorString().isEmpty());
}

void DemoServerTest::loginSetsSessionCookie()
{
    QNetworkAccessManager manager;
    QNetworkRequest request(m_server->baseUrl().resolved(QUrl(QStringLiteral("/login"))));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *reply = manager.post(request, QByteArray(R"({"user":"alice"})"));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(kTimeoutMs));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const QByteArray setCookie = reply->rawHeader("Set-Cookie");
    QVERIFY2(!sessionFromSetCookie(setCookie).isEmpty(), setCookie.constData());
    QVERIFY(setCookie.contains("Path=/"));
    QVERIFY(setCookie.contains("HttpOnly"));
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(body.value(QLatin1String("ok")).toBool(), true);
    QCOMPARE(body.value(QLatin1String("user")).toString(), QStringLiteral("alice"));

    // The cookie jar now sends the cookie: /api/profile succeeds on the same manager.
    QNetworkReply *profile =
        manager.get(QNetworkRequest(m_server->baseUrl().resolved(QUrl("/api/profile"))));
    QSignalSpy profileFinished(profile, &QNetworkReply::finished);
    QVERIFY(profileFinished.wait(kTimeoutMs));
    QCOMPARE(profile->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    delete reply;
    delete profile;
}

void DemoServerTest::profileIsUnauthorizedWithoutCookieAndOkWithIt()
{
    RawClient client;
    QVERIFY(client.connectTo(m_server->port()));
    RawResponse response;
    QVERIFY(client.request(get("/api/profile"), &response));
    QCOMPARE(response.status, 401);
    QVERIFY(response.json().contains(QLatin1String("error")));

    QVERIFY(
        client.request(get("/api/profile", "Cookie: sessionid=0123456789abcdef\r\n"), &response));
    QCOMPARE(response.status, 401);

    const QByteArray session = login("bob");
    QVERIFY(!session.isEmpty());
    QVERIFY(
        client.request(get("/api/profile", "Cookie: sessionid=" + session + "\r\n"), &response));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.json().value(QLatin1String("user")).toString(), QStringLiteral("bob"));
}

void DemoServerTest::keepAliveServesSequentialAndPipelinedRequestsOnOneSocket()
{
    RawClient client;
    QVERIFY(client.connectTo(m_server->port()));
    RawResponse response;
    QVERIFY(client.request(get("/api/items"), &response));
    QCOMPARE(response.status, 200);
    QCOMPARE(QJsonDocument::fromJson(response.body).array().size(), 10);
    QCOMPARE(response.header("connection"), QByteArray("keep-alive"));
    QVERIFY(client.request(get("/health"), &response));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.json().value(QLatin1String("ok")).toBool(), true);

    // Pipelined: three requests in one write, the first delayed; answered in order.
    client.send(get("/api/slow?ms=50") + get("/api/status/418") + get("/health"));
    QVERIFY(client.read(&response));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.json().value(QLatin1String("ms")).toInt(), 50);
    QVERIFY(client.read(&response));
    QCOMPARE(response.status, 418);
    QVERIFY(client.read(&response));
    QCOMPARE(response.status, 200);
    QCOMPARE(client.socket().state(), QAbstractSocket::ConnectedState);
    QCOMPARE(m_server->counters().httpRequests, quint64(5));
}

void DemoServerTest::bodySplitAcrossReadsIsEchoed()
{
    RawClient client;
    QVERIFY(client.connectTo(m_server->port()));
    const QByteArray body = R"({"hello":"world","n":[1,2,3]})";
    const QByteArray request = post("/api/echo", body);
    const qsizetype splits[] = {10, request.size() - 12, request.size() - 3};
    qsizetype sent = 0;
    for (const qsizetype split : splits) {
        client.send(request.mid(sent, split - sent));
        client.socket().flush();
        sent = split;
        QTest::qWait(30);
    }
    client.send(request.mid(sent));
    RawResponse response;
    QVERIFY(client.read(&response));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body, body);

    QVERIFY(client.request(post("/api/echo", "not json"), &response));
    QCOMPARE(response.status, 400);
}

void DemoServerTest::connectionCloseIsHonoured()
{
    RawClient client;
    QVERIFY(client.connectTo(m_server->port()));
    RawResponse response;
    QVERIFY(client.request(get("/health", "Connection: close\r\n"), &response));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.header("connection"), QByteArray("close"));
    QTRY_COMPARE_WITH_TIMEOUT(client.socket().state(), QAbstractSocket::UnconnectedState,
                              kTimeoutMs);
}

void DemoServerTest::endpointsAnswerWithExpectedStatus()
{
    RawClient client;
    QVERIFY(client.connectTo(m_server->port()));
    RawResponse response;
    QVERIFY(client.request(get("/"), &response));
    QCOMPARE(response.status, 200);
    QVERIFY(response.header("content-type").startsWith("text/html"));
    QVERIFY(response.body.contains("/api/items"));
    QVERIFY(client.request(get("/nope"), &response));
    QCOMPARE(response.status, 404);
    QCOMPARE(response.json().value(QLatin1String("status")).toInt(), 404);
    QVERIFY(client.request(get("/api/nope"), &response));
    QCOMPARE(response.status, 404);
    QVERIFY(client.request(get("/api/status/503"), &response));
    QCOMPARE(response.status, 503);
    QVERIFY(client.request(get("/api/status/204"), &response));
    QCOMPARE(response.status, 204);
    QVERIFY(client.request(get("/api/slow?ms=70000"), &response));
    QCOMPARE(response.status, 400);
    QVERIFY(client.request(get("/login"), &response));
    QCOMPARE(response.status, 405);
    QVERIFY(client.request(post("/login", ""), &response));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.json().value(QLatin1String("user")).toString(), QStringLiteral("demo"));
    QVERIFY(client.request(get("/broker"), &response));
    QCOMPARE(response.status, 426);
}

void DemoServerTest::brokerRepliesWithTheSentId()
{
    const QByteArray session = login("carol");
    QVERIFY(!session.isEmpty());
    const std::unique_ptr<QWebSocket> socket = openBroker(session);
    QVERIFY(socket);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->counters().activeWebSockets, qint64(1), kTimeoutMs);
    QSignalSpy texts(socket.get(), &QWebSocket::textMessageReceived);
    QSignalSpy binaries(socket.get(), &QWebSocket::binaryMessageReceived);

    socket->sendTextMessage(QStringLiteral(R"({"id":42,"type":"chat","text":"hi"})"));
    socket->sendTextMessage(QStringLiteral(R"({"id":"abc-1","body":{"x":1}})"));
    socket->sendTextMessage(QStringLiteral(R"({"type":"note"})"));
    socket->sendTextMessage(QStringLiteral("plain text"));
    socket->sendBinaryMessage(QByteArray("\x00\x01\x02", 3));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 4, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(binaries.size(), 1, kTimeoutMs);

    const QJsonObject first =
        QJsonDocument::fromJson(texts.at(0).at(0).toString().toUtf8()).object();
    QCOMPARE(first.value(QLatin1String("id")), QJsonValue(42));
    QCOMPARE(first.value(QLatin1String("type")).toString(), QStringLiteral("chat.reply"));
    QCOMPARE(first.value(QLatin1String("echo")).toObject().value(QLatin1String("text")),
             QJsonValue(QStringLiteral("hi")));
    QVERIFY(first.value(QLatin1String("ts")).toDouble() > 0);
    const QJsonObject second =
        QJsonDocument::fromJson(texts.at(1).at(0).toString().toUtf8()).object();
    QCOMPARE(second.value(QLatin1String("id")), QJsonValue(QStringLiteral("abc-1")));
    QCOMPARE(second.value(QLatin1String("type")).toString(), QStringLiteral("reply"));
    QCOMPARE(texts.at(2).at(0).toString(), QStringLiteral(R"({"type":"ack"})"));
    QCOMPARE(texts.at(3).at(0).toString(), QStringLiteral("plain text"));
    QCOMPARE(binaries.at(0).at(0).toByteArray(), QByteArray("\x00\x01\x02", 3));

    const DemoCounters counters = m_server->counters();
    QCOMPARE(counters.wsUpgradesAccepted, quint64(1));
    QCOMPARE(counters.wsUpgradesRejected, quint64(0));
    QCOMPARE(counters.wsMessagesReceived, quint64(5));
    QCOMPARE(counters.wsMessagesSent, quint64(5));
}

void DemoServerTest::brokerAcceptsStaticSessionIds()
{
    QVERIFY(openBroker("demo-session"));
    m_server->setAcceptedSessionIds({QStringLiteral("fixed-1")});
    QVERIFY(openBroker("fixed-1"));
    QCOMPARE(m_server->counters().wsUpgradesAccepted, quint64(2));
}

void DemoServerTest::upgradeWithoutValidCookieIsRejected()
{
    QWebSocket socket;
    QSignalSpy errors(&socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error));
    QSignalSpy connected(&socket, &QWebSocket::connected);
    socket.open(m_server->brokerUrl());
    QVERIFY(errors.wait(kTimeoutMs));
    QCOMPARE(connected.size(), 0);
    QCOMPARE(m_server->counters().wsUpgradesRejected, quint64(1));

    QWebSocket unknown;
    QSignalSpy unknownErrors(&unknown,
                             QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error));
    QNetworkRequest request(m_server->brokerUrl());
    request.setRawHeader("Cookie", "sessionid=ffffffffffffffffffffffffffffffff");
    unknown.open(request);
    QVERIFY(unknownErrors.wait(kTimeoutMs));
    QCOMPARE(m_server->counters().wsUpgradesRejected, quint64(2));
    QCOMPARE(m_server->counters().wsUpgradesAccepted, quint64(0));

    // The raw answer is a 403 with a short body, then the connection closes.
    RawClient client;
    QVERIFY(client.connectTo(m_server->port()));
    RawResponse response;
    QVERIFY(client.request(get("/broker", "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                          "Sec-WebSocket-Version: 13\r\n"
                                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"),
                           &response));
    QCOMPARE(response.status, 403);
    QVERIFY(!response.body.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(client.socket().state(), QAbstractSocket::UnconnectedState,
                              kTimeoutMs);
}

void DemoServerTest::latencyDelaysApiResponses()
{
    m_server->setLatency(200, 200);
    RawClient client;
    QVERIFY(client.connectTo(m_server->port()));
    RawResponse response;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(client.request(get("/api/items"), &response));
    QCOMPARE(response.status, 200);
    QVERIFY2(timer.elapsed() >= 200, qPrintable(QString::number(timer.elapsed())));

    // /health is never delayed; ?latency= overrides the setting for one request.
    timer.restart();
    QVERIFY(client.request(get("/health"), &response));
    QVERIFY2(timer.elapsed() < 150, qPrintable(QString::number(timer.elapsed())));
    timer.restart();
    QVERIFY(client.request(get("/api/items?latency=0"), &response));
    QVERIFY2(timer.elapsed() < 150, qPrintable(QString::number(timer.elapsed())));
    m_server->setLatency(0, 0);
    timer.restart();
    QVERIFY(client.request(get("/api/items?latency=300"), &response));
    QVERIFY2(timer.elapsed() >= 300, qPrintable(QString::number(timer.elapsed())));
}

void DemoServerTest::errorRateOneTurnsApiResponsesInto500()
{
    m_server->setErrorRate(1.0);
    RawClient client;
    QVERIFY(client.connectTo(m_server->port()));
    RawResponse response;
    for (int i = 0; i < 5; ++i) {
        QVERIFY(client.request(get("/api/items"), &response));
        QCOMPARE(response.status, 500);
        QVERIFY(response.json().contains(QLatin1String("error")));
    }
    QVERIFY(client.request(get("/health"), &response));
    QCOMPARE(response.status, 200);
    m_server->setErrorRate(0.0);
    QVERIFY(client.request(get("/api/items"), &response));
    QCOMPARE(response.status, 200);
}

void DemoServerTest::pushesArriveAtTheConfiguredInterval()
{
    m_server->setPushInterval(100);
    const std::unique_ptr<QWebSocket> socket = openBroker("demo-session");
    QVERIFY(socket);
    QSignalSpy texts(socket.get(), &QWebSocket::textMessageReceived);
    QTRY_VERIFY_WITH_TIMEOUT(texts.size() >= 3, kTimeoutMs);
    qint64 previousSeq = 0;
    for (int i = 0; i < 3; ++i) {
        const QJsonObject push =
            QJsonDocument::fromJson(texts.at(i).at(0).toString().toUtf8()).object();
        QCOMPARE(push.value(QLatin1String("type")).toString(), QStringLiteral("push"));
        const qint64 seq = push.value(QLatin1String("seq")).toInteger();
        QVERIFY(seq > previousSeq);
        previousSeq = seq;
        QVERIFY(push.value(QLatin1String("ts")).toInteger() > 0);
    }
    m_server->setPushInterval(0);
}

void DemoServerTest::dropWebSocketsClosesClientsWithTheGivenCode()
{
    const std::unique_ptr<QWebSocket> first = openBroker("demo-session");
    const std::unique_ptr<QWebSocket> second = openBroker("demo-session");
    QVERIFY(first && second);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->counters().activeWebSockets, qint64(2), kTimeoutMs);
    QSignalSpy firstClosed(first.get(), &QWebSocket::disconnected);
    QSignalSpy secondClosed(second.get(), &QWebSocket::disconnected);
    m_server->dropWebSockets(QWebSocketProtocol::CloseCodePolicyViolated);
    QTRY_COMPARE_WITH_TIMEOUT(firstClosed.size(), 1, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(secondClosed.size(), 1, kTimeoutMs);
    QCOMPARE(first->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(second->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->counters().activeWebSockets, qint64(0), kTimeoutMs);
}

void DemoServerTest::upgradeSplitAcrossReadsAfterKeepAliveRequestSucceeds()
{
    RawClient client;
    QVERIFY(client.connectTo(m_server->port()));
    RawResponse response;
    QVERIFY(client.request(get("/health"), &response));
    QCOMPARE(response.status, 200);

    // The handshake head arrives in two reads; the server must wait for all of it, then hand
    // the untouched bytes to QWebSocketServer.
    const QByteArray upgrade = get("/broker", "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                              "Sec-WebSocket-Version: 13\r\n"
                                              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                              "Cookie: sessionid=demo-session\r\n");
    client.send(upgrade.left(40));
    client.socket().flush();
    QTest::qWait(50);
    client.send(upgrade.mid(40));
    QByteArray received;
    QVERIFY(QTest::qWaitFor(
        [&] {
            received += client.socket().readAll();
            return received.contains("\r\n\r\n");
        },
        kTimeoutMs));
    QVERIFY2(received.startsWith("HTTP/1.1 101"), received.constData());
    // RFC 6455 accept key for the sample nonce.
    QVERIFY(received.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->counters().activeWebSockets, qint64(1), kTimeoutMs);
    QCOMPARE(m_server->counters().wsUpgradesAccepted, quint64(1));
}

void DemoServerTest::clientLeavingDuringDelayedResponseIsHarmless()
{
    m_server->setLatency(100, 100);
    {
        RawClient client;
        QVERIFY(client.connectTo(m_server->port()));
        client.send(get("/api/items"));
        client.socket().flush();
        QTest::qWait(20);
        client.socket().abort();
    }
    QTest::qWait(200);
    RawClient client;
    QVERIFY(client.connectTo(m_server->port()));
    RawResponse response;
    QVERIFY(client.request(get("/api/items"), &response));
    QCOMPARE(response.status, 200);
}

void DemoServerTest::destroyingServerWithOpenConnectionsClosesThem()
{
    m_server->setPushInterval(50);
    m_server->setWsLatency(100, 100);
    const std::unique_ptr<QWebSocket> socket = openBroker("demo-session");
    QVERIFY(socket);
    socket->sendTextMessage(QStringLiteral(R"({"id":1})")); // reply pending on a timer
    RawClient client;
    QVERIFY(client.connectTo(m_server->port()));
    client.send(get("/api/slow?ms=1000"));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->counters().httpRequests, quint64(1), kTimeoutMs);
    QSignalSpy wsClosed(socket.get(), &QWebSocket::disconnected);

    m_server.reset();
    QTRY_COMPARE_WITH_TIMEOUT(wsClosed.size(), 1, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(client.socket().state(), QAbstractSocket::UnconnectedState,
                              kTimeoutMs);
    QTest::qWait(150); // pending timers must not fire into deleted objects
}

void DemoServerTest::brokerSendsPartsInOrder()
{
    const std::unique_ptr<QWebSocket> socket = openBroker("demo-session");
    QVERIFY(socket);
    QSignalSpy texts(socket.get(), &QWebSocket::textMessageReceived);
    socket->sendTextMessage(QStringLiteral(R"({"id":"p","op":"parts","n":3})"));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 3, kTimeoutMs);
    for (int i = 0; i < 3; ++i) {
        const QJsonObject part = objectAt(texts, i);
        QCOMPARE(part.value(QLatin1String("id")), QJsonValue(QStringLiteral("p")));
        QCOMPARE(part.value(QLatin1String("type")).toString(), QStringLiteral("part"));
        QCOMPARE(part.value(QLatin1String("part")).toInt(), i + 1);
        QCOMPARE(part.value(QLatin1String("last")), QJsonValue(i == 2));
    }
    socket->sendTextMessage(QStringLiteral(R"({"id":"bad","op":"parts","n":0})"));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 4, kTimeoutMs);
    QCOMPARE(objectAt(texts, 3).value(QLatin1String("type")).toString(), QStringLiteral("error"));
    QVERIFY(objectAt(texts, 3).value(QLatin1String("error")).toString().contains(u"\"n\""));
}

void DemoServerTest::brokerSubscriptionPushesNumberedTimestampedMessages()
{
    const std::unique_ptr<QWebSocket> socket = openBroker("demo-session");
    QVERIFY(socket);
    QSignalSpy texts(socket.get(), &QWebSocket::textMessageReceived);
    const qint64 beforeMs = QDateTime::currentMSecsSinceEpoch();
    socket->sendTextMessage(QStringLiteral(
        R"({"id":1,"op":"subscribe","topic":"quote","interval_ms":10,"count":4,"gap_every":3})"));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 5, kTimeoutMs);
    const qint64 afterMs = QDateTime::currentMSecsSinceEpoch();
    const QJsonObject subscribed = objectAt(texts, 0);
    QCOMPARE(subscribed.value(QLatin1String("id")), QJsonValue(1));
    QCOMPARE(subscribed.value(QLatin1String("type")).toString(), QStringLiteral("subscribed"));
    QCOMPARE(subscribed.value(QLatin1String("topic")).toString(), QStringLiteral("quote"));
    QList<qint64> seqs;
    qint64 previousTs = beforeMs;
    for (int i = 1; i <= 4; ++i) {
        const QJsonObject push = objectAt(texts, i);
        QCOMPARE(push.value(QLatin1String("type")).toString(), QStringLiteral("quote"));
        QVERIFY(push.value(QLatin1String("price")).isDouble());
        seqs << push.value(QLatin1String("seq")).toInteger();
        const qint64 ts = push.value(QLatin1String("ts")).toInteger();
        QVERIFY(ts >= previousTs && ts <= afterMs);
        previousTs = ts;
    }
    QCOMPARE(seqs, (QList<qint64>{1, 2, 4, 5})); // seq 3 lost; count = pushes sent
    // Four pushes and no more: a later reply is the next message.
    socket->sendTextMessage(QStringLiteral(R"({"id":2})"));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 6, kTimeoutMs);
    QCOMPARE(objectAt(texts, 5).value(QLatin1String("id")), QJsonValue(2));
}

void DemoServerTest::brokerGapAndIsoSettingsApplyToSubscriptions()
{
    m_server->setWsGapEvery(2);
    m_server->setWsIsoTimestamps(true);
    const std::unique_ptr<QWebSocket> socket = openBroker("demo-session");
    QVERIFY(socket);
    QSignalSpy texts(socket.get(), &QWebSocket::textMessageReceived);
    socket->sendTextMessage(
        QStringLiteral(R"({"op":"subscribe","topic":"t","interval_ms":5,"count":3})"));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 3, kTimeoutMs); // no "subscribed" without an id
    QList<qint64> seqs;
    for (int i = 0; i < 3; ++i) {
        const QJsonObject push = objectAt(texts, i);
        seqs << push.value(QLatin1String("seq")).toInteger();
        const QString ts = push.value(QLatin1String("ts")).toString();
        QVERIFY2(QRegularExpression(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"))
                     .match(ts)
                     .hasMatch(),
                 qPrintable(ts));
    }
    QCOMPARE(seqs, (QList<qint64>{1, 3, 5}));
}

void DemoServerTest::brokerSubscriptionStopsWhenItsConnectionCloses()
{
    std::unique_ptr<QWebSocket> socket = openBroker("demo-session");
    QVERIFY(socket);
    QSignalSpy texts(socket.get(), &QWebSocket::textMessageReceived);
    socket->sendTextMessage(QStringLiteral(R"({"op":"subscribe","interval_ms":5})"));
    QTRY_VERIFY_WITH_TIMEOUT(texts.size() >= 2, kTimeoutMs);
    socket->close();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->counters().activeWebSockets, qint64(0), kTimeoutMs);
    const quint64 sent = m_server->counters().wsMessagesSent;
    QTest::qWait(50); // ten push periods
    QCOMPARE(m_server->counters().wsMessagesSent, sent);
}

void DemoServerTest::brokerLoginRequiredRefusesMessagesUntilLogin()
{
    m_server->setWsLoginRequired(true);
    const std::unique_ptr<QWebSocket> socket = openBroker("demo-session");
    QVERIFY(socket);
    QSignalSpy texts(socket.get(), &QWebSocket::textMessageReceived);
    socket->sendTextMessage(QStringLiteral(R"({"id":1})"));
    socket->sendTextMessage(QStringLiteral(R"({"op":"subscribe","interval_ms":5,"count":2})"));
    socket->sendTextMessage(QStringLiteral(R"({"id":2,"op":"login","user":"ann"})"));
    socket->sendTextMessage(QStringLiteral(R"({"id":3})"));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 3, kTimeoutMs);
    const QJsonObject refused = objectAt(texts, 0);
    QCOMPARE(refused.value(QLatin1String("id")), QJsonValue(1));
    QCOMPARE(refused.value(QLatin1String("type")).toString(), QStringLiteral("error"));
    QCOMPARE(refused.value(QLatin1String("error")).toString(), QStringLiteral("not logged in"));
    const QJsonObject token = objectAt(texts, 1); // the id-less subscribe was ignored
    QCOMPARE(token.value(QLatin1String("id")), QJsonValue(2));
    QCOMPARE(token.value(QLatin1String("token")).toString(), QStringLiteral("tok-ann-1"));
    QCOMPARE(objectAt(texts, 2).value(QLatin1String("type")).toString(), QStringLiteral("reply"));
}

void DemoServerTest::forgetSessionsClosesWith1012AndOldCookiesGet403()
{
    m_server->setWsLoginRequired(true);
    const QByteArray session = login("dave");
    QVERIFY(!session.isEmpty());
    // The raw client reads the close frame: Qt 6.4's QWebSocket reports 1012 as 1002.
    test::RawWebSocket raw;
    QCOMPARE(raw.open(m_server->port(), {"Cookie: sessionid=" + session}, "/broker"), 101);
    raw.sendText(R"({"id":1,"op":"login","user":"dave"})");
    const std::optional<test::RawWebSocket::Frame> loggedIn = raw.readFrame();
    QVERIFY(loggedIn && loggedIn->payload.contains("tok-dave-1"));
    const std::unique_ptr<QWebSocket> control = openBroker("demo-session");
    QVERIFY(control);
    QSignalSpy controlClosed(control.get(), &QWebSocket::disconnected);
    control->sendTextMessage(QStringLiteral(R"({"op":"forget-sessions"})"));

    const std::optional<test::RawWebSocket::Frame> closeFrame = raw.readFrame();
    QVERIFY(closeFrame);
    QCOMPARE(closeFrame->opcode, test::RawWebSocket::kOpClose);
    QCOMPARE(closeFrame->closeCode(), DemoBroker::kCloseCodeServiceRestart);
    QCOMPARE(closeFrame->closeReason(), QByteArray("restart"));
    QTRY_COMPARE_WITH_TIMEOUT(controlClosed.size(), 1, kTimeoutMs); // the sender's too

    // The old cookie no longer opens the broker: the client must log in again.
    test::RawWebSocket again;
    QCOMPARE(again.open(m_server->port(), {"Cookie: sessionid=" + session}, "/broker"), 403);
    const QByteArray fresh = login("dave");
    QVERIFY(!fresh.isEmpty() && fresh != session);
    const std::unique_ptr<QWebSocket> relogged = openBroker(fresh);
    QVERIFY(relogged);
    // ... and the broker login was forgotten too.
    QSignalSpy texts(relogged.get(), &QWebSocket::textMessageReceived);
    relogged->sendTextMessage(QStringLiteral(R"({"id":2})"));
    QVERIFY(texts.wait(kTimeoutMs));
    QCOMPARE(objectAt(texts, 0).value(QLatin1String("error")).toString(),
             QStringLiteral("not logged in"));
}

void DemoServerTest::dropAllAbortsEveryConnectionWithoutACloseFrame()
{
    test::RawWebSocket raw;
    QCOMPARE(raw.open(m_server->port(), {"Cookie: sessionid=demo-session"}, "/broker"), 101);
    const std::unique_ptr<QWebSocket> control = openBroker("demo-session");
    QVERIFY(control);
    QSignalSpy aboutToClose(control.get(), &QWebSocket::aboutToClose);
    QSignalSpy controlClosed(control.get(), &QWebSocket::disconnected);
    control->sendTextMessage(QStringLiteral(R"({"op":"drop-all"})"));
    QVERIFY(!raw.readFrame()); // no close frame, the connection just ends
    QVERIFY(raw.ended());
    QTRY_COMPARE_WITH_TIMEOUT(controlClosed.size(), 1, kTimeoutMs);
    QCOMPARE(aboutToClose.size(), 0); // Qt saw no close frame either
    QTRY_COMPARE_WITH_TIMEOUT(m_server->counters().activeWebSockets, qint64(0), kTimeoutMs);
    QVERIFY(openBroker("demo-session")); // and the broker keeps serving

    test::RawWebSocket hooked;
    QCOMPARE(hooked.open(m_server->port(), {"Cookie: sessionid=demo-session"}, "/broker"), 101);
    m_server->abortWebSockets();
    QVERIFY(!hooked.readFrame());
    QVERIFY(hooked.ended());
}

void DemoServerTest::brokerSelectsTheFirstOfferedSupportedSubprotocol()
{
    m_server->setWsSubprotocols({QStringLiteral("a.v1"), QStringLiteral("b.v2")});
    const auto openOffering = [this](const QStringList &offered) {
        auto socket = std::make_unique<QWebSocket>();
        QNetworkRequest request(m_server->brokerUrl());
        request.setRawHeader("Cookie", "sessionid=demo-session");
        QWebSocketHandshakeOptions options;
        options.setSubprotocols(offered);
        QSignalSpy connected(socket.get(), &QWebSocket::connected);
        socket->open(request, options);
        return connected.wait(kTimeoutMs) ? socket->subprotocol() : QStringLiteral("<failed>");
    };
    QCOMPARE(openOffering({QStringLiteral("x"), QStringLiteral("b.v2"), QStringLiteral("a.v1")}),
             QStringLiteral("b.v2"));
    QCOMPARE(openOffering({QStringLiteral("a.v1")}), QStringLiteral("a.v1"));
    QCOMPARE(openOffering({QStringLiteral("x")}), QString());
    QCOMPARE(openOffering({}), QString());
}

void DemoServerTest::brokerDelayedReplyIsOvertakenByALaterMessage()
{
    const std::unique_ptr<QWebSocket> socket = openBroker("demo-session");
    QVERIFY(socket);
    QSignalSpy texts(socket.get(), &QWebSocket::textMessageReceived);
    socket->sendTextMessage(QStringLiteral(R"({"id":"slow","op":"delay","ms":200})"));
    socket->sendTextMessage(QStringLiteral(R"({"id":"fast"})"));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 2, kTimeoutMs);
    QCOMPARE(objectAt(texts, 0).value(QLatin1String("id")), QJsonValue(QStringLiteral("fast")));
    QCOMPARE(objectAt(texts, 1).value(QLatin1String("id")), QJsonValue(QStringLiteral("slow")));
    QCOMPARE(objectAt(texts, 1).value(QLatin1String("type")).toString(), QStringLiteral("reply"));
}

void DemoServerTest::brokerNestedReplyCarriesTheIdUnderMeta()
{
    const std::unique_ptr<QWebSocket> socket = openBroker("demo-session");
    QVERIFY(socket);
    QSignalSpy texts(socket.get(), &QWebSocket::textMessageReceived);
    socket->sendTextMessage(QStringLiteral(R"({"id":42,"nested":true})"));
    QVERIFY(texts.wait(kTimeoutMs));
    const QJsonObject reply = objectAt(texts, 0);
    QCOMPARE(reply.value(QLatin1String("meta")).toObject().value(QLatin1String("requestId")),
             QJsonValue(42));
    QVERIFY(!reply.contains(QLatin1String("id")));
    QCOMPARE(reply.value(QLatin1String("type")).toString(), QStringLiteral("reply"));
}

void DemoServerTest::forgetSessionsCanCloseWithAnotherCode()
{
    const std::unique_ptr<QWebSocket> socket = openBroker("demo-session");
    QVERIFY(socket);
    QSignalSpy closed(socket.get(), &QWebSocket::disconnected);
    socket->sendTextMessage(QStringLiteral(R"({"op":"forget-sessions","code":4001})"));
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, kTimeoutMs);
    QCOMPARE(int(socket->closeCode()), 4001);
    QCOMPARE(socket->closeReason(), QStringLiteral("restart"));
}

void DemoServerTest::maxMessageClosesWith1009AboveTheLimitInBytes()
{
    m_server->setWsMaxMessageBytes(24);
    const std::unique_ptr<QWebSocket> socket = openBroker("demo-session");
    QVERIFY(socket);
    QSignalSpy texts(socket.get(), &QWebSocket::textMessageReceived);
    QSignalSpy closed(socket.get(), &QWebSocket::disconnected);
    const QString atLimit = QStringLiteral(R"({"id":1,"p":"abcdefghi"})");
    QCOMPARE(atLimit.toUtf8().size(), 24);
    socket->sendTextMessage(atLimit);
    QVERIFY(texts.wait(kTimeoutMs));
    // Fewer characters than the limit, more bytes: the limit is in bytes.
    const QString overLimit = QStringLiteral(u"{\"id\":2,\"p\":\"ééééééé\"}");
    QVERIFY(overLimit.size() < 24 && overLimit.toUtf8().size() > 24);
    socket->sendTextMessage(overLimit);
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, kTimeoutMs);
    QCOMPARE(socket->closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    QCOMPARE(texts.size(), 1);
}

void DemoServerTest::acceptThenCloseClosesWith1000AfterTheHandshake()
{
    m_server->setWsAcceptThenClose(true);
    auto socket = std::make_unique<QWebSocket>();
    QSignalSpy connected(socket.get(), &QWebSocket::connected);
    QSignalSpy closed(socket.get(), &QWebSocket::disconnected);
    QNetworkRequest request(m_server->brokerUrl());
    request.setRawHeader("Cookie", "sessionid=demo-session");
    socket->open(request);
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, kTimeoutMs);
    QCOMPARE(connected.size(), 1); // the handshake itself succeeded
    QCOMPARE(socket->closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QCOMPARE(socket->closeReason(), QStringLiteral("accept-then-close"));
}

QTEST_GUILESS_MAIN(DemoServerTest)
#include "demoservertest.moc"
