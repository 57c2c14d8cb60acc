// cicada-cli: the headless face of Cicada. Subcommands share the core with the GUI.
#include "commands.h"

#include <QCoreApplication>
#include <QTextStream>

#include <string>
#include <vector>

namespace {

const char kUsage[] =
    "Usage: cicada-cli <command> [options]\n"
    "\n"
    "Commands:\n"
    "  run PROFILE        run a load test headless and print Locust-style statistics\n"
    "  validate PROFILE   check a profile and list every problem with its JSON path\n"
    "  serve-demo         start the embedded demo server (HTTP API + WebSocket broker)\n"
    "  report RESULT      render the HTML report of a saved result (run --json)\n"
    "  compare A B        compare two saved results per name; delta thresholds (p95 +10%)\n"
    "  worker PROFILE     run PROFILE as a worker of a Locust master (distributed runs)\n"
    "  locustfile PROFILE print the Locust master locustfile for PROFILE's user types\n"
    "  schema             print the JSON Schema of profiles (for editors)\n"
    "  import har|curl    make a profile from a browser recording (HAR) or a curl command\n"
    "\n"
    "Run 'cicada-cli <command> --help' for the options of a command.\n"
    "Exit codes: 0 success, 1 a threshold was broken, 2 bad input or a run that could not\n"
    "start.\n";

} // namespace

int main(int argc, char *argv[])
{
    // QCommandLineParser's help starts "Usage: " + the process's argv[0] (a build path such as
    // build/app/cicada-cli). A subcommand's help names the command instead:
    // "Usage: cicada-cli run [options] PROFILE". Nothing else reads argv[0].
    std::vector<char *> arguments(argv, argv + argc);
    std::string programName = "cicada-cli";
    if (argc > 1 && argv[1][0] != '-')
        programName += std::string(" ") + argv[1];
    arguments.at(0) = programName.data();
    arguments.push_back(nullptr);
    QCoreApplication app(argc, arguments.data());
    QCoreApplication::setApplicationName(QStringLiteral("cicada-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CICADA_VERSION));

    QStringList args = QCoreApplication::arguments();
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (args.size() < 2 || args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h") ||
        args[1] == QLatin1String("help")) {
        out << kUsage;
        return args.size() < 2 ? cicada::kExitBadInput : 0;
    }
    if (args[1] == QLatin1String("--version") || args[1] == QLatin1String("-v")) {
        out << "cicada-cli " << CICADA_VERSION << "\n";
        return 0;
    }
    const QString command = args.takeAt(1);
    if (command == QLatin1String("run"))
        return cicada::runCommand(args);
    if (command == QLatin1String("validate"))
        return cicada::validateCommand(args);
    if (command == QLatin1String("serve-demo"))
        return cicada::serveDemoCommand(args);
    if (command == QLatin1String("report"))
        return cicada::reportCommand(args);
    if (command == QLatin1String("compare"))
        return cicada::compareCommand(args);
    if (command == QLatin1String("worker"))
        return cicada::workerCommand(args);
    if (command == QLatin1String("locustfile"))
        return cicada::locustfileCommand(args);
    if (command == QLatin1String("schema"))
        return cicada::schemaCommand(args);
    if (command == QLatin1String("import"))
        return cicada::importCommand(args);
    err << "cicada-cli: unknown command '" << command << "'\n\n" << kUsage;
    return cicada::kExitBadInput;
}
