#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace cicada {

/** @brief One parsed HTTP/1.x request as the demo server received it. */
struct DemoHttpRequest
{
    QByteArray method;  ///< e.g. "GET", as sent (methods are case-sensitive)
    QByteArray target;  ///< request-target, e.g. "/api/slow?ms=10"
    QByteArray version; ///< "HTTP/1.1" or "HTTP/1.0"
    QList<QPair<QByteArray, QByteArray>> headers; ///< in order; names as sent
    QByteArray body;                              ///< Content-Length bytes (empty without a body)

    /** The first value of header @p name (case-insensitive), or an empty array. */
    [[nodiscard]] QByteArray header(const QByteArray &name) const;
    /** Whether any value of header @p name contains @p token (comma list, case-insensitive). */
    [[nodiscard]] bool headerHasToken(const QByteArray &name, const QByteArray &token) const;
    /** The value of cookie @p name from all Cookie headers, or an empty array. */
    [[nodiscard]] QByteArray cookie(const QByteArray &name) const;
    /** The target without its query string. */
    [[nodiscard]] QByteArray path() const;
    /** The query string without '?', or empty. */
    [[nodiscard]] QByteArray query() const;
    /** True when the connection stays open after the response (HTTP/1.1 default). */
    [[nodiscard]] bool keepAlive() const;
    /** True for a WebSocket upgrade request (Upgrade: websocket). */
    [[nodiscard]] bool isWebSocketUpgrade() const;

    /**
     * @brief Parses a request head (request line and header lines, without the blank line).
     * @return false when the head is malformed.
     */
    [[nodiscard]] static bool parseHead(const QByteArray &head, DemoHttpRequest *request);
};

} // namespace cicada
