#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace cicada {

/**
 * @brief One key of a step kind's JSON object, as its StepDescriptor declares it: the reader
 * checks keys against these, the writer orders them, the JSON Schema describes them.
 */
struct StepKey
{
    QString name;
    int schema = 1; ///< the profile schema that introduced the key
    QJsonObject
        jsonSchema; ///< JSON Schema of the value; `{"$ref": "#/$defs/NAME"}` for shared parts
    /// For a value that is an object with fixed keys (or a list of them): their writing order.
    QStringList childKeyOrder = {};
};

/** `{"$ref": "#/$defs/NAME"}`: a part of the profile JSON Schema shared by several places. */
[[nodiscard]] inline QJsonObject schemaRef(const QString &name)
{
    return QJsonObject{{QStringLiteral("$ref"), QStringLiteral("#/$defs/") + name}};
}

} // namespace cicada
