#pragma once

#include <QString>
#include <QtGlobal>

namespace cicada {

/**
 * @brief What a virtual user reports after one measured operation.
 *
 * Users fire outcomes and never touch statistics (STYLE §8). The stats layer keys entries by
 * (type, name) and errors by (type, name, error).
 */
struct RequestOutcome
{
    QString type;              ///< "GET", "POST", "WS connect", "WS send", "WS recv", ...
    QString name;              ///< stats name, e.g. "/api/items" or "chat"
    qint64 responseTimeUs = 0; ///< duration in microseconds (monotonic clock)
    qint64 contentLength = 0;  ///< bytes of the response body / reply message
    QString error;             ///< empty on success; the failure message otherwise
    qint64 timestampMs = 0;    ///< wall-clock end time, ms since the epoch (per-second counts)
    /**
     * Service time in microseconds: from the moment the operation was actually sent to its end.
     * -1 (the default) means "the same as responseTimeUs" — the closed model, where an operation
     * starts when the user gets to it. In the open model (arrival rate) and for sends scheduled at
     * a rate on a connection, responseTimeUs is measured from the *intended* start (what a user of
     * the service waited, coordinated omission corrected) and serviceTimeUs from the actual send.
     */
    qint64 serviceTimeUs = -1;

    /**
     * A timed operation has a start and an end a user waited for (HTTP request, WS connect, a send
     * that awaits, wsAwait, ping, reconnect); a message happened without anyone waiting (push,
     * fire-and-forget send, late reply, drop). Headline figures (Aggregated, rps, error_rate)
     * count operations only; messages have their own table (DESIGN §11).
     */
    enum class Kind
    {
        Operation,
        Message
    };
    Kind kind = Kind::Operation;
    /// Message only: responseTimeUs holds a latency (a push's age, a late reply's delay).
    bool hasTime = true;

    [[nodiscard]] bool failed() const { return !error.isEmpty(); }
};

} // namespace cicada
