#pragma once

#include "engine/compiledsteps.h"

namespace cicada {

class StepCall;
class UserContext;

/** @brief Runs a `think` step: a pause, uniform in [minMs, maxMs], on a precise timer. */
class ThinkExecutor
{
public:
    static void start(const CompiledThink &step, UserContext &context, StepCall call);
};

} // namespace cicada
