#include "engine/wsconnectexecutor.h"

#include "engine/stepsequence.h"
#include "engine/usercontext.h"
#include "engine/wssession.h"

namespace cicada {

void WsConnectExecutor::start(const CompiledWsConnect &step, UserContext &context, StepCall call)
{
    context.ws().connectStep(step, call);
}

} // namespace cicada
