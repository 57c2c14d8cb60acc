#include "profile/profilewriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

#include <algorithm>

namespace cicada {

namespace {

// One ranking serves every profile object: keys that share an object appear here in the order a
// reader wants them; keys never found together may sit anywhere relative to each other.
const QStringList kKeyOrder = {
    QStringLiteral("schema"),         QStringLiteral("name"),
    QStringLiteral("comment"),        QStringLiteral("weight"),
    QStringLiteral("target"),         QStringLiteral("baseUrl"),
    QStringLiteral("brokerUrl"),      QStringLiteral("verifyTls"),
    QStringLiteral("connectTimeout"), QStringLiteral("requestTimeout"),
    QStringLiteral("transport"),      QStringLiteral("cookies"),
    QStringLiteral("method"),         QStringLiteral("url"),
    QStringLiteral("path"),           QStringLiteral("value"),
    QStringLiteral("domain"),         QStringLiteral("headers"),
    QStringLiteral("variables"),      QStringLiteral("templates"),
    QStringLiteral("json"),           QStringLiteral("text"),
    QStringLiteral("template"),       QStringLiteral("body"),
    QStringLiteral("await"),          QStringLiteral("matchField"),
    QStringLiteral("timeout"),        QStringLiteral("expect"),
    QStringLiteral("wait"),           QStringLiteral("constant"),
    QStringLiteral("between"),        QStringLiteral("constantPacing"),
    QStringLiteral("onStart"),        QStringLiteral("tasks"),
    QStringLiteral("steps"),          QStringLiteral("onStop"),
    QStringLiteral("userTypes"),      QStringLiteral("load"),
    QStringLiteral("users"),          QStringLiteral("spawnRate"),
    QStringLiteral("runTime"),        QStringLiteral("http"),
    QStringLiteral("wsConnect"),      QStringLiteral("wsSend"),
    QStringLiteral("think"),          QStringLiteral("close"),
    QStringLiteral("thresholds"),
};

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
    writeObject(root, Mode::Schema, 0, &out);
    out.append('\n');
    return out;
}

QByteArray ProfileWriter::scalar(const QJsonValue &value)
{
    // Let Qt format strings and numbers, so escaping and number text match QJsonDocument.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

void ProfileWriter::writeValue(const QJsonValue &value, Mode mode, int indent, QByteArray *out)
{
    if (value.isObject()) {
        writeObject(value.toObject(), mode, indent, out);
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
    const Mode childMode = mode == Mode::Map ? Mode::Schema : mode;
    out->append('[');
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (multiline)
            newline(indent + 1, out);
        writeValue(array.at(i), childMode, indent + 1, out);
        if (i + 1 < array.size())
            out->append(multiline ? "," : ", ");
    }
    if (multiline)
        newline(indent, out);
    out->append(']');
}

void ProfileWriter::writeObject(const QJsonObject &object, Mode mode, int indent, QByteArray *out)
{
    if (object.isEmpty()) {
        out->append("{}");
        return;
    }
    QStringList keys = object.keys(); // alphabetical
    if (mode == Mode::Schema) {
        std::stable_sort(keys.begin(), keys.end(), [](const QString &a, const QString &b) {
            const auto rank = [](const QString &k) {
                const qsizetype i = kKeyOrder.indexOf(k);
                return i < 0 ? kKeyOrder.size() : i;
            };
            return rank(a) < rank(b);
        });
    }
    out->append('{');
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const QString &key = keys.at(i);
        Mode childMode = Mode::Schema;
        if (mode == Mode::Free || (mode == Mode::Schema && key == QLatin1String("json")))
            childMode = Mode::Free;
        else if (mode == Mode::Schema &&
                 (key == QLatin1String("variables") || key == QLatin1String("templates")))
            childMode = Mode::Map;
        newline(indent + 1, out);
        out->append(scalar(key));
        out->append(": ");
        writeValue(object.value(key), childMode, indent + 1, out);
        if (i + 1 < keys.size())
            out->append(',');
    }
    newline(indent, out);
    out->append('}');
}

} // namespace cicada
