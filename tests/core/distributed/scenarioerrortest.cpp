// The Locust worker sends failures caused by the profile itself as `exception`s; it recognises
// them by the engine's sentences. Run the engine so the two stay in step.
#include "distributed/scenarioerror.h"
#include "demo/demoserver.h"
#include "engine/compiledprofile.h"
#include "engine/runner.h"
#include "profile/profileio.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace cicada;

class ScenarioErrorTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void engineScriptErrorsAreRecognised();
    void serverFailuresAreNot_data();
    void serverFailuresAreNot();
};

void ScenarioErrorTest::engineScriptErrorsAreRecognised()
{
    DemoServer demo;
    demo.setPushInterval(0);
    QVERIFY(demo.listen(0));
    const QString json = QStringLiteral(R"({
      "schema": 1, "target": { "baseUrl": "%1", "brokerUrl": "%2" },
      "templates": { "login": { "json": { "user": "u{{user.index}}" } } },
      "userTypes": [
        { "name": "NoConnect", "wait": { "constant": "50ms" },
          "tasks": [ { "name": "t", "steps": [ { "wsSend": { "name": "orphan", "body": "x" } } ] } ] },
        { "name": "NoMatchField", "wait": { "constant": "50ms" },
          "onStart": [ { "http": { "method": "POST", "path": "/login", "template": "login" } },
                       { "wsConnect": {} } ],
          "tasks": [ { "name": "t", "steps": [ { "wsSend": { "name": "plain", "body": "{\"text\": \"no id\"}",
                       "await": "match", "matchField": "id", "timeout": "1s" } } ] } ] } ]
    })")
                             .arg(demo.baseUrl().toString(), demo.brokerUrl().toString());
    QList<ProfileIssue> issues;
    const Profile profile =
        ProfileIo::fromJson(QJsonDocument::fromJson(json.toUtf8()).object(), &issues);
    // Validation rejects the first user type (a wsSend with no wsConnect); the engine still
    // guards against it, and that guard is what this test reaches by compiling anyway.
    for (const ProfileIssue &issue : std::as_const(issues))
        QVERIFY2(
            issue.toString().startsWith(QLatin1String("$.userTypes[0].tasks[0].steps[0].wsSend")),
            qPrintable(issue.toString()));
    QStringList errors;
    auto compiled = CompiledProfile::compile(profile, &errors);
    QVERIFY2(compiled, qPrintable(errors.join(QLatin1Char('\n'))));
    RunnerOptions options;
    options.threads = 1;
    Runner runner(compiled, options);
    QSignalSpy finished(&runner, &Runner::finished);
    LoadSettings load;
    load.users = 2;
    load.spawnRate = 100;
    load.runTimeMs = 1200;
    runner.start(load);
    QVERIFY(finished.wait(20000));

    QSet<QString> rows;
    for (const StatsError &e : runner.stats().errors()) {
        QVERIFY2(ScenarioError::isScenarioError(e.error), qPrintable(e.error));
        rows.insert(e.name);
    }
    QCOMPARE(rows, (QSet<QString>{QStringLiteral("orphan"), QStringLiteral("plain")}));
}

void ScenarioErrorTest::serverFailuresAreNot_data()
{
    QTest::addColumn<QString>("error");
    QTest::newRow("status") << QStringLiteral("Unexpected status 500 (expected 200)");
    QTest::newRow("http") << QStringLiteral("HTTP 500");
    QTest::newRow("timeout") << QStringLiteral("No reply with matching 'id' within 5000 ms");
    QTest::newRow("upgrade") << QStringLiteral("WebSocket upgrade rejected: HTTP 403 Forbidden");
    QTest::newRow("closed") << QStringLiteral("Connection closed by server (code 1006)");
}

void ScenarioErrorTest::serverFailuresAreNot()
{
    QFETCH(QString, error);
    QVERIFY(!ScenarioError::isScenarioError(error));
}

QTEST_GUILESS_MAIN(ScenarioErrorTest)
#include "scenarioerrortest.moc"
