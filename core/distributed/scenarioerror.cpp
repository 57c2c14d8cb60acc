#include "distributed/scenarioerror.h"

namespace cicada {

bool ScenarioError::isScenarioError(const QString &error)
{
    return error.startsWith(QLatin1String("Not connected: no wsConnect step has run")) ||
           (error.startsWith(QLatin1String("The sent message has no field '")) &&
            error.endsWith(QLatin1String("' to match replies on")));
}

} // namespace cicada
