// Every engine v2 WebSocket feature through the Runner against tests/servers/ws_broker.py, a
// broker Cicada did not write (Python websockets). Runs are bounded in time; assertions are on
// counts and relative timings, never on wall-clock upper bounds.
#include "demo/demoserver.h"
#include "engine/reconnectbackoff.h"

#include "../../common/pythonserver.h"
#include "runnerkit.h"

#include <QNetworkRequest>
#include <QTest>
#include <QWebSocket>

using namespace cicada;
using namespace cicada::test;

namespace {

/// --ts-behind-ms of the push-age test: the broker stamps each push this far in the past.
constexpr int kPushBehindMs = 200;

/**
 * A schema-2 profile for the broker on @p port (session cookie included): @p connect is the
 * wsConnect object, @p tasks the steps of the one task, @p templates the "templates" object.
 */
QString brokerProfile(quint16 port, const QString &connect, const QString &steps,
                      const QString &templates = QStringLiteral("{}"),
                      const QString &wait = QStringLiteral("10ms"))
{
    return QStringLiteral(R"({
      "schema": 2, "name": "broker test",
      "target": { "brokerUrl": "ws://127.0.0.1:%1/", "requestTimeout": "3s" },
      "cookies": [ { "name": "sessionid", "value": "test-session" } ],
      "templates": %4,
      "userTypes": [ { "name": "U", "wait": { "constant": "%5" },
        "onStart": [ { "wsConnect": %2 } ],
        "tasks": [ { "name": "t", "steps": [ %3 ] } ] } ]
    })")
        .arg(port)
        .arg(connect, steps, templates, wait);
}

/** Sends one control message (forget-sessions, drop-all) on a connection of its own. */
void sendControl(quint16 port, const QString &message)
{
    QWebSocket control;
    QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
    request.setRawHeader("Cookie", "sessionid=test-session");
    QSignalSpy connected(&control, &QWebSocket::connected);
    control.open(request);
    QVERIFY(connected.wait(5000));
    QSignalSpy disconnected(&control, &QWebSocket::disconnected);
    control.sendTextMessage(message);
    QVERIFY(disconnected.wait(5000)); // the broker closes the sender's connection too
}

std::unique_ptr<Runner> makeRunner(const QString &json, int threads = 1)
{
    auto profile = compileJson(json);
    if (!profile)
        return nullptr;
    RunnerOptions options;
    options.threads = threads;
    return std::make_unique<Runner>(profile, options);
}

} // namespace

class WsBrokerTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void onConnectLogsInAgainAfterForgetSessions();
    void reconnectRefusedWith403RunsOnStartAgain();
    void sixteenInFlightOverlapTheServersDelay();
    void multiReplyByCountAndByUntil();
    void wsAwaitTakesTheFirstPushOfASubscription();
    void pushAgeAndLossWithAnInjectedGap_data();
    void pushAgeAndLossWithAnInjectedGap();
    void capturedTokenGoesIntoALaterMessage();
    void failedChecksAndCapturesNameThemselves();
    void nestedPointerMatch();
    void binaryFramesEchoed();
    void subprotocolChosenOrNone();
    void clientPingsAreRows();
    void oversizedReplyDropsTheConnection();
    void dropAllIsReportedAs1006AndUsersReconnect();
    void acceptThenCloseBacksOff();
};

void WsBrokerTest::onConnectLogsInAgainAfterForgetSessions()
{
    PythonServer broker(QStringLiteral("ws_broker.py"), {QStringLiteral("--login-required")});
    QVERIFY(broker.isRunning());
    const QString connect = QStringLiteral(R"({ "onConnect": [
        { "wsSend": { "name": "login", "body": "{\"id\": \"l{{user.seq}}\", \"op\": \"login\", \"user\": \"u{{user.index}}\"}",
                      "await": "match", "capture": { "token": { "json": "/token" } } } } ] })");
    const QString steps = QStringLiteral(R"(
        { "wsSend": { "name": "chat", "body": "{\"id\": \"c{{user.seq}}\"}", "await": "match",
                      "check": [ { "json": "/type", "equals": "reply" } ] } })");
    auto runner = makeRunner(brokerProfile(broker.port(), connect, steps));
    QVERIFY(runner);
    // Code 4000: Qt 6.4 reports the broker's default 1012 as 1002.
    QTimer::singleShot(1000, this, [&broker] {
        sendControl(broker.port(), QStringLiteral(R"({"op": "forget-sessions", "code": 4000})"));
    });
    QVERIFY(runFor(runner.get(), 3, 2500));
    const Runner &r = *runner;
    QCOMPARE(requests(r, QStringLiteral("WS disconnect"), QStringLiteral("connect")), 3);
    QCOMPARE(errorCount(r, QStringLiteral("WS disconnect"), QStringLiteral("code 4000")), 3);
    QCOMPARE(requests(r, QStringLiteral("WS reconnect"), QStringLiteral("connect")), 3);
    QCOMPARE(failures(r, QStringLiteral("WS reconnect"), QStringLiteral("connect")), 0);
    // Logged in on the first connect and again on the reconnect, every user.
    QCOMPARE(requests(r, QStringLiteral("WS send"), QStringLiteral("login")), 6);
    QCOMPARE(failures(r, QStringLiteral("WS send"), QStringLiteral("login")), 0);
    // No chat ever reached the broker logged out (the check would name /type).
    QCOMPARE(errorCount(r, QStringLiteral("WS send"), QStringLiteral("/type")), 0);
    QVERIFY(requests(r, QStringLiteral("WS send"), QStringLiteral("chat")) > 30);
    // At most the sends in flight at the restart failed (one per user).
    QVERIFY2(failures(r, QStringLiteral("WS send"), QStringLiteral("chat")) <= 3,
             qPrintable(errorsText(r)));
}

void WsBrokerTest::reconnectRefusedWith403RunsOnStartAgain()
{
    // The demo server's session cookie comes from POST /login; forgetting it refuses the
    // reconnect with 403, and the user must log in again instead of retrying the old cookie.
    DemoServer demo;
    demo.setPushInterval(0);
    QVERIFY(demo.listen(0));
    const QString json = QStringLiteral(R"({
      "schema": 2, "target": { "baseUrl": "%1", "brokerUrl": "%2", "requestTimeout": "3s" },
      "templates": { "chat": { "json": { "type": "chat", "id": "{{uuid}}" } } },
      "userTypes": [ { "name": "U", "wait": { "constant": "20ms" },
        "onStart": [ { "http": { "method": "POST", "path": "/login", "body": "{\"user\": \"u\"}", "expect": 200 } },
                     { "wsConnect": {} } ],
        "tasks": [ { "name": "t", "steps": [ { "wsSend": { "template": "chat", "await": "match" } } ] } ] } ]
    })")
                             .arg(demo.baseUrl().toString(), demo.brokerUrl().toString());
    auto runner = makeRunner(json);
    QVERIFY(runner);
    QTimer::singleShot(1000, &demo, [&demo] { demo.forgetSessions(); });
    QVERIFY(runFor(runner.get(), 2, 3000));
    const Runner &r = *runner;
    QCOMPARE(requests(r, QStringLiteral("POST"), QStringLiteral("/login")), 4);
    QCOMPARE(requests(r, QStringLiteral("WS reconnect"), QStringLiteral("connect")), 2);
    // One refused reconnect per user, then the fresh login's connect works.
    QCOMPARE(errorCount(r, QStringLiteral("WS connect"), QStringLiteral("403")), 2);
    QVERIFY(demo.counters().wsUpgradesRejected <= 2);
    QVERIFY(requests(r, QStringLiteral("WS send"), QStringLiteral("chat")) >
            failures(r, QStringLiteral("WS send"), QStringLiteral("chat")) + 10);
}

void WsBrokerTest::sixteenInFlightOverlapTheServersDelay()
{
    PythonServer broker(QStringLiteral("ws_broker.py"));
    QVERIFY(broker.isRunning());
    const QString steps = QStringLiteral(R"(
        { "wsSend": { "name": "slow", "body": "{\"id\": {{user.seq}}, \"op\": \"delay\", \"ms\": 200}",
                      "await": "match", "inFlight": 16 } })");
    auto runner = makeRunner(brokerProfile(broker.port(), QStringLiteral("{}"), steps,
                                           QStringLiteral("{}"), QStringLiteral("0ms")));
    QVERIFY(runner);
    QVERIFY(runFor(runner.get(), 1, 2000));
    const Runner &r = *runner;
    const StatsEntry *slow = r.stats().entry(QStringLiteral("WS send"), QStringLiteral("slow"));
    QVERIFY(slow);
    QCOMPARE(slow->numFailures(), 0);
    // Every reply waited the broker's 200 ms, yet one user got far more than 2000 / 200 of
    // them: the sends overlapped, each matched to its own reply.
    QVERIFY(slow->histogram().min() >= 200000);
    QVERIFY2(slow->numRequests() >= 4 * 16, qPrintable(QString::number(slow->numRequests())));
    QCOMPARE(requests(r, QStringLiteral("WS recv"), QStringLiteral("reply")), 0);
}

void WsBrokerTest::multiReplyByCountAndByUntil()
{
    PythonServer broker(QStringLiteral("ws_broker.py"));
    QVERIFY(broker.isRunning());
    const QString steps = QStringLiteral(R"(
        { "wsSend": { "name": "five", "body": "{\"id\": \"a{{user.seq}}\", \"op\": \"parts\", \"n\": 5}",
                      "await": "match", "replies": 5,
                      "check": [ { "json": "/part", "equals": 5 } ] } },
        { "wsSend": { "name": "until", "body": "{\"id\": \"b{{user.seq}}\", \"op\": \"parts\", \"n\": 4}",
                      "await": "match", "until": [ { "json": "/last", "equals": true } ],
                      "check": [ { "json": "/part", "equals": 4 } ] } })");
    auto runner = makeRunner(brokerProfile(broker.port(), QStringLiteral("{}"), steps));
    QVERIFY(runner);
    QVERIFY(runFor(runner.get(), 2, 1200));
    const Runner &r = *runner;
    QVERIFY2(r.stats().errors().isEmpty(), qPrintable(errorsText(r)));
    for (const QString &name : {QStringLiteral("five"), QStringLiteral("until")}) {
        const qint64 sends = requests(r, QStringLiteral("WS send"), name);
        QVERIFY(sends > 5);
        QCOMPARE(requests(r, QStringLiteral("WS first"), name), sends);
    }
    // The parts were replies, none of them a push.
    QCOMPARE(requests(r, QStringLiteral("WS recv"), QStringLiteral("part")), 0);
}

void WsBrokerTest::wsAwaitTakesTheFirstPushOfASubscription()
{
    PythonServer broker(QStringLiteral("ws_broker.py"));
    QVERIFY(broker.isRunning());
    const QString steps = QStringLiteral(R"(
        { "wsSend": { "name": "subscribe", "await": "match",
                      "body": "{\"id\": \"s{{user.seq}}\", \"op\": \"subscribe\", \"topic\": \"price\", \"interval_ms\": 30, \"count\": 2}" } },
        { "wsAwait": { "name": "first price", "match": [ { "json": "/type", "equals": "price" } ],
                       "timeout": "2s", "capture": { "p": { "json": "/price" } },
                       "check": [ { "json": "/seq", "equals": 1 } ] } },
        { "think": "100ms" })");
    auto runner = makeRunner(brokerProfile(broker.port(), QStringLiteral("{}"), steps));
    QVERIFY(runner);
    QVERIFY(runFor(runner.get(), 2, 1500));
    const Runner &r = *runner;
    QVERIFY2(r.stats().errors().isEmpty(), qPrintable(errorsText(r)));
    const StatsEntry *await =
        r.stats().entry(QStringLiteral("WS await"), QStringLiteral("first price"));
    QVERIFY(await);
    QVERIFY(await->numRequests() >= 4);
    // Timed from the start of the step: the first push comes 30 ms after the subscribe reply.
    QVERIFY(await->histogram().min() >= 20000);
    // Each subscription's second push is a push; the first one the await took is not.
    // (The last iteration's second push may come after the run stopped.)
    const qint64 pushes = requests(r, QStringLiteral("WS recv"), QStringLiteral("price"));
    QVERIFY2(
        pushes >= await->numRequests() - 1 && pushes <= await->numRequests(),
        qPrintable(QStringLiteral("%1 pushes, %2 awaits").arg(pushes).arg(await->numRequests())));
}

void WsBrokerTest::pushAgeAndLossWithAnInjectedGap_data()
{
    QTest::addColumn<QStringList>("args");
    // Pushes stamped 200 ms in the past: the ages must show it (on loopback a push arrives within
    // the millisecond of its stamp, so an age of 0 could not tell a real age from an ignored ts).
    const QStringList common{QStringLiteral("--gap-every"), QStringLiteral("5"),
                             QStringLiteral("--ts-behind-ms"), QString::number(kPushBehindMs)};
    QTest::newRow("epoch ms") << common;
    QTest::newRow("ISO 8601") << (QStringList(common) << QStringLiteral("--ts-iso"));
}

void WsBrokerTest::pushAgeAndLossWithAnInjectedGap()
{
    QFETCH(QStringList, args);
    PythonServer broker(QStringLiteral("ws_broker.py"), args);
    QVERIFY(broker.isRunning());
    const QString connect =
        QStringLiteral(R"({ "pushes": { "type": "/type", "timestamp": "/ts", "sequence": "/seq" },
        "onConnect": [ { "wsSend": { "name": "subscribe", "await": "match",
            "body": "{\"id\": 1, \"op\": \"subscribe\", \"topic\": \"tick\", \"interval_ms\": 10, \"count\": 20}" } } ] })");
    auto runner =
        makeRunner(brokerProfile(broker.port(), connect, QStringLiteral(R"({ "think": "50ms" })")));
    QVERIFY(runner);
    QVERIFY(runFor(runner.get(), 1, 1500));
    const Runner &r = *runner;
    // 20 pushes carry seq 1-4, 6-9, 11-14, 16-19, 21-24: seqs 5, 10, 15 and 20 were lost.
    const StatsEntry *tick = r.stats().entry(QStringLiteral("WS recv"), QStringLiteral("tick"));
    QVERIFY(tick);
    QCOMPARE(tick->numFailures(), 4);
    QCOMPARE(tick->numRequests() - tick->numFailures(), 20);
    QCOMPARE(errorCount(r, QStringLiteral("WS recv"), QStringLiteral("lost: sequence gap")), 4);
    // Ages are real: each push's age is its stamp's distance from the receive time (µs).
    QVERIFY2(tick->histogram().min() >= (kPushBehindMs - 1) * 1000,
             qPrintable(QString::number(tick->histogram().min())));
    QVERIFY2(tick->histogram().max() < (kPushBehindMs + 1000) * 1000,
             qPrintable(QString::number(tick->histogram().max())));
}

void WsBrokerTest::capturedTokenGoesIntoALaterMessage()
{
    PythonServer broker(QStringLiteral("ws_broker.py"));
    QVERIFY(broker.isRunning());
    const QString steps = QStringLiteral(R"(
        { "wsSend": { "name": "login", "await": "match",
                      "body": "{\"id\": \"l{{user.seq}}\", \"op\": \"login\", \"user\": \"bob\"}",
                      "capture": { "token": { "json": "/token" } } } },
        { "wsSend": { "name": "use", "await": "match",
                      "body": "{\"id\": \"u{{user.seq}}\", \"auth\": \"{{capture.token}}\"}",
                      "check": [ { "json": "/echo/auth", "regex": "^tok-bob-[0-9]+$" } ] } })");
    auto runner = makeRunner(brokerProfile(broker.port(), QStringLiteral("{}"), steps));
    QVERIFY(runner);
    QVERIFY(runFor(runner.get(), 1, 800));
    const Runner &r = *runner;
    QVERIFY2(r.stats().errors().isEmpty(), qPrintable(errorsText(r)));
    QVERIFY(requests(r, QStringLiteral("WS send"), QStringLiteral("use")) > 3);
}

void WsBrokerTest::failedChecksAndCapturesNameThemselves()
{
    PythonServer broker(QStringLiteral("ws_broker.py"));
    QVERIFY(broker.isRunning());
    const QString steps = QStringLiteral(R"(
        { "wsSend": { "name": "checked", "await": "match", "body": "{\"id\": \"c{{user.seq}}\"}",
                      "check": [ { "json": "/type", "equals": "reply" }, { "json": "/status", "equals": "ok" } ] } },
        { "wsSend": { "name": "captured", "await": "match", "body": "{\"id\": \"d{{user.seq}}\"}",
                      "capture": { "room": { "json": "/room" } } } })");
    auto runner = makeRunner(brokerProfile(broker.port(), QStringLiteral("{}"), steps));
    QVERIFY(runner);
    QVERIFY(runFor(runner.get(), 1, 600));
    const Runner &r = *runner;
    const qint64 checked = requests(r, QStringLiteral("WS send"), QStringLiteral("checked"));
    QVERIFY(checked > 2);
    QCOMPARE(failures(r, QStringLiteral("WS send"), QStringLiteral("checked")), checked);
    QCOMPARE(errorCount(r, QStringLiteral("WS send"), QStringLiteral("/status")), checked);
    QCOMPARE(errorCount(r, QStringLiteral("WS send"), QStringLiteral("'room'")),
             requests(r, QStringLiteral("WS send"), QStringLiteral("captured")));
}

void WsBrokerTest::nestedPointerMatch()
{
    PythonServer broker(QStringLiteral("ws_broker.py"));
    QVERIFY(broker.isRunning());
    const QString steps = QStringLiteral(R"(
        { "wsSend": { "name": "nested", "await": "match", "match": "/meta/requestId",
                      "body": "{\"id\": \"n{{user.seq}}\", \"nested\": true, \"meta\": {\"requestId\": \"n{{user.seq}}\"}}" } },
        { "wsSend": { "name": "typed", "await": "match", "match": ["/type", "/id"],
                      "body": "{\"id\": {{user.seq}}, \"type\": \"reply\"}" } })");
    auto runner = makeRunner(brokerProfile(broker.port(), QStringLiteral("{}"), steps));
    QVERIFY(runner);
    QVERIFY(runFor(runner.get(), 1, 600));
    const Runner &r = *runner;
    QVERIFY2(r.stats().errors().isEmpty(), qPrintable(errorsText(r)));
    QVERIFY(requests(r, QStringLiteral("WS send"), QStringLiteral("nested")) > 2);
    QVERIFY(requests(r, QStringLiteral("WS send"), QStringLiteral("typed")) > 2);
}

void WsBrokerTest::binaryFramesEchoed()
{
    PythonServer broker(QStringLiteral("ws_broker.py"));
    QVERIFY(broker.isRunning());
    const QString templates =
        QStringLiteral(R"({ "bytes": { "base64": "AAECAwT/" }, "hexbytes": { "hex": "00fe" } })");
    const QString steps = QStringLiteral(R"(
        { "wsSend": { "name": "b64", "template": "bytes", "await": "next" } },
        { "wsSend": { "name": "hex", "template": "hexbytes", "await": "next" } })");
    auto runner = makeRunner(brokerProfile(broker.port(), QStringLiteral("{}"), steps, templates));
    QVERIFY(runner);
    QVERIFY(runFor(runner.get(), 1, 600));
    const Runner &r = *runner;
    QVERIFY2(r.stats().errors().isEmpty(), qPrintable(errorsText(r)));
    const StatsEntry *b64 = r.stats().entry(QStringLiteral("WS send"), QStringLiteral("b64"));
    QVERIFY(b64 && b64->numRequests() > 2);
    QCOMPARE(b64->totalContentLength(), 6 * b64->numRequests());
    const StatsEntry *hex = r.stats().entry(QStringLiteral("WS send"), QStringLiteral("hex"));
    QVERIFY(hex && hex->numRequests() > 2);
    QCOMPARE(hex->totalContentLength(), 2 * hex->numRequests());
}

void WsBrokerTest::subprotocolChosenOrNone()
{
    PythonServer broker(QStringLiteral("ws_broker.py"),
                        {QStringLiteral("--subprotocols"), QStringLiteral("v2.chat,v3.chat")});
    QVERIFY(broker.isRunning());
    const QString json = QStringLiteral(R"({
      "schema": 2, "target": { "brokerUrl": "ws://127.0.0.1:%1/" },
      "cookies": [ { "name": "sessionid", "value": "test-session" } ],
      "userTypes": [
        { "name": "Good", "wait": { "constant": "50ms" },
          "onStart": [ { "wsConnect": { "name": "good", "subprotocols": ["v1.chat", "v3.chat"] } } ],
          "tasks": [ { "name": "t", "steps": [ { "think": "10ms" } ] } ] },
        { "name": "Bad", "wait": { "constant": "50ms" },
          "onStart": [ { "wsConnect": { "name": "bad", "subprotocols": ["mqtt"] } } ],
          "tasks": [ { "name": "t", "steps": [ { "think": "10ms" } ] } ] } ]
    })")
                             .arg(broker.port());
    auto runner = makeRunner(json);
    QVERIFY(runner);
    QVERIFY(runFor(runner.get(), 2, 400));
    const Runner &r = *runner;
    QCOMPARE(requests(r, QStringLiteral("WS connect"), QStringLiteral("good")), 1);
    QCOMPARE(failures(r, QStringLiteral("WS connect"), QStringLiteral("good")), 0);
    QVERIFY(failures(r, QStringLiteral("WS connect"), QStringLiteral("bad")) >= 1);
    QCOMPARE(errorCount(r, QStringLiteral("WS connect"),
                        QStringLiteral("The server accepted none of the subprotocols mqtt")),
             failures(r, QStringLiteral("WS connect"), QStringLiteral("bad")));
}

void WsBrokerTest::clientPingsAreRows()
{
    PythonServer broker(QStringLiteral("ws_broker.py"));
    QVERIFY(broker.isRunning());
    auto runner = makeRunner(brokerProfile(broker.port(), QStringLiteral(R"({ "ping": "100ms" })"),
                                           QStringLiteral(R"({ "think": "50ms" })")));
    QVERIFY(runner);
    QVERIFY(runFor(runner.get(), 2, 1000));
    const Runner &r = *runner;
    const StatsEntry *ping = r.stats().entry(QStringLiteral("WS ping"), QStringLiteral("connect"));
    QVERIFY(ping);
    QVERIFY2(ping->numRequests() >= 6, qPrintable(QString::number(ping->numRequests())));
    QCOMPARE(ping->numFailures(), 0);
    QVERIFY(ping->histogram().max() > 0);
}

void WsBrokerTest::oversizedReplyDropsTheConnection()
{
    PythonServer broker(QStringLiteral("ws_broker.py"));
    QVERIFY(broker.isRunning());
    // The echo of a 2000-byte message is over the client's 1000-byte limit.
    const QString steps = QStringLiteral(R"(
        { "wsSend": { "name": "small", "await": "match", "body": "{\"id\": \"s{{user.seq}}\"}" } },
        { "wsSend": { "name": "big", "await": "match", "timeout": "1s",
                      "body": "{\"id\": \"b{{user.seq}}\", \"pad\": \"{{randomString(2000)}}\"}" } })");
    auto runner =
        makeRunner(brokerProfile(broker.port(), QStringLiteral(R"({ "maxMessageSize": 1000 })"),
                                 steps, QStringLiteral("{}"), QStringLiteral("100ms")));
    QVERIFY(runner);
    QVERIFY(runFor(runner.get(), 1, 1200));
    const Runner &r = *runner;
    const qint64 big = requests(r, QStringLiteral("WS send"), QStringLiteral("big"));
    QVERIFY(big >= 1);
    QCOMPARE(failures(r, QStringLiteral("WS send"), QStringLiteral("big")), big);
    QCOMPARE(failures(r, QStringLiteral("WS send"), QStringLiteral("small")), 0);
    QVERIFY2(errorCount(r, QStringLiteral("WS disconnect"), QStringLiteral("1009")) >= 1,
             qPrintable(errorsText(r)));
    QVERIFY(requests(r, QStringLiteral("WS reconnect"), QStringLiteral("connect")) >= 1);
}

void WsBrokerTest::dropAllIsReportedAs1006AndUsersReconnect()
{
    PythonServer broker(QStringLiteral("ws_broker.py"));
    QVERIFY(broker.isRunning());
    auto runner =
        makeRunner(brokerProfile(broker.port(), QStringLiteral("{}"),
                                 QStringLiteral(R"({ "wsSend": { "name": "m", "await": "match",
                          "body": "{\"id\": {{user.seq}}}" } })"),
                                 QStringLiteral("{}"), QStringLiteral("20ms")),
                   2);
    QVERIFY(runner);
    QTimer::singleShot(800, this, [&broker] {
        sendControl(broker.port(), QStringLiteral(R"({"op": "drop-all"})"));
    });
    QVERIFY(runFor(runner.get(), 4, 2500));
    const Runner &r = *runner;
    QCOMPARE(requests(r, QStringLiteral("WS disconnect"), QStringLiteral("connect")), 4);
    QCOMPARE(errorCount(r, QStringLiteral("WS disconnect"),
                        QStringLiteral("Connection lost (code 1006)")),
             4);
    QCOMPARE(requests(r, QStringLiteral("WS reconnect"), QStringLiteral("connect")), 4);
    QCOMPARE(requests(r, QStringLiteral("WS connect"), QStringLiteral("connect")), 8);
}

void WsBrokerTest::acceptThenCloseBacksOff()
{
    PythonServer broker(QStringLiteral("ws_broker.py"), {QStringLiteral("--accept-then-close")});
    QVERIFY(broker.isRunning());
    auto runner = makeRunner(brokerProfile(broker.port(), QStringLiteral("{}"),
                                           QStringLiteral(R"({ "think": "50ms" })")));
    QVERIFY(runner);
    QVERIFY(runFor(runner.get(), 1, 3000));
    const Runner &r = *runner;
    // Delays before retries 1..5 are at least 125, 250, 500, 1000, 2000 ms (equal jitter), so
    // 3 s hold at most 5 attempts however fast the machine is; a backoff that reset on every
    // accepted handshake would make about 12 (2 per second or more).
    const qint64 attempts = requests(r, QStringLiteral("WS connect"), QStringLiteral("connect"));
    QVERIFY2(attempts >= 3 && attempts <= 5, qPrintable(QString::number(attempts)));
    QVERIFY(requests(r, QStringLiteral("WS disconnect"), QStringLiteral("connect")) >=
            attempts - 1);
    static_assert(ReconnectBackoff::kInitialDelayMs == 250);
}

QTEST_GUILESS_MAIN(WsBrokerTest)
#include "wsbrokertest.moc"
