#pragma once

#include "profile/steps/capture.h"

#include <QString>
#include <QUrl>

class QNetworkCookieJar;

namespace cicada {

class ParsedMessage;
struct HttpResponse;

/**
 * @brief Takes one Capture's value out of an HTTP response or a WebSocket message.
 *
 * - Json: the value at the pointer; strings as they are, other values as compact JSON.
 * - Header: the first response header with that name, case-insensitive (HTTP only).
 * - Regex: on the body text; the first capture group, or the whole match without groups.
 * - Cookie: a Set-Cookie of this response, else a cookie in @p jar that would be sent to @p url.
 * A capture that finds nothing returns false and @p why names it:
 * `capture 'token': /auth/token not found in the response`. Pure apart from a per-thread cache
 * of compiled patterns.
 */
class Capturer
{
public:
    /**
     * @param response nullptr for WebSocket messages (header and cookie captures then fail)
     * @param jar      the user's cookie jar, or nullptr
     * @param url      the request URL (the jar's cookies for it are searched)
     */
    [[nodiscard]] static bool extract(const Capture &c, ParsedMessage &body,
                                      const HttpResponse *response, const QNetworkCookieJar *jar,
                                      const QUrl &url, QString *value, QString *why = nullptr);
};

} // namespace cicada
