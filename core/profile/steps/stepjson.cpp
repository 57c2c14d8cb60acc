#include "profile/steps/stepjson.h"

#include <QJsonDocument>

namespace cicada::stepjson {

QJsonArray nameValues(const QList<NameValue> &list, bool cookies)
{
    QJsonArray out;
    for (const NameValue &nv : list) {
        QJsonObject o{{QStringLiteral("name"), nv.name}, {QStringLiteral("value"), nv.value}};
        if (cookies && !nv.domain.isEmpty())
            o.insert(QStringLiteral("domain"), nv.domain);
        insertComment(&o, nv.comment);
        out.append(o);
    }
    return out;
}

QJsonObject captures(const QList<Capture> &captures)
{
    QJsonObject out;
    for (const Capture &c : captures) {
        QString source;
        switch (c.source) {
        case Capture::Source::Json:
            source = QStringLiteral("json");
            break;
        case Capture::Source::Header:
            source = QStringLiteral("header");
            break;
        case Capture::Source::Regex:
            source = QStringLiteral("regex");
            break;
        case Capture::Source::Cookie:
            source = QStringLiteral("cookie");
            break;
        }
        QJsonObject o{{source, c.expression}};
        insertComment(&o, c.comment);
        out.insert(c.name, o);
    }
    return out;
}

QJsonObject condition(const Condition &c)
{
    QJsonObject o;
    if (!c.pointer.isEmpty() || c.op == Condition::Op::Equals || c.op == Condition::Op::Exists ||
        c.op == Condition::Op::NotExists)
        o.insert(QStringLiteral("json"), c.pointer);
    switch (c.op) {
    case Condition::Op::Equals:
        o.insert(QStringLiteral("equals"), c.value.isUndefined() ? QJsonValue() : c.value);
        break;
    case Condition::Op::Contains:
        o.insert(QStringLiteral("contains"), c.value.toString());
        break;
    case Condition::Op::Exists:
        o.insert(QStringLiteral("exists"), true);
        break;
    case Condition::Op::NotExists:
        o.insert(QStringLiteral("exists"), false);
        break;
    case Condition::Op::Regex:
        o.insert(QStringLiteral("regex"), c.value.toString());
        break;
    }
    insertComment(&o, c.comment);
    return o;
}

QJsonArray conditions(const QList<Condition> &list)
{
    QJsonArray out;
    for (const Condition &c : list)
        out.append(condition(c));
    return out;
}

QString conditionText(const Condition &c)
{
    const QString subject = c.pointer.isEmpty() ? QStringLiteral("message") : c.pointer;
    switch (c.op) {
    case Condition::Op::Equals: {
        const QJsonValue v = c.value.isUndefined() ? QJsonValue() : c.value;
        const QByteArray wrapped = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
        return subject + QStringLiteral(" = ") +
               (v.isString() ? v.toString()
                             : QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2)));
    }
    case Condition::Op::Contains:
        return QStringLiteral("%1 contains '%2'").arg(subject, c.value.toString());
    case Condition::Op::Exists:
        return QStringLiteral("%1 exists").arg(subject);
    case Condition::Op::NotExists:
        return QStringLiteral("no %1").arg(subject);
    case Condition::Op::Regex:
        return QStringLiteral("%1 ~ /%2/").arg(subject, c.value.toString());
    }
    return {};
}

QJsonValue stringOrList(const QStringList &items)
{
    if (items.size() == 1)
        return items.front();
    return QJsonArray::fromStringList(items);
}

void insertComment(QJsonObject *o, const QString &comment)
{
    if (!comment.isEmpty())
        o->insert(QStringLiteral("comment"), comment);
}

QJsonObject objectSchema(const QList<StepKey> &keys, const QStringList &required)
{
    QJsonObject properties;
    for (const StepKey &key : keys)
        properties.insert(key.name, key.jsonSchema);
    QJsonObject schema{{QStringLiteral("type"), QStringLiteral("object")},
                       {QStringLiteral("properties"), properties},
                       {QStringLiteral("additionalProperties"), false}};
    if (!required.isEmpty())
        schema.insert(QStringLiteral("required"), QJsonArray::fromStringList(required));
    return schema;
}

QJsonObject stringSchema(const QString &description)
{
    QJsonObject schema{{QStringLiteral("type"), QStringLiteral("string")}};
    if (!description.isEmpty())
        schema.insert(QStringLiteral("description"), description);
    return schema;
}

} // namespace cicada::stepjson
