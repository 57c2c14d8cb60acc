#include "report/htmlreport.h"

#include "profile/profileio.h"
#include "report/atomicfile.h"
#include "report/namecolor.h"
#include "report/reportformat.h"
#include "report/resultfile.h"
#include "report/runresult.h"
#include "report/svgchart.h"
#include "stats/bottleneckrule.h"

#include <QJsonObject>
#include <QMap>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <functional>

namespace cicada {

namespace {

constexpr double kMsPerS = 1000.0;
constexpr double kUsPerMs = 1000.0;
constexpr double kPercent = 100.0;
constexpr int kChartWidthPx = 600;
constexpr int kChartHeightPx = 300;
constexpr int kNameChartWidthPx = 420;
constexpr int kNameChartHeightPx = 210;
constexpr int kMaxFailingNamesDrawn = 6; // per-name lines in the failures chart
constexpr qint64 kMinDistributionUs = 1; // log axis: a 0 µs time is drawn at 1 µs

// Chart colours of the fixed series, light and dark (the page's palette lives in the CSS below;
// rows take theirs from NameColor).
struct Colour
{
    QString light;
    QString dark;
};
const Colour kBlue{QStringLiteral("#2563eb"), QStringLiteral("#60a5fa")};
const Colour kRed{QStringLiteral("#dc2626"), QStringLiteral("#f87171")};
const Colour kGreen{QStringLiteral("#16a34a"), QStringLiteral("#4ade80")};
const Colour kAmber{QStringLiteral("#d97706"), QStringLiteral("#fbbf24")};
const Colour kPurple{QStringLiteral("#7c3aed"), QStringLiteral("#a78bfa")};
const Colour kTeal{QStringLiteral("#0891b2"), QStringLiteral("#22d3ee")};

const char kCss[] = R"CSS(
:root { color-scheme: light dark;
        --fg: #111827; --bg: #ffffff; --muted: #4b5563; --border: #e5e7eb; --soft: #f9fafb;
        --strong-border: #9ca3af; --chart-text: #374151; --badge-fg: #ffffff;
        --pass: #15803d; --fail: #b91c1c; --none: #4b5563; --warn: #b45309;
        --pass-fg: #15803d; --fail-fg: #b91c1c; --warn-fg: #b45309;
        --fail-row: #fef2f2; --fail-mark: #dc2626; --hover: #111827; --edge: rgba(0, 0, 0, .18); }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg); font-size: 14px; line-height: 1.45;
       font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 20px 40px; }
header.top { display: flex; justify-content: space-between; align-items: flex-start; gap: 24px;
             border-bottom: 2px solid var(--border); padding-bottom: 12px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--border); }
h3 { font-size: 14px; margin: 0 0 4px; }
.subtitle { color: var(--muted); margin: 0; }
.verdict { font-weight: 700; font-size: 22px; padding: 8px 20px; border-radius: 6px; color: var(--badge-fg);
           white-space: nowrap; text-align: center; }
.verdict small { display: block; font-size: 12px; font-weight: 400; }
.verdict.pass { background: var(--pass); }
.verdict.fail { background: var(--fail); }
.verdict.none { background: var(--none); }
.verdict.warn { background: var(--warn); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 12px;
         margin: 16px 0; }
.card { border: 1px solid var(--border); border-radius: 6px; padding: 10px 12px; background: var(--soft); }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
.card .value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .sub { color: var(--muted); font-size: 12px; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr) max-content minmax(0, 1fr);
           gap: 4px 16px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.scroll { overflow-x: auto; }
.scroll { background: linear-gradient(to right, var(--bg) 40%, transparent) left / 24px 100% local,
                      linear-gradient(to left, var(--bg) 40%, transparent) right / 24px 100% local,
                      radial-gradient(farthest-side at 0 50%, var(--edge), transparent) left / 10px 100% scroll,
                      radial-gradient(farthest-side at 100% 50%, var(--edge), transparent) right / 10px 100% scroll;
          background-repeat: no-repeat; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid var(--border); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.name, td.text { overflow-wrap: anywhere; }
td.name { min-width: 9em; }
td.type { white-space: nowrap; }
table.percentiles th.num, table.percentiles td.num { padding-left: 4px; padding-right: 6px; }
tr.total td { font-weight: 600; border-top: 2px solid var(--strong-border); }
tr.failing td { background: var(--fail-row); }
tr.failing td:first-child { box-shadow: inset 3px 0 0 var(--fail-mark); }
tr.failing td.failpct { color: var(--fail-fg); font-weight: 700; }
.charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
.chart-box { border: 1px solid var(--border); border-radius: 6px; padding: 8px; }
svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
svg.chart text { fill: var(--chart-text); }
svg.chart rect.hit:hover { fill: var(--hover); fill-opacity: .07; }
.names { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 12px; }
.name-box { border: 1px solid var(--border); border-radius: 6px; padding: 8px; }
.name-box.failing { border-left: 4px solid var(--fail-mark); }
.name-box .figures { color: var(--muted); font-size: 12px; margin: 0 0 2px; }
.swatch-dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%;
              margin-right: 6px; background: var(--c); }
.pass-text { color: var(--pass-fg); font-weight: 700; }
.fail-text { color: var(--fail-fg); font-weight: 700; }
.warn-text { color: var(--warn-fg); font-weight: 700; }
.note { color: var(--muted); }
pre { background: var(--soft); border: 1px solid var(--border); padding: 10px; font-size: 12px;
      white-space: pre-wrap; overflow-wrap: anywhere; }
footer { margin-top: 32px; padding-top: 8px; border-top: 1px solid var(--border); color: var(--muted);
         font-size: 12px; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e5e7eb; --bg: #111827; --muted: #9ca3af; --border: #374151; --soft: #1f2937;
          --strong-border: #6b7280; --chart-text: #d1d5db; --badge-fg: #ffffff;
          --pass: #15803d; --fail: #b91c1c; --none: #4b5563; --warn: #b45309;
          --pass-fg: #4ade80; --fail-fg: #fca5a5; --warn-fg: #fbbf24;
          --fail-row: #3b1d22; --fail-mark: #f87171; --hover: #ffffff; --edge: rgba(255, 255, 255, .25); }
  svg.chart .grid { stroke: #2b3544; }
  svg.chart .zero { stroke: #6b7280; }
  svg.chart .frame { stroke: #4b5563; }
  svg.chart .empty { fill: var(--muted); }
  svg.chart .series[style] { stroke: var(--dark); }
  svg.chart .swatch[style] { fill: var(--dark); }
  .swatch-dot[style] { background: var(--cd); }
}
@media (max-width: 960px) {
  main { padding: 16px 12px 32px; }
  .charts { grid-template-columns: minmax(0, 1fr); }
  dl.facts { grid-template-columns: max-content minmax(0, 1fr); }
}
@media print {
  @page { size: A4; margin: 12mm; }
  :root { --fg: #111827; --bg: #ffffff; --muted: #4b5563; --border: #e5e7eb; --soft: #f9fafb;
          --chart-text: #374151; --pass-fg: #15803d; --fail-fg: #b91c1c; --fail-row: #fef2f2; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  .cards { grid-template-columns: repeat(3, minmax(0, 1fr)); }
  .charts { grid-template-columns: minmax(0, 1fr); }
  .names { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .scroll { overflow: visible; background: none; }
  .chart-box, .name-box, .card, tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  table { font-size: 8pt; }
  th, td { padding: 3px 4px; }
  .verdict, th, .card, tr.failing td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.profile { display: none; }
}
)CSS";

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString ms(double us)
{
    return ReportFormat::ms(us);
}

QString td(const QString &text, const char *cls = nullptr)
{
    return cls ? QStringLiteral("<td class=\"%1\">%2</td>").arg(QLatin1String(cls), text)
               : QStringLiteral("<td>%1</td>").arg(text);
}

QString num(const QString &text)
{
    return td(text, "num");
}

QString verdictWord(RunResult::Verdict verdict)
{
    switch (verdict) {
    case RunResult::Verdict::Pass:
        return QStringLiteral("PASS");
    case RunResult::Verdict::Fail:
        return QStringLiteral("FAIL");
    case RunResult::Verdict::Interrupted:
        return QStringLiteral("INTERRUPTED");
    case RunResult::Verdict::Aborted:
        return QStringLiteral("ABORTED");
    case RunResult::Verdict::None:
        break;
    }
    return QStringLiteral("NO THRESHOLDS");
}

QString verdictClass(RunResult::Verdict verdict)
{
    switch (verdict) {
    case RunResult::Verdict::Pass:
        return QStringLiteral("pass");
    case RunResult::Verdict::Fail:
    case RunResult::Verdict::Aborted:
        return QStringLiteral("fail");
    case RunResult::Verdict::Interrupted:
        return QStringLiteral("warn"); // never a green PASS: the thresholds saw part of a run
    case RunResult::Verdict::None:
        break;
    }
    return QStringLiteral("none");
}

/** The Load fact: users and spawn rate in the closed model, the arrival rate in the open one. */
QString loadText(const RunResult &r)
{
    const QString runTime =
        r.runTimeMs > 0 ? ReportFormat::duration(r.runTimeMs) : QStringLiteral("until stopped");
    if (!r.isOpenModel())
        return QStringLiteral("%1 users, spawn rate %2/s, run time %3")
            .arg(r.users)
            .arg(QString::number(r.spawnRate, 'g', 6), runTime);
    const QJsonObject arrival = r.profile.value(QStringLiteral("load"))
                                    .toObject()
                                    .value(QStringLiteral("arrivalRate"))
                                    .toObject();
    if (arrival.isEmpty())
        return QStringLiteral(
                   "open model (arrival rates per user type or rate stages), run time %1")
            .arg(runTime);
    QString rate = QString::number(arrival.value(QStringLiteral("rate")).toDouble(), 'g', 6);
    if (arrival.contains(QStringLiteral("to")))
        rate += QStringLiteral(" → %1 over %2")
                    .arg(QString::number(arrival.value(QStringLiteral("to")).toDouble(), 'g', 6),
                         arrival.value(QStringLiteral("over")).toString());
    QString text = QStringLiteral("open model, %1 iterations/s").arg(rate);
    if (arrival.contains(QStringLiteral("maxConcurrent")))
        text += QStringLiteral(", at most %1 at once")
                    .arg(arrival.value(QStringLiteral("maxConcurrent")).toInt());
    return text + QStringLiteral(", run time %1").arg(runTime);
}

QString endText(const RunResult &r)
{
    switch (r.endReason) {
    case RunResult::EndReason::Completed:
        return QStringLiteral("completed");
    case RunResult::EndReason::Interrupted:
        return QStringLiteral("stopped early (interrupted)");
    case RunResult::EndReason::ThresholdAbort:
        return QStringLiteral("aborted: a threshold stayed broken");
    case RunResult::EndReason::StoppedByUser:
        return QStringLiteral("stopped by the user");
    case RunResult::EndReason::CouldNotStart:
        return QStringLiteral("could not start");
    }
    return {};
}

QString card(const QString &label, const QString &value, const QString &sub = {})
{
    return QStringLiteral("<div class=\"card\"><div class=\"label\">%1</div>"
                          "<div class=\"value\">%2</div><div class=\"sub\">%3</div></div>\n")
        .arg(esc(label), esc(value), sub.isEmpty() ? QStringLiteral("&nbsp;") : esc(sub));
}

QString fact(const QString &term, const QString &value)
{
    return QStringLiteral("<dt>%1</dt><dd>%2</dd>\n")
        .arg(esc(term), value.isEmpty() ? QStringLiteral("—") : esc(value));
}

int peakUsers(const RunResult &r)
{
    int peak = 0;
    for (const HistoryPoint &p : r.history)
        peak = std::max(peak, p.userCount);
    return peak;
}

QString header(const RunResult &r)
{
    const RunResult::Verdict verdict = r.verdict();
    int failed = 0;
    for (const ThresholdVerdict &v : r.verdicts)
        failed += v.passed ? 0 : 1;
    QString small;
    if (verdict == RunResult::Verdict::Fail || (failed > 0 && verdict != RunResult::Verdict::Pass))
        small = QStringLiteral("%1 of %2 thresholds broken").arg(failed).arg(r.verdicts.size());
    else if (verdict == RunResult::Verdict::Interrupted || verdict == RunResult::Verdict::Aborted)
        small = r.verdicts.isEmpty() ? QStringLiteral("ended early")
                                     : QStringLiteral("judged on part of the run");
    else if (verdict == RunResult::Verdict::Pass)
        small = QStringLiteral("all %1 thresholds hold").arg(r.verdicts.size());
    else
        small = QStringLiteral("nothing to check");
    const QString name = r.profileName().isEmpty() ? QStringLiteral("Load test") : r.profileName();
    return QStringLiteral("<header class=\"top\"><div><h1>%1</h1>"
                          "<p class=\"subtitle\">Cicada load test report · %2 to %3 · %4</p></div>"
                          "<div class=\"verdict %5\">%6<small>%7</small></div></header>\n")
        .arg(esc(name), esc(ReportFormat::utcText(r.startMs)), esc(ReportFormat::utcText(r.endMs)),
             esc(endText(r)), verdictClass(verdict), verdictWord(verdict), esc(small));
}

QString summary(const RunResult &r)
{
    const ResultEntry &a = r.aggregated;
    QString out = QStringLiteral("<section class=\"summary\"><div class=\"cards\">\n");
    // Headline figures are about timed operations; messages get their own card and table.
    out += card(QStringLiteral("Operations"), QString::number(a.numRequests),
                QStringLiteral("%1/s on average").arg(ReportFormat::rate(r.rps(a))));
    out += card(QStringLiteral("Failures"), QString::number(a.numFailures),
                ReportFormat::percent(a.failRatio()) + QStringLiteral(" of operations"));
    out += card(QStringLiteral("Median"), ms(double(a.percentileUs(50))) + QStringLiteral(" ms"),
                QStringLiteral("all operations"));
    out += card(QStringLiteral("95th percentile"),
                ms(double(a.percentileUs(95))) + QStringLiteral(" ms"),
                QStringLiteral("p99 %1 ms").arg(ms(double(a.percentileUs(99)))));
    // Open model (issue 10): the main figures count from the intended start; service time (from
    // the actual send) and the iterations that could not start on time sit beside them.
    if (a.hasServiceTime())
        out += card(
            QStringLiteral("Service time p95"),
            ms(double(a.servicePercentileUs(95))) + QStringLiteral(" ms"),
            QStringLiteral("median %1 ms · p99 %2 ms")
                .arg(ms(double(a.servicePercentileUs(50))), ms(double(a.servicePercentileUs(99)))));
    if (r.isOpenModel())
        out += card(QStringLiteral("Iterations"), QString::number(r.iterationsStarted),
                    QStringLiteral("%1 late starts · %2 dropped")
                        .arg(r.lateStarts)
                        .arg(r.droppedIterations));
    const ResultEntry messages = r.messageTotal();
    if (!messages.isEmpty())
        out += card(QStringLiteral("Messages"), QString::number(messages.numRequests),
                    QStringLiteral("%1/s · %2 failed")
                        .arg(ReportFormat::rate(r.rps(messages)))
                        .arg(messages.numFailures));
    // In the open model the users are a pool that grows with demand: there is no user target.
    out += card(QStringLiteral("Users"), QString::number(std::max(peakUsers(r), 0)),
                r.isOpenModel() ? QStringLiteral("peak; pooled by the arrival rate")
                                : QStringLiteral("peak; target %1").arg(r.users));
    out += card(QStringLiteral("Duration"), ReportFormat::duration(r.durationMs()), endText(r));
    out += QStringLiteral("</div>\n<dl class=\"facts\">\n");
    out += fact(QStringLiteral("Profile"), r.profileName());
    out += fact(QStringLiteral("Profile file"), r.profilePath);
    out += fact(QStringLiteral("Target"), r.baseUrl());
    out += fact(QStringLiteral("WebSocket broker"), r.brokerUrl());
    out += fact(QStringLiteral("Started"), ReportFormat::utcText(r.startMs));
    out += fact(QStringLiteral("Ended"), ReportFormat::utcText(r.endMs));
    out += fact(QStringLiteral("Load"), loadText(r));
    out += fact(QStringLiteral("Generator"),
                QStringLiteral("%1 · %2 threads · %3 HTTP transport · Cicada %4")
                    .arg(r.host)
                    .arg(r.threads)
                    .arg(r.transport, r.toolVersion));
    if (!r.endDetail.isEmpty())
        out += fact(QStringLiteral("How it ended"), r.endDetail);
    out += QStringLiteral("</dl></section>\n");
    return out;
}

QString thresholds(const RunResult &r)
{
    QString out = QStringLiteral("<section><h2>Thresholds</h2>\n");
    if (r.verdicts.isEmpty())
        return out + QStringLiteral("<p class=\"note\">No thresholds were set for this run. Add "
                                    "\"thresholds\" to the profile or pass --threshold to "
                                    "cicada-cli run.</p></section>\n");
    out +=
        QStringLiteral("<div class=\"scroll\"><table><thead><tr><th>Verdict</th><th>Threshold</th>"
                       "<th class=\"num\">Measured</th><th>Detail</th></tr></thead><tbody>\n");
    for (const ThresholdVerdict &v : r.verdicts) {
        out += QStringLiteral("<tr>") +
               td(v.unreliable ? QStringLiteral("<span class=\"warn-text\">UNRELIABLE</span>")
                  : v.passed   ? QStringLiteral("<span class=\"pass-text\">PASS</span>")
                               : QStringLiteral("<span class=\"fail-text\">FAIL</span>")) +
               td(QStringLiteral("<code>%1</code>").arg(esc(v.expression)), "text") +
               num(esc(v.measuredText)) + td(esc(v.detail), "text") + QStringLiteral("</tr>\n");
    }
    return out + QStringLiteral("</tbody></table></div></section>\n");
}

double secondsSinceStart(const RunResult &r, const HistoryPoint &p)
{
    return double(p.timestampMs - r.startMs) / kMsPerS;
}

SvgChart timeChart(const QString &title, const QString &yLabel, int widthPx = kChartWidthPx,
                   int heightPx = kChartHeightPx)
{
    SvgChart chart(widthPx, heightPx);
    chart.setTitle(title);
    chart.setXAxis(SvgChart::XAxis::ElapsedSeconds, QStringLiteral("Time since start (m:ss)"));
    chart.setYAxis(yLabel);
    chart.setEmptyText(QStringLiteral("No samples: the run ended within its first second"));
    return chart;
}

QString chartBox(const SvgChart &chart)
{
    return QStringLiteral("<div class=\"chart-box\">\n") + chart.render() +
           QStringLiteral("</div>\n");
}

QString timeChart(const QString &title, const QString &yLabel,
                  const QList<SvgChart::Series> &series)
{
    SvgChart chart = timeChart(title, yLabel);
    for (const SvgChart::Series &s : series)
        chart.addSeries(s);
    return chartBox(chart);
}

SvgChart::Series historySeries(const RunResult &r, const QString &key, const QString &label,
                               const Colour &colour, const QString &unit,
                               const std::function<double(const HistoryPoint &)> &value)
{
    SvgChart::Series s{key, label, colour.light, {}, false, colour.dark, unit};
    s.points.reserve(r.history.size());
    for (const HistoryPoint &p : r.history)
        s.points.append(QPointF(secondsSinceStart(r, p), value(p)));
    return s;
}

/**
 * @p count events between @p fromMs and @p toMs as a rate per second. The interval counts as at
 * least a second: the last point of a history closes a partial second (the run ended 30 ms after
 * the previous tick), whose few events would otherwise read as a spike; a downsampled point
 * spans several seconds and divides by all of them.
 */
double ratePerSecond(qint64 count, qint64 fromMs, qint64 toMs)
{
    return double(count) / std::max(double(toMs - fromMs) / kMsPerS, 1.0);
}

/** The row's light and dark colour from NameColor. */
Colour nameColour(const ResultEntry &e)
{
    return {NameColor::colour(e.type, e.name, NameColor::Scheme::Light),
            NameColor::colour(e.type, e.name, NameColor::Scheme::Dark)};
}

QString rowLabel(const ResultEntry &e)
{
    return e.type.isEmpty() ? e.name : e.type + QLatin1Char(' ') + e.name;
}

QString distributionChart(const RunResult &r)
{
    // The busiest operation rows: a message's age is not a response time.
    QList<const ResultEntry *> rows;
    for (const ResultEntry &e : r.entries) {
        if (!e.isEmpty() && !e.isMessage())
            rows.append(&e);
    }
    std::stable_sort(rows.begin(), rows.end(), [](const ResultEntry *a, const ResultEntry *b) {
        return a->numRequests > b->numRequests;
    });
    if (rows.size() > HtmlReport::kMaxDistributionRows)
        rows.resize(HtmlReport::kMaxDistributionRows);

    SvgChart chart(kChartWidthPx, kChartHeightPx);
    chart.setTitle(QStringLiteral("Response time distribution (whole run)"));
    chart.setXAxis(SvgChart::XAxis::Log10, QStringLiteral("Response time (ms, log scale)"),
                   QStringLiteral("ms"));
    chart.setYAxis(QStringLiteral("Share of the row's requests (%)"));
    chart.setEmptyText(QStringLiteral("No requests with a response time"));
    const auto binOf = [](qint64 us) {
        const double msValue = double(std::max(us, kMinDistributionUs)) / kUsPerMs;
        return int(std::floor(std::log10(msValue) * HtmlReport::kBinsPerDecade));
    };
    QSet<int> coloursUsed;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const ResultEntry &e = *rows.at(i);
        QMap<int, qint64> bins;
        for (const auto &[us, count] : e.histogram.buckets())
            bins[binOf(us)] += count;
        const Colour colour = nameColour(e);
        // The colour belongs to the name; when two rows share one, the later is dashed.
        const bool shared = coloursUsed.contains(NameColor::index(e.type, e.name));
        coloursUsed.insert(NameColor::index(e.type, e.name));
        SvgChart::Series s{QStringLiteral("distribution-%1").arg(i),
                           rowLabel(e),
                           colour.light,
                           {},
                           shared,
                           colour.dark,
                           QStringLiteral("%")};
        // One point per bin from one empty bin before the first to one after the last, so the
        // line starts and ends on the axis.
        for (int bin = bins.firstKey() - 1; bin <= bins.lastKey() + 1; ++bin) {
            const double x = std::pow(10.0, (bin + 0.5) / HtmlReport::kBinsPerDecade);
            s.points.append(QPointF(x, kPercent * double(bins.value(bin)) / double(e.numRequests)));
        }
        chart.addSeries(s);
    }
    return chartBox(chart);
}

/**
 * Failures in each second from the cumulative counts of the Aggregated history (exact, unlike
 * the 10-s window of currentFailPerSec), and their share of that second's requests.
 */
QString failuresChart(const RunResult &r)
{
    SvgChart chart =
        timeChart(QStringLiteral("Failures over time"), QStringLiteral("Failures per second"));
    chart.setSecondaryYAxis(QStringLiteral("Failed requests (%)"));
    SvgChart::Series perSecond{QStringLiteral("failures-per-second"),
                               QStringLiteral("All operations, failures/s"),
                               kRed.light,
                               {},
                               false,
                               kRed.dark,
                               QStringLiteral("/s")};
    SvgChart::Series share{QStringLiteral("failure-share"),
                           QStringLiteral("Failed share of requests (right axis)"),
                           kAmber.light,
                           {},
                           true,
                           kAmber.dark,
                           QStringLiteral("%"),
                           true};
    qint64 lastMs = r.startMs;
    qint64 lastCount = 0;
    qint64 lastFailures = 0;
    for (const HistoryPoint &p : r.history) {
        const qint64 requests = p.totalCount - lastCount;
        const qint64 failures = p.totalFailures - lastFailures;
        const double x = secondsSinceStart(r, p);
        perSecond.points.append(QPointF(x, ratePerSecond(failures, lastMs, p.timestampMs)));
        share.points.append(
            QPointF(x, requests > 0 ? kPercent * double(failures) / double(requests) : 0));
        lastMs = p.timestampMs;
        lastCount = p.totalCount;
        lastFailures = p.totalFailures;
    }
    chart.addSeries(perSecond);
    chart.addSeries(share);
    // The names that failed most, each in its own colour, when the result has their history.
    QList<const ResultEntry *> failing;
    for (const ResultEntry &e : r.entries)
        if (!e.isMessage() && e.numFailures > 0 && !e.history.isEmpty())
            failing.append(&e);
    std::stable_sort(
        failing.begin(), failing.end(),
        [](const ResultEntry *a, const ResultEntry *b) { return a->numFailures > b->numFailures; });
    if (failing.size() > kMaxFailingNamesDrawn)
        failing.resize(kMaxFailingNamesDrawn);
    // One failing name is the whole red line again: drawing it would only hide that line.
    if (failing.size() < 2)
        failing.clear();
    for (qsizetype i = 0; i < failing.size(); ++i) {
        const ResultEntry &e = *failing.at(i);
        const Colour colour = nameColour(e);
        SvgChart::Series s{QStringLiteral("failures-name-%1").arg(i),
                           rowLabel(e),
                           colour.light,
                           {},
                           false,
                           colour.dark,
                           QStringLiteral("failures/s")};
        qint64 lastT = r.startMs;
        for (const NameHistoryPoint &p : e.history) {
            s.points.append(QPointF(double(p.tMs - r.startMs) / kMsPerS,
                                    ratePerSecond(p.failures, lastT, p.tMs)));
            lastT = p.tMs;
        }
        chart.addSeries(s);
    }
    return chartBox(chart);
}

/**
 * Charts of the load generator's CPU and event-loop lag, with the seconds it was the bottleneck
 * shaded (and its late starts in the open model), for the Charts grid; @p note gets the
 * paragraph under the grid.
 */
QString healthCharts(const RunResult &r, QString *note)
{
    if (r.health.isEmpty())
        return {};
    SvgChart chart =
        timeChart(QStringLiteral("Load generator health"), QStringLiteral("CPU (% of one core)"),
                  kChartWidthPx, kChartHeightPx);
    chart.setSecondaryYAxis(QStringLiteral("Worst loop lag (ms)"));
    SvgChart::Series cpu{
        QStringLiteral("cpu"), QStringLiteral("CPU %"), kTeal.light, {}, false, kTeal.dark,
        QStringLiteral("%")};
    SvgChart::Series lag{QStringLiteral("loop-lag"),
                         QStringLiteral("Worst loop lag (right axis)"),
                         kPurple.light,
                         {},
                         true,
                         kPurple.dark,
                         QStringLiteral("ms"),
                         true};
    SvgChart::Series late{QStringLiteral("late-starts"),
                          QStringLiteral("Late starts/s"),
                          kAmber.light,
                          {},
                          false,
                          kAmber.dark,
                          QStringLiteral("/s")};
    SvgChart::Series dropped{QStringLiteral("dropped"),
                             QStringLiteral("Dropped iterations/s"),
                             kRed.light,
                             {},
                             false,
                             kRed.dark,
                             QStringLiteral("/s")};
    bool anyLate = false;
    int bottleneckSeconds = 0;
    qint64 lastT = r.startMs;
    bool inBand = false;
    double bandFrom = 0;
    const auto closeBand = [&](double to) {
        if (inBand)
            chart.addBand({bandFrom, to,
                           QStringLiteral("Bottleneck: the load generator limited the load"),
                           kAmber.light, QStringLiteral("Bottleneck")});
        inBand = false;
    };
    for (const HealthPoint &p : r.health) {
        const double from = double(lastT - r.startMs) / kMsPerS;
        const double x = double(p.tMs - r.startMs) / kMsPerS;
        const double seconds = double(p.tMs - lastT) / kMsPerS;
        cpu.points.append(QPointF(x, p.cpuPercent));
        lag.points.append(QPointF(x, p.worstLoopLagMs));
        late.points.append(QPointF(x, ratePerSecond(p.lateStarts, lastT, p.tMs)));
        dropped.points.append(QPointF(x, ratePerSecond(p.droppedIterations, lastT, p.tMs)));
        anyLate = anyLate || p.lateStarts > 0 || p.droppedIterations > 0;
        if (p.bottleneck) {
            bottleneckSeconds += int(std::llround(seconds));
            if (!inBand)
                bandFrom = from;
            inBand = true;
        } else {
            closeBand(from);
        }
        lastT = p.tMs;
    }
    closeBand(double(lastT - r.startMs) / kMsPerS);
    chart.addSeries(cpu);
    chart.addSeries(lag);
    QString out = chartBox(chart);
    if (anyLate || r.isOpenModel()) {
        SvgChart starts =
            timeChart(QStringLiteral("Late starts and dropped iterations"),
                      QStringLiteral("Iterations per second"), kChartWidthPx, kChartHeightPx);
        starts.addSeries(late);
        starts.addSeries(dropped);
        out += chartBox(starts);
    }
    const QString verdict =
        bottleneckSeconds > 0
            ? QStringLiteral("<strong>The load generator was the bottleneck for %1 s.</strong>")
                  .arg(bottleneckSeconds)
            : QStringLiteral("The load generator was never the bottleneck.");
    // The rule's figures from BottleneckRule itself, so the sentence cannot drift from it.
    *note = QStringLiteral("<p class=\"note health\">%1 CPU is the Cicada process's (100 % = one "
                           "core; %2 worker threads); loop lag is the worst delay of a worker "
                           "thread's event loop in the second. Shaded: the generator was the "
                           "bottleneck (%3 of the last %4 seconds at %5 % of a core per thread or "
                           "%6 ms loop lag), so the server may not have seen the planned "
                           "load.</p>\n")
                .arg(verdict, QString::number(r.threads),
                     QString::number(BottleneckRule::kHotSamplesNeeded),
                     QString::number(BottleneckRule::kWindowSamples),
                     QString::number(BottleneckRule::kCpuShareOfCorePerThread * kPercent),
                     QString::number(BottleneckRule::kLoopLagMs));
    return out;
}

QString charts(const RunResult &r)
{
    QString out = QStringLiteral("<section><h2>Charts</h2>\n<div class=\"charts\">\n");
    out += timeChart(
        QStringLiteral("Requests per second"), QStringLiteral("Rate (per second)"),
        {historySeries(r, QStringLiteral("rps"), QStringLiteral("Requests/s"), kBlue,
                       QStringLiteral("/s"), [](const HistoryPoint &p) { return p.currentRps; }),
         historySeries(r, QStringLiteral("failures"), QStringLiteral("Failures/s"), kRed,
                       QStringLiteral("/s"),
                       [](const HistoryPoint &p) { return p.currentFailPerSec; })});
    if (r.aggregated.numFailures > 0)
        out += failuresChart(r);
    out += timeChart(
        QStringLiteral("Response times (last 10 s)"), QStringLiteral("Response time (ms)"),
        {historySeries(r, QStringLiteral("p50"), QStringLiteral("Median (p50)"), kGreen,
                       QStringLiteral("ms"),
                       [](const HistoryPoint &p) { return double(p.p50Us) / kUsPerMs; }),
         historySeries(r, QStringLiteral("p95"), QStringLiteral("95th percentile"), kAmber,
                       QStringLiteral("ms"),
                       [](const HistoryPoint &p) { return double(p.p95Us) / kUsPerMs; }),
         historySeries(r, QStringLiteral("p99"), QStringLiteral("99th percentile"), kPurple,
                       QStringLiteral("ms"),
                       [](const HistoryPoint &p) { return double(p.p99Us) / kUsPerMs; })});
    out += timeChart(
        QStringLiteral("Users"), QStringLiteral("Running users"),
        {historySeries(r, QStringLiteral("users"), QStringLiteral("Users"), kTeal, QString(),
                       [](const HistoryPoint &p) { return double(p.userCount); })});
    out += distributionChart(r);
    QString healthNote;
    out += healthCharts(r, &healthNote);
    out += QStringLiteral("</div>\n<p class=\"note\">Rates and response times over time are "
                          "Locust's \"current\" values: the last 10 seconds at each second "
                          "(the same samples as PREFIX_stats_history.csv); failures over time "
                          "are counted in each second. They count timed operations only, not "
                          "messages; times include failed requests. Hover over a chart for the "
                          "values at that time.</p>\n");
    return out + healthNote + QStringLiteral("</section>\n");
}

/** The row's tr start: total and failing rows are marked. */
QString rowStart(const ResultEntry &e, bool total)
{
    QStringList classes;
    if (total)
        classes.append(QStringLiteral("total"));
    if (e.numFailures > 0)
        classes.append(QStringLiteral("failing"));
    return classes.isEmpty()
               ? QStringLiteral("<tr>")
               : QStringLiteral("<tr class=\"%1\">").arg(classes.join(QLatin1Char(' ')));
}

QString failPercentCell(const ResultEntry &e)
{
    return td(e.isEmpty() ? QStringLiteral("—") : ReportFormat::percent(e.failRatio()),
              "num failpct");
}

QString requestRow(const RunResult &r, const ResultEntry &e, bool total)
{
    return rowStart(e, total) + td(esc(e.type), "type") + td(esc(e.name), "name") +
           num(QString::number(e.numRequests)) + num(QString::number(e.numFailures)) +
           failPercentCell(e) + num(ms(e.avgResponseTimeUs())) +
           num(ms(double(e.histogram.min()))) + num(ms(double(e.histogram.max()))) +
           num(QString::number(std::llround(e.avgContentLength()))) +
           num(ReportFormat::rate(r.rps(e))) + num(ReportFormat::rate(r.failuresPerSecond(e))) +
           QStringLiteral("</tr>\n");
}

QString requestTable(const RunResult &r)
{
    QString out = QStringLiteral(
        "<section><h2>Request statistics</h2>\n<div "
        "class=\"scroll\"><table><thead><tr><th>Method</th><th>Name</th>"
        "<th class=\"num\"># Requests</th><th class=\"num\"># Fails</th><th class=\"num\">Fail "
        "%</th>"
        "<th class=\"num\">Average (ms)</th><th class=\"num\">Min (ms)</th>"
        "<th class=\"num\">Max (ms)</th><th class=\"num\">Average size (bytes)</th>"
        "<th class=\"num\">RPS</th><th class=\"num\">Failures/s</th></tr></thead><tbody>\n");
    for (const ResultEntry &e : r.entries)
        if (!e.isMessage())
            out += requestRow(r, e, false);
    out += requestRow(r, r.aggregated, true);
    return out + QStringLiteral("</tbody></table></div>\n<p class=\"note\">Timed operations: HTTP "
                                "requests, WebSocket connects, sends that await a reply, awaits "
                                "and pings; Aggregated sums them. RPS and Failures/s are "
                                "whole-run averages. A failure is also counted as a "
                                "request.</p></section>\n");
}

QString serviceRow(const ResultEntry &e, bool total)
{
    const auto cell = [&e](double p) {
        return num(e.hasServiceTime() ? ms(double(e.servicePercentileUs(p))) : QStringLiteral("—"));
    };
    return rowStart(e, total) + td(esc(e.type), "type") + td(esc(e.name), "name") +
           num(ms(double(e.percentileUs(50)))) + num(ms(double(e.percentileUs(95)))) +
           num(ms(double(e.percentileUs(99)))) +
           num(e.hasServiceTime() ? ms(e.serviceHistogram->mean()) : QStringLiteral("—")) +
           cell(50) + cell(95) + cell(99) + QStringLiteral("</tr>\n");
}

// Only when some row has service times (the open model): the layout is unchanged otherwise.
QString serviceTable(const RunResult &r)
{
    if (!r.aggregated.hasServiceTime())
        return {};
    QString out = QStringLiteral(
        "<section><h2>Response time and service time</h2>\n<div "
        "class=\"scroll\"><table><thead><tr><th>Method</th>"
        "<th>Name</th><th class=\"num\">Median (ms)</th><th class=\"num\">p95 (ms)</th>"
        "<th class=\"num\">p99 (ms)</th><th class=\"num\">Service avg (ms)</th>"
        "<th class=\"num\">Service median (ms)</th><th class=\"num\">Service p95 (ms)</th>"
        "<th class=\"num\">Service p99 (ms)</th></tr></thead><tbody>\n");
    for (const ResultEntry &e : r.entries)
        if (!e.isMessage())
            out += serviceRow(e, false);
    out += serviceRow(r.aggregated, true);
    return out + QStringLiteral(
                     "</tbody></table></div>\n<p class=\"note\">Open model: response times count "
                     "from each iteration's intended start (what a user of the service waited, "
                     "including time spent waiting for a free user); service times count from "
                     "the actual send.</p></section>\n");
}

QString ageCell(const ResultEntry &e, double p)
{
    return num(e.timedCount() == 0 ? QStringLiteral("—") : ms(double(e.percentileUs(p))));
}

QString messageRow(const RunResult &r, const ResultEntry &e, bool total)
{
    return rowStart(e, total) + td(esc(e.type), "type") + td(esc(e.name), "name") +
           num(QString::number(e.numRequests)) + num(QString::number(e.numFailures)) +
           failPercentCell(e) + num(QString::number(e.totalContentLength)) +
           num(ReportFormat::rate(r.rps(e))) + num(QString::number(e.timedCount())) +
           ageCell(e, 50) + ageCell(e, 95) + ageCell(e, 99) + QStringLiteral("</tr>\n");
}

QString messageTable(const RunResult &r)
{
    const QList<ResultEntry> rows = r.messageEntries();
    if (rows.isEmpty())
        return {};
    QString out = QStringLiteral(
        "<section><h2>Messages</h2>\n<div class=\"scroll\"><table "
        "class=\"messages\"><thead><tr><th>Type</th>"
        "<th>Name</th><th class=\"num\"># Messages</th><th class=\"num\"># Fails</th>"
        "<th class=\"num\">Fail %</th>"
        "<th class=\"num\">Bytes</th><th class=\"num\">Rate (/s)</th>"
        "<th class=\"num\"># With age</th><th class=\"num\">Age p50 (ms)</th>"
        "<th class=\"num\">Age p95 (ms)</th><th class=\"num\">Age p99 (ms)</th></tr></thead>"
        "<tbody>\n");
    for (const ResultEntry &e : rows)
        out += messageRow(r, e, false);
    out += messageRow(r, r.messageTotal(), true);
    return out +
           QStringLiteral("</tbody></table></div>\n<p class=\"note\">Messages happened without "
                          "anyone waiting: server pushes (WS recv), fire-and-forget sends "
                          "(WS emit), replies after their timeout (WS late) and dropped "
                          "connections (WS disconnect). They are not in Aggregated. Age is "
                          "the time from the server's timestamp to arrival (for a late "
                          "reply: from the send), shown when a message carried "
                          "one.</p></section>\n");
}

QString percentileRow(const ResultEntry &e, bool total)
{
    QString row = rowStart(e, total) + td(esc(e.type), "type") + td(esc(e.name), "name");
    for (const auto &[p, us] : e.percentilesUs)
        row += num(e.isEmpty() ? QStringLiteral("—") : ms(double(us)));
    return row + QStringLiteral("</tr>\n");
}

QString percentileTable(const RunResult &r)
{
    QString out = QStringLiteral(
        "<section><h2>Response time statistics (ms)</h2>\n<div class=\"scroll\"><table "
        "class=\"percentiles\"><thead><tr><th>Method</th><th>Name</th>");
    for (const double p : r.percentiles)
        out += QStringLiteral("<th class=\"num\">%1%ile</th>").arg(ReportFormat::percentile(p));
    out += QStringLiteral("</tr></thead><tbody>\n");
    for (const ResultEntry &e : r.entries)
        if (!e.isMessage())
            out += percentileRow(e, false);
    out += percentileRow(r.aggregated, true);
    return out +
           QStringLiteral("</tbody></table></div>\n<p class=\"note\">Percentiles by nearest rank "
                          "from HDR histograms (3 significant digits).</p></section>\n");
}

QString failuresTable(const RunResult &r)
{
    QString out = QStringLiteral("<section><h2>Failures</h2>\n");
    if (r.errors.isEmpty())
        return out + QStringLiteral("<p class=\"note\">No failures.</p></section>\n");
    out += QStringLiteral(
        "<div class=\"scroll\"><table><thead><tr><th>Method</th><th>Name</th><th>Error</th>"
        "<th class=\"num\">Occurrences</th></tr></thead><tbody>\n");
    for (const StatsError &e : r.errors)
        out += QStringLiteral("<tr>") + td(esc(e.type), "type") + td(esc(e.name), "name") +
               td(esc(e.error), "text") + num(QString::number(e.occurrences)) +
               QStringLiteral("</tr>\n");
    return out + QStringLiteral("</tbody></table></div></section>\n");
}

/** Per-second rates of a row's history: count ÷ the seconds since the previous point. */
QList<QPointF> perSecond(const RunResult &r, const QList<NameHistoryPoint> &history,
                         const std::function<qint64(const NameHistoryPoint &)> &count)
{
    QList<QPointF> points;
    points.reserve(history.size());
    qint64 lastT = r.startMs;
    for (const NameHistoryPoint &p : history) {
        points.append(
            QPointF(double(p.tMs - r.startMs) / kMsPerS, ratePerSecond(count(p), lastT, p.tMs)));
        lastT = p.tMs;
    }
    return points;
}

QString nameBox(const RunResult &r, const ResultEntry &e)
{
    const Colour colour = nameColour(e);
    const bool timed = e.timedCount() > 0;
    const QString p95Label = e.isMessage() ? QStringLiteral("age p95") : QStringLiteral("p95");
    QString figures =
        QStringLiteral("%1 %2 · %3/s · %4 failed")
            .arg(QString::number(e.numRequests),
                 e.isMessage() ? QStringLiteral("messages") : QStringLiteral("requests"),
                 ReportFormat::rate(r.rps(e)), ReportFormat::percent(e.failRatio()));
    if (timed)
        figures += QStringLiteral(" · %1 %2 ms").arg(p95Label, ms(double(e.percentileUs(95))));

    SvgChart chart(kNameChartWidthPx, kNameChartHeightPx);
    chart.setTitle(rowLabel(e), false);
    chart.setXAxis(SvgChart::XAxis::ElapsedSeconds, QStringLiteral("Time since start (m:ss)"));
    chart.setYAxis(QStringLiteral("Per second"));
    chart.setEmptyText(QStringLiteral("No samples"));
    chart.addSeries({QStringLiteral("name-rps"),
                     e.isMessage() ? QStringLiteral("Messages/s") : QStringLiteral("Requests/s"),
                     colour.light,
                     perSecond(r, e.history, [](const NameHistoryPoint &p) { return p.requests; }),
                     false, colour.dark, QStringLiteral("/s")});
    if (e.numFailures > 0)
        chart.addSeries(
            {QStringLiteral("name-failures"), QStringLiteral("Failures/s"), kRed.light,
             perSecond(r, e.history, [](const NameHistoryPoint &p) { return p.failures; }), false,
             kRed.dark, QStringLiteral("/s")});
    if (timed) {
        chart.setSecondaryYAxis(p95Label + QStringLiteral(" (ms)"));
        SvgChart::Series p95{QStringLiteral("name-p95"),
                             p95Label + QStringLiteral(" (ms, right)"),
                             colour.light,
                             {},
                             true,
                             colour.dark,
                             QStringLiteral("ms"),
                             true};
        // Seconds without timed outcomes have no percentile: leave them out rather than draw 0.
        for (const NameHistoryPoint &p : e.history)
            if (p.requests > 0)
                p95.points.append(
                    QPointF(double(p.tMs - r.startMs) / kMsPerS, double(p.p95Us) / kUsPerMs));
        chart.addSeries(p95);
    }
    return QStringLiteral("<div class=\"name-box%1\"><h3><span class=\"swatch-dot\" "
                          "style=\"--c:%2;--cd:%3\"></span>%4</h3><p class=\"figures\">%5</p>\n")
               .arg(e.numFailures > 0 ? QStringLiteral(" failing") : QString(), colour.light,
                    colour.dark, esc(rowLabel(e)), esc(figures)) +
           chart.render() + QStringLiteral("</div>\n");
}

/** One small chart per row: its rate, failures and p95 over time, in the row's colour. */
QString perNameSection(const RunResult &r)
{
    QString boxes;
    for (const ResultEntry &e : r.entries)
        if (!e.history.isEmpty() && !e.isEmpty())
            boxes += nameBox(r, e);
    if (boxes.isEmpty())
        return {};
    return QStringLiteral("<section class=\"per-name\"><h2>Per name over time</h2>\n<div "
                          "class=\"names\">\n") +
           boxes +
           QStringLiteral("</div>\n<p class=\"note\">Each row of the tables in its own colour "
                          "(the same in every report and in the GUI): what happened in each "
                          "second — requests (or messages) and failures per second on the left "
                          "axis, the second's 95th percentile (dashed) on the right. Rows with "
                          "failures have a red edge.</p></section>\n");
}

QString profileSection(const RunResult &r)
{
    if (r.profile.isEmpty())
        return QStringLiteral("<section class=\"profile\"><h2>Profile</h2>\n<p class=\"note\">The "
                              "result holds no profile.</p></section>\n");
    // In the saved-profile layout (keys in reading order), as the user knows the file.
    const QString json =
        QString::fromUtf8(ProfileIo::toText(ProfileIo::fromJson(r.profile, nullptr)));
    return QStringLiteral("<section class=\"profile\"><h2>Profile</h2>\n<details><summary>The "
                          "profile used, with cookie values, credential headers and environment "
                          "values redacted</summary>\n<pre>%1</pre></details></section>\n")
        .arg(esc(json));
}

} // namespace

QByteArray HtmlReport::render(const RunResult &r)
{
    const QString title = r.profileName().isEmpty() ? QStringLiteral("Load test") : r.profileName();
    QString html;
    html +=
        QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta name=\"generator\" content=\"Cicada %1\">\n"
                       "<title>%2 · Cicada report %3</title>\n<style>")
            .arg(esc(r.toolVersion), esc(title), esc(ReportFormat::utcText(r.startMs)));
    html += QString::fromUtf8(kCss);
    html += QStringLiteral("</style>\n</head>\n<body>\n<main>\n");
    html += header(r);
    html += summary(r);
    html += thresholds(r);
    html += charts(r);
    html += requestTable(r);
    html += percentileTable(r);
    html += serviceTable(r);
    html += messageTable(r);
    html += failuresTable(r);
    html += perNameSection(r);
    html += profileSection(r);
    html += QStringLiteral("<footer>Generated by Cicada %1 from the run's result (format "
                           "\"%2\" version %3). All times are UTC.</footer>\n")
                .arg(esc(r.toolVersion), ResultFile::kFormat)
                .arg(ResultFile::kVersion);
    html += QStringLiteral("</main>\n</body>\n</html>\n");
    return html.toUtf8();
}

bool HtmlReport::save(const QString &path, const RunResult &result, QString *error)
{
    return AtomicFile::write(path, render(result), error);
}

QString HtmlReport::styleSheet()
{
    return QString::fromUtf8(kCss);
}

} // namespace cicada
