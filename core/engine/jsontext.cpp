#include "engine/jsontext.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

namespace cicada {

namespace {

void appendString(QString &out, const QString &s)
{
    out.append(u'"');
    for (QChar c : s) {
        switch (c.unicode()) {
        case u'"':
            out.append(QLatin1String("\\\""));
            break;
        case u'\\':
            out.append(QLatin1String("\\\\"));
            break;
        case u'\n':
            out.append(QLatin1String("\\n"));
            break;
        case u'\r':
            out.append(QLatin1String("\\r"));
            break;
        case u'\t':
            out.append(QLatin1String("\\t"));
            break;
        case u'\b':
            out.append(QLatin1String("\\b"));
            break;
        case u'\f':
            out.append(QLatin1String("\\f"));
            break;
        default:
            if (c.unicode() < 0x20)
                out.append(QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0')));
            else
                out.append(c);
        }
    }
    out.append(u'"');
}

void appendNumber(QString &out, const QJsonValue &v)
{
    const double d = v.toDouble();
    // Qt keeps integers that came from JSON as qint64; 2^63 is the first double outside that
    // range, so integral doubles below it print as the same integer text as integers do.
    constexpr double kTwoPow63 = 9223372036854775808.0;
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < kTwoPow63) {
        const qint64 integer = v.toInteger(qint64(d));
        out.append(QString::number(double(integer) == d ? integer : qint64(d)));
        return;
    }
    out.append(QString::number(d, 'g', QLocale::FloatingPointShortest));
}

void append(QString &out, const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        out.append(QLatin1String("null"));
        break;
    case QJsonValue::Bool:
        out.append(v.toBool() ? QLatin1String("true") : QLatin1String("false"));
        break;
    case QJsonValue::Double:
        appendNumber(out, v);
        break;
    case QJsonValue::String:
        appendString(out, v.toString());
        break;
    case QJsonValue::Array: {
        out.append(u'[');
        bool first = true;
        for (const QJsonValue &item : v.toArray()) {
            if (!first)
                out.append(u',');
            first = false;
            append(out, item);
        }
        out.append(u']');
        break;
    }
    case QJsonValue::Object: {
        out.append(u'{');
        const QJsonObject object = v.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (it != object.constBegin())
                out.append(u',');
            appendString(out, it.key());
            out.append(u':');
            append(out, it.value());
        }
        out.append(u'}');
        break;
    }
    case QJsonValue::Undefined:
        break;
    }
}

} // namespace

QString JsonText::compact(const QJsonValue &value)
{
    QString out;
    append(out, value);
    return out;
}

QString JsonText::plain(const QJsonValue &value)
{
    return value.isString() ? value.toString() : compact(value);
}

bool JsonText::equal(const QJsonValue &a, const QJsonValue &b)
{
    if (a.type() != b.type())
        return false;
    switch (a.type()) {
    case QJsonValue::Double:
        // Large integers differ below double precision: compare their integer forms too.
        return a.toDouble() == b.toDouble() && compact(a) == compact(b);
    case QJsonValue::Array: {
        const QJsonArray x = a.toArray();
        const QJsonArray y = b.toArray();
        if (x.size() != y.size())
            return false;
        for (qsizetype i = 0; i < x.size(); ++i) {
            if (!equal(x.at(i), y.at(i)))
                return false;
        }
        return true;
    }
    case QJsonValue::Object: {
        const QJsonObject x = a.toObject();
        const QJsonObject y = b.toObject();
        if (x.size() != y.size())
            return false;
        for (auto it = x.constBegin(); it != x.constEnd(); ++it) {
            const auto other = y.constFind(it.key());
            if (other == y.constEnd() || !equal(it.value(), other.value()))
                return false;
        }
        return true;
    }
    default:
        return a == b;
    }
}

} // namespace cicada
