#pragma once

#include "profile/steps/stepdescriptor.h"

namespace cicada {

// One factory per step kind, each in the kind's own .cpp; stepdescriptor.cpp builds the registry
// from them once. Internal to core/profile.

[[nodiscard]] StepDescriptor httpStepDescriptor();
[[nodiscard]] StepDescriptor wsConnectStepDescriptor();
[[nodiscard]] StepDescriptor wsSendStepDescriptor();
[[nodiscard]] StepDescriptor wsAwaitStepDescriptor();
[[nodiscard]] StepDescriptor thinkStepDescriptor();
[[nodiscard]] StepDescriptor closeStepDescriptor();

} // namespace cicada
