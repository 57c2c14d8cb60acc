#include "output/liveview.h"
#include "output/texttable.h"
#include "stats/stats.h"

#include <QRegularExpression>
#include <QTest>

using namespace cicada;

namespace {

constexpr qint64 kT0Ms = 1'700'000'000'000;

RequestOutcome outcome(const QString &name, qint64 us, qint64 atMs, const QString &error = {})
{
    return RequestOutcome{.type = QStringLiteral("GET"),
                          .name = name,
                          .responseTimeUs = us,
                          .contentLength = 0,
                          .error = error,
                          .timestampMs = atMs};
}

/// 15 rows: /r00 with 15 requests, /r01 with 14, …, /r14 with 1; /r03 fails once.
Stats sample()
{
    Stats stats(kT0Ms);
    for (int row = 0; row < 15; ++row) {
        const QString name = QStringLiteral("/r%1").arg(row, 2, 10, QLatin1Char('0'));
        for (int i = 0; i < 15 - row; ++i)
            stats.record(outcome(name, 123 + row * 1'000, kT0Ms + i * 100,
                                 row == 3 && i == 0 ? QStringLiteral("HTTP 500") : QString()));
    }
    return stats;
}

LiveView::Status status(qint64 elapsedMs, qint64 plannedMs)
{
    LiveView::Status s;
    s.state = QStringLiteral("running");
    s.elapsedMs = elapsedMs;
    s.plannedMs = plannedMs;
    s.load = QStringLiteral("20 users");
    s.health = {QStringLiteral("2 threads"), QStringLiteral("CPU 1%"),
                QStringLiteral("loop lag 3.1 ms")};
    return s;
}

QStringList plainLines(QString text)
{
    text.remove(QRegularExpression(QStringLiteral("\x1b\\[[0-9;]*m")));
    return text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class LiveViewTest : public QObject
{
    Q_OBJECT

private slots:
    void frameHasProgressAggregatedHealthAndTheBusiestRows()
    {
        const LiveView view(100, 40, false);
        const QStringList lines =
            plainLines(view.frame(status(15'000, 30'000), sample(), kT0Ms + 2'000));
        // Half the planned time: the bar is half full.
        QVERIFY2(lines.at(0).startsWith(QStringLiteral("running  [")), qPrintable(lines.at(0)));
        const QString bar =
            lines.at(0).section(QLatin1Char('['), 1).section(QLatin1Char(']'), 0, 0);
        QCOMPARE(bar.size(), LiveView::kMaxBarWidth - 2);
        QCOMPARE(bar.count(QLatin1Char('=')), bar.size() / 2);
        QVERIFY(bar.contains(QStringLiteral("=>-")));
        QVERIFY(lines.at(0).endsWith(QStringLiteral("]  0:15 / 0:30  20 users")));
        // 120 requests, 1 failure.
        QVERIFY2(lines.at(1).startsWith(QStringLiteral("Aggregated  120 reqs  ")),
                 qPrintable(lines.at(1)));
        QVERIFY(lines.at(1).contains(QStringLiteral("failures 0.83%")));
        QVERIFY(lines.at(1).contains(QStringLiteral("p50 ")));
        QCOMPARE(lines.at(2), QStringLiteral("2 threads · CPU 1% · loop lag 3.1 ms"));
        QVERIFY(lines.at(3).startsWith(QStringLiteral("Type Name")));
        // The busiest rows (at most kMaxRows) in name order, then how many more the final table
        // has.
        QVERIFY(lines.at(4).startsWith(QStringLiteral("GET  /r00   15")));
        QVERIFY(lines.at(5).startsWith(QStringLiteral("GET  /r01   14")));
        QCOMPARE(lines.size(), 4 + LiveView::kMaxRows + 1);
        QCOMPARE(lines.constLast(), QStringLiteral("… 5 more rows in the table at the end"));
        Stats more = sample();
        for (int i = 0; i < 20; ++i)
            more.record(outcome(QStringLiteral("/zz"), 1'000, kT0Ms + i));
        const QStringList withBusiest =
            plainLines(view.frame(status(15'000, 30'000), more, kT0Ms + 2'000));
        QVERIFY(withBusiest.at(4).startsWith(QStringLiteral("GET  /r00 ")));
        QVERIFY(withBusiest.at(3 + LiveView::kMaxRows).startsWith(QStringLiteral("GET  /zz ")));
        QVERIFY(!withBusiest.join(QLatin1Char('\n')).contains(QStringLiteral("/r09")));
        // A sub-millisecond p50 keeps its digits.
        QVERIFY2(lines.at(4).contains(QStringLiteral(" 0.123 ")), qPrintable(lines.at(4)));
    }

    void rowsFollowTheHeight()
    {
        // 12 lines: 3 status lines, the table's header, the "more" line, the prompt's line.
        const LiveView view(100, 12, false);
        const QStringList lines = plainLines(view.frame(status(1'000, 0), sample(), kT0Ms + 2'000));
        QCOMPARE(lines.size(), 3 + 1 + 6 + 1);
        QCOMPARE(lines.constLast(), QStringLiteral("… 9 more rows in the table at the end"));
        // No planned time: no bar.
        QCOMPARE(lines.at(0), QStringLiteral("running  0:01 (until stopped)  20 users"));
        // Elapsed time rounds to the nearest second, like the bar's fill.
        QVERIFY(plainLines(view.frame(status(4'600, 6'000), sample(), kT0Ms))
                    .at(0)
                    .endsWith(QStringLiteral("0:05 / 0:06  20 users")));
    }

    void everyLineFitsTheWidth_data()
    {
        QTest::addColumn<int>("width");
        for (const int width : {20, 40, 60, 80, 120})
            QTest::addRow("%d columns", width) << width;
    }

    void everyLineFitsTheWidth()
    {
        QFETCH(int, width);
        Stats stats = sample();
        stats.record(outcome(QStringLiteral("/a/very/long/") + QString(100, QLatin1Char('n')),
                             5'000, kT0Ms + 1));
        for (const bool colour : {false, true}) {
            const LiveView view(width, 40, colour);
            // One cell less than the width: terminals differ on wrapping at the last cell.
            for (const QString &line :
                 plainLines(view.frame(status(10'000, 60'000), stats, kT0Ms + 2'000)))
                QVERIFY2(TextTable::displayWidth(line) < width, qPrintable(line));
        }
    }

    void colourOnlyWhenAsked()
    {
        const Stats stats = sample();
        const QString plain = LiveView(100, 40, false).frame(status(1'000, 2'000), stats, kT0Ms);
        QVERIFY(!plain.contains(QLatin1Char('\x1b')));
        const QString coloured = LiveView(100, 40, true).frame(status(1'000, 2'000), stats, kT0Ms);
        QVERIFY(coloured.contains(QStringLiteral("\x1b[32mrunning\x1b[0m")));
        QVERIFY(coloured.contains(QStringLiteral("\x1b[31mfailures 0.83%\x1b[0m")));
        QVERIFY(coloured.contains(QStringLiteral("\x1b[31m8.33%\x1b[0m"))); // /r03: 1 of 12
        QVERIFY(coloured.contains(QStringLiteral("\x1b[32m0.00%\x1b[0m")));
        QCOMPARE(plainLines(coloured), plainLines(plain));
    }

    void redrawMovesUpOverThePreviousFrameAndErases()
    {
        LiveView view(80, 40, false);
        QCOMPARE(view.clear(), QString()); // nothing on screen
        const QString first = QStringLiteral("a\nb\nc\n");
        QCOMPARE(view.draw(first), first);
        QCOMPARE(view.linesOnScreen(), 3);
        QCOMPARE(view.draw(QStringLiteral("d\ne\n")), QStringLiteral("\r\x1b[3A\x1b[Jd\ne\n"));
        QCOMPARE(view.linesOnScreen(), 2);
        // A message stays above the view, which is drawn again below it.
        QCOMPARE(view.above(QStringLiteral("users 2 → 3\n")),
                 QStringLiteral("\r\x1b[2A\x1b[Jusers 2 → 3\nd\ne\n"));
        QCOMPARE(view.linesOnScreen(), 2);
        QCOMPARE(view.clear(), QStringLiteral("\r\x1b[2A\x1b[J"));
        QCOMPARE(view.linesOnScreen(), 0);
        QCOMPARE(view.clear(), QString());
        QCOMPARE(view.above(QStringLiteral("x\n")), QStringLiteral("x\n"));
        QCOMPARE(view.restore(), QStringLiteral("d\ne\n"));
        QCOMPARE(view.restore(), QString()); // already on screen
    }

    void aNarrowerTerminalWrapsTheFrameOnScreen()
    {
        LiveView view(80, 40, false);
        (void)view.draw(QString(60, QLatin1Char('x')) + QStringLiteral("\nshort\n"));
        view.resize(30, 40);
        // 60 cells wrap to 2 lines at 30 columns: 3 lines to go up.
        QCOMPARE(view.clear(), QStringLiteral("\r\x1b[3A\x1b[J"));
    }
};

QTEST_APPLESS_MAIN(LiveViewTest)
#include "liveviewtest.moc"
