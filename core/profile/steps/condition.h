#pragma once

#include <QJsonValue>
#include <QString>

namespace cicada {

/**
 * @brief A test on a response body or a WebSocket message: used by `check` lists (a failed check
 * fails the step, its message names the check) and by `wsAwait` / multi-reply `until` matching.
 *
 * JSON forms:
 * - `{"json": "/status", "equals": "ok"}`   the value at the pointer equals (any JSON value)
 * - `{"json": "/name", "contains": "abc"}`  the string at the pointer contains the text
 * - `{"json": "/items", "exists": true}`    the pointer resolves (false: it does not)
 * - `{"json": "/id", "regex": "^[0-9]+$"}`  the string at the pointer matches
 * - `{"contains": "abc"}`, `{"regex": "..."}` on the whole body / message text (no "json")
 */
struct Condition
{
    enum class Op
    {
        Equals,
        Contains,
        Exists,
        NotExists,
        Regex
    };
    QString pointer; ///< RFC 6901 JSON pointer; empty = the whole text (Contains / Regex only)
    Op op = Op::Exists;
    QJsonValue value; ///< Equals: the JSON value; Contains / Regex: a string; else unused
    QString comment = {};
    bool operator==(const Condition &) const = default;
};

} // namespace cicada
