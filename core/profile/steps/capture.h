#pragma once

#include <QString>

namespace cicada {

/**
 * @brief Takes one value out of a response or a WebSocket message into a user variable, used
 * later as `{{capture.NAME}}` in templates, paths, headers and URLs.
 *
 * JSON form (a map keyed by NAME on http, wsSend and wsAwait steps):
 * `"capture": {"token": {"json": "/auth/token"}, "room": {"header": "X-Room"},
 *              "order": {"regex": "order=(\\d+)"}, "sid": {"cookie": "sessionid"}}`.
 * - json:   an RFC 6901 JSON pointer into the body / message; strings are taken as they are,
 *           other JSON values as their compact JSON text.
 * - header: a response header, case-insensitive (HTTP only).
 * - regex:  a regular expression on the body / message text; the first capture group, or the
 *           whole match when it has none.
 * - cookie: a cookie the response set, or one in the user's jar (HTTP only).
 * A capture that finds nothing fails the step with a message naming it.
 */
struct Capture
{
    enum class Source
    {
        Json,
        Header,
        Regex,
        Cookie
    };
    QString name; ///< the variable: {{capture.NAME}}
    Source source = Source::Json;
    QString expression; ///< JSON pointer, header name, regular expression or cookie name
    QString comment = {};
    bool operator==(const Capture &) const = default;
};

} // namespace cicada
