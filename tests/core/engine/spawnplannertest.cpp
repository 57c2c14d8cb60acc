// SpawnPlanner: the Runner's ramp arithmetic and thread choice, for any rate.

#include "engine/spawnplanner.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace cicada;

namespace {

constexpr qint64 kNsPerS = 1000000000;
constexpr qint64 kUnbounded = std::numeric_limits<qint64>::max();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kMaxInt = std::numeric_limits<int>::max();

} // namespace

class SpawnPlannerTest : public QObject
{
    Q_OBJECT

private slots:
    void allowedChanges_data();
    void allowedChanges();
    void wantedUsers_data();
    void wantedUsers();
    void plan_data();
    void plan();
    void threadChoice_data();
    void threadChoice();
    void matchesTheRoundRobinItReplaced();
    void rebalancesAfterARampDown();
};

void SpawnPlannerTest::allowedChanges_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<qint64>("elapsedNs");
    QTest::addColumn<qint64>("changes");
    QTest::newRow("first tick") << 10.0 << 0LL << 1LL;
    QTest::newRow("half a second at 10/s") << 10.0 << kNsPerS / 2 << 6LL;
    QTest::newRow("just under a second") << 10.0 << kNsPerS - 1 << 10LL;
    QTest::newRow("one second at 10/s") << 10.0 << kNsPerS << 11LL;
    QTest::newRow("slow rate") << 0.5 << 3 * kNsPerS << 2LL;
    QTest::newRow("negative elapsed is zero") << 5.0 << -kNsPerS << 1LL;
    QTest::newRow("large but finite") << 1e6 << 1000 * kNsPerS << 1000000001LL;
    QTest::newRow("1e15/s for 10,000 s overflows qint64") << 1e15 << 10000 * kNsPerS << kUnbounded;
    QTest::newRow("1e20/s (issue 9 item 5)") << 1e20 << 0LL << 1LL;
    QTest::newRow("1e20/s after 1 ms") << 1e20 << 1000000LL << 100000000000000001LL;
    QTest::newRow("1e20/s after 1 s") << 1e20 << kNsPerS << kUnbounded;
    QTest::newRow("inf at 0 s (inf * 0 is NaN)") << kInf << 0LL << kUnbounded;
    QTest::newRow("inf") << kInf << kNsPerS << kUnbounded;
    QTest::newRow("NaN") << std::nan("") << kNsPerS << kUnbounded;
    QTest::newRow("zero") << 0.0 << kNsPerS << kUnbounded;
    QTest::newRow("negative") << -3.0 << kNsPerS << kUnbounded;
    QTest::newRow("tiny rate, huge elapsed") << 1e-300 << kUnbounded << 1LL;
}

void SpawnPlannerTest::allowedChanges()
{
    QFETCH(double, rate);
    QFETCH(qint64, elapsedNs);
    QFETCH(qint64, changes);
    QCOMPARE(SpawnPlanner::allowedChanges(rate, elapsedNs), changes);
}

void SpawnPlannerTest::wantedUsers_data()
{
    QTest::addColumn<int>("rampFrom");
    QTest::addColumn<int>("target");
    QTest::addColumn<double>("rate");
    QTest::addColumn<qint64>("elapsedNs");
    QTest::addColumn<int>("wanted");
    QTest::newRow("up, first tick") << 0 << 100 << 10.0 << 0LL << 1;
    QTest::newRow("up, after 2 s") << 0 << 100 << 10.0 << 2 * kNsPerS << 21;
    QTest::newRow("up, clamps at target") << 0 << 100 << 10.0 << 60 * kNsPerS << 100;
    QTest::newRow("up from 50") << 50 << 100 << 10.0 << kNsPerS << 61;
    QTest::newRow("down, first tick") << 100 << 0 << 10.0 << 0LL << 99;
    QTest::newRow("down, after 3 s") << 100 << 20 << 10.0 << 3 * kNsPerS << 69;
    QTest::newRow("down, clamps at target") << 100 << 20 << 10.0 << 60 * kNsPerS << 20;
    QTest::newRow("at target") << 7 << 7 << 10.0 << 0LL << 7;
    QTest::newRow("1e20/s all at once") << 0 << 40000 << 1e20 << 1000000LL << 40000;
    QTest::newRow("inf all at once") << 0 << 40000 << kInf << 0LL << 40000;
    QTest::newRow("inf down at once") << 40000 << 3 << kInf << 0LL << 3;
    QTest::newRow("NaN all at once") << 0 << 10 << std::nan("") << 0LL << 10;
    QTest::newRow("max int target, huge rate") << 0 << kMaxInt << 1e20 << kNsPerS << kMaxInt;
    QTest::newRow("max int target, step beyond int")
        << 0 << kMaxInt << 1e9 << 10 * kNsPerS << kMaxInt;
    QTest::newRow("max int down to 0") << kMaxInt << 0 << 1e9 << 10 * kNsPerS << 0;
    QTest::newRow("near max int, small step")
        << kMaxInt - 10 << kMaxInt << 1.0 << 2 * kNsPerS << kMaxInt - 7;
}

void SpawnPlannerTest::wantedUsers()
{
    QFETCH(int, rampFrom);
    QFETCH(int, target);
    QFETCH(double, rate);
    QFETCH(qint64, elapsedNs);
    QFETCH(int, wanted);
    QCOMPARE(SpawnPlanner::wantedUsers(rampFrom, target, rate, elapsedNs), wanted);
}

void SpawnPlannerTest::plan_data()
{
    QTest::addColumn<int>("rampFrom");
    QTest::addColumn<int>("target");
    QTest::addColumn<double>("rate");
    QTest::addColumn<qint64>("elapsedNs");
    QTest::addColumn<std::vector<int>>("counts");
    QTest::addColumn<std::vector<int>>("starts");
    QTest::addColumn<std::vector<int>>("stops");
    QTest::addColumn<std::vector<int>>("startOrder");
    QTest::addColumn<std::vector<int>>("stopOrder");
    QTest::addColumn<int>("users");
    using V = std::vector<int>;
    QTest::newRow("empty start, 5 users on 3 threads")
        << 0 << 5 << kInf << 0LL << V{0, 0, 0} << V{2, 2, 1} << V{0, 0, 0} << V{0, 1, 2, 0, 1}
        << V{} << 5;
    QTest::newRow("continue a ramp: 4 running, 3 more due")
        << 0 << 100 << 10.0 << kNsPerS / 2 << V{2, 1, 1} << V{0, 1, 1} << V{0, 0, 0} << V{1, 2}
        << V{} << 6;
    QTest::newRow("fill the least loaded first")
        << 0 << 10 << kInf << 0LL << V{5, 0, 2} << V{0, 3, 0} << V{0, 0, 0} << V{1, 1, 1} << V{}
        << 10;
    QTest::newRow("stop from the most loaded, newest thread first")
        << 5 << 2 << kInf << 0LL << V{2, 2, 1} << V{0, 0, 0} << V{1, 1, 1} << V{} << V{1, 0, 2}
        << 2;
    QTest::newRow("down one per tick")
        << 6 << 0 << 1.0 << 0LL << V{2, 2, 2} << V{0, 0, 0} << V{0, 0, 1} << V{} << V{2} << 5;
    QTest::newRow("already there")
        << 3 << 3 << 1.0 << 0LL << V{1, 1, 1} << V{0, 0, 0} << V{0, 0, 0} << V{} << V{} << 3;
    QTest::newRow("negative target means 0")
        << 2 << -5 << kInf << 0LL << V{1, 1} << V{0, 0} << V{1, 1} << V{} << V{1, 0} << 0;
    QTest::newRow("no threads") << 0 << 5 << kInf << 0LL << V{} << V{} << V{} << V{} << V{} << 0;
    QTest::newRow("1e20/s from nothing")
        << 0 << 4 << 1e20 << kNsPerS << V{0, 0} << V{2, 2} << V{0, 0} << V{0, 1, 0, 1} << V{} << 4;
}

void SpawnPlannerTest::plan()
{
    QFETCH(int, rampFrom);
    QFETCH(int, target);
    QFETCH(double, rate);
    QFETCH(qint64, elapsedNs);
    QFETCH(std::vector<int>, counts);
    QFETCH(std::vector<int>, starts);
    QFETCH(std::vector<int>, stops);
    QFETCH(std::vector<int>, startOrder);
    QFETCH(std::vector<int>, stopOrder);
    QFETCH(int, users);
    const SpawnPlanner::Plan p = SpawnPlanner::plan(rampFrom, target, rate, elapsedNs, counts);
    QCOMPARE(p.starts, starts);
    QCOMPARE(p.stops, stops);
    QCOMPARE(p.startOrder, startOrder);
    QCOMPARE(p.stopOrder, stopOrder);
    QCOMPARE(p.users, users);
    QCOMPARE(p.empty(), startOrder.empty() && stopOrder.empty());
}

void SpawnPlannerTest::threadChoice_data()
{
    QTest::addColumn<std::vector<int>>("counts");
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("stop");
    using V = std::vector<int>;
    QTest::newRow("none") << V{} << -1 << -1;
    QTest::newRow("all empty") << V{0, 0, 0} << 0 << -1;
    QTest::newRow("round robin shape") << V{3, 3, 2, 2} << 2 << 1;
    QTest::newRow("all equal") << V{4, 4, 4} << 0 << 2;
    QTest::newRow("uneven") << V{1, 7, 0, 7} << 2 << 3;
}

void SpawnPlannerTest::threadChoice()
{
    QFETCH(std::vector<int>, counts);
    QFETCH(int, start);
    QFETCH(int, stop);
    QCOMPARE(SpawnPlanner::startThread(counts), start);
    QCOMPARE(SpawnPlanner::stopThread(counts), stop);
}

void SpawnPlannerTest::matchesTheRoundRobinItReplaced()
{
    // The Runner used to start user i on thread i % threads and stop the newest user. Ramping
    // up from nothing and down again, the planner must pick the same threads for every start
    // and stop (after a ramp-down the old code could pile users on one thread: see
    // rebalancesAfterARampDown).
    struct Ramp
    {
        int target;
        double rate;
        qint64 elapsedNs;
    };
    const std::vector<Ramp> ramps = {
        {17, 3.0, 2 * kNsPerS}, {17, 3.0, 4 * kNsPerS}, {40, kInf, 0},       {40, 1.0, 0},
        {39, 1.0, 0},           {30, 2.0, 2 * kNsPerS}, {12, 1e20, kNsPerS}, {1, 4.0, 0}};
    constexpr int kThreads = 3;
    std::vector<int> oldThreads; // per user, oldest first (the old Runner's m_spawned)
    int nextIndex = 0;
    std::vector<int> counts(kThreads, 0);
    int rampFrom = 0;
    for (const Ramp &ramp : ramps) {
        const SpawnPlanner::Plan p =
            SpawnPlanner::plan(rampFrom, ramp.target, ramp.rate, ramp.elapsedNs, counts);
        // The replaced code, for the same wanted count.
        const int wanted =
            SpawnPlanner::wantedUsers(rampFrom, ramp.target, ramp.rate, ramp.elapsedNs);
        std::vector<int> oldStarts;
        std::vector<int> oldStops;
        for (int i = int(oldThreads.size()); i < wanted; ++i) {
            oldStarts.push_back(nextIndex++ % kThreads);
            oldThreads.push_back(oldStarts.back());
        }
        for (int i = int(oldThreads.size()); i > wanted; --i) {
            oldStops.push_back(oldThreads.back());
            oldThreads.pop_back();
        }
        QCOMPARE(p.startOrder, oldStarts);
        QCOMPARE(p.stopOrder, oldStops);
        for (int t : p.startOrder)
            ++counts[size_t(t)];
        for (int t : p.stopOrder)
            --counts[size_t(t)];
        rampFrom = p.users;
    }
    QCOMPARE(rampFrom, 11); // the last ramp moves 12 → 1 by one user on its first tick
}

void SpawnPlannerTest::rebalancesAfterARampDown()
{
    // 3 users on 3 threads, down to 2, up to 3 again: one user per thread (the old code started
    // user index 3 on thread 0, leaving thread 2 empty).
    std::vector<int> counts{1, 1, 1};
    SpawnPlanner::Plan p = SpawnPlanner::plan(3, 2, kInf, 0, counts);
    QCOMPARE(p.stopOrder, std::vector<int>{2});
    counts = {1, 1, 0};
    p = SpawnPlanner::plan(2, 3, kInf, 0, counts);
    QCOMPARE(p.startOrder, std::vector<int>{2});
}

QTEST_GUILESS_MAIN(SpawnPlannerTest)
#include "spawnplannertest.moc"
