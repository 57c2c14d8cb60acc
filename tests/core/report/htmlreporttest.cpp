#include "report/htmlreport.h"
#include "report/reportformat.h"
#include "report/resultbuilder.h"
#include "report/resultfile.h"

#include "reportfixture.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace cicada;
using namespace cicada::test;

namespace {

RunResult sampleResult(int seconds = 12)
{
    ResultBuilder builder(secretProfile(), secretEnvironment());
    builder.setThresholds({*Threshold::parse(QStringLiteral("p95 < 500ms")),
                           *Threshold::parse(QStringLiteral("error_rate < 1%"))});
    return builder.build(sampleStats(seconds), kT0Ms + seconds * 1000 + 50);
}

/// data-points and the number of vertices of the polyline of series @p key.
QPair<int, int> polylinePoints(const QString &html, const QString &key)
{
    const QRegularExpression re(
        // (moc 6.4 lexes raw strings as plain ones: no raw strings with quotes in test files.)
        QStringLiteral("<polyline class=\"series\" data-series=\"%1\" data-points=\"(\\d+)\"[^>]* "
                       "points=\"([^\"]*)\"")
            .arg(QRegularExpression::escape(key)));
    const QRegularExpressionMatch m = re.match(html);
    if (!m.hasMatch())
        return {-1, -1};
    const QString points = m.captured(2).trimmed();
    return {m.captured(1).toInt(),
            points.isEmpty() ? 0 : int(points.split(QLatin1Char(' ')).size())};
}

} // namespace

class HtmlReportTest : public QObject
{
    Q_OBJECT

private slots:
    void pageFetchesNothing()
    {
        const QString html = QString::fromUtf8(HtmlReport::render(sampleResult()));
        QVERIFY(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
        for (const char *forbidden :
             {"src=", "href=", "@import", "url(", "<script", "<link", "<iframe", "<img", "xmlns"})
            QVERIFY2(!html.contains(QLatin1String(forbidden), Qt::CaseInsensitive), forbidden);
        // The only URLs are the profile's targets, shown as text.
        static const QRegularExpression url(QStringLiteral("(?:https?|wss?)://[^\\s\"<&]+"));
        QRegularExpressionMatchIterator it = url.globalMatch(html);
        int urls = 0;
        while (it.hasNext()) {
            const QString found = it.next().captured();
            QVERIFY2(found.startsWith(QStringLiteral("http://127.0.0.1:1")) ||
                         found.startsWith(QStringLiteral("ws://127.0.0.1:1/broker")),
                     qPrintable(found));
            ++urls;
        }
        QVERIFY(urls >= 2);
    }

    void timeChartsHaveOnePointPerSecond()
    {
        const RunResult r = sampleResult(12);
        QCOMPARE(r.history.size(), 12);
        const QString html = QString::fromUtf8(HtmlReport::render(r));
        QCOMPARE(html.count(QStringLiteral("<svg class=\"chart\"")), 4);
        for (const char *key : {"rps", "failures", "p50", "p95", "p99", "users"}) {
            const auto [declared, vertices] = polylinePoints(html, QString::fromLatin1(key));
            QCOMPARE(declared, 12);
            QCOMPARE(vertices, 12);
        }
        // The distribution chart draws every row that measures a latency (not WS recv).
        QVERIFY(polylinePoints(html, QStringLiteral("distribution-0")).first > 2);
        QVERIFY(polylinePoints(html, QStringLiteral("distribution-2")).first > 2);
        QCOMPARE(polylinePoints(html, QStringLiteral("distribution-3")).first, -1);
    }

    void tablesUseLocustColumns()
    {
        const QString html = QString::fromUtf8(HtmlReport::render(sampleResult()));
        QVERIFY(html.contains(QStringLiteral(
            "<th>Method</th><th>Name</th><th class=\"num\"># Requests</th><th class=\"num\"># "
            "Fails</th><th class=\"num\">Average (ms)</th><th class=\"num\">Min (ms)</th><th "
            "class=\"num\">Max (ms)</th><th class=\"num\">Average size (bytes)</th><th "
            "class=\"num\">RPS</th><th class=\"num\">Failures/s</th>")));
        for (const char *p : {"50%ile", "66%ile", "99.9%ile", "99.99%ile", "100%ile"})
            QVERIFY2(
                html.contains(QStringLiteral("<th class=\"num\">%1</th>").arg(QLatin1String(p))),
                p);
        QVERIFY(html.contains(QStringLiteral("<th>Method</th><th>Name</th><th>Error</th><th "
                                             "class=\"num\">Occurrences</th>")));
        QVERIFY(
            html.contains(QStringLiteral("No reply with matching &#x27;id&#x27; within 5000 ms")) ||
            html.contains(QStringLiteral("No reply with matching 'id' within 5000 ms")));
        QVERIFY(html.contains(QStringLiteral(
            "<tr class=\"total\"><td class=\"type\"></td><td class=\"name\">Aggregated</td><td "
            "class=\"num\">864</td>")));
    }

    void headlineIsOperationsAndMessagesHaveTheirTable()
    {
        const RunResult r = sampleResult();
        const QString html = QString::fromUtf8(HtmlReport::render(r));
        // 12 s × 72 operations; 48 failed; the 48 messages are not requests.
        QVERIFY(html.contains(
            QStringLiteral("<div class=\"label\">Operations</div><div class=\"value\">864</div>")));
        QVERIFY(
            html.contains(QStringLiteral("<div class=\"value\">48</div><div class=\"sub\">5.56% of "
                                         "operations</div>")));
        QVERIFY(html.contains(
            QStringLiteral("<div class=\"label\">Messages</div><div class=\"value\">48</div>")));
        // Message rows are in the messages table only, with their age where they had one.
        const qsizetype messages = html.indexOf(QStringLiteral("<h2>Messages</h2>"));
        QVERIFY(messages > 0);
        QCOMPARE(html.indexOf(QStringLiteral("<td class=\"name\">push</td>")),
                 html.indexOf(QStringLiteral("<td class=\"name\">push</td>"), messages));
        QVERIFY(html.contains(QStringLiteral(
            "<td class=\"type\">WS recv</td><td class=\"name\">push</td><td "
            "class=\"num\">12</td><td class=\"num\">0</td><td class=\"num\">480</td>")));
        QVERIFY(html.contains(
            QStringLiteral("<td class=\"type\">WS emit</td><td class=\"name\">typing</td><td "
                           "class=\"num\">36</td><td class=\"num\">1</td>")));
        const qsizetype typing = html.indexOf(QStringLiteral("<td class=\"name\">typing</td>"));
        const QString typingRow =
            html.mid(typing, html.indexOf(QStringLiteral("</tr>"), typing) - typing);
        QCOMPARE(typingRow.count(QStringLiteral("—")), 3); // no age: no 0-ms figures
        QVERIFY(html.contains(QStringLiteral("<tr class=\"total\"><td class=\"type\"></td><td "
                                             "class=\"name\">Messages</td><td "
                                             "class=\"num\">48</td><td class=\"num\">1</td>")));

        Stats onlyOps(kT0Ms);
        onlyOps.record(outcome(QStringLiteral("GET"), QStringLiteral("/"), 1000, kT0Ms + 5));
        const QString plain = QString::fromUtf8(
            HtmlReport::render(ResultBuilder(secretProfile(), {}).build(onlyOps, kT0Ms + 10)));
        QVERIFY(!plain.contains(QStringLiteral("<h2>Messages</h2>")));
    }

    void serviceTimeAndArrivalsOnlyWhenTheRunHasThem()
    {
        const QString closed = QString::fromUtf8(HtmlReport::render(sampleResult()));
        QVERIFY(!closed.contains(QLatin1String("Service time")));
        QVERIFY(!closed.contains(QLatin1String("late starts")));

        Stats stats(kT0Ms);
        for (int i = 0; i < 100; ++i) {
            RequestOutcome o = outcome(QStringLiteral("GET"), QStringLiteral("/open"),
                                       i < 90 ? 4'000 : 1'500'000, kT0Ms + i * 10);
            o.serviceTimeUs = 4'000;
            stats.record(o);
        }
        stats.tick(kT0Ms + 1000, 3);
        ResultBuilder builder(secretProfile(), secretEnvironment());
        builder.setArrivals(100, 10, 3);
        const QString open =
            QString::fromUtf8(HtmlReport::render(builder.build(stats, kT0Ms + 1'100)));
        QVERIFY(open.contains(QLatin1String("Service time p95")));
        QVERIFY(open.contains(QStringLiteral("10 late starts · 3 dropped")));
        // No user target in the open model: the Load fact and the Users card say so.
        QVERIFY(open.contains(QLatin1String("peak; pooled by the arrival rate")));
        QVERIFY(open.contains(QLatin1String("open model (arrival rates per user type")));
        QVERIFY(!open.contains(QLatin1String("spawn rate")));
        QVERIFY(closed.contains(QLatin1String("spawn rate")));
        QVERIFY(open.contains(QLatin1String("<h2>Response time and service time</h2>")));
        // The row: median, p95, p99 from the intended start, then the service avg, median, p95,
        // p99 (all 4 ms).
        const QString four =
            QStringLiteral("<td class=\"num\">%1</td>").arg(ReportFormat::ms(4000));
        const QString slow =
            QStringLiteral("<td class=\"num\">%1</td>").arg(ReportFormat::ms(1'500'000));
        QVERIFY(slow != four);
        QVERIFY2(
            open.contains(QStringLiteral("<td class=\"name\">/open</td>") + four + slow + slow +
                          four + four + four + four + QStringLiteral("</tr>")),
            qPrintable(open.mid(open.indexOf(QLatin1String("Response time and service")), 1200)));
    }

    void verdictIsShownWithEachThreshold()
    {
        const QString html = QString::fromUtf8(HtmlReport::render(sampleResult()));
        QVERIFY(html.contains(QStringLiteral(
            "<div class=\"verdict fail\">FAIL<small>1 of 2 thresholds broken</small>")));
        QVERIFY(html.contains(QStringLiteral("<code>p95 &lt; 500ms</code>")));
        QVERIFY(html.contains(QStringLiteral("<span class=\"pass-text\">PASS</span>")));
        QVERIFY(html.contains(QStringLiteral("<span class=\"fail-text\">FAIL</span>")));
        RunResult none = sampleResult();
        none.verdicts.clear();
        QVERIFY(QString::fromUtf8(HtmlReport::render(none))
                    .contains(QStringLiteral("<div class=\"verdict none\">NO THRESHOLDS")));
    }

    void endedEarlyRunIsNeverAGreenPass_data()
    {
        QTest::addColumn<int>("endReason");
        QTest::addColumn<QString>("badge");
        QTest::newRow("signal") << int(RunResult::EndReason::Interrupted)
                                << QStringLiteral("<div class=\"verdict warn\">INTERRUPTED");
        QTest::newRow("abort") << int(RunResult::EndReason::ThresholdAbort)
                               << QStringLiteral("<div class=\"verdict fail\">ABORTED");
        QTest::newRow("completed") << int(RunResult::EndReason::Completed)
                                   << QStringLiteral("<div class=\"verdict pass\">PASS");
    }
    void endedEarlyRunIsNeverAGreenPass()
    {
        QFETCH(int, endReason);
        QFETCH(QString, badge);
        RunResult r = sampleResult();
        r.verdicts.removeLast(); // the one that holds: PASS when nothing else says otherwise
        QVERIFY(r.verdicts.at(0).passed);
        r.endReason = RunResult::EndReason(endReason);
        const QString html = QString::fromUtf8(HtmlReport::render(r));
        QVERIFY2(html.contains(badge), qPrintable(html.left(3000)));
        // An unreliable percentile is amber in the table, not PASS.
        r.verdicts[0].unreliable = true;
        r.verdicts[0].passed = false;
        QVERIFY(QString::fromUtf8(HtmlReport::render(r))
                    .contains(QStringLiteral("<span class=\"warn-text\">UNRELIABLE</span>")));
    }

    void textIsEscaped()
    {
        Stats stats = sampleStats(2);
        stats.record(outcome(QStringLiteral("GET"), QStringLiteral("<script>alert(1)</script>"),
                             1000, kT0Ms + 1500, QStringLiteral("bad \"quote\" & <tag>")));
        const RunResult r = ResultBuilder(secretProfile(), {}).build(stats, kT0Ms + 2000);
        const QString html = QString::fromUtf8(HtmlReport::render(r));
        QVERIFY(!html.contains(QStringLiteral("<script>")));
        QVERIFY(html.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;")));
        QVERIFY(html.contains(QStringLiteral("bad &quot;quote&quot; &amp; &lt;tag&gt;")));
        QVERIFY(html.contains(QStringLiteral("<h1>Secrets &lt;&amp;&gt; demo</h1>")));
    }

    void renderDependsOnlyOnTheSavedResult()
    {
        const RunResult original = sampleResult();
        RunResult loaded;
        QVERIFY(ResultFile::fromText(ResultFile::toText(original), &loaded, nullptr));
        const QByteArray html = HtmlReport::render(original);
        QCOMPARE(HtmlReport::render(loaded), html);
        QCOMPARE(HtmlReport::render(original), html);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out/report.html"));
        QString error;
        QVERIFY2(HtmlReport::save(path, loaded, &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), html);
    }

    void emptyRunStillRenders()
    {
        const RunResult empty = ResultBuilder(Profile(), {}).build(Stats(kT0Ms), kT0Ms + 300);
        const QString html = QString::fromUtf8(HtmlReport::render(empty));
        QCOMPARE(html.count(QStringLiteral("<svg class=\"chart\"")), 4);
        QVERIFY(html.contains(QStringLiteral("No samples: the run ended within its first second")));
        QVERIFY(html.contains(QStringLiteral("No requests with a response time")));
        QVERIFY(html.contains(QStringLiteral("No failures.")));
        QVERIFY(html.contains(QStringLiteral("<h1>Load test</h1>")));
        QVERIFY(html.endsWith(QStringLiteral("</html>\n")));
    }

    void printStylesExist()
    {
        const QString html = QString::fromUtf8(HtmlReport::render(sampleResult()));
        QVERIFY(html.contains(QStringLiteral("@media print")));
        QVERIFY(html.contains(QStringLiteral("<meta name=\"viewport\"")));
    }
};

QTEST_GUILESS_MAIN(HtmlReportTest)
#include "htmlreporttest.moc"
