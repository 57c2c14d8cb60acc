#pragma once

#include "import/envreference.h"
#include "profile/profile.h"

#include <QList>
#include <QStringList>

namespace cicada {

/** @brief What an import made: the profile, the credentials it needs and what was left out. */
struct ImportResult
{
    Profile profile;
    QList<EnvReference> environment; ///< set these before running the profile
    QStringList notes;               ///< skipped requests, guesses made, one sentence each
    int httpSteps = 0;
    int wsSends = 0;
};

} // namespace cicada
