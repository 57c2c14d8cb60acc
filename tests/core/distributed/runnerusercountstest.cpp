// Runner::setUserCounts() (absolute per-type counts, as a Locust master sends them) and
// Runner::deltaMerged (what the Locust worker reports from).
#include "engine/compiledprofile.h"
#include "engine/runner.h"
#include "profile/profileio.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace cicada;

namespace {

constexpr int kFinishTimeoutMs = 20000;

/** Two user types that only think (no network), or send on a socket they never opened. */
std::shared_ptr<const CompiledProfile> compiled(bool failingSends = false)
{
    const QString step = failingSends ? QStringLiteral("{ \"wsSend\": { \"body\": \"x\" } }")
                                      : QStringLiteral("{ \"think\": \"50ms\" }");
    // (moc 6.4 mis-parses this file with a raw string literal here.)
    const QString type =
        QStringLiteral("{ \"name\": \"%1\", \"weight\": %2, \"wait\": { \"constant\": \"20ms\" },"
                       "  \"tasks\": [ { \"name\": \"t\", \"steps\": [ %3 ] } ] }");
    const QString json =
        QStringLiteral("{ \"schema\": 1, \"target\": { \"baseUrl\": \"http://127.0.0.1:9\","
                       " \"brokerUrl\": \"ws://127.0.0.1:9/b\" }, \"userTypes\": [ %1, %2 ] }")
            .arg(type.arg(QStringLiteral("A")).arg(1).arg(step),
                 type.arg(QStringLiteral("B")).arg(3).arg(step));
    QList<ProfileIssue> issues;
    const Profile profile =
        ProfileIo::fromJson(QJsonDocument::fromJson(json.toUtf8()).object(), &issues);
    for (const ProfileIssue &issue : std::as_const(issues))
        qWarning().noquote() << issue.toString();
    QStringList errors;
    return CompiledProfile::compile(profile, &errors);
}

QMap<QString, int> counts(int a, int b)
{
    return {{QStringLiteral("A"), a}, {QStringLiteral("B"), b}};
}

void startEmpty(Runner &runner)
{
    LoadSettings load;
    load.users = 0;
    load.runTimeMs = 0;
    runner.start(load);
}

bool stopAndWait(Runner &runner)
{
    QSignalSpy finished(&runner, &Runner::finished);
    runner.stop();
    return runner.state() == RunnerState::Stopped || finished.wait(kFinishTimeoutMs);
}

} // namespace

class RunnerUserCountsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsApplyAtOnce();
    void shiftsBetweenTypesAndUnknownNamesAreIgnored();
    void rampHonoursSpawnRate();
    void backToWeightsWithSetUserCount();
    void mergedDeltasAddUpToTheStats();
};

void RunnerUserCountsTest::countsApplyAtOnce()
{
    auto profile = compiled();
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 2;
    Runner runner(profile, options);
    startEmpty(runner);
    runner.setUserCounts(counts(3, 1));
    QCOMPARE(runner.userCountsByType(), counts(3, 1));
    QCOMPARE(runner.userCount(), 4);
    QCOMPARE(runner.targetUserCount(), 4);
    QCOMPARE(runner.state(), RunnerState::Running);
    QTest::qWait(200);
    QCOMPARE(runner.userCountsByType(), counts(3, 1));
    QVERIFY(stopAndWait(runner));
}

void RunnerUserCountsTest::shiftsBetweenTypesAndUnknownNamesAreIgnored()
{
    auto profile = compiled();
    RunnerOptions options;
    options.threads = 2;
    Runner runner(profile, options);
    startEmpty(runner);
    runner.setUserCounts(counts(3, 1));
    runner.setUserCounts(counts(1, 3));
    QCOMPARE(runner.userCountsByType(), counts(1, 3));
    runner.setUserCounts({{QStringLiteral("A"), 2}, {QStringLiteral("Nope"), 7}});
    QCOMPARE(runner.userCountsByType(), counts(2, 0));
    runner.setUserCounts({});
    QCOMPARE(runner.userCount(), 0);
    QCOMPARE(runner.state(), RunnerState::Running);
    QVERIFY(stopAndWait(runner));
}

void RunnerUserCountsTest::rampHonoursSpawnRate()
{
    auto profile = compiled();
    RunnerOptions options;
    options.threads = 1;
    Runner runner(profile, options);
    startEmpty(runner);
    QElapsedTimer clock;
    clock.start();
    runner.setUserCounts(counts(6, 6), 10.0); // 12 users at 10/s: about 1.1 s
    QCOMPARE(runner.state(), RunnerState::Spawning);
    QCOMPARE(runner.userCount(), 1);
    while (runner.state() == RunnerState::Spawning && clock.elapsed() < 5000) {
        QTest::qWait(20);
        const qint64 allowed = 1 + clock.elapsed() * 10 / 1000;
        QVERIFY2(runner.userCount() <= allowed + 1,
                 qPrintable(QStringLiteral("%1 users after %2 ms")
                                .arg(runner.userCount())
                                .arg(clock.elapsed())));
        const QMap<QString, int> now = runner.userCountsByType();
        // The type furthest below its target goes first, so the types ramp together.
        QVERIFY(std::abs(now.value(QStringLiteral("A")) - now.value(QStringLiteral("B"))) <= 1);
    }
    QCOMPARE(runner.state(), RunnerState::Running);
    QVERIFY2(clock.elapsed() >= 1000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(runner.userCountsByType(), counts(6, 6));
    QVERIFY(stopAndWait(runner));
}

void RunnerUserCountsTest::backToWeightsWithSetUserCount()
{
    auto profile = compiled();
    RunnerOptions options;
    options.threads = 1;
    Runner runner(profile, options);
    startEmpty(runner);
    runner.setUserCounts(counts(2, 0));
    runner.setUserCount(6, 1000);
    QTRY_COMPARE_WITH_TIMEOUT(runner.userCount(), 6, 3000);
    QVERIFY(runner.userCountsByType().value(QStringLiteral("B")) >= 3);
    QVERIFY(stopAndWait(runner));
}

void RunnerUserCountsTest::mergedDeltasAddUpToTheStats()
{
    auto profile = compiled(true);
    RunnerOptions options;
    options.threads = 2;
    Runner runner(profile, options);
    qint64 requests = 0;
    qint64 failures = 0;
    int deltas = 0;
    connect(&runner, &Runner::deltaMerged, this, [&](const StatsDelta &delta) {
        ++deltas;
        for (const StatsEntry &e : delta.entries) {
            requests += e.numRequests();
            failures += e.numFailures();
        }
    });
    startEmpty(runner);
    runner.setUserCounts(counts(2, 2));
    QTest::qWait(1300);
    QVERIFY(stopAndWait(runner));
    QVERIFY(deltas >= 2);
    QVERIFY(requests > 0);
    // Sends on a socket never opened are fire-and-forget messages: compare every row, not only
    // the operations summed into Aggregated.
    qint64 rowRequests = 0;
    qint64 rowFailures = 0;
    for (const StatsEntry *e : runner.stats().entries()) {
        rowRequests += e->numRequests();
        rowFailures += e->numFailures();
    }
    QCOMPARE(requests, rowRequests);
    QCOMPARE(failures, rowFailures);
}

QTEST_GUILESS_MAIN(RunnerUserCountsTest)
#include "runnerusercountstest.moc"
