#include "commands.h"
#include "outputtarget.h"

#include "report/htmlreport.h"
#include "report/resultfile.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

namespace cicada {

int reportCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Renders the HTML report of a saved result (cicada-cli run --json FILE): the same\n"
        "self-contained page that 'run --html' writes, byte for byte.\n"
        "Without -o it writes RESULT.html next to RESULT, and refuses to replace an existing\n"
        "one unless --force is given.\n"
        "Exit codes: 0 the report was written; 2 the result cannot be read or the report\n"
        "cannot be written."));
    const QCommandLineOption help = parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("RESULT"),
                                 QStringLiteral("a result file written by 'run --json'"));
    QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                              QStringLiteral("The HTML file to write (default: RESULT with the "
                                             "extension .html)."),
                              QStringLiteral("FILE"));
    QCommandLineOption force(QStringLiteral("force"),
                             QStringLiteral("Replace RESULT.html when it exists (without -o)."));
    parser.addOptions({output, force});

    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!parser.parse(args)) {
        err << "cicada-cli report: " << parser.errorText() << " (see --help)\n";
        return kExitBadInput;
    }
    if (parser.isSet(help))
        parser.showHelp(kExitOk);
    if (parser.positionalArguments().size() != 1) {
        err << "cicada-cli report: expected exactly one RESULT file (see --help)\n";
        return kExitBadInput;
    }
    const QString input = parser.positionalArguments().constFirst();
    QString target = parser.value(output);
    if (target.isEmpty()) {
        const QFileInfo info(input);
        target = info.dir().filePath(info.completeBaseName() + QStringLiteral(".html"));
        // A report the user may have edited or kept is not silently replaced (issue 11).
        if (QFileInfo::exists(target) && !parser.isSet(force)) {
            err << "cicada-cli report: '" << target
                << "' exists; --force replaces it, -o FILE writes elsewhere\n";
            return kExitBadInput;
        }
    }

    RunResult result;
    QString error;
    // The same checks as `run --html`: never over the input, into a directory, or over a log.
    const std::optional<OutputTarget> html =
        OutputTarget::check(QStringLiteral("-o"), target, input, &error);
    if (!html || !ResultFile::load(input, &result, &error) ||
        !html->write(HtmlReport::render(result), &error)) {
        err << "cicada-cli report: " << error << "\n";
        return kExitBadInput;
    }
    if (html->kind() != OutputTarget::Kind::Stdout)
        out << "Report written to " << target << "\n";
    return kExitOk;
}

} // namespace cicada
