#include "report/comparisonreport.h"

#include "report/runcomparison.h"

#include "comparisonfixture.h"

#include <QRegularExpression>
#include <QTest>

using namespace cicada;
using namespace cicada::test;

class ComparisonReportTest : public QObject
{
    Q_OBJECT

private slots:
    void pageHasBothRunsChartsMarkedCellsAndVerdicts()
    {
        const RunResult a = comparisonRun(
            {comparisonRow(QStringLiteral("GET"), QStringLiteral("/api/items"), 1000, 1000),
             comparisonRow(QStringLiteral("GET"), QStringLiteral("/old"), 500, 10)});
        const RunResult b = comparisonRun(
            {comparisonRow(QStringLiteral("GET"), QStringLiteral("/api/items"), 1500, 1000)},
            kComparisonT0Ms + 60'000);
        const RunComparison c(&a, &b);
        const QList<ThresholdVerdict> verdicts =
            c.evaluate(QList<DeltaThreshold>{*DeltaThreshold::parse(QStringLiteral("p95 +10%"))});
        const QString html = QString::fromUtf8(ComparisonReport::render(c, verdicts));
        QVERIFY(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
        QVERIFY(!html.contains(QStringLiteral("<script")));
        QVERIFY(!html.contains(QStringLiteral("http://")));
        QVERIFY(html.contains(QStringLiteral("<div class=\"verdict fail\">FAIL")));
        QVERIFY(html.contains(QStringLiteral("p95 1.00 ms → 1.50 ms (+50.0 %, limit +10 %)")));
        // Overlaid charts: one line per run, with every history point.
        for (const QString &key : {QStringLiteral("rps-a"), QStringLiteral("rps-b"),
                                   QStringLiteral("p95-a"), QStringLiteral("p95-b")})
            QVERIFY2(html.contains(QStringLiteral("data-series=\"%1\" data-points=\"5\"").arg(key)),
                     qPrintable(key));
        // /api/items got 50 % slower: its p95 Δ cell is marked worse.
        QVERIFY(html.contains(
            QStringLiteral("<td class=\"num worse\">+0.50<br><small>+50.0%</small></td>")));
        QVERIFY(html.contains(QStringLiteral("<span class=\"tag\">only in A</span>")));
        // The page shares the run report's style sheet.
        QVERIFY(html.contains(QStringLiteral(".verdict.fail {")));
    }

    void pageWithoutRulesSaysSo()
    {
        const RunResult a = comparisonRun(
            {comparisonRow(QStringLiteral("GET"), QStringLiteral("/api/items"), 1000, 1000)});
        const QString html = QString::fromUtf8(ComparisonReport::render(RunComparison(&a, &a), {}));
        QVERIFY(html.contains(QStringLiteral("NO DELTA THRESHOLDS")));
        QVERIFY(!html.contains(QStringLiteral("class=\"num worse\"")));
    }
};

QTEST_GUILESS_MAIN(ComparisonReportTest)
#include "comparisonreporttest.moc"
