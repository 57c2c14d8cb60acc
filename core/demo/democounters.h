#pragma once

#include <QtGlobal>

namespace cicada {

/**
 * @brief Counts of what the demo server has seen since it was constructed (test hook).
 *
 * All fields are event counts except activeWebSockets, which is the current number of open broker
 * connections.
 */
struct DemoCounters
{
    quint64 httpRequests = 0; ///< complete HTTP requests answered or being answered (no upgrades)
    quint64 wsUpgradesAccepted = 0; ///< upgrades to /broker handed to the WebSocket server
    quint64 wsUpgradesRejected = 0; ///< upgrades answered with 403 (no or unknown session)
    quint64 wsMessagesReceived = 0; ///< text and binary messages received on the broker
    quint64 wsMessagesSent = 0;     ///< replies, acks, echoes and pushes sent on the broker
    qint64 activeWebSockets = 0;    ///< broker connections open right now
};

} // namespace cicada
