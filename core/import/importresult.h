#pragma once

#include "import/envreference.h"
#include "profile/profile.h"

#include <QList>
#include <QMap>
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
    /// Inferred reply matching: JSON pointer (e.g. "/id") → WebSocket sends that await the
    /// reply holding the same value there (MatchInference).
    QMap<QString, int> matchFields;
    int unmatchedSends = 0; ///< WebSocket sends no reply could be paired with (no await)
};

} // namespace cicada
