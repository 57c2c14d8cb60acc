#include "nameseriesfeed.h"

#include "report/namecolor.h"
#include "report/runresult.h"
#include "stats/stats.h"

#include <QLineSeries>
#include <QSignalSpy>
#include <QTest>

using namespace cicada;

class NameSeriesFeedTest : public QObject
{
    Q_OBJECT

private:
    static constexpr qint64 kStartMs = 1'700'000'000'000;

    static void record(Stats *stats, const QString &type, const QString &name, int count,
                       qint64 latencyUs, qint64 atMs, int failures = 0)
    {
        for (int i = 0; i < count; ++i)
            stats->record(RequestOutcome{.type = type,
                                         .name = name,
                                         .responseTimeUs = latencyUs,
                                         .contentLength = 10,
                                         .error = i < failures ? QStringLiteral("boom") : QString(),
                                         .timestampMs = atMs});
    }

private Q_SLOTS:
    void aPointHoldsTheSecondsRateAndItsOwnPercentiles()
    {
        Stats stats(kStartMs);
        NameSeriesFeed feed;
        feed.setWholeRun(true);
        record(&stats, "GET", "/a", 1000, 1'000, kStartMs + 500);
        stats.tick(kStartMs + 1000, 1);
        feed.record(stats, kStartMs + 1000);
        // The next second: 50 slow responses, 10 of them failed. Over the whole run they are
        // under 5 % (the cumulative p95 stays 1 ms); the second's own p95 is 200 ms.
        record(&stats, "GET", "/a", 50, 200'000, kStartMs + 1500, 10);
        stats.tick(kStartMs + 2000, 1);
        feed.record(stats, kStartMs + 2000);
        QCOMPARE(stats.entry("GET", "/a")->percentileUs(95), 1'000);

        const QList<QPointF> rps = feed.points("rps|GET /a");
        QCOMPARE(rps.size(), 2);
        QCOMPARE(rps.at(0), QPointF(1.0, 1000.0));
        QCOMPARE(rps.at(1), QPointF(2.0, 50.0));
        QCOMPARE(feed.points("failures|GET /a").at(1), QPointF(2.0, 10.0));
        const QList<QPointF> p95 = feed.points("p95|GET /a");
        QCOMPARE(p95.size(), 2);
        QVERIFY2(qAbs(p95.at(0).y() - 1.0) < 0.01, qPrintable(QString::number(p95.at(0).y())));
        QVERIFY2(qAbs(p95.at(1).y() - 200.0) < 0.5, qPrintable(QString::number(p95.at(1).y())));
    }

    void aSecondWithoutResponsesHasNoPercentilePoint()
    {
        Stats stats(kStartMs);
        NameSeriesFeed feed;
        record(&stats, "GET", "/a", 10, 5'000, kStartMs + 500);
        stats.tick(kStartMs + 1000, 1);
        stats.tick(kStartMs + 2000, 1);
        feed.record(stats, kStartMs + 2000);
        QCOMPARE(feed.points("rps|GET /a").size(), 2);
        QCOMPARE(feed.points("rps|GET /a").at(1).y(), 0.0);
        QCOMPARE(feed.points("p95|GET /a").size(), 1); // not a false 0 ms
        // A snapshot without a new second adds nothing (points are not drawn twice).
        feed.record(stats, kStartMs + 2500);
        QCOMPARE(feed.points("rps|GET /a").size(), 2);
    }

    void aDownsampledHistoryIsDrawnAgainNotTwice()
    {
        Stats stats(kStartMs);
        NameSeriesFeed feed;
        feed.setWholeRun(true);
        const int ticks = Stats::kMaxHistoryPoints + 50;
        for (int i = 1; i <= ticks; ++i) {
            record(&stats, "GET", "/a", 2, 1'000, kStartMs + i * 1000 - 500);
            stats.tick(kStartMs + i * 1000, 1);
            feed.record(stats, kStartMs + i * 1000);
        }
        const QList<NameHistoryPoint> history = stats.nameHistory().points({"GET", "/a"});
        QVERIFY(history.size() < ticks); // it was downsampled
        const QList<QPointF> rps = feed.points("rps|GET /a");
        QCOMPARE(rps.size(), history.size());
        // Every point is 2 requests per second, merged or not.
        for (const QPointF &p : rps)
            QCOMPARE(p.y(), 2.0);
        QCOMPARE(rps.constLast().x(), double(ticks));
    }

    void theBusiestNamesArePickedUntilTheUserPicks()
    {
        Stats stats(kStartMs);
        NameSeriesFeed feed;
        QSignalSpy selection(&feed, &NameSeriesFeed::selectionChanged);
        record(&stats, "GET", "/quiet", 1, 1'000, kStartMs + 500);
        record(&stats, "GET", "/busy", 40, 1'000, kStartMs + 500);
        record(&stats, "WS send", "chat", 30, 1'000, kStartMs + 500);
        record(&stats, "GET", "/mid", 20, 1'000, kStartMs + 500);
        stats.tick(kStartMs + 1000, 1);
        feed.record(stats, kStartMs + 1000);
        QCOMPARE(feed.keys(), QStringList({"GET /busy", "WS send chat", "GET /mid", "GET /quiet"}));
        QCOMPARE(feed.selected(), QStringList({"GET /busy", "WS send chat", "GET /mid"}));
        QVERIFY(selection.count() >= 1);

        feed.toggle("GET /busy"); // drop one of the automatic pick
        QCOMPARE(feed.selected(), QStringList({"WS send chat", "GET /mid"}));
        feed.toggle("GET /quiet");
        QCOMPARE(feed.selected(), QStringList({"WS send chat", "GET /mid", "GET /quiet"}));
        QVERIFY(feed.isSelected("GET /quiet"));
        QVERIFY(!feed.isSelected("GET /busy"));

        // The pick is the user's now: a new run keeps it.
        feed.clear();
        QVERIFY(feed.keys().isEmpty());
        QCOMPARE(feed.selected(), QStringList({"WS send chat", "GET /mid", "GET /quiet"}));
    }

    void onlyPickedNamesSetTheAxisRanges()
    {
        Stats stats(kStartMs);
        NameSeriesFeed feed;
        feed.setWholeRun(true);
        record(&stats, "GET", "/fast", 100, 2'000, kStartMs + 500);
        record(&stats, "GET", "/slow", 10, 900'000, kStartMs + 500);
        stats.tick(kStartMs + 1000, 1);
        feed.record(stats, kStartMs + 1000);
        feed.setSelected({"GET /fast"});
        QVERIFY(feed.latencyMaxMs() < 3.0);
        QCOMPARE(feed.rpsMax(), 100.0 * TimeSeriesFeed::kHeadroom);
        feed.toggle("GET /slow");
        QVERIFY(feed.latencyMaxMs() > 800.0);
        QCOMPARE(feed.pointCount(), 1);
        QCOMPARE(feed.xMin(), 0.0);
        QCOMPARE(feed.xMax(), TimeSeriesFeed::kAxisStepS);

        QLineSeries series;
        feed.fill(&series, "p95|GET /slow");
        QCOMPARE(series.count(), 1);
        QVERIFY(feed.describeAt(1.0, "p95").contains("GET /slow 900"));
    }

    void aSavedRunIsReadFromItsPerNameHistory()
    {
        RunResult result;
        result.startMs = kStartMs;
        ResultEntry get;
        get.type = "GET";
        get.name = "/a";
        get.numRequests = 12;
        get.history = {{kStartMs + 1000, 4, 1, 1'000, 2'000, 3'000},
                       {kStartMs + 2000, 0, 0, 0, 0, 0},
                       // downsampled: two seconds in one point
                       {kStartMs + 4000, 8, 0, 1'500, 40'000, 50'000}};
        ResultEntry push = get;
        push.type = "WS recv";
        push.name = "price";
        push.kind = ResultEntry::Kind::Message; // messages are not plotted per name
        result.entries = {get, push};
        NameSeriesFeed feed;
        feed.setWholeRun(true);
        feed.setResult(result);
        QCOMPARE(feed.keys(), QStringList({"GET /a"}));
        QCOMPARE(feed.points("rps|GET /a"), QList<QPointF>({{1.0, 4.0}, {2.0, 0.0}, {4.0, 4.0}}));
        QCOMPARE(feed.points("failures|GET /a").at(0), QPointF(1.0, 1.0));
        QCOMPARE(feed.points("p95|GET /a"), QList<QPointF>({{1.0, 2.0}, {4.0, 40.0}}));
        QCOMPARE(feed.latencyMaxMs(), 50.0 * TimeSeriesFeed::kHeadroom); // p99 counts too
        // Another run replaces the points.
        feed.setResult(RunResult());
        QVERIFY(feed.keys().isEmpty());
        QVERIFY(feed.points("rps|GET /a").isEmpty());
        QCOMPARE(feed.pointCount(), 0);
    }

    void aNameKeepsItsColour()
    {
        NameSeriesFeed a;
        NameSeriesFeed b;
        QCOMPARE(a.colorOf("GET /a", false), b.colorOf("GET /a", false));
        QVERIFY(a.colorOf("GET /a", false) != a.colorOf("GET /a", true));
        QVERIFY(a.colorOf("GET /a", false).isValid());
        // The HTML report's colour for the same row.
        Stats stats(kStartMs);
        record(&stats, "WS send", "chat", 1, 1'000, kStartMs + 500);
        stats.tick(kStartMs + 1000, 1);
        a.record(stats, kStartMs + 1000);
        QCOMPARE(a.colorOf("WS send chat", true),
                 QColor(NameColor::colour("WS send", "chat", NameColor::Scheme::Dark)));
    }
};

QTEST_MAIN(NameSeriesFeedTest)
#include "nameseriesfeedtest.moc"
