#include "healthfeed.h"

#include "engine/runnerstate.h"
#include "report/runresult.h"

#include <QSignalSpy>
#include <QTest>

using namespace cicada;

class HealthFeedTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void liveSamplesBecomeCpuLagAndLateStartsPerSecond()
    {
        HealthFeed feed;
        feed.setWholeRun(true);
        QSignalSpy updated(&feed, &HealthFeed::updated);
        GeneratorHealth health;
        health.cpuPercent = 40;
        health.loopLagMs = 2;
        health.lateStarts = 10;
        feed.record(health, 1000, true);
        health.cpuPercent = 95;
        health.loopLagMs = 60;
        health.lateStarts = 40;
        feed.record(health, 3000, true);
        feed.record(health, 3200, true); // the same second again: skipped
        QCOMPARE(updated.count(), 2);
        QCOMPARE(feed.points("cpu|"), QList<QPointF>({{1.0, 40.0}, {3.0, 95.0}}));
        QCOMPARE(feed.points("lag|"), QList<QPointF>({{1.0, 2.0}, {3.0, 60.0}}));
        QCOMPARE(feed.points("late|"), QList<QPointF>({{1.0, 10.0}, {3.0, 15.0}}));
        QCOMPARE(feed.bottleneckSeconds(), 0); // one hot second is no verdict
        QCOMPARE(feed.peakCpuPercent(), 95.0);
        QCOMPARE(feed.usersMax(), 95.0 * TimeSeriesFeed::kHeadroom); // CPU on the users scale
        QCOMPARE(feed.latencyMaxMs(), 60.0 * TimeSeriesFeed::kHeadroom);
        QVERIFY(feed.describeAt(3.0).contains("CPU 95 % · loop lag 60.0 ms · late starts 15.0/s"));
        feed.clear();
        QCOMPARE(feed.pointCount(), 0);
        QCOMPARE(feed.bottleneckSeconds(), 0);
    }

    void aSavedRunIsReadFromItsHealthSamples()
    {
        RunResult result;
        result.startMs = 1'700'000'000'000;
        result.health = {{result.startMs + 1000, 30, 1.5, 0, 0, false},
                         {result.startMs + 2000, 92, 70, 0, 0, true}};
        HealthFeed feed;
        feed.setResult(result);
        QVERIFY(!feed.isOpenModel());
        QCOMPARE(feed.points("cpu|").size(), 2);
        QCOMPARE(feed.points("lag|").at(1), QPointF(2.0, 70.0));
        QVERIFY(feed.points("late|").isEmpty()); // closed model: no late starts
        QCOMPARE(feed.bottleneckSeconds(), 1);
        QCOMPARE(feed.peakLagMs(), 70.0);
    }
};

QTEST_MAIN(HealthFeedTest)
#include "healthfeedtest.moc"
