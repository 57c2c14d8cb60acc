#include "../../common/demoprocess.h"
#include "../../common/rawwebsocket.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace cicada;

namespace {

constexpr int kTimeoutMs = 10000;

QJsonObject json(const std::optional<test::RawWebSocket::Frame> &frame)
{
    return frame ? QJsonDocument::fromJson(frame->payload).object() : QJsonObject();
}

} // namespace

/** `cicada-cli serve-demo`'s broker options reach the demo server (a child process). */
class ServeDemoOptionsTest : public QObject
{
    Q_OBJECT

private slots:
    void brokerOptionsApply();
    void gapEveryOneIsRefused();
    void acceptThenCloseAndMaxMessageApply();
};

void ServeDemoOptionsTest::acceptThenCloseAndMaxMessageApply()
{
    test::DemoProcess closing({QStringLiteral("--ws-accept-then-close")});
    QVERIFY(closing.port() != 0);
    test::RawWebSocket socket;
    QCOMPARE(socket.open(closing.port(), {"Cookie: sessionid=demo-session"}, "/broker", kTimeoutMs),
             101);
    const std::optional<test::RawWebSocket::Frame> closeFrame = socket.readFrame(kTimeoutMs);
    QVERIFY(closeFrame);
    QCOMPARE(closeFrame->closeCode(), 1000);

    test::DemoProcess limited({QStringLiteral("--ws-max-message"), QStringLiteral("10")});
    QVERIFY(limited.port() != 0);
    test::RawWebSocket small;
    QCOMPARE(small.open(limited.port(), {"Cookie: sessionid=demo-session"}, "/broker", kTimeoutMs),
             101);
    small.sendText(R"({"id":12345678})");
    const std::optional<test::RawWebSocket::Frame> tooBig = small.readFrame(kTimeoutMs);
    QVERIFY(tooBig);
    QCOMPARE(tooBig->closeCode(), 1009);
}

void ServeDemoOptionsTest::brokerOptionsApply()
{
    test::DemoProcess demo({QStringLiteral("--ws-login-required"), QStringLiteral("--gap-every"),
                            QStringLiteral("2"), QStringLiteral("--ts-iso"),
                            QStringLiteral("--subprotocols"), QStringLiteral("a.v1,b.v2"),
                            QStringLiteral("--push-interval"), QStringLiteral("0")});
    QVERIFY(demo.port() != 0);
    test::RawWebSocket socket;
    QCOMPARE(socket.open(demo.port(),
                         {"Cookie: sessionid=demo-session", "Sec-WebSocket-Protocol: x, b.v2"},
                         "/broker", kTimeoutMs),
             101);
    QVERIFY2(socket.responseHead().toLower().contains("sec-websocket-protocol: b.v2"),
             socket.responseHead().constData());

    socket.sendText(R"({"id":1})");
    QCOMPARE(json(socket.readFrame(kTimeoutMs)).value(QLatin1String("error")).toString(),
             QStringLiteral("not logged in"));
    socket.sendText(R"({"id":2,"op":"login","user":"cli"})");
    QCOMPARE(json(socket.readFrame(kTimeoutMs)).value(QLatin1String("token")).toString(),
             QStringLiteral("tok-cli-1"));
    socket.sendText(R"({"id":3,"op":"subscribe","interval_ms":5,"count":2})");
    QCOMPARE(json(socket.readFrame(kTimeoutMs)).value(QLatin1String("type")).toString(),
             QStringLiteral("subscribed"));
    const QJsonObject first = json(socket.readFrame(kTimeoutMs));
    const QJsonObject second = json(socket.readFrame(kTimeoutMs));
    QCOMPARE(first.value(QLatin1String("seq")).toInteger(), qint64(1));
    QCOMPARE(second.value(QLatin1String("seq")).toInteger(), qint64(3)); // --gap-every 2
    QVERIFY(first.value(QLatin1String("ts")).toString().endsWith(u'Z')); // --ts-iso
}

void ServeDemoOptionsTest::gapEveryOneIsRefused()
{
    QProcess process;
    process.start(test::cicadaCli(),
                  {QStringLiteral("serve-demo"), QStringLiteral("--port"), QStringLiteral("0"),
                   QStringLiteral("--gap-every"), QStringLiteral("1")});
    QVERIFY(process.waitForFinished(kTimeoutMs));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardError().contains("--gap-every"));
}

QTEST_GUILESS_MAIN(ServeDemoOptionsTest)
#include "servedemooptionstest.moc"
