// Runner spawn ticks at any spawn rate (issue 9 item 5): "spawnRate": 1e20 or -r inf used to
// overflow int arithmetic in Runner::onSpawnTick and crash the run. Users here only think, so no
// server is needed; every run is bounded in time.

#include "engine/compiledprofile.h"
#include "engine/runner.h"
#include "profile/profileio.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <limits>

using namespace cicada;

namespace {

constexpr int kWaitMs = 20000;
constexpr int kUsers = 40;

std::shared_ptr<const CompiledProfile> thinkOnlyProfile()
{
    // The URL goes in through arg(): moc takes "//" inside a raw string for a comment.
    const QString json = QStringLiteral(R"({
      "schema": 1, "name": "spawn rate test",
      "target": { "baseUrl": "%1" },
      "userTypes": [
        { "name": "A", "weight": 1, "tasks": [ { "name": "t", "steps": [ { "think": "50ms" } ] } ] },
        { "name": "B", "weight": 1, "tasks": [ { "name": "t", "steps": [ { "think": "50ms" } ] } ] }
      ] })")
                             .arg(QStringLiteral("http://127.0.0.1:9"));
    QList<ProfileIssue> issues;
    const Profile profile =
        ProfileIo::fromJson(QJsonDocument::fromJson(json.toUtf8()).object(), &issues);
    if (ProfileIo::hasErrors(issues))
        return nullptr;
    QStringList errors;
    return CompiledProfile::compile(profile, &errors);
}

} // namespace

class RunnerSpawnRateTest : public QObject
{
    Q_OBJECT

private slots:
    void anyRateReachesTheTarget_data();
    void anyRateReachesTheTarget();
    void anyRateReachesPerTypeTargets_data();
    void anyRateReachesPerTypeTargets();

private:
    static void rates();
};

void RunnerSpawnRateTest::rates()
{
    QTest::addColumn<double>("rate");
    QTest::newRow("1e20") << 1e20;
    QTest::newRow("1e15") << 1e15;
    QTest::newRow("inf") << std::numeric_limits<double>::infinity();
    QTest::newRow("max double") << std::numeric_limits<double>::max();
}

void RunnerSpawnRateTest::anyRateReachesTheTarget_data()
{
    rates();
}

void RunnerSpawnRateTest::anyRateReachesTheTarget()
{
    QFETCH(double, rate);
    auto profile = thinkOnlyProfile();
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 2;
    Runner runner(profile, options);
    LoadSettings load;
    load.users = kUsers;
    load.spawnRate = rate;
    runner.start(load);
    QTRY_COMPARE_WITH_TIMEOUT(runner.state(), RunnerState::Running, kWaitMs);
    QCOMPARE(runner.userCount(), kUsers);
    // Down and up again at the same rate.
    runner.setUserCount(3, rate);
    QTRY_COMPARE_WITH_TIMEOUT(runner.state(), RunnerState::Running, kWaitMs);
    QCOMPARE(runner.userCount(), 3);
    runner.setUserCount(kUsers, rate);
    QTRY_COMPARE_WITH_TIMEOUT(runner.state(), RunnerState::Running, kWaitMs);
    QCOMPARE(runner.userCount(), kUsers);
    QSignalSpy finished(&runner, &Runner::finished);
    runner.stop();
    QVERIFY(finished.wait(kWaitMs));
}

void RunnerSpawnRateTest::anyRateReachesPerTypeTargets_data()
{
    rates();
}

void RunnerSpawnRateTest::anyRateReachesPerTypeTargets()
{
    QFETCH(double, rate);
    auto profile = thinkOnlyProfile();
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 2;
    Runner runner(profile, options);
    LoadSettings load;
    load.users = 2;
    load.spawnRate = 1000;
    runner.start(load);
    QTRY_COMPARE_WITH_TIMEOUT(runner.state(), RunnerState::Running, kWaitMs);
    runner.setUserCounts({{QStringLiteral("A"), 25}, {QStringLiteral("B"), 7}}, rate);
    QTRY_COMPARE_WITH_TIMEOUT(runner.state(), RunnerState::Running, kWaitMs);
    const QMap<QString, int> counts = runner.userCountsByType();
    QCOMPARE(counts.value(QStringLiteral("A")), 25);
    QCOMPARE(counts.value(QStringLiteral("B")), 7);
    QSignalSpy finished(&runner, &Runner::finished);
    runner.stop();
    QVERIFY(finished.wait(kWaitMs));
}

QTEST_GUILESS_MAIN(RunnerSpawnRateTest)
#include "runnerspawnratetest.moc"
