#include "stepoptionjson.h"

#include "profile/steps/stepjson.h"
#include "profile/steps/stepreader.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace cicada {

namespace {

const QString kExistsKey = QStringLiteral("exists");
// Operators that carry an operand, in the order the forms list them.
const QStringList kOperandOps = {QStringLiteral("equals"), QStringLiteral("contains"),
                                 QStringLiteral("regex")};

} // namespace

QStringList StepOptionJson::conditionOps()
{
    return {QStringLiteral("equals"), QStringLiteral("contains"), QStringLiteral("exists"),
            QStringLiteral("notExists"), QStringLiteral("regex")};
}

QString StepOptionJson::conditionOp(const QJsonObject &condition)
{
    for (const QString &op : kOperandOps) {
        if (condition.contains(op))
            return op;
    }
    if (condition.contains(kExistsKey))
        return condition.value(kExistsKey).toBool(true) ? QStringLiteral("exists")
                                                        : QStringLiteral("notExists");
    return {};
}

QJsonObject StepOptionJson::withConditionOp(const QJsonObject &condition, const QString &op)
{
    QJsonValue operand(QJsonValue::Undefined); // QJsonValue() would be null
    for (const QString &key : kOperandOps) {
        if (condition.contains(key)) {
            operand = condition.value(key);
            break;
        }
    }
    QJsonObject out = condition;
    for (const QString &key : kOperandOps)
        out.remove(key);
    out.remove(kExistsKey);
    if (op == QLatin1String("exists") || op == QLatin1String("notExists")) {
        out.insert(kExistsKey, op == QLatin1String("exists"));
    } else if (op == QLatin1String("equals")) {
        out.insert(op, operand.isUndefined() ? QJsonValue(QString()) : operand);
    } else if (kOperandOps.contains(op)) {
        // contains / regex take text: keep what was typed, as the user saw it.
        out.insert(op, operand.isString() ? operand : QJsonValue(looseText(operand)));
    }
    return out;
}

QString StepOptionJson::conditionSummary(const QJsonObject &condition)
{
    // The core's wording when the condition reads cleanly; else the JSON as typed.
    QList<ProfileIssue> issues;
    StepReader reader(&issues);
    const Condition parsed = reader.readCondition(condition, QStringLiteral("$"));
    if (issues.isEmpty())
        return stepjson::conditionText(parsed);
    return QString::fromUtf8(QJsonDocument(condition).toJson(QJsonDocument::Compact));
}

QStringList StepOptionJson::captureSources()
{
    return {QStringLiteral("json"), QStringLiteral("header"), QStringLiteral("regex"),
            QStringLiteral("cookie")};
}

QString StepOptionJson::captureSource(const QJsonObject &capture)
{
    for (const QString &source : captureSources()) {
        if (capture.contains(source))
            return source;
    }
    return {};
}

QJsonObject StepOptionJson::withCaptureSource(const QJsonObject &capture, const QString &source)
{
    const QString old = captureSource(capture);
    QJsonObject out = capture;
    const QJsonValue expression = old.isEmpty() ? QJsonValue(QString()) : out.take(old);
    out.insert(source, expression);
    return out;
}

QJsonValue StepOptionJson::parseLoose(const QString &text)
{
    // QJsonDocument parses only objects and arrays: wrap the text in one.
    QJsonParseError error{};
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + QByteArray("\n]"), &error);
    if (error.error == QJsonParseError::NoError && doc.array().size() == 1)
        return doc.array().at(0);
    return text;
}

QString StepOptionJson::looseText(const QJsonValue &value)
{
    if (value.isUndefined())
        return {};
    if (value.isString() && parseLoose(value.toString()) == value)
        return value.toString();
    const QString wrapped =
        QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
    return wrapped.mid(1, wrapped.size() - 2);
}

} // namespace cicada
