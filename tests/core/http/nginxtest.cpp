// The raw transport against a server Cicada did not write: Debian's nginx on 127.0.0.1.

#include "http/httptransport.h"
#include "http/rawhttptransport.h"
#include "httptestutil.h"
#include "nginxserver.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using namespace cicada;
using testutil::get;
using testutil::sendAndWait;

namespace {

constexpr int kKeepAliveRequests = 1000;
constexpr int kKeepAliveBudgetMs = 20000;

} // namespace

class NginxTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void getAndEchoWork_data();
    void getAndEchoWork();
    void thousandKeepAliveGetsUseOneConnection();

private:
    NginxServer m_nginx;
};

void NginxTest::initTestCase()
{
    if (!NginxServer::isAvailable())
        QSKIP("nginx is not installed at /usr/sbin/nginx (Debian package nginx-light)");
    QString error;
    QVERIFY2(m_nginx.start(&error), qPrintable(error));
}

void NginxTest::cleanupTestCase()
{
    m_nginx.stop();
}

void NginxTest::getAndEchoWork_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("raw") << QStringLiteral("raw");
    QTest::newRow("qt") << QStringLiteral("qt");
}

void NginxTest::getAndEchoWork()
{
    QFETCH(QString, kind);
    HttpTransport::Kind parsed{};
    QVERIFY(HttpTransport::parseKind(kind, &parsed));
    std::unique_ptr<HttpTransport> transport(HttpTransport::create(parsed));

    const HttpResponse hello = sendAndWait(*transport, get(m_nginx.url("/")));
    QVERIFY2(hello.error.isEmpty(), qPrintable(hello.error));
    QCOMPARE(hello.status, 200);
    QCOMPARE(hello.body, QByteArray("hello\n"));
    QVERIFY(hello.header("server").startsWith("nginx"));

    const HttpResponse echo = sendAndWait(*transport, get(m_nginx.url("/echo")));
    QCOMPARE(echo.status, 200);
    QCOMPARE(echo.header("content-type"), QByteArray("application/json"));
    QVERIFY(QJsonDocument::fromJson(echo.body).object().value("ok").toBool());
}

void NginxTest::thousandKeepAliveGetsUseOneConnection()
{
    RawHttpTransport transport;
    const HttpRequest request = get(m_nginx.url("/"));
    int completed = 0;
    int ok = 0;
    QString firstError;
    QEventLoop loop; // not QTRY_*: QTest::qWait() sleeps 10 ms between event-loop passes
    // Each request is sent from the previous one's callback, as a virtual user would.
    std::function<void(const HttpResponse &)> onDone = [&](const HttpResponse &response) {
        ++completed;
        if (response.status == 200 && response.body == "hello\n")
            ++ok;
        else if (firstError.isEmpty())
            firstError =
                response.error.isEmpty() ? QString::number(response.status) : response.error;
        if (completed < kKeepAliveRequests)
            transport.send(request, onDone);
        else
            loop.quit();
    };
    transport.send(request, onDone);
    QTimer::singleShot(kKeepAliveBudgetMs, &loop, &QEventLoop::quit);
    loop.exec();
    QCOMPARE(completed, kKeepAliveRequests);
    QVERIFY2(firstError.isEmpty(), qPrintable(firstError));
    QCOMPARE(ok, kKeepAliveRequests);
    QCOMPARE(transport.connectionsOpened(), 1);
}

QTEST_GUILESS_MAIN(NginxTest)
#include "nginxtest.moc"
