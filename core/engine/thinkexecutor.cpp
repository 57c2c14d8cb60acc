#include "engine/thinkexecutor.h"

#include "engine/stepsequence.h"
#include "engine/usercontext.h"

#include <QTimer>

namespace cicada {

void ThinkExecutor::start(const CompiledThink &step, UserContext &context, StepCall call)
{
    const qint64 ms = context.randomBetween(step.minMs, step.maxMs);
    // The owner is the timer's context: a user deleted mid-pause takes the timer with it, and a
    // stopped user's pause ends in a call that is no longer alive.
    QTimer::singleShot(std::chrono::milliseconds(ms), Qt::PreciseTimer, context.owner(),
                       [call] { call.done(); });
}

} // namespace cicada
