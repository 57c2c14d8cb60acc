// RunSession end to end in one process: real runs against Cicada's demo server on 127.0.0.1
// (a free port), each bounded by its run time or a stop after the first second's tick.
#include "run/runsession.h"

#include "demo/demoserver.h"
#include "profile/profileio.h"
#include "report/resultfile.h"
#include "report/thresholdmonitor.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cicada;

namespace {

constexpr int kFinishTimeoutMs = 30'000;

/** Two users that GET /api/items and, with @p failing, /api/status/500 too (same weight). */
Profile profileFor(const DemoServer &demo, const QString &runTime, const QStringList &thresholds,
                   bool failing = false, const QString &extra = {})
{
    QString tasks =
        QStringLiteral(R"({ "name": "items", "steps": [ { "http": { "path": "/api/items" } } ] })");
    if (failing)
        tasks += QStringLiteral(
            R"(, { "name": "broken", "steps": [ { "http": { "path": "/api/status/500" } } ] })");
    QStringList quoted;
    for (const QString &t : thresholds)
        quoted.append(QLatin1Char('"') + t + QLatin1Char('"'));
    const QString json =
        QStringLiteral(R"({ "schema": 2, "name": "session", "target": { "baseUrl": "%1" },
          "userTypes": [ { "name": "Reader", "wait": { "constant": "20ms" }, "tasks": [ %2 ] } ],
          "load": { "users": 2, "spawnRate": 10 %3 }, "thresholds": [ %4 ] %5 })")
            .arg(demo.baseUrl().toString(), tasks,
                 runTime.isEmpty() ? QString()
                                   : QStringLiteral(R"(, "runTime": "%1")").arg(runTime),
                 quoted.join(QStringLiteral(", ")), extra);
    QList<ProfileIssue> issues;
    const Profile profile =
        ProfileIo::fromJson(QJsonDocument::fromJson(json.toUtf8()).object(), &issues);
    for (const ProfileIssue &issue : std::as_const(issues))
        qWarning().noquote() << issue.toString();
    return profile;
}

RunnerOptions oneThread()
{
    RunnerOptions options;
    options.threads = 1;
    return options;
}

} // namespace

class RunSessionTest : public QObject
{
    Q_OBJECT

private slots:
    void completedRunIsJudgedAndWritten();
    void stopRecordsWhoStoppedIt_data();
    void stopRecordsWhoStoppedIt();
    void sustainedBrokenThresholdAbortsTheRun();
    void profileThatDoesNotCompileCouldNotStart();
    void refusedPortIsDataNotACouldNotStart();
    void percentileOfAFailingNameIsUnreliable();
};

void RunSessionTest::completedRunIsJudgedAndWritten()
{
    DemoServer demo;
    QVERIFY(demo.listen(0));
    QTemporaryDir dir;
    RunSession session(profileFor(demo, QStringLiteral("1500ms"),
                                  {QStringLiteral("error_rate < 1%"), QStringLiteral("rps > 1")}),
                       dir.filePath(QStringLiteral("session.cicada.json")));
    session.setRunnerOptions(oneThread());
    session.setCsvPrefix(dir.filePath(QStringLiteral("out")));
    QByteArray json;
    QByteArray html;
    session.setJsonOutput([&json](const QByteArray &bytes, QString *) {
        json = bytes;
        return true;
    });
    session.setHtmlOutput([&html](const QByteArray &bytes, QString *) {
        html = bytes;
        return true;
    });
    QSignalSpy ticks(&session, &RunSession::tick);
    QSignalSpy finished(&session, &RunSession::finished);
    QStringList errors;
    QVERIFY2(session.prepare(&errors), qPrintable(errors.join(QLatin1Char('\n'))));
    session.start();
    QVERIFY(finished.wait(kFinishTimeoutMs));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).value<StopReason>(), StopReason::Completed);
    QVERIFY(ticks.size() >= 1);
    const RunResult &r = session.result();
    QCOMPARE(r.endReason, RunResult::EndReason::Completed);
    QVERIFY(r.endDetail.isEmpty());
    QVERIFY(r.aggregated.numRequests > 0);
    QCOMPARE(r.verdict(), RunResult::Verdict::Pass);
    QCOMPARE(r.verdicts.at(0).detail, QStringLiteral("0/%1 failed").arg(r.aggregated.numRequests));
    // Nothing is written until asked: the CLI prints its tables first.
    QVERIFY(json.isEmpty());
    QVERIFY(session.writeOutputs(&errors));
    RunResult loaded;
    QString error;
    QVERIFY2(ResultFile::fromText(json, &loaded, &error), qPrintable(error));
    QVERIFY(loaded == r);
    QVERIFY(html.contains("<div class=\"verdict pass\">PASS"));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("out_stats.csv"))));
}

void RunSessionTest::stopRecordsWhoStoppedIt_data()
{
    QTest::addColumn<int>("reason");
    QTest::addColumn<QString>("runTime");
    QTest::addColumn<int>("endReason");
    QTest::addColumn<int>("verdict");
    QTest::newRow("user") << int(StopReason::User) << QStringLiteral("60s")
                          << int(RunResult::EndReason::StoppedByUser)
                          << int(RunResult::Verdict::Interrupted);
    QTest::newRow("signal") << int(StopReason::Signal) << QStringLiteral("60s")
                            << int(RunResult::EndReason::Interrupted)
                            << int(RunResult::Verdict::Interrupted);
    // Without a run time a stop is the end the run was waiting for: judged.
    QTest::newRow("user, until stopped")
        << int(StopReason::User) << QString() << int(RunResult::EndReason::StoppedByUser)
        << int(RunResult::Verdict::Pass);
}

void RunSessionTest::stopRecordsWhoStoppedIt()
{
    QFETCH(int, reason);
    QFETCH(QString, runTime);
    QFETCH(int, endReason);
    QFETCH(int, verdict);
    DemoServer demo;
    QVERIFY(demo.listen(0));
    RunSession session(profileFor(demo, runTime, {QStringLiteral("error_rate < 1%")}), {});
    session.setRunnerOptions(oneThread());
    QSignalSpy finished(&session, &RunSession::finished);
    // Stopped at its first tick (one second of requests), and again: the first reason counts.
    connect(&session, &RunSession::tick, &session, [&session, reason] {
        session.stop(StopReason(reason), QStringLiteral("first"));
        session.stop(StopReason::ThresholdAbort, QStringLiteral("second"));
    });
    QVERIFY(session.prepare(nullptr));
    session.start();
    QVERIFY(finished.wait(kFinishTimeoutMs));
    QCOMPARE(finished.at(0).at(0).value<StopReason>(), StopReason(reason));
    QCOMPARE(session.stopReason(), StopReason(reason));
    QCOMPARE(int(session.result().endReason), endReason);
    QCOMPARE(session.result().endDetail, QStringLiteral("first"));
    QCOMPARE(int(session.result().verdict()), verdict);
    QVERIFY(session.result().aggregated.numRequests > 0);
}

void RunSessionTest::sustainedBrokenThresholdAbortsTheRun()
{
    DemoServer demo;
    demo.setLatency(20, 20);
    QVERIFY(demo.listen(0));
    RunSession session(profileFor(demo, QStringLiteral("60s"),
                                  {QStringLiteral("rps > 0"), QStringLiteral("p95 < 1ms")}),
                       {});
    session.setRunnerOptions(oneThread());
    session.setAbortOnThreshold(1000);
    QSignalSpy aborted(&session, &RunSession::thresholdAborted);
    QSignalSpy finished(&session, &RunSession::finished);
    QVERIFY(session.prepare(nullptr));
    QVERIFY(session.monitor() && session.monitor()->isWatching());
    session.start();
    QVERIFY(finished.wait(kFinishTimeoutMs));
    QCOMPARE(aborted.size(), 1);
    QCOMPARE(aborted.at(0).at(0).value<qsizetype>(), 1);
    QCOMPARE(session.stopReason(), StopReason::ThresholdAbort);
    const RunResult &r = session.result();
    QCOMPARE(r.endReason, RunResult::EndReason::ThresholdAbort);
    QVERIFY2(r.endDetail.startsWith(QStringLiteral("threshold 'p95 < 1ms' ")),
             qPrintable(r.endDetail));
    QCOMPARE(r.verdict(), RunResult::Verdict::Aborted);
    QVERIFY(r.verdicts.at(0).passed);
    QVERIFY(!r.verdicts.at(1).passed);
    QVERIFY2(r.verdicts.at(1).detail.endsWith(aborted.at(0).at(1).toString()),
             qPrintable(r.verdicts.at(1).detail));
    QVERIFY(r.durationMs() < 60'000);
}

void RunSessionTest::profileThatDoesNotCompileCouldNotStart()
{
    DemoServer demo;
    QVERIFY(demo.listen(0));
    QTemporaryDir dir;
    // Valid as written; its feeder file is missing, which only compiling finds out.
    Profile profile = profileFor(
        demo, QStringLiteral("1s"), {}, false,
        QStringLiteral(R"(, "feeders": [ { "name": "users", "file": "missing.csv" } ])"));
    QCOMPARE(profile.feeders.size(), 1);
    RunSession session(profile, dir.filePath(QStringLiteral("p.cicada.json")));
    bool written = false;
    session.setJsonOutput([&written](const QByteArray &, QString *) { return written = true; });
    QSignalSpy finished(&session, &RunSession::finished);
    QStringList errors;
    QVERIFY(!session.prepare(&errors));
    QVERIFY(!errors.isEmpty());
    QVERIFY2(errors.join(QLatin1Char('\n')).contains(QStringLiteral("missing.csv")),
             qPrintable(errors.join(QLatin1Char('\n'))));
    QVERIFY(!session.runner());
    QCOMPARE(session.stopReason(), StopReason::CouldNotStart);
    QVERIFY(session.isFinished());
    QCOMPARE(session.result().endReason, RunResult::EndReason::CouldNotStart);
    QVERIFY(session.result().endDetail.contains(QStringLiteral("missing.csv")));
    QCOMPARE(session.result().verdict(), RunResult::Verdict::Interrupted);
    session.start(); // nothing to start
    QVERIFY(session.writeOutputs(&errors));
    QVERIFY(!written);
    QCOMPARE(finished.size(), 0);
}

void RunSessionTest::refusedPortIsDataNotACouldNotStart()
{
    // A port nobody listens on: the requests fail and are counted; the run itself completes.
    quint16 closedPort = 0;
    {
        DemoServer probe;
        QVERIFY(probe.listen(0));
        closedPort = probe.port();
    }
    DemoServer demo;
    QVERIFY(demo.listen(0));
    Profile profile = profileFor(demo, QStringLiteral("1s"), {QStringLiteral("error_rate < 1%")});
    profile.target.baseUrl = QStringLiteral("http://127.0.0.1:%1").arg(closedPort);
    RunSession session(profile, {});
    session.setRunnerOptions(oneThread());
    QSignalSpy finished(&session, &RunSession::finished);
    QVERIFY(session.prepare(nullptr));
    session.start();
    QVERIFY(finished.wait(kFinishTimeoutMs));
    QCOMPARE(session.stopReason(), StopReason::Completed);
    const RunResult &r = session.result();
    QVERIFY(r.aggregated.numRequests > 0);
    QCOMPARE(r.aggregated.numFailures, r.aggregated.numRequests);
    QCOMPARE(r.verdict(), RunResult::Verdict::Fail);
    QCOMPARE(r.verdicts.at(0).detail, QStringLiteral("%1/%1 failed").arg(r.aggregated.numRequests));
}

void RunSessionTest::percentileOfAFailingNameIsUnreliable()
{
    DemoServer demo;
    QVERIFY(demo.listen(0));
    const QStringList thresholds = {QStringLiteral("p95(GET:/api/status/500) < 10s"),
                                    QStringLiteral("p95(/api/items) < 10s")};
    RunSession session(profileFor(demo, QStringLiteral("1500ms"), thresholds, true), {});
    session.setRunnerOptions(oneThread());
    QSignalSpy finished(&session, &RunSession::finished);
    QVERIFY(session.prepare(nullptr));
    session.start();
    QVERIFY(finished.wait(kFinishTimeoutMs));
    const RunResult &r = session.result();
    const ThresholdVerdict &failing = r.verdicts.at(0);
    QVERIFY(failing.hasValue);
    QVERIFY(failing.unreliable);
    QVERIFY(!failing.passed);
    QVERIFY2(failing.detail.contains(QStringLiteral("failed; unreliable: 100.00% failed")),
             qPrintable(failing.detail));
    QVERIFY(!r.verdicts.at(1).unreliable);
    QVERIFY(r.verdicts.at(1).passed);
    QVERIFY2(r.verdicts.at(1).detail.startsWith(QStringLiteral("0/")),
             qPrintable(r.verdicts.at(1).detail));
    QCOMPARE(r.verdict(), RunResult::Verdict::Fail);

    // The profile's limit: with every failure allowed, the same percentile is judged.
    RunSession lenient(profileFor(demo, QStringLiteral("1s"), thresholds, true,
                                  QStringLiteral(R"(, "thresholdOptions": { "maxErrorRate": 1 })")),
                       {});
    lenient.setRunnerOptions(oneThread());
    QSignalSpy lenientFinished(&lenient, &RunSession::finished);
    QVERIFY(lenient.prepare(nullptr));
    lenient.start();
    QVERIFY(lenientFinished.wait(kFinishTimeoutMs));
    QVERIFY(!lenient.result().verdicts.at(0).unreliable);
    QCOMPARE(lenient.result().verdict(), RunResult::Verdict::Pass);
}

QTEST_GUILESS_MAIN(RunSessionTest)
#include "runsessiontest.moc"
