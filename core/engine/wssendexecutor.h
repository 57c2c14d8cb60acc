#pragma once

#include "engine/compiledsteps.h"

namespace cicada {

class ParsedMessage;
class StepCall;
class UserContext;
struct PendingReply;

/**
 * @brief Runs a `wsSend` step on the user's WsSession.
 *
 * - await none: sends, reports a `WS emit` message (no time) and completes.
 * - await next / match: files a PendingReply (match: keyed by the sent message's values at the
 *   step's pointers) and sends. The step completes once fewer than `inFlight` sends of this step
 *   are pending, so with inFlight 1 it waits for its own reply and with 16 it runs ahead.
 * - When the reply completes (finish()), checks and captures apply to the (last) reply and a
 *   `WS send` operation is reported, timed from the send; a multi-reply adds `WS first`.
 * While the session connects or reconnects, a step of the main sequence waits for it.
 * A step with a `rate` is handed to WsRateSender once the session is usable.
 */
class WsSendExecutor
{
public:
    static void start(const CompiledWsSend &step, UserContext &context, StepCall call);
    /** Reports a finished await: @p reply is the last reply (nullptr on failure); @p error is
     *  empty on success, else the reason (timeout, connection closed). */
    static void finish(const PendingReply &pending, UserContext &context, ParsedMessage *reply,
                       const QString &error, qint64 nowNs);
    /** The failure sentence for a send whose deadline passed. */
    [[nodiscard]] static QString timeoutError(const PendingReply &pending);
};

} // namespace cicada
