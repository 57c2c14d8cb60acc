#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

class QJsonDocument;

namespace cicada {

/** @brief One HTTP response the demo server sends; serialised by DemoHttpConnection. */
struct DemoHttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers; ///< extra headers, e.g. Set-Cookie
    QByteArray body;
    bool closeConnection = false; ///< send "Connection: close" and close after writing

    /** A response with a compact JSON body. */
    [[nodiscard]] static DemoHttpResponse json(int status, const QJsonDocument &document);
    /** A JSON error response: {"error": message, "status": status}. */
    [[nodiscard]] static DemoHttpResponse error(int status, const QByteArray &message);
    /** The standard reason phrase for @p status ("OK", "Not Found", ...). */
    [[nodiscard]] static QByteArray reasonPhrase(int status);
    /**
     * @brief The bytes on the wire: status line, headers, blank line and (unless @p headOnly)
     * the body. @p keepAlive selects the Connection header.
     */
    [[nodiscard]] QByteArray serialize(bool keepAlive, bool headOnly) const;
};

} // namespace cicada
