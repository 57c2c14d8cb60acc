// UserDistribution: which user type each new user gets, with weights and Locust's fixed_count.
#include "engine/userdistribution.h"

#include <QTest>

#include <limits>

using namespace cicada;

class UserDistributionTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sequenceFollowsWeightsAndFixedCounts_data();
    void sequenceFollowsWeightsAndFixedCounts();
    void fixedTypesRefillFromTheCurrentCounts();
    void maxUsersIsTheFixedSumOnlyWhenEveryTypeIsFixed();
};

void UserDistributionTest::sequenceFollowsWeightsAndFixedCounts_data()
{
    QTest::addColumn<QList<int>>("weights");
    QTest::addColumn<QList<int>>("fixedCounts");
    QTest::addColumn<QList<int>>("sequence"); ///< the first picks, -1 = none possible

    QTest::newRow("weights 3:1") << QList<int>{3, 1} << QList<int>{}
                                 << QList<int>{0, 0, 1, 0, 0, 0, 1, 0};
    QTest::newRow("fixed first, then weights of the others")
        << QList<int>{1, 3, 1} << QList<int>{2, 0, 0} << QList<int>{0, 0, 1, 1, 2, 1, 1, 1, 2, 1};
    // Locust cycles the fixed classes: the one furthest below its count first.
    QTest::newRow("two fixed types take turns")
        << QList<int>{1, 1, 1} << QList<int>{2, 3, 0} << QList<int>{1, 0, 1, 0, 1, 2, 2};
    QTest::newRow("a fixed type's weight is ignored")
        << QList<int>{100, 1} << QList<int>{1, 0} << QList<int>{0, 1, 1, 1};
    QTest::newRow("every type fixed: no more than their sum")
        << QList<int>{1, 1} << QList<int>{1, 2} << QList<int>{1, 0, 1, -1, -1};
    QTest::newRow("no types") << QList<int>{} << QList<int>{} << QList<int>{-1};
}

void UserDistributionTest::sequenceFollowsWeightsAndFixedCounts()
{
    QFETCH(QList<int>, weights);
    QFETCH(QList<int>, fixedCounts);
    QFETCH(QList<int>, sequence);
    UserDistribution distribution(weights, fixedCounts);
    QList<int> picks;
    for (qsizetype i = 0; i < sequence.size(); ++i)
        picks << distribution.next();
    QCOMPARE(picks, sequence);
}

void UserDistributionTest::fixedTypesRefillFromTheCurrentCounts()
{
    // After a ramp-down stopped fixed users, the next spawns bring them back first.
    UserDistribution distribution({1, 1}, {2, 0});
    QCOMPARE(distribution.next({2, 5}), 1);
    QCOMPARE(distribution.next({0, 5}), 0);
    QCOMPARE(distribution.next({1, 5}), 0);
    // More users of a fixed type than its count (a master's spawn) is not a deficit.
    QCOMPARE(distribution.next({7, 5}), 1);
}

void UserDistributionTest::maxUsersIsTheFixedSumOnlyWhenEveryTypeIsFixed()
{
    QCOMPARE(UserDistribution({1, 1}, {2, 3}).maxUsers(), 5);
    QCOMPARE(UserDistribution({1, 1}, {2, 0}).maxUsers(), std::numeric_limits<int>::max());
    QCOMPARE(UserDistribution({1, 1}).maxUsers(), std::numeric_limits<int>::max());
    QCOMPARE(UserDistribution({}).maxUsers(), 0);
}

QTEST_GUILESS_MAIN(UserDistributionTest)
#include "userdistributiontest.moc"
