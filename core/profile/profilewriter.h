#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>

namespace cicada {

/**
 * @brief Writes a profile's JSON as human-diffable UTF-8 text (internal to ProfileIo).
 *
 * QJsonDocument sorts keys alphabetically; this writer puts the profile's own keys in reading
 * order ("schema", "name", "comment", "target", ... ; "name" first in every object) and sorts
 * user-named keys (variables, template names, the inside of JSON payloads) alphabetically. The
 * output depends only on the value: writing the same profile twice gives identical bytes.
 * Two-space indentation; arrays holding only scalars stay on one line; ends with a newline.
 */
class ProfileWriter
{
public:
    /** The text of @p root. */
    [[nodiscard]] static QByteArray write(const QJsonObject &root);

private:
    enum class Mode
    {
        Schema, ///< a profile object: known keys in reading order
        Map,    ///< a map of user-chosen names whose values are profile objects
        Free,   ///< user data (a JSON payload): alphabetical all the way down
    };
    static void writeValue(const QJsonValue &value, Mode mode, int indent, QByteArray *out);
    static void writeObject(const QJsonObject &object, Mode mode, int indent, QByteArray *out);
    static QByteArray scalar(const QJsonValue &value);
};

} // namespace cicada
