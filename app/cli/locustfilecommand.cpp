#include "commands.h"
#include "profileloading.h"

#include "distributed/locustfilegenerator.h"
#include "profile/profileio.h"

#include <QCommandLineParser>
#include <QSaveFile>
#include <QTextStream>

namespace cicada {

int locustfileCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Prints the locustfile for a Locust master that drives Cicada workers running PROFILE:\n"
        "one User class per user type, with the type's name and weight, so the master splits\n"
        "users across the profile's user types and shows a meaningful ratio table. Locust 2.12\n"
        "loads only *.py files, so save it first:\n"
        "  cicada-cli locustfile PROFILE -o master.py && locust -f master.py --master\n"
        "Exit codes: 0 written; 2 bad arguments, an invalid profile or an unwritable file."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("PROFILE"),
                                 QStringLiteral("the *.cicada.json profile the workers run"));
    QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                              QStringLiteral("Write to FILE (e.g. master.py) instead of stdout."),
                              QStringLiteral("FILE"));
    parser.addOption(output);
    parser.process(args);

    QTextStream out(stdout);
    QTextStream err(stderr);
    if (parser.positionalArguments().size() != 1) {
        err << "cicada-cli locustfile: expected exactly one PROFILE (see --help)\n";
        return kExitBadInput;
    }
    const QString path = parser.positionalArguments().constFirst();
    Profile profile;
    if (!loadProfileForCommand(QStringLiteral("locustfile"), path, &profile, err,
                               QStringLiteral("the profile has errors")))
        return kExitBadInput;
    const QString text = LocustfileGenerator::generate(profile, path);
    if (!parser.isSet(output)) {
        out << text;
        return kExitOk;
    }
    QSaveFile file(parser.value(output));
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit()) {
        err << "cicada-cli locustfile: cannot write " << parser.value(output) << ": "
            << file.errorString() << "\n";
        return kExitBadInput;
    }
    return kExitOk;
}

} // namespace cicada
