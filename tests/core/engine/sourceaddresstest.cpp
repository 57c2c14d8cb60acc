// target.sourceAddresses through the whole engine: users bind their local address round-robin,
// seen from the server's side (the peer address of each connection), for the lean WebSocket
// client against a Python websockets server and for the raw HTTP client against a QTcpServer.

#include "../../common/pythonserver.h"
#include "runnerkit.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

using namespace cicada;
using namespace cicada::test;

namespace {

QString holdProfile(const QUrl &broker, const QString &sourceAddresses, const QString &transport)
{
    return QStringLiteral(R"({"schema": 2, "name": "sources",
        "target": {"brokerUrl": "%1", "wsTransport": "%2", "sourceAddresses": %3},
        "userTypes": [{"name": "Holder", "wait": {"constant": "0s"},
            "onStart": [{"wsConnect": {"name": "hold"}}],
            "tasks": [{"name": "idle", "steps": [{"think": "60s"}]}]}]})")
        .arg(broker.toString(), transport, sourceAddresses);
}

/** GET / in a loop against 127.0.0.1:@p port, binding @p sourceAddresses (JSON), @p wait apart. */
QString httpProfile(quint16 port, const QString &sourceAddresses, const QString &wait)
{
    // The URL stays out of the raw string: Qt 6.4's moc misreads "//" inside one and then
    // skips the test class.
    return QStringLiteral(R"({"schema": 2, "name": "http sources",
        "target": {"baseUrl": "%1", "sourceAddresses": %2},
        "userTypes": [{"name": "U", "wait": {"constant": "%3"},
            "tasks": [{"name": "t", "steps": [{"http": {"path": "/"}}]}]}]})")
        .arg(QStringLiteral("http://127.0.0.1:%1").arg(port), sourceAddresses, wait);
}

/** Asks ws_peers.py how many connections came from each address (this query's included). */
QJsonObject peersOf(const QUrl &url)
{
    QWebSocket client;
    QJsonObject peers;
    QObject::connect(&client, &QWebSocket::connected, &client,
                     [&client] { client.sendTextMessage(QStringLiteral("peers?")); });
    QObject::connect(&client, &QWebSocket::textMessageReceived, &client,
                     [&peers](const QString &text) {
                         peers = QJsonDocument::fromJson(text.toUtf8())
                                     .object()
                                     .value(QLatin1String("peers"))
                                     .toObject();
                     });
    client.open(url);
    QDeadlineTimer deadline(10000);
    while (peers.isEmpty() && !deadline.hasExpired())
        QTest::qWait(20);
    return peers;
}

} // namespace

class SourceAddressTest : public QObject
{
    Q_OBJECT

private slots:
    void leanWebSocketUsersBindTheirAddressesRoundRobin()
    {
        PythonServer server(QStringLiteral("ws_peers.py"));
        QVERIFY(server.isRunning());
        auto profile = compileJson(holdProfile(
            server.wsUrl(), QStringLiteral(R"("127.0.0.1-127.0.0.2")"), QStringLiteral("lean")));
        QVERIFY(profile);
        QCOMPARE(profile->sourceAddresses.size(), 2);
        RunnerOptions options;
        options.threads = 2;
        Runner runner(profile, options);
        QVERIFY(runFor(&runner, 4, 1500, 100));
        QCOMPARE(requests(runner, QStringLiteral("WS connect"), QStringLiteral("hold")), 4);
        QVERIFY2(failures(runner, QStringLiteral("WS connect"), QStringLiteral("hold")) == 0,
                 qPrintable(errorsText(runner)));

        const QJsonObject peers = peersOf(server.wsUrl());
        // Users 0 and 2 bind 127.0.0.1, 1 and 3 127.0.0.2; the query itself came from 127.0.0.1.
        QCOMPARE(peers.value(QLatin1String("127.0.0.2")).toInt(), 2);
        QCOMPARE(peers.value(QLatin1String("127.0.0.1")).toInt(), 3);
        QCOMPARE(peers.size(), 2);
    }

    void rawHttpUsersBindTheirAddresses()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QStringList peers;
        QList<QTcpSocket *> sockets;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket *s = server.nextPendingConnection()) {
                peers.append(s->peerAddress().toString());
                sockets.append(s);
                connect(s, &QTcpSocket::readyRead, s, [s] {
                    if (s->readAll().contains("\r\n\r\n"))
                        s->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                });
            }
        });
        auto profile = compileJson(httpProfile(server.serverPort(),
                                               QStringLiteral(R"(["127.0.0.3", "127.0.0.4"])"),
                                               QStringLiteral("60s")));
        QVERIFY(profile);
        RunnerOptions options;
        options.threads = 1;
        Runner runner(profile, options);
        QVERIFY(runFor(&runner, 2, 1000, 100));
        QCOMPARE(runner.stats().total().numRequests(), 2);
        QVERIFY2(runner.stats().total().numFailures() == 0, qPrintable(errorsText(runner)));
        peers.sort();
        QCOMPARE(peers, (QStringList{QStringLiteral("127.0.0.3"), QStringLiteral("127.0.0.4")}));
        qDeleteAll(sockets);
    }

    void unbindableAddressIsAFailedConnectWithTheAddress()
    {
        // 192.0.2.1 (TEST-NET-1) is not an address of this machine: bind() fails with
        // EADDRNOTAVAIL before any packet leaves, and the error names the address.
        PythonServer server(QStringLiteral("ws_peers.py"));
        QVERIFY(server.isRunning());
        auto profile = compileJson(holdProfile(server.wsUrl(), QStringLiteral(R"(["192.0.2.1"])"),
                                               QStringLiteral("lean")));
        QVERIFY(profile);
        RunnerOptions options;
        options.threads = 1;
        Runner runner(profile, options);
        QVERIFY(runFor(&runner, 1, 500, 100));
        QVERIFY2(errorCount(runner, QStringLiteral("WS connect"),
                            QStringLiteral("Cannot bind to the source address 192.0.2.1")) >= 1,
                 qPrintable(errorsText(runner)));
    }

    void unbindableAddressFailsEachHttpRequestOnce()
    {
        // The raw HTTP client: one failure per request (a failed bind also reports a socket
        // error; the request must not be answered twice), named by the address.
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        auto profile = compileJson(httpProfile(
            server.serverPort(), QStringLiteral(R"("192.0.2.1")"), QStringLiteral("100ms")));
        QVERIFY(profile);
        RunnerOptions options;
        options.threads = 1;
        Runner runner(profile, options);
        QVERIFY(runFor(&runner, 1, 1000, 100));
        const qint64 requests = runner.stats().total().numRequests();
        QVERIFY(requests >= 3);
        QCOMPARE(runner.stats().total().numFailures(), requests);
        QCOMPARE(errorCount(runner, QStringLiteral("GET"),
                            QStringLiteral("Cannot bind to the source address 192.0.2.1")),
                 requests);
    }
};

QTEST_MAIN(SourceAddressTest)
#include "sourceaddresstest.moc"
