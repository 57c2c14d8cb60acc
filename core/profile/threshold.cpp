#include "profile/threshold.h"

#include <QRegularExpression>

namespace cicada {

namespace {

constexpr double kUsPerMs = 1000.0;
constexpr double kUsPerS = 1000.0 * 1000.0;
constexpr double kPercent = 100.0;

const QString kMetricList =
    QStringLiteral("p50, p90, p95, p99, p99.9 (any pN), avg, min, max, error_rate, rps, rate, "
                   "requests or failures");

// A hand-written scanner: errors must point at the character where reading went wrong.
class Scanner
{
public:
    explicit Scanner(const QString &text) : m_text(text) {}

    void skipSpaces()
    {
        while (m_pos < m_text.size() && m_text.at(m_pos).isSpace())
            ++m_pos;
    }
    [[nodiscard]] bool atEnd() const { return m_pos >= m_text.size(); }
    [[nodiscard]] QChar peek(int ahead = 0) const
    {
        return m_pos + ahead < m_text.size() ? m_text.at(m_pos + ahead) : QChar();
    }
    [[nodiscard]] int pos() const { return int(m_pos); }
    void advance(qsizetype n) { m_pos += n; }
    void moveTo(qsizetype pos) { m_pos = pos; }
    [[nodiscard]] const QString &text() const { return m_text; }

    /// Letters, digits, '_' and '.', starting with a letter or '_'.
    QString word()
    {
        const qsizetype start = m_pos;
        if (atEnd() || !(peek().isLetter() || peek() == u'_'))
            return {};
        while (!atEnd() && (peek().isLetterOrNumber() || peek() == u'_' || peek() == u'.'))
            ++m_pos;
        return m_text.mid(start, m_pos - start);
    }

    /// A non-negative decimal number ("200", "0.5", ".5"); empty when there is none.
    QString number()
    {
        static const QRegularExpression kNumber(QStringLiteral(R"(\d+(?:\.\d*)?|\.\d+)"));
        const QRegularExpressionMatch m =
            kNumber.match(m_text, m_pos, QRegularExpression::NormalMatch,
                          QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch())
            return {};
        m_pos = m.capturedEnd();
        return m.captured();
    }

private:
    const QString &m_text;
    qsizetype m_pos = 0;
};

std::optional<Threshold> fail(Threshold::ParseError *error, int position, const QString &message)
{
    if (error)
        *error = {position, message};
    return std::nullopt;
}

// "GET", "POST", "WS send": what stats rows use as their type.
bool looksLikeType(const QString &text)
{
    static const QRegularExpression kType(QStringLiteral(R"(^(?:[A-Z]+|WS [a-z]+)$)"));
    return kType.match(text).hasMatch();
}

} // namespace

bool Threshold::parsePercentile(const QString &metric, int position, double *percentile,
                                ParseError *error)
{
    static const QRegularExpression kPercentile(QStringLiteral(R"(^p(\d+(?:\.\d+)?)$)"));
    const QRegularExpressionMatch m = kPercentile.match(metric);
    if (!m.hasMatch())
        return false;
    *percentile = m.captured(1).toDouble();
    if ((*percentile <= 0 || *percentile > kPercent) && error)
        *error = {
            position,
            QStringLiteral("percentile %1 is out of range; use p1 to p100").arg(m.captured(1))};
    return true;
}

bool Threshold::parseSelector(const QString &text, qsizetype open, const QString &followers,
                              const QString &everything, Selector *out, ParseError *error)
{
    const auto failAt = [error](qsizetype position, const QString &message) {
        if (error)
            *error = {int(position), message};
        return false;
    };
    const QRegularExpression close(
        QStringLiteral("\\)\\s*[%1]").arg(QRegularExpression::escape(followers)));
    const QRegularExpressionMatch m = close.match(text, open + 1);
    const qsizetype closePos = m.hasMatch() ? m.capturedStart() : text.lastIndexOf(u')');
    if (closePos <= open)
        return failAt(open, QStringLiteral("'(' is not closed; write (TYPE:NAME) or (NAME)"));
    const QString inside = text.mid(open + 1, closePos - open - 1).trimmed();
    if (inside.isEmpty())
        return failAt(open + 1, QStringLiteral("empty selector; write (TYPE:NAME) or (NAME), or "
                                               "leave it out for %1")
                                    .arg(everything));
    Selector selector;
    const qsizetype colon = inside.indexOf(u':');
    if (colon > 0 && looksLikeType(inside.left(colon).trimmed())) {
        selector.type = inside.left(colon).trimmed();
        selector.name = inside.mid(colon + 1).trimmed();
        if (selector.name.isEmpty())
            return failAt(open + 1 + colon + 1,
                          QStringLiteral("expected a name after '%1:'").arg(selector.type));
    } else if (inside != QLatin1String("Aggregated")) {
        selector.name = inside;
    }
    selector.end = closePos + 1;
    *out = selector;
    return true;
}

QString Threshold::ParseError::toString(const QString &text) const
{
    return QStringLiteral("'%1': %2 (at column %3)").arg(text, message).arg(position + 1);
}

std::optional<Threshold> Threshold::parse(const QString &text, ParseError *error)
{
    Threshold t;
    t.expression = text.trimmed();
    Scanner s(text);
    s.skipSpaces();
    if (s.atEnd())
        return fail(error, s.pos(), QStringLiteral("empty threshold; write e.g. \"p95 < 200ms\""));

    // Metric.
    const int metricPos = s.pos();
    const QString metric = s.word().toLower();
    Threshold::ParseError percentileError;
    if (Threshold::parsePercentile(metric, int(metricPos), &t.percentile, &percentileError)) {
        t.metric = Metric::Percentile;
        if (!percentileError.message.isEmpty()) {
            if (error)
                *error = percentileError;
            return std::nullopt;
        }
    } else if (metric == QLatin1String("avg")) {
        t.metric = Metric::Average;
    } else if (metric == QLatin1String("min")) {
        t.metric = Metric::Min;
    } else if (metric == QLatin1String("max")) {
        t.metric = Metric::Max;
    } else if (metric == QLatin1String("error_rate")) {
        t.metric = Metric::ErrorRate;
    } else if (metric == QLatin1String("rps")) {
        t.metric = Metric::Rps;
    } else if (metric == QLatin1String("requests")) {
        t.metric = Metric::Requests;
    } else if (metric == QLatin1String("failures")) {
        t.metric = Metric::Failures;
    } else if (metric == QLatin1String("rate")) {
        t.metric = Metric::Rate;
    } else if (metric.isEmpty()) {
        return fail(error, metricPos, QStringLiteral("expected a metric: %1").arg(kMetricList));
    } else {
        return fail(error, metricPos,
                    QStringLiteral("unknown metric '%1'; expected %2").arg(metric, kMetricList));
    }
    s.skipSpaces();

    // Selector: the ')' that closes it is the last one before the operator, so names may hold
    // parentheses and colons.
    if (s.peek() == u'(') {
        Selector selector;
        if (!parseSelector(text, s.pos(), QStringLiteral("<>=!"), QStringLiteral("all operations"),
                           &selector, error))
            return std::nullopt;
        t.type = selector.type;
        t.name = selector.name;
        s.moveTo(selector.end);
        s.skipSpaces();
    }

    if (t.metric == Metric::Rate && t.name.isEmpty())
        return fail(error, s.pos(),
                    QStringLiteral("rate needs a row: write e.g. \"rate(WS recv:price) > 100\" "
                                   "(or rps for all operations)"));

    // Operator.
    const int opPos = s.pos();
    if (s.peek() == u'<' || s.peek() == u'>') {
        const bool less = s.peek() == u'<';
        const bool orEqual = s.peek(1) == u'=';
        t.op = less ? (orEqual ? Op::LessEqual : Op::Less)
                    : (orEqual ? Op::GreaterEqual : Op::Greater);
        s.advance(orEqual ? 2 : 1);
    } else if (s.peek() == u'=' || s.peek() == u'!') {
        return fail(error, opPos,
                    QStringLiteral("'%1' is not supported; use <, <=, > or >=")
                        .arg(s.peek(1) == u'=' ? text.mid(opPos, 2) : text.mid(opPos, 1)));
    } else if (s.atEnd()) {
        return fail(error, opPos,
                    QStringLiteral("expected an operator (<, <=, > or >=) and a limit"));
    } else {
        return fail(
            error, opPos,
            QStringLiteral("expected an operator (<, <=, > or >=), found '%1'").arg(s.peek()));
    }
    s.skipSpaces();

    // Limit.
    const int numberPos = s.pos();
    if (s.peek() == u'-')
        return fail(error, numberPos, QStringLiteral("the limit cannot be negative"));
    const QString number = s.number();
    if (number.isEmpty())
        return fail(error, numberPos,
                    QStringLiteral("expected a number after '%1'").arg(t.opText()));
    double value = number.toDouble();
    s.skipSpaces();

    // Unit.
    const int unitPos = s.pos();
    const QString unit = text.mid(unitPos).trimmed();
    const QString lower = unit.toLower();
    const QString metricText = t.metricName();
    if (t.isLatency()) {
        if (lower.isEmpty() || lower == QLatin1String("ms"))
            value *= kUsPerMs;
        else if (lower == QLatin1String("s"))
            value *= kUsPerS;
        else if (lower != QLatin1String("us") && lower != QStringLiteral("µs") &&
                 lower != QStringLiteral("μs"))
            return fail(
                error, unitPos,
                QStringLiteral("unknown unit '%1' for %2; use ms, s or us").arg(unit, metricText));
    } else if (t.metric == Metric::ErrorRate) {
        if (lower == QLatin1String("%")) {
            if (value > kPercent)
                return fail(error, numberPos, QStringLiteral("an error rate cannot exceed 100%"));
            value /= kPercent;
        } else if (!lower.isEmpty()) {
            return fail(error, unitPos,
                        QStringLiteral("unknown unit '%1' for error_rate; use %, or no unit for "
                                       "a fraction from 0 to 1")
                            .arg(unit));
        } else if (value > 1) {
            return fail(error, numberPos,
                        QStringLiteral("error_rate without % is a fraction from 0 to 1; did you "
                                       "mean %1%?")
                            .arg(number));
        }
    } else if (t.metric == Metric::Rps || t.metric == Metric::Rate) {
        if (!lower.isEmpty() && lower != QLatin1String("/s"))
            return fail(error, unitPos,
                        QStringLiteral("unexpected '%1' after the %2 limit; write e.g. \"%2 > "
                                       "100\"")
                            .arg(unit, metricText));
    } else if (!lower.isEmpty()) {
        return fail(error, unitPos,
                    QStringLiteral("unexpected '%1' after the %2 limit; it is a plain count")
                        .arg(unit, metricText));
    }
    t.limit = value;
    return t;
}

bool Threshold::isLatency() const
{
    return metric == Metric::Percentile || metric == Metric::Average || metric == Metric::Min ||
           metric == Metric::Max;
}

bool Threshold::holds(double measured) const
{
    switch (op) {
    case Op::Less:
        return measured < limit;
    case Op::LessEqual:
        return measured <= limit;
    case Op::Greater:
        return measured > limit;
    case Op::GreaterEqual:
        return measured >= limit;
    }
    return false;
}

QString Threshold::metricName() const
{
    switch (metric) {
    case Metric::Percentile:
        return QLatin1Char('p') + QString::number(percentile);
    case Metric::Average:
        return QStringLiteral("avg");
    case Metric::Min:
        return QStringLiteral("min");
    case Metric::Max:
        return QStringLiteral("max");
    case Metric::ErrorRate:
        return QStringLiteral("error_rate");
    case Metric::Rps:
        return QStringLiteral("rps");
    case Metric::Requests:
        return QStringLiteral("requests");
    case Metric::Failures:
        return QStringLiteral("failures");
    case Metric::Rate:
        return QStringLiteral("rate");
    }
    return {};
}

QString Threshold::selectorText() const
{
    if (name.isEmpty())
        return QStringLiteral("all operations");
    return type.isEmpty() ? name : type + QLatin1Char(':') + name;
}

QString Threshold::opText() const
{
    switch (op) {
    case Op::Less:
        return QStringLiteral("<");
    case Op::LessEqual:
        return QStringLiteral("<=");
    case Op::Greater:
        return QStringLiteral(">");
    case Op::GreaterEqual:
        return QStringLiteral(">=");
    }
    return {};
}

} // namespace cicada
