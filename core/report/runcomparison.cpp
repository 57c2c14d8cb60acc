#include "report/runcomparison.h"

#include "report/reportformat.h"
#include "report/thresholdevaluator.h"

#include <QJsonArray>
#include <QJsonValue>

#include <algorithm>
#include <cmath>

namespace cicada {

namespace {

constexpr double kUsPerMs = 1000.0;
constexpr double kPercent = 100.0;
constexpr int kMaxDecimals = 6;
constexpr qsizetype kMaxLabelWidth = 32;
constexpr qsizetype kCellWidth = 15;

constexpr RunComparison::Figure kFigures[] = {
    RunComparison::Figure::P50, RunComparison::Figure::P95, RunComparison::Figure::P99,
    RunComparison::Figure::ErrorRate, RunComparison::Figure::Rps};

RunComparison::Side sideOf(const RunResult &run, const ResultEntry &entry)
{
    return {entry, run.rps(entry)};
}

QString withSign(double value, const QString &text)
{
    return value > 0 ? QLatin1Char('+') + text : text;
}

QString elide(const QString &text, qsizetype width)
{
    return text.size() <= width ? text : text.left(width - 1) + QStringLiteral("…");
}

QString figureKey(RunComparison::Figure figure)
{
    switch (figure) {
    case RunComparison::Figure::P50:
        return QStringLiteral("p50Us");
    case RunComparison::Figure::P95:
        return QStringLiteral("p95Us");
    case RunComparison::Figure::P99:
        return QStringLiteral("p99Us");
    case RunComparison::Figure::ErrorRate:
        return QStringLiteral("errorRate");
    case RunComparison::Figure::Rps:
        break;
    }
    return QStringLiteral("rps");
}

QJsonValue jsonNumber(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonObject runJson(const std::optional<RunResult> &run)
{
    if (!run)
        return {};
    return {{QStringLiteral("profile"), run->profileName()},
            {QStringLiteral("profilePath"), run->profilePath},
            {QStringLiteral("start"), ReportFormat::isoUtc(run->startMs)},
            {QStringLiteral("startEpochMs"), run->startMs},
            {QStringLiteral("durationMs"), run->durationMs()},
            {QStringLiteral("endReason"), RunResult::endReasonName(run->endReason)},
            {QStringLiteral("requests"), run->aggregated.numRequests},
            {QStringLiteral("failures"), run->aggregated.numFailures}};
}

// The rule's value for people, in the rule's display unit.
QString ruleValueText(const DeltaThreshold &rule, double value)
{
    switch (rule.metric) {
    case DeltaThreshold::Metric::Percentile:
        return RunComparison::significant(value / kUsPerMs) + QStringLiteral(" ms");
    case DeltaThreshold::Metric::ErrorRate:
        return RunComparison::significant(value * kPercent) + QLatin1Char('%');
    case DeltaThreshold::Metric::Rps:
        break;
    }
    return RunComparison::significant(value) + QStringLiteral("/s");
}

// The change from a to b as the rule measures it: "+16.3 %", "+28.9 ms", "+0.68 pp", "−8.1/s".
QString ruleChangeText(const DeltaThreshold &rule, double a, double b)
{
    const QString minus = QStringLiteral("−");
    const auto signedText = [&](double v, const QString &text) {
        return v > 0 ? QLatin1Char('+') + text : v < 0 ? minus + text : text;
    };
    if (rule.relative) {
        if (a == 0)
            return b == 0 ? QStringLiteral("no change") : QStringLiteral("from 0");
        const double share = (b - a) / a * kPercent;
        return signedText(share,
                          RunComparison::significant(std::fabs(share)) + QStringLiteral(" %"));
    }
    const double d = b - a;
    switch (rule.metric) {
    case DeltaThreshold::Metric::Percentile:
        return signedText(d, RunComparison::significant(std::fabs(d) / kUsPerMs) +
                                 QStringLiteral(" ms"));
    case DeltaThreshold::Metric::ErrorRate:
        return signedText(d, RunComparison::significant(std::fabs(d) * kPercent) +
                                 QStringLiteral(" pp"));
    case DeltaThreshold::Metric::Rps:
        break;
    }
    return signedText(d, RunComparison::significant(std::fabs(d)) + QStringLiteral("/s"));
}

} // namespace

std::optional<double> RunComparison::Row::value(Figure figure, bool current) const
{
    const std::optional<Side> &side = current ? b : a;
    if (!side)
        return std::nullopt;
    switch (figure) {
    case Figure::P50:
        return double(side->entry.percentileUs(50));
    case Figure::P95:
        return double(side->entry.percentileUs(95));
    case Figure::P99:
        return double(side->entry.percentileUs(99));
    case Figure::ErrorRate:
        return side->entry.failRatio();
    case Figure::Rps:
        break;
    }
    return side->rps;
}

std::optional<double> RunComparison::Row::delta(Figure figure) const
{
    const std::optional<double> va = value(figure, false);
    const std::optional<double> vb = value(figure, true);
    if (!va || !vb)
        return std::nullopt;
    return *vb - *va;
}

std::optional<double> RunComparison::Row::relative(Figure figure) const
{
    const std::optional<double> va = value(figure, false);
    const std::optional<double> d = delta(figure);
    if (!d || *va == 0)
        return std::nullopt;
    return *d / *va;
}

bool RunComparison::Row::isWorse(Figure figure) const
{
    if (figure == Figure::ErrorRate) {
        const std::optional<double> d = delta(figure);
        return d && *d > kWorseErrorRatePoints;
    }
    const std::optional<double> r = relative(figure);
    if (!r)
        return false;
    return figure == Figure::Rps ? *r < -kWorseShare : *r > kWorseShare;
}

QString RunComparison::Row::label() const
{
    return type.isEmpty() ? name : type + QLatin1Char(' ') + name;
}

RunComparison::RunComparison(const RunResult *baseline, const RunResult *current)
{
    if (baseline)
        m_a = *baseline;
    if (current)
        m_b = *current;
    const auto add = [this](const std::optional<RunResult> &run, bool isB) {
        if (!run)
            return;
        for (const ResultEntry &e : run->entries) {
            // Like the headline figures: messages (pushes, fire-and-forget sends) have no
            // response times, and their counts are in each run's report.
            if (e.isMessage())
                continue;
            auto it = std::find_if(m_rows.begin(), m_rows.end(), [&](const Row &row) {
                return row.type == e.type && row.name == e.name;
            });
            if (it == m_rows.end()) {
                m_rows.append({e.type, e.name, false, std::nullopt, std::nullopt});
                it = m_rows.end() - 1;
            }
            (isB ? it->b : it->a) = sideOf(*run, e);
        }
    };
    add(m_a, false);
    add(m_b, true);
    std::sort(m_rows.begin(), m_rows.end(), [](const Row &x, const Row &y) {
        return x.name != y.name ? x.name < y.name : x.type < y.type;
    });
    if (m_a || m_b) {
        Row total{QString(), QStringLiteral("Aggregated"), true, std::nullopt, std::nullopt};
        if (m_a)
            total.a = sideOf(*m_a, m_a->aggregated);
        if (m_b)
            total.b = sideOf(*m_b, m_b->aggregated);
        m_rows.append(total);
    }
}

double RunComparison::valueOf(const DeltaThreshold &rule, const RunResult &run,
                              const ResultEntry &entry)
{
    switch (rule.metric) {
    case DeltaThreshold::Metric::Percentile:
        return double(entry.percentileUs(rule.percentile));
    case DeltaThreshold::Metric::ErrorRate:
        return entry.failRatio();
    case DeltaThreshold::Metric::Rps:
        break;
    }
    return run.rps(entry);
}

ThresholdVerdict RunComparison::evaluate(const DeltaThreshold &rule) const
{
    ThresholdVerdict verdict;
    verdict.expression = rule.expression;
    verdict.measuredText = QStringLiteral("no data");
    if (!m_a || !m_b) {
        verdict.detail = m_a ? QStringLiteral("no current run (B) to compare")
                             : QStringLiteral("no baseline run (A) to compare with");
        return verdict;
    }
    const Threshold selector = rule.selector();
    const bool needsRequests = rule.metric != DeltaThreshold::Metric::Rps;
    const std::optional<ResultEntry> ea = ThresholdEvaluator::select(selector, *m_a);
    const std::optional<ResultEntry> eb = ThresholdEvaluator::select(selector, *m_b);
    for (const auto &[entry, which] : {std::pair{&ea, QStringLiteral("the baseline (A)")},
                                       std::pair{&eb, QStringLiteral("the current run (B)")}}) {
        if (!*entry) {
            verdict.detail =
                QStringLiteral("no requests matched '%1' in %2").arg(rule.selectorText(), which);
            return verdict;
        }
        if (needsRequests && (*entry)->isEmpty()) {
            verdict.detail =
                QStringLiteral("'%1' had no requests in %2").arg(rule.selectorText(), which);
            return verdict;
        }
    }
    const double a = valueOf(rule, *m_a, *ea);
    const double b = valueOf(rule, *m_b, *eb);
    verdict.hasValue = true;
    verdict.measured = b;
    verdict.measuredText = ruleValueText(rule, b);
    verdict.passed = rule.holds(a, b);
    const QString subject =
        rule.name.isEmpty() ? rule.metricName()
                            : QStringLiteral("%1(%2)").arg(rule.metricName(), rule.selectorText());
    verdict.detail = QStringLiteral("%1 %2 → %3 (%4, limit %5)")
                         .arg(subject, ruleValueText(rule, a), verdict.measuredText,
                              ruleChangeText(rule, a, b), rule.limitText());
    return verdict;
}

QList<ThresholdVerdict> RunComparison::evaluate(const QList<DeltaThreshold> &rules) const
{
    QList<ThresholdVerdict> out;
    out.reserve(rules.size());
    for (const DeltaThreshold &rule : rules)
        out.append(evaluate(rule));
    return out;
}

QString RunComparison::figureName(Figure figure)
{
    switch (figure) {
    case Figure::P50:
        return QStringLiteral("p50 ms");
    case Figure::P95:
        return QStringLiteral("p95 ms");
    case Figure::P99:
        return QStringLiteral("p99 ms");
    case Figure::ErrorRate:
        return QStringLiteral("errors %");
    case Figure::Rps:
        break;
    }
    return QStringLiteral("rps");
}

QString RunComparison::significant(double value)
{
    return significant(value, value);
}

QString RunComparison::significant(double value, double reference)
{
    if (!std::isfinite(value))
        return QString::number(value);
    const double magnitude = std::fabs(reference);
    if (value == 0)
        return QStringLiteral("0");
    if (magnitude >= kPercent || magnitude == 0)
        return QString::number(value, 'f', magnitude == 0 ? kMaxDecimals : 0);
    const int decimals = std::min(kMaxDecimals, 2 - int(std::floor(std::log10(magnitude))));
    return QString::number(value, 'f', decimals);
}

QString RunComparison::formatValue(Figure figure, double value)
{
    switch (figure) {
    case Figure::P50:
    case Figure::P95:
    case Figure::P99:
        return significant(value / kUsPerMs);
    case Figure::ErrorRate:
        return significant(value * kPercent);
    case Figure::Rps:
        break;
    }
    return significant(value);
}

QString RunComparison::formatDelta(const Row &row, Figure figure)
{
    const std::optional<double> d = row.delta(figure);
    if (!d)
        return QStringLiteral("–");
    // The change at the precision of the values it is the difference of: 0.297 → 0.300 is
    // "+0.003", not "+0.00300".
    const double scale = figure == Figure::ErrorRate ? kPercent
                         : figure == Figure::Rps     ? 1.0
                                                     : 1.0 / kUsPerMs;
    const double reference =
        std::max(std::fabs(*row.value(figure, false)), std::fabs(*row.value(figure, true))) * scale;
    QString text = withSign(*d, significant(*d * scale, reference));
    if (figure == Figure::ErrorRate)
        return text + QStringLiteral("pp");
    if (const std::optional<double> r = row.relative(figure))
        text += QLatin1Char(' ') + withSign(*r, significant(*r * kPercent)) + QLatin1Char('%');
    return text;
}

QString RunComparison::table() const
{
    qsizetype labelWidth = QStringLiteral("Name").size();
    for (const Row &row : m_rows)
        labelWidth = std::max(labelWidth, std::min(kMaxLabelWidth, row.label().size()));
    QString out = QStringLiteral("Name").leftJustified(labelWidth) + QStringLiteral("   ");
    for (const Figure f : kFigures)
        out += QLatin1Char(' ') + figureName(f).leftJustified(kCellWidth);
    out = out.trimmed() + QLatin1Char('\n');
    const auto line = [&](const QString &label, QChar mark, const QStringList &cells) {
        QString text = label.leftJustified(labelWidth) + QLatin1Char(' ') + mark + QLatin1Char(' ');
        for (const QString &cell : cells)
            text += QLatin1Char(' ') + cell.leftJustified(kCellWidth);
        // Trailing blanks would make the table wider than it looks.
        while (text.endsWith(QLatin1Char(' ')))
            text.chop(1);
        return text + QLatin1Char('\n');
    };
    for (const Row &row : m_rows) {
        QStringList a;
        QStringList b;
        QStringList d;
        for (const Figure f : kFigures) {
            const std::optional<double> va = row.value(f, false);
            const std::optional<double> vb = row.value(f, true);
            a.append(va ? formatValue(f, *va) : QStringLiteral("–"));
            b.append(vb ? formatValue(f, *vb) : QStringLiteral("–"));
            d.append(formatDelta(row, f));
        }
        if (!row.a)
            a = QStringList{QStringLiteral("(not in A)")};
        if (!row.b)
            b = QStringList{QStringLiteral("(not in B)")};
        if (!row.a || !row.b)
            d = QStringList{row.a ? QStringLiteral("only in A") : QStringLiteral("only in B")};
        out += line(elide(row.label(), labelWidth), u'A', a);
        out += line(QString(), u'B', b);
        out += line(QString(), u'Δ', d);
    }
    return out;
}

QString RunComparison::verdictText(const QList<ThresholdVerdict> &verdicts)
{
    if (verdicts.isEmpty())
        return {};
    qsizetype width = 0;
    for (const ThresholdVerdict &v : verdicts)
        width = std::max(width, v.expression.size());
    QString out = QStringLiteral("Delta thresholds (B against baseline A)\n");
    int failed = 0;
    for (const ThresholdVerdict &v : verdicts) {
        failed += v.passed ? 0 : 1;
        out += QStringLiteral(" %1  %2  %3\n")
                   .arg(v.passed ? QStringLiteral("PASS") : QStringLiteral("FAIL"),
                        v.expression.leftJustified(width), v.detail);
    }
    out +=
        failed == 0
            ? QStringLiteral("Baseline: PASS (all %1 delta thresholds hold)\n").arg(verdicts.size())
            : QStringLiteral("Baseline: FAIL (%1 of %2 delta thresholds broken)\n")
                  .arg(failed)
                  .arg(verdicts.size());
    return out;
}

QJsonObject RunComparison::toJson(const QList<ThresholdVerdict> &verdicts) const
{
    QJsonArray rows;
    for (const Row &row : m_rows) {
        QJsonObject o{{QStringLiteral("type"), row.type},
                      {QStringLiteral("name"), row.name},
                      {QStringLiteral("aggregated"), row.aggregated},
                      {QStringLiteral("inBaseline"), row.a.has_value()},
                      {QStringLiteral("inCurrent"), row.b.has_value()},
                      {QStringLiteral("requests"),
                       QJsonObject{{QStringLiteral("baseline"),
                                    row.a ? QJsonValue(row.a->entry.numRequests) : QJsonValue()},
                                   {QStringLiteral("current"),
                                    row.b ? QJsonValue(row.b->entry.numRequests) : QJsonValue()}}}};
        for (const Figure f : kFigures) {
            o.insert(figureKey(f),
                     QJsonObject{{QStringLiteral("baseline"), jsonNumber(row.value(f, false))},
                                 {QStringLiteral("current"), jsonNumber(row.value(f, true))},
                                 {QStringLiteral("delta"), jsonNumber(row.delta(f))},
                                 {QStringLiteral("relative"), jsonNumber(row.relative(f))},
                                 {QStringLiteral("worse"), row.isWorse(f)}});
        }
        rows.append(o);
    }
    QJsonArray results;
    bool allPass = true;
    for (const ThresholdVerdict &v : verdicts) {
        allPass = allPass && v.passed;
        results.append(QJsonObject{{QStringLiteral("expression"), v.expression},
                                   {QStringLiteral("passed"), v.passed},
                                   {QStringLiteral("hasValue"), v.hasValue},
                                   {QStringLiteral("measured"), v.measured},
                                   {QStringLiteral("measuredText"), v.measuredText},
                                   {QStringLiteral("detail"), v.detail}});
    }
    const QString verdict = verdicts.isEmpty() ? QStringLiteral("none")
                            : allPass          ? QStringLiteral("pass")
                                               : QStringLiteral("fail");
    return {{QStringLiteral("format"), QStringLiteral("cicada-comparison")},
            {QStringLiteral("version"), 1},
            {QStringLiteral("baseline"), runJson(m_a)},
            {QStringLiteral("current"), runJson(m_b)},
            {QStringLiteral("rows"), rows},
            {QStringLiteral("thresholds"), QJsonObject{{QStringLiteral("verdict"), verdict},
                                                       {QStringLiteral("results"), results}}}};
}

} // namespace cicada
