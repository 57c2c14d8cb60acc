#pragma once

#include "engine/compiledsteps.h"

namespace cicada {

class ParsedMessage;
class StepCall;
class UserContext;

/**
 * @brief Runs a `wsAwait` step: waits for the first message, arriving after the step started,
 * that meets every `match` condition (a message it takes is not also a push), then applies the
 * checks and captures and reports a `WS await` operation timed from the start of the step.
 */
class WsAwaitExecutor
{
public:
    static void start(const CompiledWsAwait &step, UserContext &context, StepCall call);
    /** Reports the await: @p message is the matching message (nullptr on failure). */
    static void finish(const CompiledWsAwait &step, UserContext &context, ParsedMessage *message,
                       qint64 elapsedUs, const QString &error);
    [[nodiscard]] static QString timeoutError(const CompiledWsAwait &step);

private:
    static void startAt(const CompiledWsAwait &step, UserContext &context, StepCall call,
                        qint64 startNs);
};

} // namespace cicada
