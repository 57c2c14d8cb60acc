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

    void noDataSaysSo()
    {
        SvgChart chart(600, 300);
        chart.setEmptyText(QStringLiteral("Nothing yet"));
        QVERIFY(chart.render().contains(QStringLiteral(">Nothing yet</text>")));
    }
};

QTEST_GUILESS_MAIN(SvgChartTest)
#include "svgcharttest.moc"
