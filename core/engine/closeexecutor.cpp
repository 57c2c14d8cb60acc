#include "engine/closeexecutor.h"

#include "engine/stepsequence.h"
#include "engine/usercontext.h"
#include "engine/wssession.h"

namespace cicada {

void CloseExecutor::start(const CompiledClose &, UserContext &context, StepCall call)
{
    context.ws().close();
    call.done();
}

} // namespace cicada
