#pragma once

#include <QJsonValue>
#include <QString>

namespace cicada {

/**
 * @brief The canonical compact JSON text of a value, shared by captures, checks and match keys.
 *
 * Numbers are written by value, not by how they were spelled: 5, 5.0 and 5e0 all give "5"
 * (integral values up to 2^63 as integers, others in the shortest form that reads back exactly).
 * Strings are quoted and escaped, objects keep QJsonObject's (sorted) key order, no whitespace.
 * Undefined gives an empty string. Pure and thread-safe.
 */
class JsonText
{
public:
    [[nodiscard]] static QString compact(const QJsonValue &value);
    /** Strings as they are (unquoted), every other value as compact(). */
    [[nodiscard]] static QString plain(const QJsonValue &value);
    /** JSON equality with numbers compared by value (5 == 5.0; "5" != 5). */
    [[nodiscard]] static bool equal(const QJsonValue &a, const QJsonValue &b);
};

} // namespace cicada
