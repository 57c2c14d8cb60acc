#pragma once

#include "profile/steps/capture.h"
#include "profile/steps/condition.h"

#include <QList>
#include <QString>
#include <QtGlobal>

namespace cicada {

/**
 * @brief `{"wsAwait": {...}}`: waits for a server message meeting every condition of `match`
 * (a timed operation `WS await`, timed from the start of the step).
 *
 * `{"name": "first price", "match": [{"json": "/type", "equals": "price"}], "timeout": "5s",
 *   "capture": {...}, "check": [...]}` — a message that arrived before the step started does not
 * count. A message taken by a wsAwait is not also counted as a push.
 */
struct WsAwaitStep
{
    QString name;           ///< stats name; default "message"
    QList<Condition> match; ///< all must hold; empty = any message
    qint64 timeoutMs = 0;   ///< 0 = target.requestTimeoutMs
    QList<Capture> captures;
    QList<Condition> checks;
    bool operator==(const WsAwaitStep &) const = default;
};

} // namespace cicada
