#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace cicada {

struct StepDescriptor;

/**
 * @brief Writes a profile's JSON as human-diffable UTF-8 text (internal to ProfileIo).
 *
 * QJsonDocument sorts keys alphabetically; this writer puts the profile's own keys in reading
 * order ("$schema", "schema", "name", "comment", "target", ... ; "name" first in every object),
 * the keys of a step kind's object in the order its StepDescriptor lists them, and sorts
 * user-named keys (variables, template and capture names, the inside of JSON payloads)
 * alphabetically. The
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
        Step,   ///< the object under a step kind key: the descriptor's key order
        Fixed,  ///< an object with fixed keys in a given order (e.g. a wsConnect's "pushes")
        Map,    ///< a map of user-chosen names whose values are profile objects
        Free,   ///< user data (a JSON payload): alphabetical all the way down
    };
    struct Context
    {
        Mode mode = Mode::Schema;
        const StepDescriptor *step = nullptr; ///< Mode::Step
        const QStringList *order = nullptr;   ///< Mode::Fixed
    };
    static Context childContext(const QJsonObject &object, const QString &key,
                                const Context &context);
    static void writeValue(const QJsonValue &value, const Context &context, int indent,
                           QByteArray *out);
    static void writeObject(const QJsonObject &object, const Context &context, int indent,
                            QByteArray *out);
    static QByteArray scalar(const QJsonValue &value);
};

} // namespace cicada
