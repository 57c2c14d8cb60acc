#include "report/comparisonreport.h"

#include "report/atomicfile.h"
#include "report/htmlreport.h"
#include "report/reportformat.h"
#include "report/runcomparison.h"
#include "report/svgchart.h"

#include <functional>

namespace cicada {

namespace {

constexpr double kMsPerS = 1000.0;
constexpr double kUsPerMs = 1000.0;
constexpr int kChartWidthPx = 600;
constexpr int kChartHeightPx = 300;

// A is the reference, drawn quietly; B is the run under judgement. Light and dark variants.
const QString kBaselineColour = QStringLiteral("#6b7280");
const QString kBaselineColourDark = QStringLiteral("#9ca3af");
const QString kRpsColour = QStringLiteral("#2563eb");
const QString kRpsColourDark = QStringLiteral("#60a5fa");
const QString kP95Colour = QStringLiteral("#d97706");
const QString kP95ColourDark = QStringLiteral("#fbbf24");

constexpr RunComparison::Figure kFigures[] = {
    RunComparison::Figure::P50, RunComparison::Figure::P95, RunComparison::Figure::P99,
    RunComparison::Figure::ErrorRate, RunComparison::Figure::Rps};

// Additions to HtmlReport's style sheet for this page only (its colour variables follow the
// light or dark scheme).
const char kExtraCss[] = R"CSS(
table.deltas th.group { text-align: center; border-left: 1px solid var(--border); }
table.deltas td.first, table.deltas th.first { border-left: 1px solid var(--border); }
table.deltas td.worse { background: var(--fail-row); color: var(--fail-fg); font-weight: 600; }
table.deltas td.better { color: var(--pass-fg); }
.tag { font-size: 11px; padding: 1px 6px; border-radius: 8px; background: var(--border);
       color: var(--fg); margin-left: 6px; white-space: nowrap; }
)CSS";

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString cell(const QString &text, const QString &cls)
{
    return QStringLiteral("<td class=\"%1\">%2</td>").arg(cls, text);
}

QString runTitle(const std::optional<RunResult> &run)
{
    if (!run)
        return QStringLiteral("—");
    const QString name =
        run->profileName().isEmpty() ? QStringLiteral("Load test") : run->profileName();
    return QStringLiteral("%1, %2").arg(name, ReportFormat::utcText(run->startMs));
}

QString verdictBadge(const QList<ThresholdVerdict> &verdicts)
{
    int failed = 0;
    for (const ThresholdVerdict &v : verdicts)
        failed += v.passed ? 0 : 1;
    if (verdicts.isEmpty())
        return QStringLiteral("<div class=\"verdict none\">NO DELTA THRESHOLDS<small>nothing to "
                              "check</small></div>");
    if (failed == 0)
        return QStringLiteral("<div class=\"verdict pass\">PASS<small>all %1 delta thresholds "
                              "hold</small></div>")
            .arg(verdicts.size());
    return QStringLiteral("<div class=\"verdict fail\">FAIL<small>%1 of %2 delta thresholds "
                          "broken</small></div>")
        .arg(failed)
        .arg(verdicts.size());
}

QString header(const RunComparison &c, const QList<ThresholdVerdict> &verdicts)
{
    return QStringLiteral("<header class=\"top\"><div><h1>Run comparison</h1>"
                          "<p class=\"subtitle\">Baseline A: %1 · Current B: %2</p></div>%3"
                          "</header>\n")
        .arg(esc(runTitle(c.baseline())), esc(runTitle(c.current())), verdictBadge(verdicts));
}

QString facts(const RunComparison &c)
{
    QString out = QStringLiteral("<section><h2>Runs</h2>\n<div class=\"scroll\"><table><thead>"
                                 "<tr><th></th><th>Baseline (A)</th><th>Current (B)</th></tr>"
                                 "</thead><tbody>\n");
    const auto row = [&](const QString &label,
                         const std::function<QString(const RunResult &)> &value) {
        const auto side = [&](const std::optional<RunResult> &run) {
            return QStringLiteral("<td class=\"text\">%1</td>")
                .arg(run ? esc(value(*run)) : QStringLiteral("—"));
        };
        out += QStringLiteral("<tr><th>%1</th>%2%3</tr>\n")
                   .arg(esc(label), side(c.baseline()), side(c.current()));
    };
    row(QStringLiteral("Profile"), [](const RunResult &r) { return r.profileName(); });
    row(QStringLiteral("Profile file"), [](const RunResult &r) { return r.profilePath; });
    row(QStringLiteral("Target"), [](const RunResult &r) { return r.baseUrl(); });
    row(QStringLiteral("Started"),
        [](const RunResult &r) { return ReportFormat::utcText(r.startMs); });
    row(QStringLiteral("Duration"), [](const RunResult &r) {
        return ReportFormat::duration(r.durationMs()) + QStringLiteral(" (") +
               RunResult::endReasonName(r.endReason) + QLatin1Char(')');
    });
    row(QStringLiteral("Load"), [](const RunResult &r) {
        return QStringLiteral("%1 users, spawn rate %2/s")
            .arg(r.users)
            .arg(QString::number(r.spawnRate, 'g', 6));
    });
    row(QStringLiteral("Requests"), [](const RunResult &r) {
        return QStringLiteral("%1 (%2 failed, %3)")
            .arg(r.aggregated.numRequests)
            .arg(r.aggregated.numFailures)
            .arg(ReportFormat::percent(r.aggregated.failRatio()));
    });
    row(QStringLiteral("Generator"), [](const RunResult &r) {
        return QStringLiteral("%1 · Cicada %2").arg(r.host, r.toolVersion);
    });
    return out + QStringLiteral("</tbody></table></div></section>\n");
}

QString verdictTable(const QList<ThresholdVerdict> &verdicts)
{
    QString out = QStringLiteral("<section><h2>Delta thresholds</h2>\n");
    if (verdicts.isEmpty())
        return out + QStringLiteral("<p class=\"note\">No delta thresholds were given. Pass e.g. "
                                    "<code>--threshold \"p95 +10%\"</code> to cicada-cli compare "
                                    "or <code>--baseline-threshold</code> to cicada-cli run."
                                    "</p></section>\n");
    out += QStringLiteral("<div class=\"scroll\"><table><thead><tr><th>Verdict</th><th>Rule</th>"
                          "<th>Detail</th></tr></thead><tbody>\n");
    for (const ThresholdVerdict &v : verdicts)
        out += QStringLiteral("<tr><td>%1</td><td class=\"text\"><code>%2</code></td>"
                              "<td class=\"text\">%3</td></tr>\n")
                   .arg(v.passed ? QStringLiteral("<span class=\"pass-text\">PASS</span>")
                                 : QStringLiteral("<span class=\"fail-text\">FAIL</span>"),
                        esc(v.expression), esc(v.detail));
    return out + QStringLiteral("</tbody></table></div></section>\n");
}

SvgChart::Series series(const std::optional<RunResult> &run, const QString &key,
                        const QString &label, const QString &colour, const QString &colourDark,
                        bool dashed, const QString &unit,
                        const std::function<double(const HistoryPoint &)> &value)
{
    SvgChart::Series s{key, label, colour, {}, dashed, colourDark, unit};
    if (!run)
        return s;
    for (const HistoryPoint &p : run->history)
        s.points.append(QPointF(double(p.timestampMs - run->startMs) / kMsPerS, value(p)));
    return s;
}

QString chart(const QString &title, const QString &yLabel, const SvgChart::Series &a,
              const SvgChart::Series &b)
{
    SvgChart svg(kChartWidthPx, kChartHeightPx);
    svg.setTitle(title);
    svg.setXAxis(SvgChart::XAxis::ElapsedSeconds,
                 QStringLiteral("Time since each run's start (m:ss)"));
    svg.setYAxis(yLabel);
    svg.setEmptyText(QStringLiteral("No samples in either run"));
    svg.addSeries(a);
    svg.addSeries(b);
    return QStringLiteral("<div class=\"chart-box\">\n") + svg.render() +
           QStringLiteral("</div>\n");
}

QString charts(const RunComparison &c)
{
    const auto rps = [](const HistoryPoint &p) { return p.currentRps; };
    const auto p95 = [](const HistoryPoint &p) { return double(p.p95Us) / kUsPerMs; };
    QString out = QStringLiteral("<section><h2>Charts</h2>\n<div class=\"charts\">\n");
    out += chart(QStringLiteral("Requests per second"), QStringLiteral("Rate (per second)"),
                 series(c.baseline(), QStringLiteral("rps-a"), QStringLiteral("A (baseline)"),
                        kBaselineColour, kBaselineColourDark, true, QStringLiteral("/s"), rps),
                 series(c.current(), QStringLiteral("rps-b"), QStringLiteral("B (current)"),
                        kRpsColour, kRpsColourDark, false, QStringLiteral("/s"), rps));
    out +=
        chart(QStringLiteral("95th percentile (last 10 s)"), QStringLiteral("Response time (ms)"),
              series(c.baseline(), QStringLiteral("p95-a"), QStringLiteral("A (baseline)"),
                     kBaselineColour, kBaselineColourDark, true, QStringLiteral("ms"), p95),
              series(c.current(), QStringLiteral("p95-b"), QStringLiteral("B (current)"),
                     kP95Colour, kP95ColourDark, false, QStringLiteral("ms"), p95));
    return out + QStringLiteral("</div>\n<p class=\"note\">Both runs are drawn from their own "
                                "start. Values over time are the last 10 seconds at each second, "
                                "as in the run reports.</p></section>\n");
}

bool isBetter(const RunComparison::Row &row, RunComparison::Figure figure)
{
    if (figure == RunComparison::Figure::ErrorRate) {
        const std::optional<double> d = row.delta(figure);
        return d && *d < -RunComparison::kWorseErrorRatePoints;
    }
    const std::optional<double> r = row.relative(figure);
    if (!r)
        return false;
    return figure == RunComparison::Figure::Rps ? *r > RunComparison::kWorseShare
                                                : *r < -RunComparison::kWorseShare;
}

QString deltaTable(const RunComparison &c)
{
    QString out = QStringLiteral("<section><h2>Per name: A, B and the change</h2>\n<div "
                                 "class=\"scroll\"><table class=\"deltas\"><thead><tr>"
                                 "<th rowspan=\"2\">Method</th><th rowspan=\"2\">Name</th>");
    for (const RunComparison::Figure f : kFigures)
        out += QStringLiteral("<th class=\"group\" colspan=\"3\">%1</th>")
                   .arg(esc(RunComparison::figureName(f)));
    out += QStringLiteral("</tr><tr>");
    for (std::size_t i = 0; i < std::size(kFigures); ++i)
        out += QStringLiteral("<th class=\"num first\">A</th><th class=\"num\">B</th>"
                              "<th class=\"num\">Δ</th>");
    out += QStringLiteral("</tr></thead><tbody>\n");
    for (const RunComparison::Row &row : c.rows()) {
        QString name = esc(row.name);
        if (!row.a)
            name += QStringLiteral("<span class=\"tag\">only in B</span>");
        if (!row.b)
            name += QStringLiteral("<span class=\"tag\">only in A</span>");
        out += QStringLiteral("<tr%1>").arg(row.aggregated ? QStringLiteral(" class=\"total\"")
                                                           : QString()) +
               cell(esc(row.type), QStringLiteral("type")) + cell(name, QStringLiteral("name"));
        for (const RunComparison::Figure f : kFigures) {
            const std::optional<double> va = row.value(f, false);
            const std::optional<double> vb = row.value(f, true);
            out += cell(va ? RunComparison::formatValue(f, *va) : QStringLiteral("—"),
                        QStringLiteral("num first"));
            out += cell(vb ? RunComparison::formatValue(f, *vb) : QStringLiteral("—"),
                        QStringLiteral("num"));
            const QString cls = row.isWorse(f)     ? QStringLiteral("num worse")
                                : isBetter(row, f) ? QStringLiteral("num better")
                                                   : QStringLiteral("num");
            // The relative change under the absolute one keeps 15 columns within 1280 px.
            const QStringList delta = RunComparison::formatDelta(row, f).split(QLatin1Char(' '));
            out += cell(delta.size() == 2 ? QStringLiteral("%1<br><small>%2</small>")
                                                .arg(esc(delta.at(0)), esc(delta.at(1)))
                                          : esc(delta.join(QLatin1Char(' '))),
                        cls);
        }
        out += QStringLiteral("</tr>\n");
    }
    return out + QStringLiteral(
                     "</tbody></table></div>\n<p class=\"note\">Latencies in ms, error rates in "
                     "%, rps whole-run requests/s. Δ is B − A and, under it, the "
                     "change relative to A; error rates change in percentage points (pp). Red: "
                     "B is worse by more than 5 % (error rate: more than 0.1 pp); green: better "
                     "by as much.</p></section>\n");
}

} // namespace

QByteArray ComparisonReport::render(const RunComparison &comparison,
                                    const QList<ThresholdVerdict> &verdicts)
{
    const QString version = comparison.current()    ? comparison.current()->toolVersion
                            : comparison.baseline() ? comparison.baseline()->toolVersion
                                                    : QString();
    QString html =
        QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta name=\"generator\" content=\"Cicada %1\">\n"
                       "<title>Cicada comparison · %2 vs %3</title>\n<style>")
            .arg(esc(version), esc(runTitle(comparison.baseline())),
                 esc(runTitle(comparison.current())));
    html += HtmlReport::styleSheet();
    html += QString::fromUtf8(kExtraCss);
    html += QStringLiteral("</style>\n</head>\n<body>\n<main>\n");
    html += header(comparison, verdicts);
    html += verdictTable(verdicts);
    html += facts(comparison);
    html += charts(comparison);
    html += deltaTable(comparison);
    html += QStringLiteral("<footer>Generated by Cicada %1 from two saved results. All times are "
                           "UTC.</footer>\n</main>\n</body>\n</html>\n")
                .arg(esc(version));
    return html.toUtf8();
}

bool ComparisonReport::save(const QString &path, const RunComparison &comparison,
                            const QList<ThresholdVerdict> &verdicts, QString *error)
{
    return AtomicFile::write(path, render(comparison, verdicts), error);
}

} // namespace cicada
