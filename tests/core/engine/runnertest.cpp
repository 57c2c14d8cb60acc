// Engine integration tests: real servers on 127.0.0.1 — Cicada's demo server and servers Cicada
// did not write (Python websockets broker, Python http.server). Every run is bounded in time.
#include "engine/runner.h"
#include "demo/demoserver.h"
#include "engine/compiledprofile.h"
#include "engine/userdistribution.h"
#include "http/httptransport.h"
#include "profile/profileio.h"

#include "../../common/pythonserver.h"
#include "runnerkit.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace cicada;
using cicada::test::compileJson;
using cicada::test::failures;
using cicada::test::requests;
using cicada::test::runFor;

namespace {

QString errorsText(const Runner &runner)
{
    QStringList lines;
    for (const StatsError &e : runner.stats().errors())
        lines << QStringLiteral("%1 %2: %3 (%4)").arg(e.type, e.name, e.error).arg(e.occurrences);
    return lines.join(QLatin1Char('\n'));
}

QString chatProfile(const QString &base, const QString &broker, const QString &extra = {})
{
    return QStringLiteral(R"({
      "schema": 1, "name": "engine test",
      "target": { "baseUrl": "%1", "brokerUrl": "%2", "requestTimeout": "5s" },
      "templates": {
        "login": { "json": { "user": "u{{user.index}}" } },
        "chat": { "json": { "type": "chat", "id": "{{uuid}}", "n": "{{user.seq}}" } }
      },
      "userTypes": [ {
        "name": "ChatUser", "weight": 1,
        "wait": { "constant": "20ms" },
        "onStart": [
          { "http": { "method": "POST", "path": "/login", "template": "login", "expect": 200 } },
          { "wsConnect": {} } ],
        "tasks": [ { "name": "say", "steps": [
          { "wsSend": { "template": "chat", "await": "match", "matchField": "id", "timeout": "3s" } },
          { "http": { "path": "/api/profile", "name": "/api/profile" } } ] } ]
      } ] %3
    })")
        .arg(base, broker, extra);
}

} // namespace

class RunnerTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void userDistributionFollowsWeightsInEveryPrefix();
    void httpAndWebSocketWithSessionCookieAgainstDemo();
    void rejectedUpgradeIsCountedWithStatus();
    void droppedConnectionsAreCountedAndUsersReconnect();
    void missingReplyFailsAfterTimeoutAgainstPythonBroker();
    void cookieOnUpgradeAgainstPythonBroker();
    void httpAgainstPythonHttpServerBothTransports_data();
    void httpAgainstPythonHttpServerBothTransports();
    void fiftyUsersHaveFiftyRequestsInFlight();
    void matchAwaitOnNonJsonPayloadFailsClearly();
    void stopDuringSpawningEndsCleanly();
    void userCountCanChangeWhileRunning();
};

void RunnerTest::userDistributionFollowsWeightsInEveryPrefix()
{
    UserDistribution d({3, 1});
    QList<int> seq;
    for (int i = 0; i < 8; ++i)
        seq << d.next();
    QCOMPARE(seq.count(0), 6);
    QCOMPARE(seq.count(1), 2);
    int zeros = 0;
    for (int i = 0; i < seq.size(); ++i) {
        zeros += seq[i] == 0;
        // never more than one user away from the exact 3:1 share
        QVERIFY(std::abs(zeros - 0.75 * (i + 1)) <= 1.0);
    }
}

void RunnerTest::httpAndWebSocketWithSessionCookieAgainstDemo()
{
    DemoServer demo;
    demo.setPushInterval(200);
    QVERIFY(demo.listen(0));
    auto profile = compileJson(chatProfile(demo.baseUrl().toString(), demo.brokerUrl().toString()));
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 2;
    Runner runner(profile, options);
    QVERIFY(runFor(&runner, 10, 2500));
    QCOMPARE(runner.state(), RunnerState::Stopped);

    QVERIFY2(runner.stats().errors().isEmpty(), qPrintable(errorsText(runner)));
    QCOMPARE(requests(runner, QStringLiteral("POST"), QStringLiteral("/login")), 10);
    QCOMPARE(requests(runner, QStringLiteral("WS connect"), QStringLiteral("connect")), 10);
    const qint64 sends = requests(runner, QStringLiteral("WS send"), QStringLiteral("chat"));
    QVERIFY2(sends > 50, qPrintable(QString::number(sends)));
    const qint64 profiles = requests(runner, QStringLiteral("GET"), QStringLiteral("/api/profile"));
    QVERIFY(profiles >= sends - 10 && profiles <= sends);
    // Pushes arrived while users were idle and were counted as WS recv.
    QVERIFY(requests(runner, QStringLiteral("WS recv"), QStringLiteral("push")) > 0);
    // What the server saw agrees with what Cicada counted.
    const DemoCounters counters = demo.counters();
    QCOMPARE(counters.wsUpgradesAccepted, quint64(10));
    QVERIFY(qint64(counters.wsMessagesReceived) >= sends);
    QVERIFY(qint64(counters.wsMessagesReceived) <= sends + 10);
    // Aggregated sums the operations; the pushes are messages, outside it.
    const StatsEntry &total = runner.stats().total();
    qint64 sum = 0;
    for (const StatsEntry *e : runner.stats().operationEntries())
        sum += e->numRequests();
    QCOMPARE(total.numRequests(), sum);
    QVERIFY(runner.stats().entry(QStringLiteral("WS recv"), QStringLiteral("push"))->isMessage());
    QVERIFY(runner.stats().messageTotal().numRequests() >=
            requests(runner, QStringLiteral("WS recv"), QStringLiteral("push")));
    // Response times are real: the send→reply round trip takes some microseconds.
    QVERIFY(
        runner.stats().entry(QStringLiteral("WS send"), QStringLiteral("chat"))->histogram().max() >
        0);
}

void RunnerTest::rejectedUpgradeIsCountedWithStatus()
{
    DemoServer demo;
    QVERIFY(demo.listen(0));
    // No login step: the upgrade carries no session cookie and the broker answers 403.
    const QString json = QStringLiteral(R"({
      "schema": 1, "target": { "brokerUrl": "%1" },
      "userTypes": [ { "name": "U", "wait": { "constant": "50ms" },
        "onStart": [ { "wsConnect": {} } ],
        "tasks": [ { "name": "t", "steps": [ { "wsSend": { "body": "hello", "await": "next", "timeout": "1s" } } ] } ] } ]
    })")
                             .arg(demo.brokerUrl().toString());
    auto profile = compileJson(json);
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 1;
    Runner runner(profile, options);
    QVERIFY(runFor(&runner, 3, 1500));
    QVERIFY(failures(runner, QStringLiteral("WS connect"), QStringLiteral("connect")) >= 3);
    bool found = false;
    for (const StatsError &e : runner.stats().errors())
        found |= e.type == QLatin1String("WS connect") && e.error.contains(QLatin1String("403"));
    QVERIFY2(found, qPrintable(errorsText(runner)));
    QVERIFY(demo.counters().wsUpgradesRejected >= 3);
    // Sends are never attempted on a socket that never opened.
    QCOMPARE(requests(runner, QStringLiteral("WS send"), QStringLiteral("message")), 0);
}

void RunnerTest::droppedConnectionsAreCountedAndUsersReconnect()
{
    DemoServer demo;
    demo.setPushInterval(0);
    QVERIFY(demo.listen(0));
    auto profile = compileJson(chatProfile(demo.baseUrl().toString(), demo.brokerUrl().toString()));
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 2;
    Runner runner(profile, options);
    QTimer::singleShot(1200, &demo, [&demo] { demo.dropWebSockets(); });
    QVERIFY(runFor(&runner, 4, 3500));
    const qint64 drops =
        failures(runner, QStringLiteral("WS disconnect"), QStringLiteral("connect"));
    QVERIFY2(drops >= 4, qPrintable(errorsText(runner)));
    bool codeShown = false;
    for (const StatsError &e : runner.stats().errors())
        codeShown |=
            e.type == QLatin1String("WS disconnect") && e.error.contains(QLatin1String("1001"));
    QVERIFY2(codeShown, qPrintable(errorsText(runner)));
    // Every user reconnected (4 initial connects + at least 4 reconnects), and kept sending.
    QVERIFY(requests(runner, QStringLiteral("WS connect"), QStringLiteral("connect")) >= 8);
    QCOMPARE(failures(runner, QStringLiteral("WS connect"), QStringLiteral("connect")), 0);
    QVERIFY(demo.counters().wsUpgradesAccepted >= 8);
}

void RunnerTest::missingReplyFailsAfterTimeoutAgainstPythonBroker()
{
    test::PythonServer broker(
        QStringLiteral("ws_broker.py"),
        {QStringLiteral("--session"), QStringLiteral("s3cret"), QStringLiteral("--silent-ids")});
    QVERIFY(broker.isRunning());
    const QString json = QStringLiteral(R"({
      "schema": 1, "target": { "brokerUrl": "ws://127.0.0.1:%1/" },
      "cookies": [ { "name": "sessionid", "value": "s3cret" } ],
      "templates": { "lost": { "json": { "id": "silent-{{user.seq}}" } },
                     "ok": { "json": { "id": "{{user.seq}}" } } },
      "userTypes": [ { "name": "U", "wait": { "constant": "10ms" },
        "onStart": [ { "wsConnect": {} } ],
        "tasks": [ { "name": "t", "steps": [
          { "wsSend": { "template": "ok", "await": "match", "timeout": "2s" } },
          { "wsSend": { "template": "lost", "await": "match", "timeout": "300ms" } } ] } ] } ]
    })")
                             .arg(broker.port());
    auto profile = compileJson(json);
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 1;
    Runner runner(profile, options);
    QVERIFY(runFor(&runner, 2, 1600));
    QVERIFY(requests(runner, QStringLiteral("WS send"), QStringLiteral("ok")) >= 2);
    QCOMPARE(failures(runner, QStringLiteral("WS send"), QStringLiteral("ok")), 0);
    const StatsEntry *lost =
        runner.stats().entry(QStringLiteral("WS send"), QStringLiteral("lost"));
    QVERIFY(lost);
    QVERIFY(lost->numFailures() >= 2);
    // The timeout really waited: the failed sends took at least their 300 ms timeout.
    QVERIFY(lost->histogram().min() >= 300000);
    bool found = false;
    for (const StatsError &e : runner.stats().errors())
        found |= e.name == QLatin1String("lost") && e.error.contains(QLatin1String("300 ms"));
    QVERIFY2(found, qPrintable(errorsText(runner)));
}

void RunnerTest::cookieOnUpgradeAgainstPythonBroker()
{
    test::PythonServer broker(QStringLiteral("ws_broker.py"),
                              {QStringLiteral("--session"), QStringLiteral("abc123")});
    QVERIFY(broker.isRunning());
    const QString tmpl = QStringLiteral(R"({
      "schema": 1, "target": { "brokerUrl": "ws://127.0.0.1:%1/" },
      "cookies": [ { "name": "sessionid", "value": "%2" } ],
      "templates": { "m": { "json": { "id": "{{uuid}}" } } },
      "userTypes": [ { "name": "U", "wait": { "constant": "10ms" },
        "onStart": [ { "wsConnect": {} } ],
        "tasks": [ { "name": "t", "steps": [ { "wsSend": { "template": "m", "await": "match" } } ] } ] } ]
    })");
    {
        auto profile = compileJson(tmpl.arg(broker.port()).arg(QStringLiteral("abc123")));
        QVERIFY(profile);
        RunnerOptions options;
        options.threads = 1;
        Runner runner(profile, options);
        QVERIFY(runFor(&runner, 3, 1200));
        QVERIFY2(runner.stats().errors().isEmpty(), qPrintable(errorsText(runner)));
        QCOMPARE(requests(runner, QStringLiteral("WS connect"), QStringLiteral("connect")), 3);
        QVERIFY(requests(runner, QStringLiteral("WS send"), QStringLiteral("m")) > 10);
    }
    {
        auto profile = compileJson(tmpl.arg(broker.port()).arg(QStringLiteral("wrong")));
        QVERIFY(profile);
        RunnerOptions options;
        options.threads = 1;
        Runner runner(profile, options);
        QVERIFY(runFor(&runner, 2, 800));
        QVERIFY(failures(runner, QStringLiteral("WS connect"), QStringLiteral("connect")) >= 2);
        QVERIFY2(errorsText(runner).contains(QLatin1String("403")), qPrintable(errorsText(runner)));
    }
}

void RunnerTest::httpAgainstPythonHttpServerBothTransports_data()
{
    QTest::addColumn<QString>("transport");
    QTest::newRow("raw") << QStringLiteral("raw");
    QTest::newRow("qt") << QStringLiteral("qt");
}

void RunnerTest::httpAgainstPythonHttpServerBothTransports()
{
    QFETCH(QString, transport);
    test::PythonServer server(QStringLiteral("http_server.py"));
    QVERIFY(server.isRunning());
    const QString json = QStringLiteral(R"({
      "schema": 1, "target": { "baseUrl": "http://127.0.0.1:%1", "transport": "%2" },
      "userTypes": [ { "name": "U", "wait": { "constant": "10ms" },
        "onStart": [ { "http": { "path": "/set-cookie?sid=xyz" } } ],
        "tasks": [ { "name": "t", "steps": [
          { "http": { "path": "/json", "expect": 200 } },
          { "http": { "path": "/status/404", "name": "missing" } },
          { "http": { "method": "POST", "path": "/echo", "body": "{\"a\":{{user.seq}}}" } } ] } ] } ]
    })")
                             .arg(server.port())
                             .arg(transport);
    auto profile = compileJson(json);
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 1;
    Runner runner(profile, options);
    QVERIFY(runFor(&runner, 3, 1200));
    QVERIFY(requests(runner, QStringLiteral("GET"), QStringLiteral("/json")) > 5);
    QCOMPARE(failures(runner, QStringLiteral("GET"), QStringLiteral("/json")), 0);
    QVERIFY(requests(runner, QStringLiteral("POST"), QStringLiteral("/echo")) > 5);
    QCOMPARE(failures(runner, QStringLiteral("POST"), QStringLiteral("/echo")), 0);
    const qint64 missing = requests(runner, QStringLiteral("GET"), QStringLiteral("missing"));
    QVERIFY(missing > 5);
    QCOMPARE(failures(runner, QStringLiteral("GET"), QStringLiteral("missing")), missing);
    QVERIFY(errorsText(runner).contains(QLatin1String("HTTP 404")));
}

void RunnerTest::fiftyUsersHaveFiftyRequestsInFlight()
{
    // Python's threaded http.server counts concurrent /slow requests itself; one request per
    // user must be outstanding at once, i.e. nothing in the engine serialises users.
    test::PythonServer server(QStringLiteral("http_server.py"));
    QVERIFY(server.isRunning());
    const QString json = QStringLiteral(R"({
      "schema": 1, "target": { "baseUrl": "http://127.0.0.1:%1" },
      "userTypes": [ { "name": "U", "wait": { "constant": "0s" },
        "tasks": [ { "name": "t", "steps": [ { "http": { "path": "/slow?ms=1500", "name": "slow" } } ] } ] } ]
    })")
                             .arg(server.port());
    auto profile = compileJson(json);
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 2;
    Runner runner(profile, options);
    QVERIFY(runFor(&runner, 50, 2500, 1000));
    QCOMPARE(runner.stats().errorCount(), 0);
    QVERIFY(requests(runner, QStringLiteral("GET"), QStringLiteral("slow")) >= 50);

    std::unique_ptr<HttpTransport> probe(HttpTransport::create(HttpTransport::Kind::Raw));
    HttpRequest request;
    request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/inflight").arg(server.port()));
    HttpResponse response;
    bool done = false;
    probe->send(request, [&](const HttpResponse &r) {
        response = r;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
    QCOMPARE(response.status, 200);
    const int maxInFlight =
        QJsonDocument::fromJson(response.body).object().value(QLatin1String("max")).toInt();
    QVERIFY2(maxInFlight >= 50, qPrintable(QString::number(maxInFlight)));
}

void RunnerTest::matchAwaitOnNonJsonPayloadFailsClearly()
{
    DemoServer demo;
    QVERIFY(demo.listen(0));
    demo.setAcceptedSessionIds({QStringLiteral("s")});
    const QString json = QStringLiteral(R"({
      "schema": 1, "target": { "brokerUrl": "%1" },
      "cookies": [ { "name": "sessionid", "value": "s" } ],
      "userTypes": [ { "name": "U", "wait": { "constant": "50ms" },
        "onStart": [ { "wsConnect": {} } ],
        "tasks": [ { "name": "t", "steps": [
          { "wsSend": { "body": "plain text", "name": "plain", "await": "match", "timeout": "5s" } } ] } ] } ]
    })")
                             .arg(demo.brokerUrl().toString());
    auto profile = compileJson(json);
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 1;
    Runner runner(profile, options);
    QVERIFY(runFor(&runner, 1, 600));
    // Fails at once with a clear message instead of waiting 5 s for a reply whose id is null.
    const StatsEntry *plain =
        runner.stats().entry(QStringLiteral("WS send"), QStringLiteral("plain"));
    QVERIFY(plain);
    QVERIFY(plain->numFailures() >= 3);
    QVERIFY2(errorsText(runner).contains(QLatin1String("no field '/id'")),
             qPrintable(errorsText(runner)));
}

void RunnerTest::stopDuringSpawningEndsCleanly()
{
    DemoServer demo;
    QVERIFY(demo.listen(0));
    auto profile = compileJson(chatProfile(demo.baseUrl().toString(), demo.brokerUrl().toString()));
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 2;
    Runner runner(profile, options);
    QSignalSpy finished(&runner, &Runner::finished);
    LoadSettings load;
    load.users = 100;
    load.spawnRate = 20;
    runner.start(load);
    QCOMPARE(runner.state(), RunnerState::Spawning);
    QTest::qWait(600);
    QVERIFY(runner.userCount() > 0 && runner.userCount() < 100);
    runner.stop();
    runner.stop(); // idempotent
    QCOMPARE(runner.state(), RunnerState::Stopping);
    QVERIFY(finished.wait(test::kRunnerFinishTimeoutMs));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(runner.state(), RunnerState::Stopped);
    QVERIFY(runner.stats().total().numRequests() > 0);
}

void RunnerTest::userCountCanChangeWhileRunning()
{
    DemoServer demo;
    QVERIFY(demo.listen(0));
    auto profile = compileJson(chatProfile(demo.baseUrl().toString(), demo.brokerUrl().toString()));
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 2;
    Runner runner(profile, options);
    LoadSettings load;
    load.users = 4;
    load.spawnRate = 100;
    runner.start(load);
    QTRY_COMPARE_WITH_TIMEOUT(runner.state(), RunnerState::Running, 5000);
    runner.setUserCount(8);
    QTRY_COMPARE_WITH_TIMEOUT(runner.userCount(), 8, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(demo.counters().activeWebSockets, qint64(8), 5000);
    runner.setUserCount(2);
    QTRY_COMPARE_WITH_TIMEOUT(runner.userCount(), 2, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(demo.counters().activeWebSockets, qint64(2), 5000);
    QSignalSpy finished(&runner, &Runner::finished);
    runner.stop();
    QVERIFY(finished.wait(test::kRunnerFinishTimeoutMs));
}

QTEST_GUILESS_MAIN(RunnerTest)
#include "runnertest.moc"
