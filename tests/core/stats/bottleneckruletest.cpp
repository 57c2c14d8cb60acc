#include "stats/bottleneckrule.h"

#include <QTest>

using namespace cicada;

class BottleneckRuleTest : public QObject
{
    Q_OBJECT

private slots:
    void hotSecondThresholds_data()
    {
        QTest::addColumn<double>("cpuPercent");
        QTest::addColumn<int>("threads");
        QTest::addColumn<int>("cores");
        QTest::addColumn<double>("lagMs");
        QTest::addColumn<bool>("hot");
        // The case: 7 ms of lag at 2 % CPU is not a bottleneck.
        QTest::newRow("7 ms lag, 2 % CPU") << 2.0 << 2 << 2 << 7.0 << false;
        QTest::newRow("lag just below 50 ms") << 10.0 << 2 << 2 << 49.9 << false;
        QTest::newRow("lag 50 ms") << 10.0 << 2 << 2 << 50.0 << true;
        QTest::newRow("2 threads, 179 %") << 179.0 << 2 << 4 << 0.0 << false;
        QTest::newRow("2 threads, 180 %") << 180.0 << 2 << 4 << 0.0 << true;
        QTest::newRow("1 thread, 90 %") << 90.0 << 1 << 4 << 0.0 << true;
        // Threads beyond the cores cannot add CPU: 8 threads on 2 cores are hot at 180 %.
        QTest::newRow("8 threads on 2 cores, 180 %") << 180.0 << 8 << 2 << 0.0 << true;
        QTest::newRow("8 threads on 2 cores, 150 %") << 150.0 << 8 << 2 << 0.0 << false;
        QTest::newRow("no threads known") << 90.0 << 0 << 2 << 0.0 << true;
    }
    void hotSecondThresholds()
    {
        QFETCH(double, cpuPercent);
        QFETCH(int, threads);
        QFETCH(int, cores);
        QFETCH(double, lagMs);
        QFETCH(bool, hot);
        QCOMPARE(BottleneckRule::isHot(cpuPercent, threads, cores, lagMs), hot);
    }

    void twoHotOfFiveIsNotABottleneck()
    {
        BottleneckRule rule;
        for (const bool hot : {true, false, true, false, false, true, false, false, true, false})
            QVERIFY(!rule.addSample(hot));
        QCOMPARE(rule.episodes(), 0);
        QCOMPARE(rule.bottleneckSamples(), 0);
    }

    void threeHotOfFiveIsABottleneckAndTurnsOnOnce()
    {
        BottleneckRule rule;
        QVERIFY(!rule.addSample(true));
        QVERIFY(!rule.addSample(false));
        QVERIFY(!rule.addSample(true));
        QVERIFY(!rule.turnedOn());
        QVERIFY(rule.addSample(true)); // 3 of the last 4
        QVERIFY(rule.turnedOn());
        QCOMPARE(rule.episodes(), 1);
        QVERIFY(rule.addSample(true));
        QVERIFY(!rule.turnedOn()); // still the same episode: warn once
        QCOMPARE(rule.episodes(), 1);
        QCOMPARE(rule.hotInWindow(), 4);
    }

    void recoversWhenFewerThanThreeOfTheLastFiveAreHot()
    {
        BottleneckRule rule;
        for (int i = 0; i < 5; ++i)
            rule.addSample(true);
        QVERIFY(rule.isBottleneck());
        QVERIFY(rule.addSample(false));  // 4 of 5
        QVERIFY(rule.addSample(false));  // 3 of 5
        QVERIFY(!rule.addSample(false)); // 2 of 5: recovered
        QVERIFY(!rule.turnedOn());
        QCOMPARE(rule.bottleneckSamples(), 5);
        // A new episode is counted (and would be warned about) again.
        QVERIFY(!rule.addSample(true)); // t f f f t: 2 of 5
        QVERIFY(!rule.addSample(true)); // f f f t t
        QVERIFY(rule.addSample(true));  // f f t t t
        QVERIFY(rule.turnedOn());
        QCOMPARE(rule.episodes(), 2);
    }

    void measuredSamplesUseTheThresholds()
    {
        BottleneckRule rule;
        // One-second spikes of lag between quiet seconds never add up to 3 of 5.
        for (int i = 0; i < 10; ++i)
            QVERIFY(!rule.addSample(5.0, 2, 2, i % 3 == 0 ? 80.0 : 7.0));
        for (int i = 0; i < 3; ++i)
            rule.addSample(195.0, 2, 2, 1.0);
        QVERIFY(rule.isBottleneck());
        rule.reset();
        QVERIFY(!rule.isBottleneck());
        QCOMPARE(rule.hotInWindow(), 0);
        QCOMPARE(rule.episodes(), 0);
    }
};

QTEST_GUILESS_MAIN(BottleneckRuleTest)
#include "bottleneckruletest.moc"
