#include "engine/conditioncheck.h"

#include "engine/jsontext.h"
#include "engine/parsedmessage.h"
#include "engine/regexcache.h"

namespace cicada {

namespace {

/** Longest value quoted in a failure sentence: errors are counted by message, so a long or
 *  varying value must not make every failure its own row with a kilobyte key. */
constexpr qsizetype kMaxQuotedChars = 60;

QString quoted(const QString &text)
{
    QString s = JsonText::compact(QJsonValue(text));
    if (s.size() > kMaxQuotedChars)
        s = s.left(kMaxQuotedChars - 1) + QChar(0x2026);
    return s;
}

QString shown(const QJsonValue &value)
{
    QString s = JsonText::compact(value);
    if (s.size() > kMaxQuotedChars)
        s = s.left(kMaxQuotedChars - 1) + QChar(0x2026);
    return s;
}

QString subject(const Condition &c)
{
    return c.pointer.isEmpty() ? QStringLiteral("body") : c.pointer;
}

bool fail(const Condition &c, QString *why, const QString &reason)
{
    if (why)
        *why = QStringLiteral("check %1 failed: %2").arg(ConditionCheck::describe(c), reason);
    return false;
}

/** The text a Contains / Regex condition looks at; false when the pointer does not resolve. */
bool subjectText(const Condition &c, ParsedMessage &m, QString *text, QString *why)
{
    if (c.pointer.isEmpty()) {
        *text = m.text();
        return true;
    }
    const QJsonValue v = m.value(c.pointer);
    if (v.isUndefined()) {
        return fail(c, why,
                    m.isJson() ? QStringLiteral("%1 not found").arg(c.pointer)
                               : QStringLiteral("the message is not JSON"));
    }
    *text = JsonText::plain(v);
    return true;
}

} // namespace

QString ConditionCheck::describe(const Condition &c)
{
    switch (c.op) {
    case Condition::Op::Equals:
        return QStringLiteral("%1 equals %2").arg(subject(c), shown(c.value));
    case Condition::Op::Contains:
        return QStringLiteral("%1 contains %2").arg(subject(c), quoted(c.value.toString()));
    case Condition::Op::Exists:
        return QStringLiteral("%1 exists").arg(subject(c));
    case Condition::Op::NotExists:
        return QStringLiteral("%1 does not exist").arg(subject(c));
    case Condition::Op::Regex:
        return QStringLiteral("%1 matches regex %2").arg(subject(c), quoted(c.value.toString()));
    }
    return subject(c);
}

bool ConditionCheck::holds(const Condition &c, ParsedMessage &m, QString *why)
{
    switch (c.op) {
    case Condition::Op::Exists:
        if (!m.value(c.pointer).isUndefined())
            return true;
        return fail(c, why,
                    m.isJson() ? QStringLiteral("not found")
                               : QStringLiteral("the message is not JSON"));
    case Condition::Op::NotExists:
        if (m.value(c.pointer).isUndefined())
            return true;
        return fail(c, why, QStringLiteral("got %1").arg(shown(m.value(c.pointer))));
    case Condition::Op::Equals: {
        if (c.pointer.isEmpty() && !m.isJson() && c.value.isString()) {
            if (m.text() == c.value.toString())
                return true;
            return fail(c, why, QStringLiteral("got %1").arg(quoted(m.text())));
        }
        const QJsonValue v = m.value(c.pointer);
        if (v.isUndefined()) {
            return fail(c, why,
                        m.isJson() ? QStringLiteral("%1 not found").arg(subject(c))
                                   : QStringLiteral("the message is not JSON"));
        }
        if (JsonText::equal(v, c.value))
            return true;
        return fail(c, why, QStringLiteral("got %1").arg(shown(v)));
    }
    case Condition::Op::Contains: {
        if (!c.pointer.isEmpty()) {
            const QJsonValue v = m.value(c.pointer);
            if (!v.isUndefined() && !v.isString())
                return fail(c, why, QStringLiteral("got %1, not a string").arg(shown(v)));
        }
        QString text;
        if (!subjectText(c, m, &text, why))
            return false;
        if (text.contains(c.value.toString()))
            return true;
        return fail(c, why,
                    c.pointer.isEmpty() ? QStringLiteral("not found in the body")
                                        : QStringLiteral("got %1").arg(quoted(text)));
    }
    case Condition::Op::Regex: {
        const QRegularExpression &re = RegexCache::get(c.value.toString());
        if (!re.isValid())
            return fail(c, why, QStringLiteral("invalid regex: %1").arg(re.errorString()));
        QString text;
        if (!subjectText(c, m, &text, why))
            return false;
        if (re.match(text).hasMatch())
            return true;
        return fail(c, why,
                    c.pointer.isEmpty() ? QStringLiteral("no match in the body")
                                        : QStringLiteral("got %1").arg(quoted(text)));
    }
    }
    return fail(c, why, QStringLiteral("unknown check"));
}

bool ConditionCheck::allHold(const QList<Condition> &cs, ParsedMessage &m, QString *why)
{
    for (const Condition &c : cs) {
        if (!holds(c, m, why))
            return false;
    }
    return true;
}

} // namespace cicada
