#include "profileloading.h"

#include "profile/profileio.h"

#include <QTextStream>

namespace cicada {

bool loadProfileForCommand(const QString &command, const QString &path, Profile *profile,
                           QTextStream &err, const QString &whenInvalid)
{
    QList<ProfileIssue> issues;
    const bool valid = ProfileIo::loadFile(path, profile, &issues);
    for (const ProfileIssue &issue : std::as_const(issues))
        err << issue.toString(path) << "\n";
    if (!valid)
        err << "cicada-cli " << command << ": " << whenInvalid << "\n";
    return valid;
}

} // namespace cicada
