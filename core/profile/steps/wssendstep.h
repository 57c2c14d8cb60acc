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
    bool operator==(const WsSendStep &) const = default;
};

} // namespace cicada
