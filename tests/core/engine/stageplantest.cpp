// StagePlan: a load shape's target at each time, closed and open (issue 10).

#include "engine/stageplan.h"

#include <QTest>

using namespace cicada;

namespace {

LoadStage users(qint64 durationMs, int n, std::optional<double> spawnRate = std::nullopt)
{
    LoadStage s;
    s.durationMs = durationMs;
    s.users = n;
    s.spawnRate = spawnRate;
    return s;
}

LoadStage rate(qint64 durationMs, double r)
{
    LoadStage s;
    s.durationMs = durationMs;
    s.rate = r;
    return s;
}

// Ramp up 0 → 10 at 5/s for 4 s, hold, spike to 30 at once, back to 0 at the default 2/s.
const QList<LoadStage> kClosed = {users(4000, 10, 5), users(3000, 10), users(1000, 30, 1000),
                                  users(5000, 0)};
const QList<LoadStage> kOpen = {rate(2000, 40), rate(3000, 40), rate(1000, 0)};

} // namespace

class StagePlanTest : public QObject
{
    Q_OBJECT

private slots:
    void closedTargets_data();
    void closedTargets();
    void plannedUsers_data();
    void plannedUsers();
    void openRates_data();
    void openRates();
    void totalsAndModel();
};

void StagePlanTest::closedTargets_data()
{
    QTest::addColumn<qint64>("elapsedMs");
    QTest::addColumn<int>("stage");
    QTest::addColumn<int>("users");
    QTest::addColumn<double>("spawnRate");
    QTest::addColumn<bool>("finished");
    QTest::newRow("start") << qint64(0) << 0 << 10 << 5.0 << false;
    QTest::newRow("negative is the start") << qint64(-5) << 0 << 10 << 5.0 << false;
    QTest::newRow("end of stage 0") << qint64(3999) << 0 << 10 << 5.0 << false;
    QTest::newRow("stage 1 begins") << qint64(4000) << 1 << 10 << 2.0 << false;
    QTest::newRow("spike") << qint64(7500) << 2 << 30 << 1000.0 << false;
    QTest::newRow("ramp down") << qint64(8000) << 3 << 0 << 2.0 << false;
    QTest::newRow("after the last") << qint64(13000) << 3 << 0 << 2.0 << true;
    QTest::newRow("long after") << qint64(1000000) << 3 << 0 << 2.0 << true;
}

void StagePlanTest::closedTargets()
{
    QFETCH(qint64, elapsedMs);
    QFETCH(int, stage);
    QFETCH(int, users);
    QFETCH(double, spawnRate);
    QFETCH(bool, finished);
    const StagePlan plan(kClosed, 2.0);
    const StagePlan::Target t = plan.at(elapsedMs);
    QCOMPARE(t.stage, stage);
    QCOMPARE(t.users, users);
    QCOMPARE(t.spawnRate, spawnRate);
    QCOMPARE(t.finished, finished);
}

void StagePlanTest::plannedUsers_data()
{
    QTest::addColumn<qint64>("elapsedMs");
    QTest::addColumn<int>("users");
    // SpawnPlanner: floor(rate × s) + 1 changes since the stage began.
    QTest::newRow("0 s: the first user at once") << qint64(0) << 1;
    QTest::newRow("1 s at 5/s") << qint64(1000) << 6;
    QTest::newRow("1.9 s") << qint64(1900) << 10;
    QTest::newRow("hold") << qint64(5000) << 10;
    QTest::newRow("spike: one change at its first instant") << qint64(7000) << 11;
    QTest::newRow("spike at 1000/s") << qint64(7100) << 30;
    QTest::newRow("ramp down: one at once") << qint64(8000) << 29;
    QTest::newRow("ramp down 2 s at 2/s") << qint64(10000) << 25;
    QTest::newRow("after the last stage the ramp goes on") << qint64(30000) << 0;
}

void StagePlanTest::plannedUsers()
{
    QFETCH(qint64, elapsedMs);
    QFETCH(int, users);
    QCOMPARE(StagePlan(kClosed, 2.0).plannedUsersAt(elapsedMs), users);
}

void StagePlanTest::openRates_data()
{
    QTest::addColumn<double>("startRate");
    QTest::addColumn<qint64>("elapsedMs");
    QTest::addColumn<double>("rate");
    QTest::newRow("from 0") << 0.0 << qint64(0) << 0.0;
    QTest::newRow("half way up") << 0.0 << qint64(1000) << 20.0;
    QTest::newRow("from a start rate") << 10.0 << qint64(1000) << 25.0;
    QTest::newRow("hold") << 10.0 << qint64(4000) << 40.0;
    QTest::newRow("down") << 10.0 << qint64(5500) << 20.0;
    QTest::newRow("after") << 10.0 << qint64(9000) << 0.0;
}

void StagePlanTest::openRates()
{
    QFETCH(double, startRate);
    QFETCH(qint64, elapsedMs);
    QFETCH(double, rate);
    QCOMPARE(StagePlan(kOpen, 1.0, startRate).at(elapsedMs).rate, rate);
}

void StagePlanTest::totalsAndModel()
{
    QCOMPARE(StagePlan(kClosed, 1).totalMs(), 13000);
    QCOMPARE(StagePlan(kClosed, 1).stageStartMs(2), 7000);
    QVERIFY(!StagePlan(kClosed, 1).isOpen());
    QVERIFY(StagePlan(kOpen, 1).isOpen());
    QVERIFY(StagePlan().isEmpty());
    QCOMPARE(StagePlan().at(100).stage, -1);
    LoadSettings load;
    load.spawnRate = 3;
    load.stages = kClosed;
    QCOMPARE(load.effectiveRunTimeMs(), 13000);
    load.runTimeMs = 2000;
    QCOMPARE(load.effectiveRunTimeMs(), 2000);
    QCOMPARE(StagePlan::of(load).at(4000).spawnRate, 3.0);
}

QTEST_GUILESS_MAIN(StagePlanTest)
#include "stageplantest.moc"
