#include "report/svgchart.h"

#include <QRegularExpression>
#include <QTest>

using namespace cicada;

class SvgChartTest : public QObject
{
    Q_OBJECT

private slots:
    void niceStepIsOneTwoOrFiveTimesAPowerOfTen_data()
    {
        QTest::addColumn<double>("range");
        QTest::addColumn<int>("ticks");
        QTest::addColumn<double>("step");
        QTest::newRow("10/5") << 10.0 << 5 << 2.0;
        QTest::newRow("1/5") << 1.0 << 5 << 0.2;
        QTest::newRow("17/5") << 17.0 << 5 << 5.0;
        QTest::newRow("0.03/5") << 0.03 << 5 << 0.01;
        QTest::newRow("350/5") << 350.0 << 5 << 100.0;
        QTest::newRow("1000/5") << 1000.0 << 5 << 200.0;
        QTest::newRow("empty") << 0.0 << 5 << 1.0;
    }
    void niceStepIsOneTwoOrFiveTimesAPowerOfTen()
    {
        QFETCH(double, range);
        QFETCH(int, ticks);
        QFETCH(double, step);
        QVERIFY(qFuzzyCompare(SvgChart::niceStep(range, ticks), step));
    }

    void oneVertexPerPointAndAxesWithLabels()
    {
        SvgChart chart(600, 300);
        chart.setTitle(QStringLiteral("Requests <per> second"));
        chart.setXAxis(SvgChart::XAxis::ElapsedSeconds, QStringLiteral("Time since start (m:ss)"));
        chart.setYAxis(QStringLiteral("Rate (per second)"));
        SvgChart::Series s{QStringLiteral("rps"),
                           QStringLiteral("Requests/s"),
                           QStringLiteral("#2563eb"),
                           {},
                           false};
        for (int i = 1; i <= 90; ++i)
            s.points.append(QPointF(i, i % 7));
        chart.addSeries(s);
        const QString svg = chart.render();
        QVERIFY(svg.startsWith(QStringLiteral("<svg class=\"chart\" viewBox=\"0 0 600 300\"")));
        QVERIFY(svg.contains(QStringLiteral("Requests &lt;per&gt; second")));
        QVERIFY(svg.contains(QStringLiteral(">Time since start (m:ss)</text>")));
        QVERIFY(svg.contains(QStringLiteral(">Rate (per second)</text>")));
        QVERIFY(svg.contains(QStringLiteral(">1:30</text>")));
        QVERIFY(svg.contains(QStringLiteral("data-series=\"rps\" data-points=\"90\"")));
        static const QRegularExpression points(QStringLiteral(" points=\"([^\"]*)\""));
        QCOMPARE(points.match(svg).captured(1).split(QLatin1Char(' ')).size(), 90);
        QVERIFY(!svg.contains(QStringLiteral("nan")));
    }

    void logAxisSkipsNonPositiveValuesAndLabelsDecades()
    {
        SvgChart chart(600, 300);
        chart.setXAxis(SvgChart::XAxis::Log10, QStringLiteral("Response time (ms, log scale)"));
        chart.addSeries({QStringLiteral("d"),
                         QStringLiteral("GET /a"),
                         QStringLiteral("#000"),
                         {QPointF(0, 5), QPointF(0.5, 10), QPointF(3, 50), QPointF(40, 1)},
                         false});
        const QString svg = chart.render();
        QVERIFY(svg.contains(QStringLiteral("data-points=\"3\"")));
        for (const char *label : {">0.1</text>", ">1</text>", ">10</text>", ">100</text>"})
            QVERIFY2(svg.contains(QLatin1String(label)), label);
    }

    void longLegendLabelsAreShortenedAndWrapped()
    {
        SvgChart chart(600, 300);
        for (int i = 0; i < 8; ++i)
            chart.addSeries(
                {QStringLiteral("s%1").arg(i),
                 QStringLiteral("WS send %1-a-really-long-message-name-that-goes-on").arg(i),
                 QStringLiteral("#000"),
                 {QPointF(1, 1), QPointF(2, 2)},
                 false});
        const QString svg = chart.render();
        QVERIFY(svg.contains(QChar(0x2026)));
        // Legend rows below each other, and the full name in a tooltip.
        QVERIFY(svg.contains(
            QStringLiteral("<title>WS send 7-a-really-long-message-name-that-goes-on</title>")));
        static const QRegularExpression legendY(
            QStringLiteral("<g class=\"legend-item\">.*?<text x=\"[\\d.]+\" y=\"([\\d.]+)\""));
        QSet<QString> rows;
        QRegularExpressionMatchIterator it = legendY.globalMatch(svg);
        while (it.hasNext())
            rows.insert(it.next().captured(1));
        QVERIFY(rows.size() >= 4);
    }

    void hoverNumberHasAboutThreeSignificantDigits_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("whole") << 50.0 << QStringLiteral("50");
        QTest::newRow("zero") << 0.0 << QStringLiteral("0");
        QTest::newRow("hundreds") << 212.4 << QStringLiteral("212");
        QTest::newRow("tens") << 38.64 << QStringLiteral("38.6");
        QTest::newRow("ones") << 4.214 << QStringLiteral("4.21");
        QTest::newRow("below one") << 0.0523 << QStringLiteral("0.052");
        QTest::newRow("negative") << -2.5 << QStringLiteral("-2.50");
    }
    void hoverNumberHasAboutThreeSignificantDigits()
    {
        QFETCH(double, value);
        QFETCH(QString, text);
        QCOMPARE(SvgChart::hoverNumber(value), text);
    }

    void eachSampleColumnHasATitleWithEverySeriesValue()
    {
        SvgChart chart(600, 300);
        chart.addSeries({QStringLiteral("a"),
                         QStringLiteral("Requests/s"),
                         QStringLiteral("#111"),
                         {QPointF(1, 10), QPointF(2, 12.5), QPointF(3, 9)},
                         false,
                         {},
                         QStringLiteral("/s")});
        // The second series has no sample at 2 s: its line is not in that column.
        chart.addSeries({QStringLiteral("b"),
                         QStringLiteral("p95 <ms>"),
                         QStringLiteral("#222"),
                         {QPointF(1, 0.5), QPointF(3, 250)},
                         true,
                         {},
                         QStringLiteral("ms")});
        const QString svg = chart.render();
        QCOMPARE(svg.count(QStringLiteral("<rect class=\"hit\"")), 3);
        QVERIFY(svg.contains(QStringLiteral("<title>0:01\nRequests/s: 10 /s\np95 &lt;ms&gt;: "
                                            "0.500 ms</title>")));
        QVERIFY(svg.contains(QStringLiteral("<title>0:02\nRequests/s: 12.5 /s</title>")));
        QVERIFY(svg.contains(QStringLiteral("<title>0:03\nRequests/s: 9 /s\np95 &lt;ms&gt;: 250 "
                                            "ms</title>")));
        // The columns are on top of the lines (last), tile the plot without overlapping and
        // are invisible until hovered.
        QVERIFY(svg.indexOf(QStringLiteral("<g class=\"hits\">")) >
                svg.lastIndexOf(QStringLiteral("<polyline")));
        static const QRegularExpression rect(
            QStringLiteral("<rect class=\"hit\" data-x=\"[^\"]+\" x=\"([\\d.]+)\" y=\"[\\d.]+\" "
                           "width=\"([\\d.]+)\"[^>]*fill-opacity=\"0\""));
        QRegularExpressionMatchIterator it = rect.globalMatch(svg);
        double lastEnd = 0;
        int columns = 0;
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            const double x = m.captured(1).toDouble();
            QVERIFY2(x >= lastEnd - 0.11, qPrintable(m.captured(0)));
            lastEnd = x + m.captured(2).toDouble();
            ++columns;
        }
        QCOMPARE(columns, 3);
    }

    void denseSamplesShareAColumnWithAverageAndMaximum()
    {
        SvgChart chart(600, 300);
        SvgChart::Series s{
            QStringLiteral("a"), QStringLiteral("Users"), QStringLiteral("#111"), {}, false};
        for (int i = 1; i <= 3600; ++i)
            s.points.append(QPointF(i, i % 10 == 0 ? 100 : 10));
        chart.addSeries(s);
        const QString svg = chart.render();
        const qsizetype columns = svg.count(QStringLiteral("<rect class=\"hit\""));
        // 518 px of plot: no column narrower than kMinHitWidthPx, so far fewer than 3600.
        QVERIFY(columns <= int(518 / SvgChart::kMinHitWidthPx) + 1);
        QVERIFY(columns >= int(518 / SvgChart::kMinHitWidthPx / 2));
        static const QRegularExpression grouped(QStringLiteral(
            "<title>(\\d+:\\d\\d)–(\\d+:\\d\\d)\nUsers: avg ([\\d.]+), max 100</title>"));
        const QRegularExpressionMatch m = grouped.match(svg);
        QVERIFY2(m.hasMatch(),
                 qPrintable(svg.mid(svg.indexOf(QStringLiteral("<g class=\"hits\">")), 400)));
        QVERIFY(m.captured(3).toDouble() > 10 && m.captured(3).toDouble() < 100);
    }

    void secondaryAxisAndBands()
    {
        SvgChart chart(600, 300);
        chart.setYAxis(QStringLiteral("CPU (%)"));
        chart.setSecondaryYAxis(QStringLiteral("Loop lag (ms)"));
        chart.addSeries({QStringLiteral("cpu"),
                         QStringLiteral("CPU"),
                         QStringLiteral("#111"),
                         {QPointF(1, 50), QPointF(2, 100)},
                         false});
        chart.addSeries({QStringLiteral("lag"),
                         QStringLiteral("Lag"),
                         QStringLiteral("#222"),
                         {QPointF(1, 5000), QPointF(2, 2500)},
                         false,
                         {},
                         QStringLiteral("ms"),
                         true});
        chart.addBand({1.5, 2, QStringLiteral("Bottleneck"), QStringLiteral("#d97706"),
                       QStringLiteral("Hot")});
        chart.addBand({0.2, 0.4, QStringLiteral("Bottleneck"), QStringLiteral("#d97706"),
                       QStringLiteral("Hot")});
        const QString svg = chart.render();
        QVERIFY(svg.contains(QStringLiteral(">Loop lag (ms)</text>")));
        QVERIFY(svg.contains(QStringLiteral("<g class=\"axis y2\"")));
        // The right axis has its own ticks up to the lag (5000 ms with headroom: 6000), the
        // left one up to the CPU's (100 %: 150).
        QVERIFY(svg.contains(QStringLiteral("text-anchor=\"start\">6000</text>")));
        QVERIFY(svg.contains(QStringLiteral("text-anchor=\"end\">150</text>")));
        QVERIFY(!svg.contains(QStringLiteral("text-anchor=\"end\">6000</text>")));
        // Each line within the plot on its own scale (on the left scale the lag would be far
        // above the frame, at negative y, which the pattern does not match).
        static const QRegularExpression points(QStringLiteral(
            "data-series=\"(cpu|lag)\"[^>]* points=\"([\\d.]+),([\\d.]+) ([\\d.]+),([\\d.]+)\""));
        QRegularExpressionMatchIterator it = points.globalMatch(svg);
        QHash<QString, QStringList> ys;
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            ys.insert(m.captured(1), {m.captured(3), m.captured(5)});
        }
        QCOMPARE(ys.size(), 2);
        // CPU 100 and 50 of 150 are a third of the plot height apart; lag 5000 and 2500 of 6000
        // are 2500 / 6000 of it apart.
        const double plot = 3 * (ys.value(QStringLiteral("cpu")).value(0).toDouble() -
                                 ys.value(QStringLiteral("cpu")).value(1).toDouble());
        const double lagDrop = ys.value(QStringLiteral("lag")).value(1).toDouble() -
                               ys.value(QStringLiteral("lag")).value(0).toDouble();
        QVERIFY2(qAbs(lagDrop - plot * 2500 / 6000) < 0.3, qPrintable(QString::number(lagDrop)));
        QCOMPARE(svg.count(QStringLiteral("<rect class=\"band\"")), 2);
        // One legend entry for both bands.
        QCOMPARE(svg.count(QStringLiteral("<rect class=\"band-swatch\"")), 1);
        QVERIFY(svg.contains(QStringLiteral(">Hot</text></g>")));
        QVERIFY(svg.contains(
            QStringLiteral("<title>0:02\nCPU: 100\nLag: 2500 ms\nBottleneck</title>")));
        QVERIFY(svg.contains(QStringLiteral("<title>0:01\nCPU: 50\nLag: 5000 ms</title>")));
    }

    void darkColoursAreHandedToTheStyleSheet()
    {
        SvgChart chart(600, 300);
        chart.addSeries({QStringLiteral("a"),
                         QStringLiteral("A"),
                         QStringLiteral("#1f6feb"),
                         {QPointF(1, 1)},
                         false,
                         QStringLiteral("#5b9cff")});
        chart.addSeries({QStringLiteral("b"),
                         QStringLiteral("B"),
                         QStringLiteral("#000000"),
                         {QPointF(1, 2), QPointF(2, 2)},
                         false});
        const QString svg = chart.render();
        // Line, legend swatch and the lone point's marker of A; nothing for B.
        QCOMPARE(svg.count(QStringLiteral("style=\"--dark:#5b9cff\"")), 3);
        QCOMPARE(svg.count(QStringLiteral("--dark")), 3);
        QVERIFY(svg.contains(QStringLiteral("<line class=\"grid\"")));
        QVERIFY(svg.contains(QStringLiteral("<rect class=\"frame\"")));
    }

    void labelsWithPercentSignsSurviveFormatting()
    {
        SvgChart chart(600, 300);
        chart.addSeries({QStringLiteral("a"),
                         QStringLiteral("GET /a%20b%1"),
                         QStringLiteral("#111"),
                         {QPointF(1, 1), QPointF(2, 2)},
                         false,
                         QStringLiteral("#222")});
        const QString svg = chart.render();
        QVERIFY(svg.contains(QStringLiteral("<title>GET /a%20b%1</title>")));
        QVERIFY(svg.contains(QStringLiteral(">GET /a%20b%1</text>")));
        QVERIFY(svg.contains(QStringLiteral("\nGET /a%20b%1: 2</title>")));
    }

    void untitledChartsLeaveTheTitleToThePage()
    {
        SvgChart chart(400, 200);
        chart.setTitle(QStringLiteral("GET /api/items"), false);
        const QString svg = chart.render();
        QVERIFY(svg.contains(QStringLiteral("aria-label=\"GET /api/items\"")));
        QVERIFY(!svg.contains(QStringLiteral("chart-title")));
    }

    void noDataSaysSo()
    {
        SvgChart chart(600, 300);
        chart.setEmptyText(QStringLiteral("Nothing yet"));
        QVERIFY(chart.render().contains(QStringLiteral(">Nothing yet</text>")));
    }
};

QTEST_GUILESS_MAIN(SvgChartTest)
#include "svgcharttest.moc"
