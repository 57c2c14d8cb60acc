#include "report/htmlreport.h"
#include "report/namecolor.h"
#include "report/reportformat.h"
#include "report/resultbuilder.h"
#include "report/resultfile.h"
#include "report/svgchart.h"

#include "reportfixture.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

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

/// @p r with 12 s of generator health: 30 % + s CPU, lag s ms, bottleneck in seconds 5-7 (the
/// 6th to 8th points), 2 late starts in the 4th.
RunResult withHealth(RunResult r)
{
    for (int s = 0; s < 12; ++s)
        r.health.append(HealthPoint{kT0Ms + (s + 1) * 1000, 30.0 + s, double(s), s == 3 ? 2 : 0, 0,
                                    s >= 5 && s <= 7});
    return r;
}

/// The section of @p html under the h2 @p title (up to the next section).
QString section(const QString &html, const QString &title)
{
    const qsizetype from = html.indexOf(QStringLiteral("<h2>%1</h2>").arg(title));
    if (from < 0)
        return {};
    return html.mid(from, html.indexOf(QLatin1String("</section>"), from) - from);
}

/// The CSS custom properties of the first `:root { … }` block in @p css.
QHash<QString, QString> rootVariables(const QString &css)
{
    QHash<QString, QString> vars;
    const qsizetype from = css.indexOf(QLatin1String(":root {"));
    const QString block = css.mid(from, css.indexOf(QLatin1Char('}'), from) - from);
    static const QRegularExpression var(QStringLiteral("--([a-z-]+):\\s*(#[0-9a-f]{6})"));
    QRegularExpressionMatchIterator it = var.globalMatch(block);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        vars.insert(m.captured(1), m.captured(2));
    }
    return vars;
}

double contrast(const QString &a, const QString &b)
{
    const auto luminance = [](const QString &hex) {
        const auto channel = [&hex](int at) {
            const double c = hex.mid(at, 2).toInt(nullptr, 16) / 255.0;
            return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

/// The light and dark colour of the name box of @p label ("GET /api/items").
QPair<QString, QString> nameBoxColours(const QString &html, const QString &label)
{
    const QRegularExpression re(
        QStringLiteral("style=\"--c:(#[0-9a-f]{6});--cd:(#[0-9a-f]{6})\"></span>%1</h3>")
            .arg(QRegularExpression::escape(label.toHtmlEscaped())));
    const QRegularExpressionMatch m = re.match(html);
    return {m.captured(1), m.captured(2)};
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
        const QString html = QString::fromUtf8(HtmlReport::render(withHealth(sampleResult())));
        QVERIFY(html.contains(QLatin1String("Per name over time")));
        QVERIFY(html.contains(QLatin1String("Load generator health")));
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
        // Requests/s, failures over time (the run has failures), response times, users and the
        // distribution.
        QCOMPARE(
            section(html, QStringLiteral("Charts")).count(QStringLiteral("<svg class=\"chart\"")),
            5);
        for (const char *key :
             {"rps", "failures", "p50", "p95", "p99", "users", "failures-per-second"}) {
            const auto [declared, vertices] = polylinePoints(html, QString::fromLatin1(key));
            QCOMPARE(declared, 12);
            QCOMPARE(vertices, 12);
        }
        // The distribution chart draws every row that measures a latency (not WS recv).
        QVERIFY(polylinePoints(html, QStringLiteral("distribution-0")).first > 2);
        QVERIFY(polylinePoints(html, QStringLiteral("distribution-2")).first > 2);
        QCOMPARE(polylinePoints(html, QStringLiteral("distribution-3")).first, -1);
    }

    void chartsShowValuesOnHover()
    {
        const RunResult r = sampleResult(12);
        const QString charts =
            section(QString::fromUtf8(HtmlReport::render(r)), QStringLiteral("Charts"));
        // One hover column per second in each time chart (not merged: 12 columns are far
        // wider than SvgChart::kMinHitWidthPx), and columns over the distribution's bins.
        const QStringList svgs = charts.split(QStringLiteral("<svg class=\"chart\""));
        QCOMPARE(svgs.size(), 1 + 5);
        for (int i = 1; i <= 4; ++i)
            QCOMPARE(svgs.at(i).count(QStringLiteral("<rect class=\"hit\"")), 12);
        QVERIFY(svgs.at(5).count(QStringLiteral("<rect class=\"hit\"")) > 10);
        // The column of the 6th second lists the values drawn there.
        const HistoryPoint &p = r.history.at(5);
        const QString expected =
            QStringLiteral("<title>0:06\nRequests/s: %1 /s\nFailures/s: %2 /s</title>")
                .arg(SvgChart::hoverNumber(p.currentRps),
                     SvgChart::hoverNumber(p.currentFailPerSec));
        QVERIFY2(charts.contains(expected), qPrintable(expected));
        QVERIFY(charts.contains(QStringLiteral("\n95th percentile: %1 ms\n")
                                    .arg(SvgChart::hoverNumber(double(p.p95Us) / 1000.0))));
        QVERIFY(charts.contains(QStringLiteral("\nUsers: 10</title>")));
        // The distribution's columns name the response time and the share of each row.
        static const QRegularExpression bin(
            QStringLiteral("<title>[\\d.]+ ms\n(GET /api/items|WS send chat|GET /api/profile): "
                           "[\\d.]+ %"));
        QVERIFY(bin.match(charts).hasMatch());
    }

    void failuresOverTimeOnlyWhenThereAreFailures()
    {
        const RunResult r = sampleResult(12);
        const QString html = QString::fromUtf8(HtmlReport::render(r));
        QVERIFY(html.contains(QLatin1String("aria-label=\"Failures over time\"")));
        // 2 /api/profile failures and 2 chat timeouts every second: 4 failures/s, 4/72 failed.
        QCOMPARE(polylinePoints(html, QStringLiteral("failures-per-second")).first, 12);
        QVERIFY(html.contains(QStringLiteral("All operations, failures/s: 4 /s\nFailed share of "
                                             "requests (right axis): %1 %")
                                  .arg(SvgChart::hoverNumber(100.0 * 4 / 72))));
        // The names that failed, in their own colours: GET /api/profile (2/s) and WS send chat.
        QVERIFY(html.contains(QStringLiteral("\nGET /api/profile: 2 failures/s\n")));
        QVERIFY(html.contains(QStringLiteral("\nWS send chat: 2 failures/s")));
        QVERIFY(!html.contains(QStringLiteral("\nGET /api/items: 0 failures/s")));
        QCOMPARE(polylinePoints(html, QStringLiteral("failures-name-1")).first, 12);

        Stats clean(kT0Ms);
        for (int s = 0; s < 3; ++s) {
            clean.record(
                outcome(QStringLiteral("GET"), QStringLiteral("/"), 1000, kT0Ms + s * 1000 + 5));
            clean.tick(kT0Ms + (s + 1) * 1000, 1);
        }
        const QString ok = QString::fromUtf8(
            HtmlReport::render(ResultBuilder(secretProfile(), {}).build(clean, kT0Ms + 3100)));
        QVERIFY(!ok.contains(QLatin1String("Failures over time")));
        QVERIFY(!ok.contains(QLatin1String("class=\"failing")));
        QVERIFY(!ok.contains(QLatin1String("<tr class=\"failing")));
    }

    void failingRowsAreMarkedWithTheirFailPercent()
    {
        const QString html = QString::fromUtf8(HtmlReport::render(sampleResult(12)));
        const QString requests = section(html, QStringLiteral("Request statistics"));
        QVERIFY(requests.contains(QStringLiteral(
            "<tr class=\"failing\"><td class=\"type\">GET</td><td class=\"name\">/api/profile</td>"
            "<td class=\"num\">24</td><td class=\"num\">24</td><td class=\"num "
            "failpct\">100.00%</td>")));
        QVERIFY(requests.contains(QStringLiteral(
            "<tr class=\"failing\"><td class=\"type\">WS send</td><td class=\"name\">chat</td>"
            "<td class=\"num\">240</td><td class=\"num\">24</td><td class=\"num "
            "failpct\">10.00%</td>")));
        QVERIFY(requests.contains(QStringLiteral(
            "<tr><td class=\"type\">GET</td><td class=\"name\">/api/items</td><td "
            "class=\"num\">600</td><td class=\"num\">0</td><td class=\"num failpct\">0.00%</td>")));
        // The same rows in the percentile table, and the lost emit in the messages table.
        QVERIFY(section(html, QStringLiteral("Response time statistics (ms)"))
                    .contains(QStringLiteral("<tr class=\"failing\"><td class=\"type\">GET</td><td "
                                             "class=\"name\">/api/profile</td>")));
        QVERIFY(section(html, QStringLiteral("Messages"))
                    .contains(QStringLiteral("<tr class=\"failing\"><td class=\"type\">WS "
                                             "emit</td><td class=\"name\">typing</td>")));
        QVERIFY(html.contains(QLatin1String("tr.failing td {")));
    }

    void everyTableScrollsInsteadOfOverflowing()
    {
        const QString html = QString::fromUtf8(HtmlReport::render(withHealth(sampleResult())));
        const qsizetype tables = html.count(QLatin1String("<table"));
        QVERIFY(tables >= 5);
        QCOMPARE(html.count(QLatin1String("<div class=\"scroll\"><table")), tables);
        QVERIFY(html.contains(QLatin1String(".scroll { overflow-x: auto; }")));
    }

    void darkModeKeepsTextReadable()
    {
        const QString html = QString::fromUtf8(HtmlReport::render(sampleResult()));
        const qsizetype dark = html.indexOf(QLatin1String("@media (prefers-color-scheme: dark)"));
        QVERIFY(dark > 0);
        const QHash<QString, QString> light = rootVariables(html);
        const QHash<QString, QString> darkVars = rootVariables(html.mid(dark));
        // Text on its backgrounds and the verdict badges: WCAG AA (4.5:1) in both schemes.
        const QList<QPair<QString, QString>> pairs = {
            {QStringLiteral("fg"), QStringLiteral("bg")},
            {QStringLiteral("fg"), QStringLiteral("soft")},
            {QStringLiteral("muted"), QStringLiteral("bg")},
            {QStringLiteral("muted"), QStringLiteral("soft")},
            {QStringLiteral("chart-text"), QStringLiteral("bg")},
            {QStringLiteral("pass-fg"), QStringLiteral("bg")},
            {QStringLiteral("fail-fg"), QStringLiteral("bg")},
            {QStringLiteral("fg"), QStringLiteral("fail-row")},
            {QStringLiteral("fail-fg"), QStringLiteral("fail-row")},
            {QStringLiteral("badge-fg"), QStringLiteral("pass")},
            {QStringLiteral("badge-fg"), QStringLiteral("fail")},
            {QStringLiteral("badge-fg"), QStringLiteral("none")}};
        for (const QHash<QString, QString> *vars : {&light, &darkVars}) {
            for (const auto &[fg, bg] : pairs) {
                QVERIFY2(vars->contains(fg) && vars->contains(bg), qPrintable(fg + " " + bg));
                const double ratio = contrast(vars->value(fg), vars->value(bg));
                QVERIFY2(ratio >= 4.5,
                         qPrintable(QStringLiteral("%1 on %2: %3:1").arg(fg, bg).arg(ratio)));
            }
        }
        QVERIFY(light.value(QStringLiteral("bg")) != darkVars.value(QStringLiteral("bg")));
        // Series switch to their dark variants there.
        QVERIFY(html.mid(dark).contains(
            QLatin1String("svg.chart .series[style] { stroke: var(--dark); }")));
        QVERIFY(html.contains(
            QStringLiteral("style=\"--dark:%1\"")
                .arg(NameColor::colour(QStringLiteral("GET"), QStringLiteral("/api/items"),
                                       NameColor::Scheme::Dark))));
    }

    void aNameKeepsItsColourWhateverTheOtherNames()
    {
        const QString full = QString::fromUtf8(HtmlReport::render(sampleResult()));
        Stats other(kT0Ms);
        for (int s = 0; s < 3; ++s) {
            other.record(outcome(QStringLiteral("POST"), QStringLiteral("/login"), 900,
                                 kT0Ms + s * 1000 + 5));
            other.record(outcome(QStringLiteral("GET"), QStringLiteral("/api/items"), 1000,
                                 kT0Ms + s * 1000 + 6));
            other.tick(kT0Ms + (s + 1) * 1000, 1);
        }
        const QString small = QString::fromUtf8(
            HtmlReport::render(ResultBuilder(secretProfile(), {}).build(other, kT0Ms + 3100)));
        const QPair<QString, QString> expected{
            NameColor::colour(QStringLiteral("GET"), QStringLiteral("/api/items"),
                              NameColor::Scheme::Light),
            NameColor::colour(QStringLiteral("GET"), QStringLiteral("/api/items"),
                              NameColor::Scheme::Dark)};
        QCOMPARE(nameBoxColours(full, QStringLiteral("GET /api/items")), expected);
        QCOMPARE(nameBoxColours(small, QStringLiteral("GET /api/items")), expected);
        // In the distribution chart too: GET /api/items is the busiest row of the first report
        // and the second of the other (sorted by requests, then by name).
        const QString legend = QStringLiteral("<g class=\"legend-item\"><title>GET "
                                              "/api/items</title><rect class=\"swatch\"");
        for (const QString &html : {full, small}) {
            const qsizetype at = html.indexOf(legend);
            QVERIFY(at > 0);
            QVERIFY(html.mid(at, 200).contains(QStringLiteral("fill=\"%1\" style=\"--dark:%2\"")
                                                   .arg(expected.first, expected.second)));
        }
    }

    void perNameSectionHasOneChartPerRow()
    {
        const RunResult r = sampleResult(12);
        const QString names =
            section(QString::fromUtf8(HtmlReport::render(r)), QStringLiteral("Per name over time"));
        int withRequests = 0;
        for (const ResultEntry &e : r.entries)
            withRequests += e.isEmpty() ? 0 : 1;
        QCOMPARE(withRequests, 5);
        QCOMPARE(names.count(QLatin1String("<div class=\"name-box")), withRequests);
        QCOMPARE(names.count(QLatin1String("<svg class=\"chart\"")), withRequests);
        QCOMPARE(names.count(QLatin1String("<div class=\"name-box failing\">")), 3);
        QCOMPARE(names.count(QLatin1String("data-series=\"name-rps\" data-points=\"12\"")), 5);
        // p95 only where outcomes carry a time: not for the untimed WS emit typing.
        QCOMPARE(names.count(QLatin1String("data-series=\"name-p95\"")), 4);
        QVERIFY(names.contains(QStringLiteral("<h3><span class=\"swatch-dot\"")));
        QVERIFY(names.contains(QStringLiteral("24 requests · 2.0/s · 100.00% failed")));
        // 50 GET /api/items per second, shown on hover.
        QVERIFY(
            names.contains(QStringLiteral("<title>0:06\nRequests/s: 50 /s\np95 (ms, right): ")));
    }

    void aShortLastSecondIsNotASpike()
    {
        // The run ends 30 ms after the last full second, with 3 requests in those 30 ms: 3 in
        // that (partial) second, not 100/s.
        Stats stats(kT0Ms);
        for (int s = 0; s < 3; ++s) {
            for (int i = 0; i < 5; ++i)
                stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/x"), 1000,
                                     kT0Ms + s * 1000 + i * 100,
                                     i == 0 ? QStringLiteral("HTTP 500") : QString()));
            stats.tick(kT0Ms + (s + 1) * 1000, 1);
        }
        for (int i = 0; i < 3; ++i)
            stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/x"), 1000,
                                 kT0Ms + 3000 + i * 10, QStringLiteral("HTTP 500")));
        stats.tick(kT0Ms + 3030, 1);
        const QString html = QString::fromUtf8(
            HtmlReport::render(ResultBuilder(secretProfile(), {}).build(stats, kT0Ms + 3050)));
        // In the per-name chart 3.0 s and 3.03 s share a hover column: 5 requests in the third
        // second, 3 in the last 30 ms.
        QVERIFY2(html.contains(QStringLiteral("<title>0:03\nRequests/s: avg 4 /s, max 5 "
                                              "/s\nFailures/s: avg 2 /s, max 3 /s\n")),
                 qPrintable(html.mid(html.lastIndexOf(QStringLiteral("<title>0:03")), 200)));
        // The wider failures chart has a column of its own for the last 30 ms.
        QVERIFY(html.contains(QStringLiteral("<title>0:03\nAll operations, failures/s: 3 /s\n")));
        QVERIFY(!html.contains(QLatin1String(": 100 /s")));
        // The one failing name would repeat the all-operations line: it is not drawn again.
        QVERIFY(html.contains(QLatin1String("data-series=\"failures-per-second\"")));
        QVERIFY(!html.contains(QLatin1String("data-series=\"failures-name-0\"")));
        QVERIFY(html.contains(QStringLiteral("<title>0:02\nRequests/s: 5 /s\nFailures/s: 1 /s\n")));
    }

    void generatorHealthShowsTheBottleneckSeconds()
    {
        const QString html = QString::fromUtf8(HtmlReport::render(withHealth(sampleResult())));
        // In the Charts grid, after the distribution, with its note under the grid.
        const QString health = section(html, QStringLiteral("Charts"));
        QVERIFY(health.contains(QLatin1String("aria-label=\"Load generator health\"")));
        QCOMPARE(polylinePoints(health, QStringLiteral("cpu")).first, 12);
        QCOMPARE(polylinePoints(health, QStringLiteral("loop-lag")).first, 12);
        // Seconds 5 to 7 (points ending at 6, 7 and 8 s) are one band from 5 s to 8 s.
        QCOMPARE(health.count(QLatin1String("<rect class=\"band\"")), 1);
        QVERIFY(health.contains(QLatin1String(">Bottleneck</text></g>")));
        QVERIFY(health.contains(QLatin1String("bottleneck for 3 s")));
        QVERIFY(health.contains(QLatin1String(
            "3 of the last 5 seconds at 90 % of a core per thread or 50 ms loop lag")));
        QVERIFY(health.contains(QStringLiteral(
            "<title>0:07\nCPU %: 36 %\nWorst loop lag (right axis): 6 ms\nBottleneck: the load "
            "generator limited the load</title>")));
        QVERIFY(health.contains(QStringLiteral("<title>0:04\nLate starts/s: 2 /s\n")));
        // Not in a result without health samples (older files).
        QVERIFY(!QString::fromUtf8(HtmlReport::render(sampleResult()))
                     .contains(QLatin1String("Load generator health")));
    }

    void tablesUseLocustColumns()
    {
        const QString html = QString::fromUtf8(HtmlReport::render(sampleResult()));
        QVERIFY(html.contains(QStringLiteral(
            "<th>Method</th><th>Name</th><th class=\"num\"># Requests</th><th class=\"num\"># "
            "Fails</th><th class=\"num\">Fail %</th><th class=\"num\">Average (ms)</th><th "
            "class=\"num\">Min (ms)</th><th "
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
        QVERIFY(html.contains(
            QStringLiteral("<tr class=\"total failing\"><td class=\"type\"></td><td "
                           "class=\"name\">Aggregated</td><td class=\"num\">864</td>")));
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
            "class=\"num\">12</td><td class=\"num\">0</td><td class=\"num failpct\">0.00%</td><td "
            "class=\"num\">480</td>")));
        QVERIFY(html.contains(
            QStringLiteral("<td class=\"type\">WS emit</td><td class=\"name\">typing</td><td "
                           "class=\"num\">36</td><td class=\"num\">1</td>")));
        const qsizetype typing = html.indexOf(QStringLiteral("<td class=\"name\">typing</td>"));
        const QString typingRow =
            html.mid(typing, html.indexOf(QStringLiteral("</tr>"), typing) - typing);
        QCOMPARE(typingRow.count(QStringLiteral("—")), 3); // no age: no 0-ms figures
        QVERIFY(
            html.contains(QStringLiteral("<tr class=\"total failing\"><td class=\"type\"></td><td "
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
        QVERIFY(!html.contains(QLatin1String("Per name over time")));
        QVERIFY(!html.contains(QLatin1String("Load generator health")));
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
