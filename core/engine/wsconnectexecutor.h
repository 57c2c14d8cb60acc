#pragma once

#include "engine/compiledsteps.h"

namespace cicada {

class StepCall;
class UserContext;

/**
 * @brief Runs a `wsConnect` step: (re)opens the user's WsSession with the step's settings; the
 * step completes when the connection is up and its onConnect steps ran, or when the attempt
 * failed (a failed `WS connect` row; the session keeps retrying in the background).
 */
class WsConnectExecutor
{
public:
    static void start(const CompiledWsConnect &step, UserContext &context, StepCall call);
};

} // namespace cicada
