#pragma once

#include "profile/namevalue.h"
#include "profile/steps/pushsettings.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace cicada {

struct Step;

/**
 * @brief `{"wsConnect": {...}}`: opens the user's WebSocket (a timed operation, `WS connect`).
 *
 * `{"url": "ws://...", "name": "broker", "subprotocols": ["v2.chat"], "headers": [...],
 *   "timeout": "10s", "onConnect": [STEP, ...], "ping": "5s", "maxMessageSize": 1048576,
 *   "pushes": {...}}`
 *
 * onConnect steps run after this connect and after every reconnect (log in again, subscribe
 * again); a drop is followed by reconnects with jittered exponential backoff, and the time from
 * the drop to the end of onConnect is a `WS reconnect` row. With subprotocols, a server that picks
 * none of them fails the connect. A ping interval sends a client ping every interval, its round
 * trip is a `WS ping` row.
 */
struct WsConnectStep
{
    QString name; ///< stats name; default "connect"
    QString url;  ///< empty = target.brokerUrl; placeholders allowed (schema 2)
    QStringList subprotocols;
    QList<NameValue> headers; ///< extra upgrade headers for this connection (placeholders allowed)
    qint64 timeoutMs = 0;     ///< 0 = target.connectTimeoutMs
    QList<Step> onConnect;
    qint64 pingIntervalMs = 0;  ///< 0 = no client pings
    qint64 maxMessageBytes = 0; ///< 0 = target.maxMessageBytes
    PushSettings pushes;
    bool operator==(const WsConnectStep &other) const; // defined where Step is complete
};

} // namespace cicada
