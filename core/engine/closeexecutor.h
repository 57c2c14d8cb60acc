#pragma once

#include "engine/compiledsteps.h"

namespace cicada {

class StepCall;
class UserContext;

/** @brief Runs a `close` step: closes the user's WebSocket on purpose (no reconnect until the
 *  next wsConnect); completes at once. */
class CloseExecutor
{
public:
    static void start(const CompiledClose &step, UserContext &context, StepCall call);
};

} // namespace cicada
