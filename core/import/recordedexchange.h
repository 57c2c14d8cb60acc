#pragma once

#include "profile/profile.h"

#include <QList>
#include <QString>
#include <QUrl>
#include <QtGlobal>

namespace cicada {

/** @brief One WebSocket frame of a recording (Chromium's `_webSocketMessages`). */
struct RecordedWsMessage
{
    bool sent = false; ///< true: client → server; false: server → client
    qint64 timeMs = 0; ///< ms since the epoch
    QString text;      ///< the payload (base64 when binary)
    bool binary = false;
};

/**
 * @brief One recorded request, from a HAR entry or a cURL command: what a browser sent and,
 *        when known, what came back and when. The importer's input; no profile concepts yet.
 */
struct RecordedExchange
{
    qint64 startedMs = 0;  ///< ms since the epoch; 0 = unknown (cURL)
    qint64 durationMs = 0; ///< request start → response end (HAR "time")
    QString method = QStringLiteral("GET");
    QUrl url;
    QList<NameValue> headers; ///< as sent, in order; cookies are in `cookies`
    QList<NameValue> cookies; ///< sent cookies
    QString bodyMimeType;     ///< request body's MIME type
    QString body;             ///< request body text
    int status = 0;           ///< response status; 0 = none or unknown
    QString responseMimeType;
    QString resourceType;   ///< Chromium's `_resourceType` ("xhr", "image", ...), may be empty
    QStringList setCookies; ///< names of the cookies the response set
    bool webSocket = false; ///< an upgrade to a WebSocket (status 101 or ws/wss URL)
    QList<RecordedWsMessage> wsMessages; ///< in order of time
};

} // namespace cicada
