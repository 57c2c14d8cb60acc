#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringView>

namespace cicada {

/**
 * @brief RFC 6901 JSON pointers: `/meta/requestId`, `/items/0`, `/a~1b` (key "a/b"), `/m~0n`
 * (key "m~n").
 *
 * The empty pointer "" is the whole document. A token on an array must be a decimal index without
 * leading zeros ("0", "17") and inside the array; "-" (one past the end) never resolves. Pure and
 * thread-safe; resolve() allocates nothing for keys without escapes.
 */
class JsonPointer
{
public:
    /** True when @p pointer is "" or starts with '/' and every '~' is followed by '0' or '1';
     *  otherwise false and @p error (if given) says why, e.g. "must start with '/'". */
    [[nodiscard]] static bool isValid(QStringView pointer, QString *error = nullptr);
    /** The value at @p pointer in @p root; Undefined when it does not resolve or is invalid. */
    [[nodiscard]] static QJsonValue resolve(const QJsonValue &root, QStringView pointer);
};

} // namespace cicada
