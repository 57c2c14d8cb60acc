// The WebSocket session and its executors against a local QWebSocketServer: one user, no Runner.
// Assertions are on events and relative timings, never on wall-clock upper bounds.
#include "engine/wssession.h"

#include "engine/conditioncheck.h"

#include "enginetestkit.h"
#include "localwsserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimer>

using namespace cicada;
using namespace cicada::test;

namespace {

QJsonObject parse(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QString json(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

/** Replies {"id": same, "type": "reply"} to every message with an id. */
void echoIds(QWebSocket *socket, const QString &text)
{
    const QJsonObject m = parse(text);
    if (m.contains(QLatin1String("id")))
        socket->sendTextMessage(json({{QStringLiteral("id"), m.value(QLatin1String("id"))},
                                      {QStringLiteral("type"), QStringLiteral("reply")}}));
}

} // namespace

class WsSessionTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sixteenSendsInFlightEachMatchedToItsReply();
    void lateReplyIsAMessageNotAPush();
    void multiReplyReportsFirstAndLast();
    void wsAwaitTakesTheMatchingPushOnly();
    void capturesFeedLaterMessagesAndChecksNameThemselves();
    void binaryFramesAreSentAndAwaited();
    void droppedTcpReports1006AndReconnectRunsOnConnect();
    void stepAfterAnAwaitFailedByADropWaitsForTheReconnect();
    void closeFrameReportsItsCode();
    void acceptThenCloseIsRetriedWithGrowingBackoff();
    void subprotocolChosenOrConnectFails();
    void oversizedMessageDropsTheConnection();
    void clientPingsReportRoundTrips();
    void pushesReportAgeAndSequenceGaps();
};

void WsSessionTest::sixteenSendsInFlightEachMatchedToItsReply()
{
    LocalWsServer server;
    // Holds the messages until 16 are outstanding, then answers them newest first: only a
    // client with 16 sends in flight that matches by id gets through.
    QList<QPair<QWebSocket *, QString>> held;
    int maxHeld = 0;
    server.onText = [&](QWebSocket *socket, const QString &text) {
        held.append({socket, text});
        maxHeld = std::max(maxHeld, int(held.size()));
        if (held.size() == 16) {
            while (!held.isEmpty()) {
                const auto [s, t] = held.takeLast();
                echoIds(s, t);
            }
        }
    };
    EngineKit kit;
    CompiledWsSend send = wsSend(QStringLiteral("p"), QStringLiteral(R"({"id":"{{user.seq}}"})"));
    send.inFlight = 16;
    QVERIFY(kit.run({{wsConnect(server.url())}}));
    const CompiledSteps sends{{send}}; // one step object: inFlight counts per step
    QVERIFY(kit.run(sends, 64));
    QTRY_COMPARE(kit.count(QStringLiteral("WS send"), QStringLiteral("p")), 64);
    QCOMPARE(kit.failures(QStringLiteral("WS send")), 0);
    QCOMPARE(maxHeld, 16);
    QCOMPARE(kit.count(QStringLiteral("WS recv")), 0);
    QCOMPARE(kit.context->ws().pendingCount(&std::get<CompiledWsSend>(sends[0].spec)), 0);
}

void WsSessionTest::lateReplyIsAMessageNotAPush()
{
    LocalWsServer server;
    server.onText = [&](QWebSocket *socket, const QString &text) {
        QTimer::singleShot(300, socket, [socket, text] { echoIds(socket, text); });
    };
    EngineKit kit;
    CompiledWsSend send = wsSend(QStringLiteral("slow"), QStringLiteral(R"({"id":1})"));
    send.timeoutMs = 100;
    QVERIFY(kit.run({{wsConnect(server.url())}, {send}}));
    const QList<RequestOutcome> sends = kit.rows(QStringLiteral("WS send"));
    QCOMPARE(sends.size(), 1);
    QCOMPARE(sends.first().error, QStringLiteral("No reply matching /id within 100 ms"));
    QVERIFY(sends.first().responseTimeUs >= 100000);
    QTRY_COMPARE(kit.count(QStringLiteral("WS late")), 1);
    const RequestOutcome late = kit.rows(QStringLiteral("WS late")).first();
    QCOMPARE(late.kind, RequestOutcome::Kind::Message);
    QVERIFY(late.hasTime);
    QVERIFY(late.responseTimeUs > sends.first().responseTimeUs);
    QCOMPARE(kit.count(QStringLiteral("WS recv")), 0);
}

void WsSessionTest::multiReplyReportsFirstAndLast()
{
    LocalWsServer server;
    server.onText = [&](QWebSocket *socket, const QString &text) {
        const QJsonValue id = parse(text).value(QLatin1String("id"));
        for (int i = 1; i <= 3; ++i)
            QTimer::singleShot(40 * i, socket, [socket, id, i] {
                socket->sendTextMessage(json({{QStringLiteral("id"), id},
                                              {QStringLiteral("part"), i},
                                              {QStringLiteral("last"), i == 3}}));
            });
    };
    EngineKit kit;
    CompiledWsSend byCount = wsSend(QStringLiteral("n"), QStringLiteral(R"({"id":"a"})"));
    byCount.replies = 3;
    CompiledWsSend byUntil = wsSend(QStringLiteral("u"), QStringLiteral(R"({"id":"b"})"));
    byUntil.until = {Condition{QStringLiteral("/last"), Condition::Op::Equals, QJsonValue(true)}};
    QVERIFY(kit.run({{wsConnect(server.url())}, {byCount}, {byUntil}}));
    for (const QString &name : {QStringLiteral("n"), QStringLiteral("u")}) {
        const QList<RequestOutcome> first = kit.rows(QStringLiteral("WS first"), name);
        const QList<RequestOutcome> last = kit.rows(QStringLiteral("WS send"), name);
        QCOMPARE(first.size(), 1);
        QCOMPARE(last.size(), 1);
        QVERIFY2(!first.first().failed() && !last.first().failed(), qPrintable(kit.text()));
        // Two 40-ms gaps separate the first part from the last.
        QVERIFY(last.first().responseTimeUs - first.first().responseTimeUs >= 70000);
    }
    QCOMPARE(kit.count(QStringLiteral("WS recv")), 0);
}

void WsSessionTest::wsAwaitTakesTheMatchingPushOnly()
{
    LocalWsServer server;
    server.onText = [&](QWebSocket *socket, const QString &text) {
        if (parse(text).value(QLatin1String("op")) != QLatin1String("subscribe"))
            return;
        socket->sendTextMessage(R"({"type":"news"})");
        QTimer::singleShot(80, socket,
                           [socket] { socket->sendTextMessage(R"({"type":"price","p":1})"); });
    };
    EngineKit kit;
    CompiledWsAwait await;
    await.name = QStringLiteral("first price");
    await.match = {Condition{QStringLiteral("/type"), Condition::Op::Equals,
                             QJsonValue(QStringLiteral("price"))}};
    await.timeoutMs = 5000;
    await.captures = {Capture{QStringLiteral("p"), Capture::Source::Json, QStringLiteral("/p")}};
    QVERIFY(kit.run({{wsConnect(server.url())},
                     {wsSend(QStringLiteral("sub"), QStringLiteral(R"({"op":"subscribe"})"),
                             WsSendStep::Await::None)},
                     {await}}));
    const QList<RequestOutcome> awaits = kit.rows(QStringLiteral("WS await"));
    QCOMPARE(awaits.size(), 1);
    QVERIFY2(!awaits.first().failed(), qPrintable(kit.text()));
    QVERIFY(awaits.first().responseTimeUs >= 70000); // timed from the start of the step
    QCOMPARE(kit.context->captures().value(QStringLiteral("p")), QStringLiteral("1"));
    // The news push is a push; the price message was taken by the await and is not one.
    QCOMPARE(kit.count(QStringLiteral("WS recv"), QStringLiteral("news")), 1);
    QCOMPARE(kit.count(QStringLiteral("WS recv"), QStringLiteral("price")), 0);
    QCOMPARE(kit.count(QStringLiteral("WS emit"), QStringLiteral("sub")), 1);

    // Nothing more comes: the await fails after its timeout with the condition in the message.
    await.timeoutMs = 100;
    QVERIFY(kit.run({{await}}));
    QCOMPARE(kit.rows(QStringLiteral("WS await")).last().error,
             QStringLiteral("No message matching %1 within 100 ms")
                 .arg(ConditionCheck::describe(await.match.first())));
}

void WsSessionTest::capturesFeedLaterMessagesAndChecksNameThemselves()
{
    LocalWsServer server;
    QStringList seen;
    server.onText = [&](QWebSocket *socket, const QString &text) {
        seen << text;
        const QJsonObject m = parse(text);
        socket->sendTextMessage(json({{QStringLiteral("id"), m.value(QLatin1String("id"))},
                                      {QStringLiteral("token"), QStringLiteral("t-42")},
                                      {QStringLiteral("status"), QStringLiteral("error")}}));
    };
    EngineKit kit;
    CompiledWsSend login = wsSend(QStringLiteral("login"), QStringLiteral(R"({"id":1})"));
    login.captures = {
        Capture{QStringLiteral("token"), Capture::Source::Json, QStringLiteral("/token")}};
    CompiledWsSend use =
        wsSend(QStringLiteral("use"), QStringLiteral(R"({"id":2,"auth":"{{capture.token}}"})"));
    use.checks = {Condition{QStringLiteral("/status"), Condition::Op::Equals,
                            QJsonValue(QStringLiteral("ok"))}};
    CompiledWsSend missing = wsSend(QStringLiteral("missing"), QStringLiteral(R"({"id":3})"));
    missing.captures = {
        Capture{QStringLiteral("room"), Capture::Source::Json, QStringLiteral("/room")}};
    QVERIFY(kit.run({{wsConnect(server.url())}, {login}, {use}, {missing}}));
    QCOMPARE(seen.value(1), QStringLiteral(R"({"id":2,"auth":"t-42"})"));
    QCOMPARE(kit.failures(QStringLiteral("WS send"), QStringLiteral("login")), 0);
    const RequestOutcome checked =
        kit.rows(QStringLiteral("WS send"), QStringLiteral("use")).first();
    QVERIFY2(checked.error.contains(QLatin1String("/status")), qPrintable(checked.error));
    const RequestOutcome captured =
        kit.rows(QStringLiteral("WS send"), QStringLiteral("missing")).first();
    QVERIFY2(captured.error.contains(QLatin1String("room")), qPrintable(captured.error));
    QVERIFY(!kit.context->captures().contains(QStringLiteral("room")));
}

void WsSessionTest::binaryFramesAreSentAndAwaited()
{
    LocalWsServer server; // echoes binary frames as binary
    EngineKit kit;
    CompiledWsSend send = wsSend(QStringLiteral("bin"), QString(), WsSendStep::Await::NextMessage);
    send.binary = true;
    send.binaryBody = QByteArray::fromHex("00ff10207f80");
    QVERIFY(kit.run({{wsConnect(server.url())}, {send}}));
    const QList<RequestOutcome> rows = kit.rows(QStringLiteral("WS send"), QStringLiteral("bin"));
    QCOMPARE(rows.size(), 1);
    QVERIFY2(!rows.first().failed(), qPrintable(kit.text()));
    QCOMPARE(rows.first().contentLength, 6);
}

void WsSessionTest::droppedTcpReports1006AndReconnectRunsOnConnect()
{
    LocalWsServer server;
    int hellos = 0;
    server.onText = [&](QWebSocket *socket, const QString &text) {
        if (text == QLatin1String("hello"))
            ++hellos;
        else if (parse(text).value(QLatin1String("id")).toString() != QLatin1String("never"))
            echoIds(socket, text);
    };
    EngineKit kit;
    CompiledSteps onConnect{
        {wsSend(QStringLiteral("hello"), QStringLiteral("hello"), WsSendStep::Await::None)}};
    CompiledWsSend pending = wsSend(QStringLiteral("pending"), QStringLiteral(R"({"id":"never"})"));
    pending.inFlight = 2; // the step completes; its await stays pending on the connection
    QVERIFY(kit.run({{wsConnect(server.url(), onConnect)}, {pending}}));
    QCOMPARE(hellos, 1);
    QTRY_COMPARE(server.openSockets().size(), 1);
    server.openSockets().first()->abort(); // no close frame
    QTRY_COMPARE(kit.count(QStringLiteral("WS reconnect")), 1);
    const QList<RequestOutcome> drops = kit.rows(QStringLiteral("WS disconnect"));
    QCOMPARE(drops.size(), 1);
    QCOMPARE(drops.first().error, QStringLiteral("Connection lost (code 1006)"));
    QCOMPARE(drops.first().kind, RequestOutcome::Kind::Message);
    QCOMPARE(kit.rows(QStringLiteral("WS send"), QStringLiteral("pending")).first().error,
             QStringLiteral("Connection closed before the reply arrived"));
    QCOMPARE(hellos, 2); // onConnect ran again
    QCOMPARE(kit.count(QStringLiteral("WS connect")), 2);
    QVERIFY(!kit.rows(QStringLiteral("WS reconnect")).first().failed());
    QCOMPARE(kit.context->ws().state(), WsSession::State::Ready);
}

void WsSessionTest::stepAfterAnAwaitFailedByADropWaitsForTheReconnect()
{
    LocalWsServer server;
    server.onText = [&](QWebSocket *socket, const QString &text) {
        if (parse(text).value(QLatin1String("id")) == QLatin1String("hold"))
            socket->abort(); // drops the connection while the send awaits its reply
        else
            echoIds(socket, text);
    };
    EngineKit kit;
    QVERIFY(kit.run({{wsConnect(server.url())},
                     {wsSend(QStringLiteral("hold"), QStringLiteral(R"({"id":"hold"})"))},
                     {wsSend(QStringLiteral("next"), QStringLiteral(R"({"id":"next"})"))}}));
    QCOMPARE(kit.rows(QStringLiteral("WS send"), QStringLiteral("hold")).first().error,
             QStringLiteral("Connection closed before the reply arrived"));
    // The next send ran on from that failure while the session was reconnecting: it waited.
    const QList<RequestOutcome> next = kit.rows(QStringLiteral("WS send"), QStringLiteral("next"));
    QCOMPARE(next.size(), 1);
    QVERIFY2(!next.first().failed(), qPrintable(kit.text()));
    QCOMPARE(kit.count(QStringLiteral("WS reconnect")), 1);
}

void WsSessionTest::closeFrameReportsItsCode()
{
    LocalWsServer server;
    EngineKit kit;
    QVERIFY(kit.run({{wsConnect(server.url())}}));
    QTRY_COMPARE(server.openSockets().size(), 1);
    server.openSockets().first()->close(QWebSocketProtocol::CloseCodeBadOperation,
                                        QStringLiteral("bye"));
    QTRY_COMPARE(kit.count(QStringLiteral("WS disconnect")), 1);
    QCOMPARE(kit.rows(QStringLiteral("WS disconnect")).first().error,
             QStringLiteral("Connection closed by server (code 1011, bye)"));
    QTRY_COMPARE(kit.count(QStringLiteral("WS reconnect")), 1);
}

void WsSessionTest::acceptThenCloseIsRetriedWithGrowingBackoff()
{
    LocalWsServer server;
    server.onConnection = [](QWebSocket *socket) {
        QTimer::singleShot(0, socket, [socket] { socket->close(); });
    };
    EngineKit kit;
    QVERIFY(kit.run({{wsConnect(server.url())}}));
    QTRY_VERIFY_WITH_TIMEOUT(server.connectTimesMs.size() >= 5, 20000);
    const QList<qint64> t = server.connectTimesMs;
    // Each attempt succeeds at the handshake, so a backoff that reset on every handshake would
    // keep the gaps equal; the real one waits at least 1000 ms before the 4th retry and at most
    // 250 ms before the 1st.
    const qint64 firstGap = t[1] - t[0];
    const qint64 fourthGap = t[4] - t[3];
    QVERIFY2(fourthGap > firstGap,
             qPrintable(QStringLiteral("%1 vs %2").arg(fourthGap).arg(firstGap)));
    QVERIFY(fourthGap >= 4 * ReconnectBackoff::kInitialDelayMs - 50);
    QVERIFY(kit.count(QStringLiteral("WS disconnect")) >= 4);
}

void WsSessionTest::subprotocolChosenOrConnectFails()
{
    LocalWsServer server;
    server.server().setSupportedSubprotocols({QStringLiteral("v2.chat")});
    QString chosen;
    server.onConnection = [&](QWebSocket *socket) { chosen = socket->subprotocol(); };
    EngineKit kit;
    CompiledWsConnect good = wsConnect(server.url());
    good.subprotocols = {QStringLiteral("v1.chat"), QStringLiteral("v2.chat")};
    QVERIFY(kit.run({{good}}));
    QCOMPARE(kit.failures(QStringLiteral("WS connect")), 0);
    QTRY_COMPARE(chosen, QStringLiteral("v2.chat"));

    EngineKit other;
    CompiledWsConnect bad = wsConnect(server.url());
    bad.subprotocols = {QStringLiteral("mqtt")};
    QVERIFY(other.run({{bad}}));
    const QList<RequestOutcome> rows = other.rows(QStringLiteral("WS connect"));
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().error,
             QStringLiteral("The server accepted none of the subprotocols mqtt"));
    other.context->ws().close();
}

void WsSessionTest::oversizedMessageDropsTheConnection()
{
    LocalWsServer server;
    server.onText = [](QWebSocket *socket, const QString &text) {
        socket->sendTextMessage(text == QLatin1String("big") ? QString(4096, QLatin1Char('x'))
                                                             : QStringLiteral("small"));
    };
    EngineKit kit;
    CompiledWsConnect connect = wsConnect(server.url());
    connect.maxMessageBytes = 1024;
    CompiledWsSend small =
        wsSend(QStringLiteral("small"), QStringLiteral("small"), WsSendStep::Await::NextMessage);
    CompiledWsSend big =
        wsSend(QStringLiteral("big"), QStringLiteral("big"), WsSendStep::Await::NextMessage);
    QVERIFY(kit.run({{connect}, {small}, {big}}));
    QCOMPARE(kit.failures(QStringLiteral("WS send"), QStringLiteral("small")), 0);
    QCOMPARE(kit.failures(QStringLiteral("WS send"), QStringLiteral("big")), 1);
    const QList<RequestOutcome> drops = kit.rows(QStringLiteral("WS disconnect"));
    QCOMPARE(drops.size(), 1);
    QCOMPARE(drops.first().error,
             QStringLiteral("Message larger than maxMessageSize (1024 bytes): connection closed "
                            "(code 1009)"));
    QCOMPARE(kit.count(QStringLiteral("WS recv")), 0);
}

void WsSessionTest::clientPingsReportRoundTrips()
{
    LocalWsServer server; // Qt answers pings itself
    EngineKit kit;
    CompiledWsConnect connect = wsConnect(server.url());
    connect.pingIntervalMs = 40;
    QVERIFY(kit.run({{connect}, {think(300)}}));
    QVERIFY2(kit.count(QStringLiteral("WS ping")) >= 3, qPrintable(kit.text()));
    QCOMPARE(kit.failures(QStringLiteral("WS ping")), 0);
    QVERIFY(kit.rows(QStringLiteral("WS ping")).first().responseTimeUs > 0);
}

void WsSessionTest::pushesReportAgeAndSequenceGaps()
{
    LocalWsServer server;
    server.onConnection = [](QWebSocket *socket) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int seq : {1, 2, 5})
            socket->sendTextMessage(json({{QStringLiteral("type"), QStringLiteral("tick")},
                                          {QStringLiteral("seq"), seq},
                                          {QStringLiteral("ts"), double(now - 1000)}}));
    };
    EngineKit kit;
    CompiledWsConnect connect = wsConnect(server.url());
    connect.pushes.timestampPointer = QStringLiteral("/ts");
    connect.pushes.sequencePointer = QStringLiteral("/seq");
    QVERIFY(kit.run({{connect}}));
    QTRY_COMPARE(kit.count(QStringLiteral("WS recv"), QStringLiteral("tick")), 5);
    QCOMPARE(kit.failures(QStringLiteral("WS recv"), QStringLiteral("tick")), 2);
    for (const RequestOutcome &o : kit.rows(QStringLiteral("WS recv"))) {
        QCOMPARE(o.kind, RequestOutcome::Kind::Message);
        if (o.failed()) {
            QCOMPARE(o.error, QStringLiteral("lost: sequence gap"));
            QVERIFY(!o.hasTime);
        } else {
            QVERIFY(o.hasTime);
            QVERIFY(o.responseTimeUs >= 1000000); // sent with a timestamp 1 s in the past
        }
    }
}

QTEST_GUILESS_MAIN(WsSessionTest)
#include "wssessiontest.moc"
