// Both HTTP transports against tests/servers/http_server.py on 127.0.0.1.

#include "http/httptransport.h"
#include "http/rawhttptransport.h"
#include "httptestutil.h"
#include "testhttpserver.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkCookie>
#include <QNetworkCookieJar>
#include <QPointer>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace cicada;
using testutil::get;
using testutil::sendAndWait;

namespace {

constexpr int kConcurrentUsers = 50;
constexpr int kSlowMs = 1500;
constexpr int kConcurrencyBudgetMs = 20000;
constexpr int kKeepAliveRequests = 100;
constexpr int kInflightPollIntervalMs = 20;
constexpr int kOpensslTimeoutMs = 20000;

QJsonObject jsonOf(const HttpResponse &response)
{
    return QJsonDocument::fromJson(response.body).object();
}

QStringList cookieStrings(HttpTransport &transport, const QUrl &url)
{
    QStringList result;
    const QList<QNetworkCookie> cookies = transport.cookieJar()->cookiesForUrl(url);
    for (const QNetworkCookie &cookie : cookies)
        result.append(QString::fromLatin1(cookie.name() + '=' + cookie.value()));
    result.sort();
    return result;
}

} // namespace

class HttpTransportTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void parseKindAcceptsRawAndQt();
    void getReturnsBody_data() { kinds(); }
    void getReturnsBody();
    void postEchoesBodyAndContentType_data() { kinds(); }
    void postEchoesBodyAndContentType();
    void cookiesAreStoredAndSentBack_data() { kinds(); }
    void cookiesAreStoredAndSentBack();
    void redirectsAreFollowed_data() { kinds(); }
    void redirectsAreFollowed();
    void redirectLimitIsEnforced_data() { kinds(); }
    void redirectLimitIsEnforced();
    void zeroMaxRedirectsReturnsTheRedirect_data() { kinds(); }
    void zeroMaxRedirectsReturnsTheRedirect();
    void chunkedBodyIsDecoded_data() { kinds(); }
    void chunkedBodyIsDecoded();
    void errorStatusIsNotATransportError_data() { kinds(); }
    void errorStatusIsNotATransportError();
    void bodyWithoutLengthIsReadUntilClose_data() { kinds(); }
    void bodyWithoutLengthIsReadUntilClose();
    void noContentAndHeadHaveNoBody_data() { kinds(); }
    void noContentAndHeadHaveNoBody();
    void connectionRefusedIsReported_data() { kinds(); }
    void connectionRefusedIsReported();
    void timeoutIsReported_data() { kinds(); }
    void timeoutIsReported();
    void callbackRunsOnceAndNeverInsideSend_data() { kinds(); }
    void callbackRunsOnceAndNeverInsideSend();
    void destroyedTransportNeverCallsBack_data() { kinds(); }
    void destroyedTransportNeverCallsBack();
    void transportMayBeDeletedInsideCallback_data() { kinds(); }
    void transportMayBeDeletedInsideCallback();
    void bothTransportsAgree();
    void httpsVerifiesCertificatesByDefault_data() { kinds(); }
    void httpsVerifiesCertificatesByDefault();

    void rawConnectionCloseOpensNewConnection();
    void rawServerDroppedConnectionIsReplaced();
    void rawKeepAliveUsesOneConnection();
    void rawMalformedResponseIsReported();
    void rawFiftyRequestsAreInFlightAtOnce();
    void rawShorterTimeoutAfterALongerOneStillFires();
    void rawTimeoutCountsFromEachRequestsOwnSend();
    void rawCookieChangesReachTheNextRequest();
    void rawExpiredCookieIsNoLongerSent();
    void rawWithoutHeadersStillStoresCookiesAndRedirects();

private:
    static void kinds();
    [[nodiscard]] std::unique_ptr<HttpTransport> transportFromData() const;

    TestHttpServer m_server;
    TestHttpServer m_tlsServer; ///< HTTPS with a self-signed certificate, if openssl exists
    QTemporaryDir m_tlsDir;
    QString m_tlsSkipReason;
};

void HttpTransportTest::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));

    // A throw-away self-signed certificate for 127.0.0.1.
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty()) {
        m_tlsSkipReason = QStringLiteral("openssl not found: cannot make a test certificate");
        return;
    }
    const QString cert = m_tlsDir.filePath(QStringLiteral("cert.pem"));
    const QString key = m_tlsDir.filePath(QStringLiteral("key.pem"));
    QProcess process;
    process.start(openssl, {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
                            cert, "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                            "subjectAltName=IP:127.0.0.1"});
    QVERIFY(process.waitForFinished(kOpensslTimeoutMs));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    QVERIFY2(m_tlsServer.start(&error, {"--tls-cert", cert, "--tls-key", key}), qPrintable(error));
}

void HttpTransportTest::cleanupTestCase()
{
    m_server.stop();
    m_tlsServer.stop();
}

void HttpTransportTest::kinds()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("raw") << QStringLiteral("raw");
    QTest::newRow("qt") << QStringLiteral("qt");
}

std::unique_ptr<HttpTransport> HttpTransportTest::transportFromData() const
{
    QFETCH(QString, kind);
    HttpTransport::Kind parsed{};
    if (!HttpTransport::parseKind(kind, &parsed))
        return nullptr;
    return std::unique_ptr<HttpTransport>(HttpTransport::create(parsed));
}

void HttpTransportTest::parseKindAcceptsRawAndQt()
{
    HttpTransport::Kind kind = HttpTransport::Kind::Qt;
    QVERIFY(HttpTransport::parseKind(QStringLiteral("raw"), &kind));
    QCOMPARE(kind, HttpTransport::Kind::Raw);
    QVERIFY(HttpTransport::parseKind(QStringLiteral("qt"), &kind));
    QCOMPARE(kind, HttpTransport::Kind::Qt);
    QVERIFY(!HttpTransport::parseKind(QStringLiteral("curl"), &kind));
    QVERIFY(!HttpTransport::parseKind(QString(), &kind));
}

void HttpTransportTest::getReturnsBody()
{
    auto transport = transportFromData();
    QVERIFY(transport);
    const HttpResponse response = sendAndWait(*transport, get(m_server.url("/")));
    QVERIFY2(response.error.isEmpty(), qPrintable(response.error));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body, QByteArray("hello\n"));
    QCOMPARE(response.header("content-type"), QByteArray("text/plain"));
    QCOMPARE(response.finalUrl, m_server.url("/"));
    QCOMPARE(response.redirects, 0);

    const HttpResponse json = sendAndWait(*transport, get(m_server.url("/json")));
    QCOMPARE(json.status, 200);
    QCOMPARE(jsonOf(json).value("name").toString(), QStringLiteral("cicada"));
}

void HttpTransportTest::postEchoesBodyAndContentType()
{
    auto transport = transportFromData();
    HttpRequest request;
    request.method = "POST";
    request.url = m_server.url("/echo");
    request.headers = {{"Content-Type", "application/x-cicada"}};
    request.body = QByteArray("line one\nline two\n\0binary", 25);
    const HttpResponse response = sendAndWait(*transport, request);
    QVERIFY2(response.error.isEmpty(), qPrintable(response.error));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body, request.body);
    QCOMPARE(response.header("Content-Type"), QByteArray("application/x-cicada"));
}

void HttpTransportTest::cookiesAreStoredAndSentBack()
{
    auto transport = transportFromData();
    const HttpResponse set =
        sendAndWait(*transport, get(m_server.url("/set-cookie?session=abc123&theme=dark")));
    QCOMPARE(set.status, 200);
    QCOMPARE(cookieStrings(*transport, m_server.url("/")),
             QStringList({"session=abc123", "theme=dark"}));

    const HttpResponse cookies = sendAndWait(*transport, get(m_server.url("/cookies")));
    QCOMPARE(cookies.status, 200);
    const QJsonObject sent = jsonOf(cookies);
    QCOMPARE(sent.value("session").toString(), QStringLiteral("abc123"));
    QCOMPARE(sent.value("theme").toString(), QStringLiteral("dark"));
    QCOMPARE(sent.size(), 2);

    // A new transport is a new session: no cookies.
    auto other = transportFromData();
    const HttpResponse fresh = sendAndWait(*other, get(m_server.url("/cookies")));
    QCOMPARE(jsonOf(fresh).size(), 0);
}

void HttpTransportTest::redirectsAreFollowed()
{
    auto transport = transportFromData();
    const HttpResponse response = sendAndWait(*transport, get(m_server.url("/redirect?n=3")));
    QVERIFY2(response.error.isEmpty(), qPrintable(response.error));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.redirects, 4); // n=3 -> 2 -> 1 -> 0 -> /json
    QCOMPARE(response.finalUrl, m_server.url("/json"));
    QCOMPARE(jsonOf(response).value("name").toString(), QStringLiteral("cicada"));
}

void HttpTransportTest::redirectLimitIsEnforced()
{
    auto transport = transportFromData();
    HttpRequest request = get(m_server.url("/redirect?n=10"));
    request.maxRedirects = 3;
    const HttpResponse response = sendAndWait(*transport, request);
    QCOMPARE(response.error, QStringLiteral("too many redirects (3)"));
    QCOMPARE(response.status, 0);
}

void HttpTransportTest::zeroMaxRedirectsReturnsTheRedirect()
{
    auto transport = transportFromData();
    HttpRequest request = get(m_server.url("/redirect?n=1"));
    request.maxRedirects = 0;
    const HttpResponse response = sendAndWait(*transport, request);
    QVERIFY2(response.error.isEmpty(), qPrintable(response.error));
    QCOMPARE(response.status, 302);
    QCOMPARE(response.header("location"), QByteArray("/redirect?n=0"));
    QCOMPARE(response.redirects, 0);
}

void HttpTransportTest::chunkedBodyIsDecoded()
{
    auto transport = transportFromData();
    const HttpResponse response = sendAndWait(*transport, get(m_server.url("/chunked")));
    QVERIFY2(response.error.isEmpty(), qPrintable(response.error));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body, QByteArray("chunk one\nchunk two\nchunk three\n"));
    // The connection stays usable after a chunked body.
    QCOMPARE(sendAndWait(*transport, get(m_server.url("/"))).body, QByteArray("hello\n"));
}

void HttpTransportTest::errorStatusIsNotATransportError()
{
    auto transport = transportFromData();
    for (const int status : {404, 500, 400, 503}) {
        const HttpResponse response =
            sendAndWait(*transport, get(m_server.url(QStringLiteral("/status/%1").arg(status))));
        QVERIFY2(response.error.isEmpty(), qPrintable(response.error));
        QCOMPARE(response.status, status);
        QCOMPARE(response.body, QStringLiteral("status %1\n").arg(status).toLatin1());
    }
    const HttpResponse missing = sendAndWait(*transport, get(m_server.url("/no/such/page")));
    QCOMPARE(missing.status, 404);
    QVERIFY(missing.error.isEmpty());
}

void HttpTransportTest::bodyWithoutLengthIsReadUntilClose()
{
    auto transport = transportFromData();
    const HttpResponse response = sendAndWait(*transport, get(m_server.url("/until-close")));
    QVERIFY2(response.error.isEmpty(), qPrintable(response.error));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body, QByteArray("read until close\n"));
    QCOMPARE(sendAndWait(*transport, get(m_server.url("/"))).body, QByteArray("hello\n"));
}

void HttpTransportTest::noContentAndHeadHaveNoBody()
{
    auto transport = transportFromData();
    const HttpResponse noContent = sendAndWait(*transport, get(m_server.url("/status/204")));
    QVERIFY2(noContent.error.isEmpty(), qPrintable(noContent.error));
    QCOMPARE(noContent.status, 204);
    QVERIFY(noContent.body.isEmpty());

    HttpRequest head = get(m_server.url("/json"));
    head.method = "HEAD";
    const HttpResponse headResponse = sendAndWait(*transport, head);
    QVERIFY2(headResponse.error.isEmpty(), qPrintable(headResponse.error));
    QCOMPARE(headResponse.status, 200);
    QVERIFY(headResponse.body.isEmpty());
    QVERIFY(headResponse.header("content-length").toInt() > 0);

    // Still in sync after bodiless responses.
    QCOMPARE(sendAndWait(*transport, get(m_server.url("/"))).body, QByteArray("hello\n"));
}

void HttpTransportTest::connectionRefusedIsReported()
{
    auto transport = transportFromData();
    const int port = testutil::freeLocalPort();
    QVERIFY(port > 0);
    const HttpResponse response =
        sendAndWait(*transport, get(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port))));
    QCOMPARE(response.error, QStringLiteral("Connection refused"));
    QCOMPARE(response.status, 0);
}

void HttpTransportTest::timeoutIsReported()
{
    auto transport = transportFromData();
    HttpRequest request = get(m_server.url("/slow?ms=3000"));
    request.timeoutMs = 300;
    QElapsedTimer elapsed;
    elapsed.start();
    const HttpResponse response = sendAndWait(*transport, request);
    QCOMPARE(response.error, QStringLiteral("Timed out after 300 ms"));
    QCOMPARE(response.status, 0);
    QVERIFY2(elapsed.elapsed() < 2500, qPrintable(QString::number(elapsed.elapsed())));

    // The transport recovers on a new connection.
    const HttpResponse after = sendAndWait(*transport, get(m_server.url("/")));
    QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
    QCOMPARE(after.body, QByteArray("hello\n"));
}

void HttpTransportTest::callbackRunsOnceAndNeverInsideSend()
{
    auto transport = transportFromData();
    const int refusedPort = testutil::freeLocalPort();
    const QList<QUrl> urls = {m_server.url("/"), QUrl(QStringLiteral("not a url")),
                              QUrl(QStringLiteral("ftp://127.0.0.1/")),
                              QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(refusedPort))};
    for (const QUrl &url : urls) {
        int calls = 0;
        bool returned = false;
        bool calledInsideSend = false;
        transport->send(get(url), [&](const HttpResponse &) {
            ++calls;
            calledInsideSend = calledInsideSend || !returned;
        });
        returned = true;
        QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 10000);
        QTest::qWait(50); // a second call would show up here
        QCOMPARE(calls, 1);
        QVERIFY2(!calledInsideSend, qPrintable(url.toString()));
    }
}

void HttpTransportTest::destroyedTransportNeverCallsBack()
{
    auto transport = transportFromData();
    auto called = std::make_shared<bool>(false);
    transport->send(get(m_server.url("/slow?ms=200")),
                    [called](const HttpResponse &) { *called = true; });
    transport.reset();
    QTest::qWait(500);
    QVERIFY(!*called);

    // Also when the response is already queued (an invalid URL fails inside send()).
    transport = transportFromData();
    transport->send(get(QUrl(QStringLiteral("bogus"))),
                    [called](const HttpResponse &) { *called = true; });
    transport.reset();
    QTest::qWait(100);
    QVERIFY(!*called);
}

void HttpTransportTest::transportMayBeDeletedInsideCallback()
{
    QPointer<HttpTransport> transport = transportFromData().release();
    int status = 0;
    transport->send(get(m_server.url("/")), [&](const HttpResponse &response) {
        status = response.status;
        delete transport.data();
    });
    QTRY_VERIFY_WITH_TIMEOUT(transport.isNull(), 10000);
    QCOMPARE(status, 200);
    QTest::qWait(100); // nothing may touch the deleted transport afterwards
}

void HttpTransportTest::bothTransportsAgree()
{
    struct Step
    {
        int status = 0;
        QByteArray body;
        QString error;
        QUrl finalUrl;
        int redirects = 0;
    };
    auto runScenario = [this](HttpTransport &transport) {
        std::vector<Step> steps;
        auto record = [&](const HttpRequest &request) {
            const HttpResponse r = sendAndWait(transport, request);
            steps.push_back({r.status, r.body, r.error, r.finalUrl, r.redirects});
        };
        record(get(m_server.url("/set-cookie?user=alice&cart=3")));
        record(get(m_server.url("/cookies")));
        record(get(m_server.url("/redirect?n=2")));
        HttpRequest echo;
        echo.method = "POST";
        echo.url = m_server.url("/echo");
        echo.headers = {{"Content-Type", "application/json"}};
        echo.body = R"({"hello": "world"})";
        record(echo);
        record(get(m_server.url("/chunked")));
        record(get(m_server.url("/status/418")));
        record(get(m_server.url("/status/404")));
        HttpRequest limited = get(m_server.url("/redirect?n=5"));
        limited.maxRedirects = 2;
        record(limited);
        return steps;
    };

    RawHttpTransport raw;
    auto qt = std::unique_ptr<HttpTransport>(HttpTransport::create(HttpTransport::Kind::Qt));
    const std::vector<Step> rawSteps = runScenario(raw);
    const std::vector<Step> qtSteps = runScenario(*qt);
    QCOMPARE(rawSteps.size(), qtSteps.size());
    for (size_t i = 0; i < rawSteps.size(); ++i) {
        const QByteArray where = "step " + QByteArray::number(qsizetype(i));
        QVERIFY2(rawSteps[i].status == qtSteps[i].status, where.constData());
        QVERIFY2(rawSteps[i].body == qtSteps[i].body, where.constData());
        QVERIFY2(rawSteps[i].error == qtSteps[i].error,
                 qPrintable(where + ": " + rawSteps[i].error.toUtf8() + " vs " +
                            qtSteps[i].error.toUtf8()));
        QVERIFY2(rawSteps[i].finalUrl == qtSteps[i].finalUrl, where.constData());
        QVERIFY2(rawSteps[i].redirects == qtSteps[i].redirects, where.constData());
    }
    QCOMPARE(rawSteps[1].status, 200);
    QCOMPARE(rawSteps[2].redirects, 3);
    QCOMPARE(rawSteps[6].status, 404);
    QCOMPARE(rawSteps[7].error, QStringLiteral("too many redirects (2)"));
    QCOMPARE(cookieStrings(raw, m_server.url("/")), cookieStrings(*qt, m_server.url("/")));
    QCOMPARE(cookieStrings(raw, m_server.url("/")), QStringList({"cart=3", "user=alice"}));
}

void HttpTransportTest::httpsVerifiesCertificatesByDefault()
{
    if (!m_tlsSkipReason.isEmpty())
        QSKIP(qPrintable(m_tlsSkipReason));
    auto transport = transportFromData();
    const HttpResponse verified = sendAndWait(*transport, get(m_tlsServer.url("/")));
    QVERIFY2(verified.error.startsWith(QLatin1String("TLS error: ")), qPrintable(verified.error));
    QCOMPARE(verified.status, 0);

    HttpRequest unverified = get(m_tlsServer.url("/"));
    unverified.verifyTls = false;
    const HttpResponse response = sendAndWait(*transport, unverified);
    QVERIFY2(response.error.isEmpty(), qPrintable(response.error));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body, QByteArray("hello\n"));
    unverified.url = m_tlsServer.url("/json");
    QCOMPARE(sendAndWait(*transport, unverified).status, 200); // same (kept-alive) connection
}

void HttpTransportTest::rawConnectionCloseOpensNewConnection()
{
    RawHttpTransport transport;
    const HttpResponse bye = sendAndWait(transport, get(m_server.url("/close")));
    QCOMPARE(bye.status, 200);
    QCOMPARE(bye.body, QByteArray("bye\n"));
    const HttpResponse hello = sendAndWait(transport, get(m_server.url("/")));
    QVERIFY2(hello.error.isEmpty(), qPrintable(hello.error));
    QCOMPARE(hello.body, QByteArray("hello\n"));
    QCOMPARE(transport.connectionsOpened(), 2);
}

void HttpTransportTest::rawServerDroppedConnectionIsReplaced()
{
    // The server closes without "Connection: close" (like a keep-alive idle timeout). Whether
    // the close is seen before the next request or only when it fails, that request succeeds.
    constexpr int kRounds = 5;
    RawHttpTransport transport;
    for (int i = 0; i < kRounds; ++i) {
        bool done = false;
        HttpResponse next;
        transport.send(get(m_server.url("/drop")), [&](const HttpResponse &dropped) {
            QCOMPARE(dropped.status, 200);
            // Send at once, before the event loop can notice the close.
            transport.send(get(m_server.url("/")), [&](const HttpResponse &response) {
                next = response;
                done = true;
            });
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QVERIFY2(next.error.isEmpty(), qPrintable(next.error));
        QCOMPARE(next.body, QByteArray("hello\n"));
        // /drop went out on the connection of the previous "/", then one new connection.
        QCOMPARE(transport.connectionsOpened(), i + 2);
    }
    qInfo("retried on a fresh connection: %d of %d", transport.retries(), kRounds);
}

void HttpTransportTest::rawKeepAliveUsesOneConnection()
{
    RawHttpTransport transport;
    const HttpResponse before = sendAndWait(transport, get(m_server.url("/conns")));
    QCOMPARE(before.status, 200);
    for (int i = 0; i < kKeepAliveRequests; ++i) {
        const HttpResponse response = sendAndWait(transport, get(m_server.url("/")));
        QVERIFY2(response.error.isEmpty(), qPrintable(response.error));
        QCOMPARE(response.status, 200);
    }
    const HttpResponse after = sendAndWait(transport, get(m_server.url("/conns")));
    QCOMPARE(jsonOf(after).value("accepted").toInt(), jsonOf(before).value("accepted").toInt());
    QCOMPARE(transport.connectionsOpened(), 1);
}

void HttpTransportTest::rawMalformedResponseIsReported()
{
    RawHttpTransport transport;
    const HttpResponse response = sendAndWait(transport, get(m_server.url("/malformed")));
    QVERIFY2(response.error.startsWith(QLatin1String("Malformed HTTP response: ")),
             qPrintable(response.error));
    QCOMPARE(response.status, 0);
    QCOMPARE(sendAndWait(transport, get(m_server.url("/"))).body, QByteArray("hello\n"));
}

void HttpTransportTest::rawFiftyRequestsAreInFlightAtOnce()
{
    QElapsedTimer budget;
    budget.start();
    RawHttpTransport monitor;
    QCOMPARE(sendAndWait(monitor, get(m_server.url("/reset-inflight"))).status, 200);

    std::vector<std::unique_ptr<RawHttpTransport>> users;
    int completed = 0;
    int succeeded = 0;
    for (int i = 0; i < kConcurrentUsers; ++i) {
        users.push_back(std::make_unique<RawHttpTransport>());
        users.back()->send(get(m_server.url(QStringLiteral("/slow?ms=%1").arg(kSlowMs))),
                           [&](const HttpResponse &response) {
                               ++completed;
                               if (response.status == 200 && response.body == "slow\n")
                                   ++succeeded;
                           });
    }

    // While they are pending, watch the server's count of concurrent /slow requests.
    int currentSeen = 0;
    while (completed == 0 && currentSeen < kConcurrentUsers &&
           budget.elapsed() < kConcurrencyBudgetMs) {
        const HttpResponse inflight = sendAndWait(monitor, get(m_server.url("/inflight")));
        QCOMPARE(inflight.status, 200);
        currentSeen = qMax(currentSeen, jsonOf(inflight).value("current").toInt());
        QTest::qWait(kInflightPollIntervalMs);
    }
    QVERIFY2(currentSeen >= kConcurrentUsers, qPrintable(QString::number(currentSeen)));
    const HttpResponse inflight = sendAndWait(monitor, get(m_server.url("/inflight")));
    QVERIFY(jsonOf(inflight).value("max").toInt() >= kConcurrentUsers);

    QTRY_COMPARE_WITH_TIMEOUT(completed, kConcurrentUsers,
                              int(qMax<qint64>(1, kConcurrencyBudgetMs - budget.elapsed())));
    QCOMPARE(succeeded, kConcurrentUsers);
    // All at once and not one after another: well under two /slow durations.
    QVERIFY2(budget.elapsed() < 2 * kSlowMs + 1000, qPrintable(QString::number(budget.elapsed())));
}

QTEST_GUILESS_MAIN(HttpTransportTest)
// The raw transport leaves its timeout timer running between requests (no timer per request):
// a later request with a shorter timeout must still time out on its own deadline, not on the
// earlier request's.
void HttpTransportTest::rawShorterTimeoutAfterALongerOneStillFires()
{
    RawHttpTransport transport;
    HttpRequest first = get(m_server.url("/"));
    first.timeoutMs = 60000;
    QCOMPARE(sendAndWait(transport, first).status, 200);
    HttpRequest slow = get(m_server.url("/slow?ms=3000"));
    slow.timeoutMs = 300;
    const HttpResponse response = sendAndWait(transport, slow);
    QCOMPARE(response.error, QStringLiteral("Timed out after 300 ms"));
}

// The timer armed for the first request fires while the second is in flight, before the second
// one's deadline: it must re-arm for what is left, not fail the second request early.
void HttpTransportTest::rawTimeoutCountsFromEachRequestsOwnSend()
{
    constexpr int kTimeoutMs = 1000;
    constexpr int kIdleMs = 600;
    constexpr int kSlowReplyMs = 700;
    RawHttpTransport transport;
    HttpRequest first = get(m_server.url("/"));
    first.timeoutMs = kTimeoutMs;
    QCOMPARE(sendAndWait(transport, first).status, 200);
    QTest::qWait(kIdleMs); // the first timer fires ~400 ms into the second request
    HttpRequest second = get(m_server.url(QStringLiteral("/slow?ms=%1").arg(kSlowReplyMs)));
    second.timeoutMs = kTimeoutMs;
    const HttpResponse response = sendAndWait(transport, second);
    QVERIFY2(response.error.isEmpty(), qPrintable(response.error));
    QCOMPARE(response.body, QByteArray("slow\n"));
}

// The Cookie header is cached per URL while the jar does not change: a cookie added directly to
// the jar (as a profile's cookies are) between two requests to the same URL must be sent.
void HttpTransportTest::rawCookieChangesReachTheNextRequest()
{
    RawHttpTransport transport;
    const QUrl url = m_server.url("/cookies");
    QCOMPARE(jsonOf(sendAndWait(transport, get(url))).size(), 0);
    QNetworkCookie cookie("added", "later");
    cookie.setDomain(url.host());
    cookie.setPath(QStringLiteral("/"));
    QVERIFY(transport.cookieJar()->insertCookie(cookie));
    QCOMPARE(jsonOf(sendAndWait(transport, get(url))).value("added").toString(),
             QStringLiteral("later"));
    QVERIFY(transport.cookieJar()->deleteCookie(cookie));
    QCOMPARE(jsonOf(sendAndWait(transport, get(url))).size(), 0);
}

void HttpTransportTest::rawExpiredCookieIsNoLongerSent()
{
    constexpr qint64 kLifetimeMs = 1500;
    RawHttpTransport transport;
    const QUrl url = m_server.url("/cookies");
    QNetworkCookie cookie("brief", "yes");
    cookie.setDomain(url.host());
    cookie.setPath(QStringLiteral("/"));
    const QDateTime expiry = QDateTime::currentDateTimeUtc().addMSecs(kLifetimeMs);
    cookie.setExpirationDate(expiry);
    QVERIFY(transport.cookieJar()->insertCookie(cookie));
    QCOMPARE(jsonOf(sendAndWait(transport, get(url))).value("brief").toString(),
             QStringLiteral("yes"));
    while (QDateTime::currentDateTimeUtc() <= expiry.addMSecs(100))
        QTest::qWait(100);
    QCOMPARE(jsonOf(sendAndWait(transport, get(url))).size(), 0);
}

// HttpRequest::wantHeaders false (an http step without captures or checks): the headers are not
// copied into the response, but the transport still stores cookies and follows redirects. The
// peer writes each whole response in one piece, so the client's fast parser takes it (the Python
// server writes headers and body separately, which http-parser handles).
void HttpTransportTest::rawWithoutHeadersStillStoresCookiesAndRedirects()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    std::vector<std::unique_ptr<QTcpSocket>> peers;
    connect(&server, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *peer = server.nextPendingConnection()) {
            peers.emplace_back(peer);
            connect(peer, &QTcpSocket::readyRead, peer, [peer] {
                const QByteArray request = peer->readAll();
                if (request.startsWith("GET /start "))
                    peer->write("HTTP/1.1 302 Found\r\nSet-Cookie: fast=1; Path=/\r\n"
                                "Location: /end\r\nContent-Length: 0\r\n\r\n");
                else
                    peer->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                "Content-Length: 3\r\n\r\nend");
            });
        }
    });
    const QUrl start(QStringLiteral("http://127.0.0.1:%1/start").arg(server.serverPort()));

    RawHttpTransport transport;
    HttpRequest lean = get(start);
    lean.wantHeaders = false;
    const HttpResponse followed = sendAndWait(transport, lean);
    QVERIFY2(followed.error.isEmpty(), qPrintable(followed.error));
    QCOMPARE(followed.status, 200);
    QCOMPARE(followed.redirects, 1);
    QCOMPARE(followed.body, QByteArray("end"));
    QVERIFY(followed.headers.isEmpty());
    QCOMPARE(cookieStrings(transport, start), QStringList({"fast=1"}));

    // With headers (the default) the same response carries them.
    const HttpResponse full = sendAndWait(transport, get(start));
    QCOMPARE(full.header("content-type"), QByteArray("text/plain"));
}

#include "httptransporttest.moc"
