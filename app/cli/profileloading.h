#pragma once

#include "profile/profile.h"

#include <QString>

class QTextStream;

namespace cicada {

/**
 * @brief Loads the PROFILE argument of a subcommand the way every subcommand reports it: each
 * issue on @p err as "file[:line]: $.path: message" (warnings too), then, when there are errors,
 * "cicada-cli COMMAND: WHEN_INVALID".
 * @return true when the profile has no errors (warnings allowed).
 */
bool loadProfileForCommand(const QString &command, const QString &path, Profile *profile,
                           QTextStream &err, const QString &whenInvalid);

} // namespace cicada
