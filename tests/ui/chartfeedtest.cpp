#include "chartfeed.h"

#include <QLineSeries>
#include <QSignalSpy>
#include <QTest>

using namespace cicada;

namespace {
constexpr qint64 kStartMs = 1'700'000'000'000;

QList<HistoryPoint> history(int seconds)
{
    QList<HistoryPoint> points;
    for (int s = 1; s <= seconds; ++s) {
        HistoryPoint p;
        p.timestampMs = kStartMs + s * 1000;
        p.userCount = std::min(s, 10);
        p.currentRps = 100.0 * s;
        p.currentFailPerSec = 1;
        p.p50Us = 1000;
        p.p95Us = 5000;
        p.p99Us = 9000;
        points.append(p);
    }
    return points;
}
} // namespace

class ChartFeedTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aFinishedRunFitsTheAxisInsteadOfTheLiveMinute()
    {
        ChartFeed feed;
        feed.setHistory(history(13), kStartMs);
        QCOMPARE(feed.xMax(), 60.0); // live: room for the first minute
        QSignalSpy updated(&feed, &ChartFeed::updated);
        feed.setFinished(true);
        QCOMPARE(updated.count(), 1);
        QCOMPARE(feed.xMax(), 15.0);
        feed.setHistory(history(200), kStartMs);
        feed.setWholeRun(true);
        QCOMPARE(feed.xMax(), 200.0);
        feed.setHistory(history(203), kStartMs);
        QCOMPARE(feed.xMax(), 210.0);
        feed.clear(); // a new run is live again
        QVERIFY(!feed.isFinished());
    }

    void fillsSeriesWithOnePointPerSecond()
    {
        ChartFeed feed;
        QSignalSpy updated(&feed, &ChartFeed::updated);
        feed.setHistory(history(30), kStartMs);
        QCOMPARE(updated.count(), 1);
        QLineSeries series;
        feed.fill(&series, "rps");
        QCOMPARE(series.count(), 30);
        QCOMPARE(series.at(0), QPointF(1, 100));
        feed.fill(&series, "p95");
        QCOMPARE(series.at(29), QPointF(30, 5));
        feed.fill(&series, "users");
        QCOMPARE(series.at(29).y(), 10.0);
        QCOMPARE(feed.latest().value("p99").toDouble(), 9.0);
        QCOMPARE(feed.valuesAt(10.2).value("rps").toDouble(), 1000.0);
    }

    void rollingWindowShowsOnlyTheLastSecondsAndWholeRunShowsAll()
    {
        ChartFeed feed;
        feed.setWindowSeconds(60);
        feed.setHistory(history(200), kStartMs);
        QCOMPARE(feed.pointCount(), 61);
        QCOMPARE(feed.xMin(), 140.0);
        QCOMPARE(feed.xMax(), 200.0);
        QVERIFY(feed.rpsMax() >= 20000.0);
        feed.setWholeRun(true);
        QCOMPARE(feed.pointCount(), 200);
        QCOMPARE(feed.xMin(), 0.0);
        QLineSeries series;
        feed.fill(&series, "failures");
        QCOMPARE(series.count(), 200);
    }

    void plannedSeriesIsDrawnWholeBeforeTheRunAndInTheWholeRunView()
    {
        ChartFeed feed;
        // A 10-minute plan up to 40 users.
        const QList<QPointF> plan{{0, 0}, {300, 40}, {600, 40}};
        feed.setSeries(QStringLiteral("planned"), plan);
        QCOMPARE(feed.xMax(), 600.0); // before any history: the whole plan
        QLineSeries series;
        feed.fill(&series, QStringLiteral("planned"));
        QCOMPARE(series.points(), plan);
        QCOMPARE(feed.usersMax(), 40 * 1.05);
        QCOMPARE(feed.valuesAt(290).value(QStringLiteral("planned")).toDouble(), 40.0);

        feed.setHistory(history(30), kStartMs);
        // Rolling view (5 min): the plan as far as one window from its start reaches.
        feed.fill(&series, QStringLiteral("planned"));
        QCOMPARE(series.points(), (QList<QPointF>{{0, 0}, {300, 40}}));
        QCOMPARE(feed.xMax(), 300.0);
        feed.setWindowSeconds(60);
        feed.fill(&series, QStringLiteral("planned"));
        QCOMPARE(series.points(), (QList<QPointF>{{0, 0}}));
        QCOMPARE(feed.xMax(), 60.0);
        QCOMPARE(feed.usersMax(), 10 * 1.05);
        // Whole run: the plan to its end, planned next to actual.
        feed.setWholeRun(true);
        QCOMPARE(feed.xMax(), 600.0);
        feed.fill(&series, QStringLiteral("planned"));
        QCOMPARE(series.count(), 3);
        QCOMPARE(feed.usersMax(), 40 * 1.05);
        const QVariantMap at10 = feed.valuesAt(10);
        QCOMPARE(at10.value(QStringLiteral("users")).toInt(), 10);
        QCOMPARE(at10.value(QStringLiteral("planned")).toDouble(), 0.0);
        // An unset series draws nothing (never a line of zeros).
        feed.fill(&series, QStringLiteral("rate"));
        QCOMPARE(series.count(), 0);
        feed.clear();
        QVERIFY(feed.series(QStringLiteral("planned")).isEmpty());
    }

    void emptyFeedHasASensibleRange()
    {
        ChartFeed feed;
        QCOMPARE(feed.pointCount(), 0);
        QCOMPARE(feed.xMax(), 60.0);
        QLineSeries series;
        series.append(1, 1);
        feed.fill(&series, "rps");
        QCOMPARE(series.count(), 0);
    }

    void niceCeiling_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<double>("nice");
        QTest::newRow("0") << 0.0 << 1.0;
        QTest::newRow("7") << 7.0 << 10.0;
        QTest::newRow("12") << 12.0 << 20.0;
        QTest::newRow("230") << 230.0 << 250.0;
        QTest::newRow("0.3") << 0.3 << 0.5;
    }
    void niceCeiling()
    {
        QFETCH(double, value);
        QFETCH(double, nice);
        QCOMPARE(ChartFeed::niceCeiling(value), nice);
    }
};

QTEST_MAIN(ChartFeedTest)
#include "chartfeedtest.moc"
