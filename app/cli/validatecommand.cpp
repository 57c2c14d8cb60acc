#include "commands.h"

#include "feed/feedloader.h"
#include "profile/profileio.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace cicada {

int validateCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Checks a profile and prints every problem with its JSON path.\n"
                       "Exit code 0 when the profile is valid (warnings allowed), 2 otherwise."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("PROFILE"),
                                 QStringLiteral("the *.cicada.json file to check"));
    parser.process(args);
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (parser.positionalArguments().size() != 1) {
        err << "cicada-cli validate: expected exactly one PROFILE\n";
        return kExitBadInput;
    }
    const QString path = parser.positionalArguments().constFirst();
    Profile profile;
    QList<ProfileIssue> issues;
    ProfileIo::loadFile(path, &profile, &issues);
    // The feeder files: each exists, parses, and has every column the profile uses.
    FeedLoader::checkProfileFile(path, profile, &issues);
    const bool ok = !ProfileIo::hasErrors(issues);
    int errors = 0;
    int warnings = 0;
    for (const ProfileIssue &issue : std::as_const(issues)) {
        (issue.severity == ProfileIssue::Severity::Error ? errors : warnings)++;
        err << issue.toString(path) << "\n";
    }
    if (!ok) {
        err << path << ": " << errors << (errors == 1 ? " error" : " errors");
        if (warnings)
            err << ", " << warnings << (warnings == 1 ? " warning" : " warnings");
        err << "\n";
        return kExitBadInput;
    }
    out << path << ": valid";
    if (warnings)
        out << " (" << warnings << (warnings == 1 ? " warning)" : " warnings)");
    out << "\n";
    return kExitOk;
}

} // namespace cicada
