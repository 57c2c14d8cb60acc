#include "profile/profilewriter.h"

#include "profile/steps/stepdescriptor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

#include <algorithm>

namespace cicada {

namespace {

// The profile's own objects (outside steps): keys that share an object appear here in the order a
// reader wants them; keys never found together may sit anywhere relative to each other. The keys
// inside a step kind's object come from its StepDescriptor, not from here.
const QStringList kKeyOrder = {
    QStringLiteral("$schema"),
    QStringLiteral("schema"),
    QStringLiteral("name"),
    QStringLiteral("comment"),
    QStringLiteral("weight"),
    QStringLiteral("fixedCount"),
    // Open model (issue 10): arrivalRate sits after a user type's weight and first in "load";
    // a stage reads duration, then users or rate, then spawnRate.
    QStringLiteral("duration"),
    QStringLiteral("arrivalRate"),
    QStringLiteral("rate"),
    QStringLiteral("to"),
    QStringLiteral("over"),
    QStringLiteral("maxConcurrent"),
    QStringLiteral("dropAfter"),
    QStringLiteral("target"),
    QStringLiteral("baseUrl"),
    QStringLiteral("brokerUrl"),
    QStringLiteral("verifyTls"),
    QStringLiteral("connectTimeout"),
    QStringLiteral("requestTimeout"),
    QStringLiteral("transport"),
    QStringLiteral("maxBodySize"),
    QStringLiteral("maxMessageSize"),
    QStringLiteral("sourceAddresses"),
    QStringLiteral("cookies"),
    QStringLiteral("value"),
    QStringLiteral("domain"),
    QStringLiteral("headers"),
    QStringLiteral("variables"),
    QStringLiteral("templates"),
    QStringLiteral("json"),
    QStringLiteral("text"),
    QStringLiteral("base64"),
    QStringLiteral("hex"),
    QStringLiteral("wait"),
    QStringLiteral("constant"),
    QStringLiteral("between"),
    QStringLiteral("constantPacing"),
    QStringLiteral("onStart"),
    QStringLiteral("tasks"),
    QStringLiteral("steps"),
    QStringLiteral("onStop"),
    QStringLiteral("userTypes"),
    QStringLiteral("load"),
    QStringLiteral("users"),
    QStringLiteral("spawnRate"),
    QStringLiteral("runTime"),
    QStringLiteral("stopTimeout"),
    QStringLiteral("stages"),
    QStringLiteral("thresholds"),
    QStringLiteral("thresholdOptions"),
    QStringLiteral("maxErrorRate"),
    // data feeders: last in the file, each feeder name, comment, file, format, strategy, ...
    QStringLiteral("feeders"),
    QStringLiteral("file"),
    QStringLiteral("format"),
    QStringLiteral("strategy"),
    QStringLiteral("onExhausted"),
};

// Keys whose value is user data (a JSON payload, a compared value): alphabetical all the way down.
bool isFreeKey(const QString &key)
{
    return key == QLatin1String("json") || key == QLatin1String("equals");
}

// Keys whose value maps user-chosen names to profile objects.
bool isMapKey(const QString &key)
{
    return key == QLatin1String("variables") || key == QLatin1String("templates") ||
           key == QLatin1String("capture");
}

// A step is {"KIND": {...}} with an optional "comment": the descriptor of KIND, else nullptr.
const StepDescriptor *stepKindOf(const QJsonObject &object, const QString &key)
{
    const StepDescriptor *d = findStepDescriptor(key);
    if (!d)
        return nullptr;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() != key && it.key() != QLatin1String("comment"))
            return nullptr;
    }
    return d;
}

bool isContainer(const QJsonValue &v)
{
    return v.isArray() || v.isObject();
}

void newline(int indent, QByteArray *out)
{
    out->append('\n');
    out->append(QByteArray(indent * 2, ' '));
}

} // namespace

QByteArray ProfileWriter::write(const QJsonObject &root)
{
    QByteArray out;
    writeObject(root, Context{Mode::Schema}, 0, &out);
    out.append('\n');
    return out;
}

QByteArray ProfileWriter::scalar(const QJsonValue &value)
{
    // Let Qt format strings and numbers, so escaping and number text match QJsonDocument.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

void ProfileWriter::writeValue(const QJsonValue &value, const Context &context, int indent,
                               QByteArray *out)
{
    if (value.isObject()) {
        writeObject(value.toObject(), context, indent, out);
        return;
    }
    if (!value.isArray()) {
        out->append(scalar(value.isUndefined() ? QJsonValue() : value));
        return;
    }
    const QJsonArray array = value.toArray();
    if (array.isEmpty()) {
        out->append("[]");
        return;
    }
    const bool multiline = std::any_of(array.begin(), array.end(), isContainer);
    const Context element = context.mode == Mode::Map ? Context{Mode::Schema} : context;
    out->append('[');
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (multiline)
            newline(indent + 1, out);
        writeValue(array.at(i), element, indent + 1, out);
        if (i + 1 < array.size())
            out->append(multiline ? "," : ", ");
    }
    if (multiline)
        newline(indent, out);
    out->append(']');
}

ProfileWriter::Context ProfileWriter::childContext(const QJsonObject &object, const QString &key,
                                                   const Context &context)
{
    switch (context.mode) {
    case Mode::Free:
        return {Mode::Free};
    case Mode::Map:
    case Mode::Fixed:
        return {Mode::Schema};
    case Mode::Step: {
        if (isFreeKey(key))
            return {Mode::Free};
        if (isMapKey(key))
            return {Mode::Map};
        const StepKey *stepKey = context.step->findKey(key);
        if (stepKey && !stepKey->childKeyOrder.isEmpty())
            return {Mode::Fixed, nullptr, &stepKey->childKeyOrder};
        return {Mode::Schema};
    }
    case Mode::Schema:
        break;
    }
    if (isFreeKey(key))
        return {Mode::Free};
    if (isMapKey(key))
        return {Mode::Map};
    if (const StepDescriptor *d = stepKindOf(object, key))
        return {Mode::Step, d};
    return {Mode::Schema};
}

void ProfileWriter::writeObject(const QJsonObject &object, const Context &context, int indent,
                                QByteArray *out)
{
    if (object.isEmpty()) {
        out->append("{}");
        return;
    }
    QStringList keys = object.keys(); // alphabetical
    const QStringList *order = nullptr;
    QStringList stepOrder;
    if (context.mode == Mode::Schema) {
        order = &kKeyOrder;
    } else if (context.mode == Mode::Step) {
        stepOrder = context.step->keyNames();
        order = &stepOrder;
    } else if (context.mode == Mode::Fixed) {
        order = context.order;
    }
    if (order) {
        std::stable_sort(keys.begin(), keys.end(), [order](const QString &a, const QString &b) {
            const auto rank = [order](const QString &k) {
                const qsizetype i = order->indexOf(k);
                return i < 0 ? order->size() : i;
            };
            return rank(a) < rank(b);
        });
    }
    out->append('{');
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const QString &key = keys.at(i);
        newline(indent + 1, out);
        out->append(scalar(key));
        out->append(": ");
        writeValue(object.value(key), childContext(object, key, context), indent + 1, out);
        if (i + 1 < keys.size())
            out->append(',');
    }
    newline(indent, out);
    out->append('}');
}

} // namespace cicada
