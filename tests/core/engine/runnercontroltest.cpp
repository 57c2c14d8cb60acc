// Runner control (issue 10 §5) against Cicada's demo server on 127.0.0.1: fixed user counts per
// type (Locust's fixed_count) and the stop timeout that lets iterations in flight finish (Locust's
// --stop-timeout). Every run is bounded in time.
#include "demo/demoserver.h"
#include "engine/runner.h"

#include "runnerkit.h"

#include <QSignalSpy>
#include <QTest>

using namespace cicada;
using cicada::test::compileJson;
using cicada::test::failures;
using cicada::test::requests;

namespace {

/** One user type whose only task is one GET /api/slow?ms=@p slowMs, then @p wait. */
QString slowProfile(const QString &base, int slowMs, const QString &wait = QStringLiteral("0s"))
{
    return QStringLiteral(R"({
      "schema": 2, "name": "stop timeout",
      "target": { "baseUrl": "%1", "requestTimeout": "70s" },
      "userTypes": [ {
        "name": "Slow", "wait": { "constant": "%3" },
        "tasks": [ { "name": "slow", "steps": [
          { "http": { "path": "/api/slow?ms=%2", "name": "slow" } } ] } ]
      } ]
    })")
        .arg(base)
        .arg(slowMs)
        .arg(wait);
}

/** Types A (fixed 2), B (weight 3) and C (weight 1); think-only tasks. */
QString typesProfile(const QString &fixedB = {})
{
    const QString task =
        QStringLiteral(R"("tasks": [ { "name": "t", "steps": [ { "think": "50ms" } ] } ])");
    return QStringLiteral(R"({
      "schema": 2, "name": "fixed counts",
      "userTypes": [
        { "name": "A", "weight": 1, "fixedCount": 2, %1 },
        { "name": "B", "weight": 3 %2, %1 },
        { "name": "C", "weight": 1, "fixedCount": %3, %1 } ]
    })")
        .arg(task, fixedB, fixedB.isEmpty() ? QStringLiteral("0") : QStringLiteral("1"));
}

/** Starts one user against the slow endpoint, waits until the server has its request, stops
 *  with @p stopTimeoutMs; true when the run finished. */
bool stopWhileRequestInFlight(DemoServer *demo, Runner *runner, qint64 stopTimeoutMs)
{
    LoadSettings load;
    load.users = 1;
    load.spawnRate = 100;
    load.stopTimeoutMs = stopTimeoutMs;
    QSignalSpy finished(runner, &Runner::finished);
    runner->start(load);
    if (!QTest::qWaitFor([&] { return demo->counters().httpRequests >= 1; }, 10000))
        return false;
    runner->stop();
    return finished.wait(test::kRunnerFinishTimeoutMs);
}

} // namespace

class RunnerControlTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fixedCountsAreFilledFirstAndStoppedLast();
    void onlyFixedTypesCapTheUserCount();
    void finishedCarriesTheFirstStopReason();
    void inFlightIterationFinishesWithinTheStopTimeout();
    void inFlightIterationIsCutWithoutAStopTimeout();
    void stopTimeoutEndsAnIterationThatRunsLonger();
    void waitingUserStopsAtOnceDespiteAStopTimeout();
    void lowerUserCountHonoursTheStopTimeout();
    void openModelIterationFinishesWithinTheStopTimeout();
};

void RunnerControlTest::fixedCountsAreFilledFirstAndStoppedLast()
{
    auto profile = compileJson(typesProfile());
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 2;
    Runner runner(profile, options);
    LoadSettings load;
    load.users = 10;
    load.spawnRate = 1000;
    runner.start(load);
    QTRY_COMPARE_WITH_TIMEOUT(runner.state(), RunnerState::Running, 5000);
    const QMap<QString, int> ten{
        {QStringLiteral("A"), 2}, {QStringLiteral("B"), 6}, {QStringLiteral("C"), 2}};
    QCOMPARE(runner.userCountsByType(), ten);
    runner.setUserCount(3);
    QTRY_COMPARE_WITH_TIMEOUT(runner.state(), RunnerState::Running, 5000);
    const QMap<QString, int> three{
        {QStringLiteral("A"), 2}, {QStringLiteral("B"), 1}, {QStringLiteral("C"), 0}};
    QCOMPARE(runner.userCountsByType(), three);
    runner.setUserCount(1);
    QTRY_COMPARE_WITH_TIMEOUT(runner.userCount(), 1, 5000);
    runner.setUserCount(4); // the fixed type is refilled before the weighted ones
    QTRY_COMPARE_WITH_TIMEOUT(runner.state(), RunnerState::Running, 5000);
    QCOMPARE(runner.userCountsByType().value(QStringLiteral("A")), 2);
    QSignalSpy finished(&runner, &Runner::finished);
    runner.stop();
    QVERIFY(finished.wait(test::kRunnerFinishTimeoutMs));
}

void RunnerControlTest::onlyFixedTypesCapTheUserCount()
{
    auto profile = compileJson(typesProfile(QStringLiteral(R"(, "fixedCount": 3)")));
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 1;
    Runner runner(profile, options);
    LoadSettings load;
    load.users = 50;
    load.spawnRate = 1000;
    runner.start(load);
    QTRY_COMPARE_WITH_TIMEOUT(runner.state(), RunnerState::Running, 5000);
    QCOMPARE(runner.targetUserCount(), 6);
    const QMap<QString, int> counts{
        {QStringLiteral("A"), 2}, {QStringLiteral("B"), 3}, {QStringLiteral("C"), 1}};
    QCOMPARE(runner.userCountsByType(), counts);
    QSignalSpy finished(&runner, &Runner::finished);
    runner.stop();
    QVERIFY(finished.wait(test::kRunnerFinishTimeoutMs));
}

void RunnerControlTest::finishedCarriesTheFirstStopReason()
{
    auto profile = compileJson(typesProfile({}));
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 1;
    // The run timer ends a run as Completed.
    Runner timed(profile, options);
    QSignalSpy timedFinished(&timed, &Runner::finished);
    LoadSettings load;
    load.users = 2;
    load.spawnRate = 100;
    load.runTimeMs = 300;
    timed.start(load);
    QVERIFY(timedFinished.wait(test::kRunnerFinishTimeoutMs));
    QCOMPARE(timedFinished.at(0).at(0).value<StopReason>(), StopReason::Completed);
    QCOMPARE(timed.stopReason(), StopReason::Completed);
    // A stop before it: the first stop()'s reason, not the run timer's nor a later stop()'s.
    Runner stopped(profile, options);
    QSignalSpy stoppedFinished(&stopped, &Runner::finished);
    load.runTimeMs = 60'000;
    stopped.start(load);
    QTRY_COMPARE_WITH_TIMEOUT(stopped.state(), RunnerState::Running, 5000);
    stopped.stop(StopReason::Signal);
    stopped.stop(StopReason::ThresholdAbort);
    QVERIFY(stoppedFinished.wait(test::kRunnerFinishTimeoutMs));
    QCOMPARE(stoppedFinished.size(), 1);
    QCOMPARE(stoppedFinished.at(0).at(0).value<StopReason>(), StopReason::Signal);
    // stop() without a reason is a person's.
    Runner user(profile, options);
    QSignalSpy userFinished(&user, &Runner::finished);
    user.start(load);
    user.stop();
    QVERIFY(userFinished.wait(test::kRunnerFinishTimeoutMs));
    QCOMPARE(userFinished.at(0).at(0).value<StopReason>(), StopReason::User);
}

void RunnerControlTest::inFlightIterationFinishesWithinTheStopTimeout()
{
    DemoServer demo;
    QVERIFY(demo.listen(0));
    auto profile = compileJson(slowProfile(demo.baseUrl().toString(), 1500));
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 1;
    Runner runner(profile, options);
    QVERIFY(stopWhileRequestInFlight(&demo, &runner, 30000));
    // The request the user was waiting for was answered and counted; no new iteration began.
    QCOMPARE(requests(runner, QStringLiteral("GET"), QStringLiteral("slow")), 1);
    QCOMPARE(failures(runner, QStringLiteral("GET"), QStringLiteral("slow")), 0);
    QCOMPARE(demo.counters().httpRequests, quint64(1));
}

void RunnerControlTest::inFlightIterationIsCutWithoutAStopTimeout()
{
    DemoServer demo;
    QVERIFY(demo.listen(0));
    auto profile = compileJson(slowProfile(demo.baseUrl().toString(), 1500));
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 1;
    Runner runner(profile, options);
    QVERIFY(stopWhileRequestInFlight(&demo, &runner, 0));
    QCOMPARE(requests(runner, QStringLiteral("GET"), QStringLiteral("slow")) -
                 failures(runner, QStringLiteral("GET"), QStringLiteral("slow")),
             0);
}

void RunnerControlTest::stopTimeoutEndsAnIterationThatRunsLonger()
{
    // The server would answer after 60 s; a 300-ms stop timeout ends the run long before (the
    // finish wait is 20 s).
    DemoServer demo;
    QVERIFY(demo.listen(0));
    auto profile = compileJson(slowProfile(demo.baseUrl().toString(), 60000));
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 1;
    Runner runner(profile, options);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(stopWhileRequestInFlight(&demo, &runner, 300));
    QCOMPARE(requests(runner, QStringLiteral("GET"), QStringLiteral("slow")) -
                 failures(runner, QStringLiteral("GET"), QStringLiteral("slow")),
             0);
    QVERIFY2(clock.elapsed() >= 300, "the stop timeout was not waited for");
}

void RunnerControlTest::waitingUserStopsAtOnceDespiteAStopTimeout()
{
    // After a quick request the user waits 60 s: it has nothing to finish, so a 60-s stop
    // timeout does not hold the stop (the finish wait is 20 s).
    DemoServer demo;
    QVERIFY(demo.listen(0));
    auto profile = compileJson(slowProfile(demo.baseUrl().toString(), 1, QStringLiteral("60s")));
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 1;
    Runner runner(profile, options);
    LoadSettings load;
    load.users = 1;
    load.spawnRate = 100;
    load.stopTimeoutMs = 60000;
    QSignalSpy finished(&runner, &Runner::finished);
    runner.start(load);
    QTRY_COMPARE_WITH_TIMEOUT(requests(runner, QStringLiteral("GET"), QStringLiteral("slow")), 1,
                              10000);
    runner.stop();
    QVERIFY(finished.wait(test::kRunnerFinishTimeoutMs));
    QCOMPARE(failures(runner, QStringLiteral("GET"), QStringLiteral("slow")), 0);
}

void RunnerControlTest::lowerUserCountHonoursTheStopTimeout()
{
    // Locust's stop_users(): a ramp-down lets the stopped users' iterations finish too.
    DemoServer demo;
    QVERIFY(demo.listen(0));
    auto profile = compileJson(slowProfile(demo.baseUrl().toString(), 1500, QStringLiteral("10s")));
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 1;
    Runner runner(profile, options);
    LoadSettings load;
    load.users = 2;
    load.spawnRate = 100;
    load.stopTimeoutMs = 30000;
    QSignalSpy finished(&runner, &Runner::finished);
    runner.start(load);
    QVERIFY(QTest::qWaitFor([&] { return demo.counters().httpRequests >= 2; }, 10000));
    runner.setUserCount(1);
    QTRY_COMPARE_WITH_TIMEOUT(requests(runner, QStringLiteral("GET"), QStringLiteral("slow")), 2,
                              10000);
    runner.stop();
    QVERIFY(finished.wait(test::kRunnerFinishTimeoutMs));
    // Both first requests were answered (the stopped user's too); each user then waited.
    QCOMPARE(requests(runner, QStringLiteral("GET"), QStringLiteral("slow")), 2);
    QCOMPARE(failures(runner, QStringLiteral("GET"), QStringLiteral("slow")), 0);
}

void RunnerControlTest::openModelIterationFinishesWithinTheStopTimeout()
{
    // A pooled user of the open model gets the same grace as a closed-model user.
    DemoServer demo;
    QVERIFY(demo.listen(0));
    QString json = slowProfile(demo.baseUrl().toString(), 1500);
    json.replace(
        QStringLiteral(R"("name": "stop timeout",)"),
        QStringLiteral(R"("name": "stop timeout", "load": {"arrivalRate": {"rate": 0.2}},)"));
    auto profile = compileJson(json);
    QVERIFY(profile);
    QVERIFY(profile->profile.isOpenModel());
    RunnerOptions options;
    options.threads = 1;
    Runner runner(profile, options);
    LoadSettings load = profile->profile.load;
    load.stopTimeoutMs = 30000;
    QSignalSpy finished(&runner, &Runner::finished);
    runner.start(load);
    QVERIFY(QTest::qWaitFor([&] { return demo.counters().httpRequests >= 1; }, 10000));
    runner.stop();
    QVERIFY(finished.wait(test::kRunnerFinishTimeoutMs));
    QCOMPARE(requests(runner, QStringLiteral("GET"), QStringLiteral("slow")), 1);
    QCOMPARE(failures(runner, QStringLiteral("GET"), QStringLiteral("slow")), 0);
}

QTEST_GUILESS_MAIN(RunnerControlTest)
#include "runnercontroltest.moc"
