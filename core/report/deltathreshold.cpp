#include "report/deltathreshold.h"

#include <QRegularExpression>

#include <cmath>

namespace cicada {

namespace {

constexpr double kUsPerMs = 1000.0;
constexpr double kUsPerS = 1000.0 * 1000.0;
constexpr double kPercent = 100.0;
// Values read from a result file went through decimal text; a rule at exactly its limit
// ("+10 %" on 100 → 110) must hold despite the last bit.
constexpr double kRelativeSlack = 1e-9;

const QString kMetricList = QStringLiteral("pN (e.g. p50, p95, p99), error_rate or rps");

std::optional<DeltaThreshold> fail(Threshold::ParseError *error, qsizetype position,
                                   const QString &message)
{
    if (error)
        *error = {int(position), message};
    return std::nullopt;
}

QString number(double value)
{
    return QString::number(value, 'g', 6);
}

} // namespace

std::optional<DeltaThreshold> DeltaThreshold::parse(const QString &text,
                                                    Threshold::ParseError *error)
{
    DeltaThreshold t;
    t.expression = text.trimmed();
    qsizetype pos = 0;
    const auto skipSpaces = [&] {
        while (pos < text.size() && text.at(pos).isSpace())
            ++pos;
    };
    const auto peek = [&] { return pos < text.size() ? text.at(pos) : QChar(); };
    skipSpaces();
    if (pos >= text.size())
        return fail(error, pos, QStringLiteral("empty delta threshold; write e.g. \"p95 +10%\""));

    // Metric.
    const qsizetype metricPos = pos;
    while (pos < text.size() &&
           (text.at(pos).isLetterOrNumber() || text.at(pos) == u'_' || text.at(pos) == u'.'))
        ++pos;
    const QString metric = text.mid(metricPos, pos - metricPos).toLower();
    Threshold::ParseError percentileError;
    if (Threshold::parsePercentile(metric, int(metricPos), &t.percentile, &percentileError)) {
        t.metric = Metric::Percentile;
        if (!percentileError.message.isEmpty()) {
            if (error)
                *error = percentileError;
            return std::nullopt;
        }
    } else if (metric == QLatin1String("error_rate")) {
        t.metric = Metric::ErrorRate;
    } else if (metric == QLatin1String("rps")) {
        t.metric = Metric::Rps;
    } else if (metric.isEmpty()) {
        return fail(error, metricPos, QStringLiteral("expected a metric: %1").arg(kMetricList));
    } else {
        return fail(error, metricPos,
                    QStringLiteral("unknown metric '%1'; expected %2").arg(metric, kMetricList));
    }
    skipSpaces();

    // Selector: the ')' that closes it is the last one before the sign, so names may hold
    // parentheses and colons.
    if (peek() == u'(') {
        Threshold::Selector selector;
        if (!Threshold::parseSelector(text, pos, QStringLiteral("-+<>="),
                                      QStringLiteral("all requests"), &selector, error))
            return std::nullopt;
        t.type = selector.type;
        t.name = selector.name;
        pos = selector.end;
        skipSpaces();
    }

    // Sign: the direction is the metric's bad one, written out so the rule reads as it acts.
    const QString metricText = t.metricName();
    const QChar wanted = t.dropIsWorse() ? u'-' : u'+';
    QString example = QStringLiteral("\"%1 +10%\"").arg(metricText);
    if (t.metric == Metric::ErrorRate)
        example = QStringLiteral("\"error_rate +0.5%\"");
    else if (t.metric == Metric::Rps)
        example = QStringLiteral("\"rps -5%\"");
    const qsizetype signPos = pos;
    if (peek() == u'<' || peek() == u'>' || peek() == u'=')
        return fail(error, signPos,
                    QStringLiteral("a delta threshold has no comparison operator; write the change "
                                   "allowed, e.g. %1 (absolute limits go in --threshold)")
                        .arg(example));
    if (peek() != u'+' && peek() != u'-')
        return fail(
            error, signPos,
            QStringLiteral("expected '%1' and the %2 allowed, e.g. %3")
                .arg(wanted)
                .arg(t.dropIsWorse() ? QStringLiteral("drop") : QStringLiteral("rise"), example));
    if (peek() != wanted)
        return fail(error, signPos,
                    t.dropIsWorse()
                        ? QStringLiteral("rps rules limit a drop; write '-', e.g. %1").arg(example)
                        : QStringLiteral("%1 rules limit a rise; write '+', e.g. %2")
                              .arg(metricText, example));
    ++pos;
    skipSpaces();

    // Limit.
    const qsizetype numberPos = pos;
    static const QRegularExpression kNumber(QStringLiteral(R"(\d+(?:\.\d*)?|\.\d+)"));
    const QRegularExpressionMatch nm = kNumber.match(text, pos, QRegularExpression::NormalMatch,
                                                     QRegularExpression::AnchorAtOffsetMatchOption);
    if (!nm.hasMatch())
        return fail(error, numberPos, QStringLiteral("expected a number after '%1'").arg(wanted));
    double value = nm.captured().toDouble();
    pos = nm.capturedEnd();
    skipSpaces();

    // Unit.
    const qsizetype unitPos = pos;
    const QString unit = text.mid(unitPos).trimmed();
    const QString lower = unit.toLower();
    if (lower == QLatin1String("%")) {
        if (t.metric == Metric::ErrorRate && value > kPercent)
            return fail(error, numberPos,
                        QStringLiteral("an error rate cannot rise by more than 100 points"));
        if (t.metric == Metric::Rps && value > kPercent)
            return fail(error, numberPos, QStringLiteral("rps cannot drop by more than 100%"));
        t.relative = t.metric != Metric::ErrorRate;
        value /= kPercent;
    } else if (t.metric == Metric::Percentile) {
        if (lower == QLatin1String("ms"))
            value *= kUsPerMs;
        else if (lower == QLatin1String("s"))
            value *= kUsPerS;
        else if (lower != QLatin1String("us") && lower != QStringLiteral("µs") &&
                 lower != QStringLiteral("μs"))
            return fail(error, unitPos,
                        unit.isEmpty()
                            ? QStringLiteral("expected a unit after %1: % (of the baseline's "
                                             "value), ms, s or us")
                                  .arg(nm.captured())
                            : QStringLiteral("unknown unit '%1' for %2; use % (of the baseline's "
                                             "value), ms, s or us")
                                  .arg(unit, metricText));
    } else if (t.metric == Metric::Rps && lower == QLatin1String("/s")) {
        // absolute requests/s
    } else if (t.metric == Metric::Rps) {
        return fail(error, unitPos,
                    QStringLiteral("%1 for rps; use % (of the baseline's rps) or /s")
                        .arg(unit.isEmpty() ? QStringLiteral("expected a unit")
                                            : QStringLiteral("unknown unit '%1'").arg(unit)));
    } else {
        return fail(error, unitPos,
                    QStringLiteral("%1 for error_rate; use % (percentage points), e.g. "
                                   "\"error_rate +0.5%\"")
                        .arg(unit.isEmpty() ? QStringLiteral("expected a unit")
                                            : QStringLiteral("unknown unit '%1'").arg(unit)));
    }
    t.limit = value;
    return t;
}

bool DeltaThreshold::holds(double baseline, double current) const
{
    if (dropIsWorse()) {
        const double floor = relative ? baseline * (1 - limit) : baseline - limit;
        return current >= floor - kRelativeSlack * std::fabs(floor);
    }
    const double ceiling = relative ? baseline * (1 + limit) : baseline + limit;
    return current <= ceiling + kRelativeSlack * std::fabs(ceiling);
}

QString DeltaThreshold::metricName() const
{
    switch (metric) {
    case Metric::Percentile:
        return QLatin1Char('p') + QString::number(percentile);
    case Metric::ErrorRate:
        return QStringLiteral("error_rate");
    case Metric::Rps:
        return QStringLiteral("rps");
    }
    return {};
}

QString DeltaThreshold::selectorText() const
{
    return selector().selectorText();
}

QString DeltaThreshold::limitText() const
{
    const QString sign = dropIsWorse() ? QStringLiteral("−") : QStringLiteral("+");
    if (relative)
        return sign + number(limit * kPercent) + QStringLiteral(" %");
    switch (metric) {
    case Metric::Percentile:
        return sign + number(limit / kUsPerMs) + QStringLiteral(" ms");
    case Metric::ErrorRate:
        return sign + number(limit * kPercent) + QStringLiteral(" pp");
    case Metric::Rps:
        break;
    }
    return sign + number(limit) + QStringLiteral("/s");
}

Threshold DeltaThreshold::selector() const
{
    Threshold t;
    t.type = type;
    t.name = name;
    return t;
}

} // namespace cicada
