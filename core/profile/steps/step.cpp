#include "profile/steps/step.h"

namespace cicada {

// Defined here because WsConnectStep holds a list of Step, complete only in step.h.
bool WsConnectStep::operator==(const WsConnectStep &other) const = default;

} // namespace cicada
