#pragma once

#include "profile/steps/capture.h"
#include "profile/steps/condition.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace cicada {

/**
 * @brief `{"wsSend": {...}}`: sends one message on the user's WebSocket.
 *
 * `{"template": "chat", "body": "text", "name": "chat", "await": "match",
 *   "match": ["/type", "/id"], "timeout": "5s", "inFlight": 16, "replies": 3,
 *   "until": [CONDITION, ...], "capture": {...}, "check": [...]}`
 *
 * - await "none" (default): fire and forget, a *message* (`WS emit`).
 * - await "next": the next message on the connection is the reply (timed operation `WS send`).
 * - await "match": the reply whose values at every pointer of `match` equal the sent message's
 *   values there (default ["/id"]; schema 1's `"matchField": "id"` reads as ["/id"]).
 * - inFlight N > 1: the step completes as soon as the message is sent while fewer than N awaits
 *   of this step are pending on the connection; otherwise it waits for one to finish. Each reply
 *   is timed from its own send. A reply after its timeout is a *message* `WS late`.
 * - replies N > 1, or until: a multi-reply; the operation ends at the N-th matching reply, or at
 *   the first one meeting every `until` condition; `WS send` times the last reply and a
 *   `WS first` row the first.
 * - capture / check apply to the (last) reply.
 * A binary template (`"base64"` / `"hex"`) is sent as a binary frame.
 *
 * Rate on the connection (schema 2): `"rate": {"perConnection": 20, "for": "30s"}` or
 * `"rate": {"total": 1000, "count": 600}` makes the step send messages at a schedule without
 * waiting for replies (an open model on one connection, as trading, game and chat clients send):
 * - perConnection R: R messages per second on each connection that runs the step;
 *   total T: T messages per second over the connections of the user type, each connection
 *   sending T / (the type's target user count); when the target changes (live control, a
 *   Locust master), every connection takes its new share from its next message on. While users
 *   are spawned, the total is reached once all of them are connected.
 * - the step sends message n at start + n / rate (never drifting, and never more than 0.5 ms
 *   early) and ends after `count` messages, or when `for` (a duration from the step's start) has
 *   passed, or, with neither, when the user stops. Replies still pending then are matched as
 *   they come (or time out).
 * - replies are matched from the connection's pending table as for inFlight; an awaited message's
 *   `WS send` time counts from its *intended* send time (so a slow generator or a stall shows
 *   in the latency) and its service time from the actual send; its timeout too counts from the
 *   intended time. A reply after the timeout is a `WS late` message.
 * - a message sent more than kLateSendUs after its intended time is a late send (counted in the
 *   generator's health). After a stall, overdue messages go out at most one burst per
 *   millisecond, a burst being max(1, rate × 5 ms) messages; each keeps its intended time.
 * - a message due while the connection is down (reconnecting) is not sent: it is a failed row
 *   "Not connected" of the step, and the schedule goes on.
 * `rate` excludes inFlight (the schedule, not a window of replies, paces the sends).
 */
struct WsSendStep
{
    enum class Await
    {
        None,
        NextMessage,
        Match
    };
    QString name;         ///< stats name; default: the template name, else "message"
    QString bodyTemplate; ///< name of a PayloadTemplate, or empty
    QString body;         ///< inline text (placeholders allowed) when bodyTemplate is empty
    Await await = Await::None;
    QStringList matchPointers = {QStringLiteral("/id")}; ///< Await::Match: JSON pointers
    qint64 timeoutMs = 0;                                ///< 0 = target.requestTimeoutMs
    int inFlight = 1;        ///< awaits of this step allowed pending at once (≥ 1)
    int replies = 1;         ///< replies that complete the operation (≥ 1)
    QList<Condition> until;  ///< non-empty: replies until one meets all of these
    QList<Capture> captures; ///< from the (last) reply
    QList<Condition> checks; ///< on the (last) reply
    /** @brief `"rate"`: messages at a schedule on the connection (see above). */
    struct Rate
    {
        enum class Mode
        {
            None,          ///< no rate: one message per step run
            PerConnection, ///< perSecond on each connection
            Total          ///< perSecond over the connections of the user type
        };
        Mode mode = Mode::None;
        double perSecond = 0; ///< messages per second (> 0 when mode is not None)
        qint64 forMs = 0;     ///< send for this long from the step's start; 0 = no time bound
        int count = 0;        ///< send this many messages; 0 = no count bound
        bool operator==(const Rate &) const = default;
    };
    static constexpr double kMaxRatePerSecond = 1000000; ///< per connection or in total
    static constexpr qint64 kLateSendUs = 2000; ///< the timer's 1-ms tick, plus rounding to it
    Rate rate;
    bool operator==(const WsSendStep &) const = default;
};

} // namespace cicada
