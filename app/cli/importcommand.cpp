#include "commands.h"

#include "import/curlcommand.h"
#include "import/harreader.h"
#include "import/profileimporter.h"
#include "profile/profileio.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonValue>
#include <QTextStream>

namespace cicada {

int importCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Turns recorded traffic into a profile (one user type replaying the recording):\n"
        "  cicada-cli import har FILE.har -o NAME.cicada.json\n"
        "  cicada-cli import curl 'curl https://... -H ...' -o NAME.cicada.json\n"
        "A HAR file is what a browser's developer tools export (Network > Save all as HAR);\n"
        "WebSocket frames recorded by Chromium become wsConnect and wsSend steps, with the\n"
        "reply matched on the field a sent and a received message share (e.g. \"id\").\n"
        "For curl, pass the command a browser copies (Copy as cURL) as one argument, or '-'\n"
        "to read it from standard input.\n"
        "Recorded cookies, Authorization and other credentials never land in the profile:\n"
        "they become {{env.NAME}} references, listed at the end; set those environment\n"
        "variables before running the profile.\n"
        "Exit codes: 0 imported; 2 bad arguments or a recording that cannot be read."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("KIND"), QStringLiteral("har or curl"));
    parser.addPositionalArgument(
        QStringLiteral("SOURCE"),
        QStringLiteral("the .har file, or the curl command ('-' = stdin)"));
    QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                              QStringLiteral("The profile to write (*.cicada.json)."),
                              QStringLiteral("FILE"));
    QCommandLineOption force(QStringLiteral("force"),
                             QStringLiteral("Overwrite the output file when it exists."));
    QCommandLineOption name(QStringLiteral("name"),
                            QStringLiteral("The profile's name (default: from the output file)."),
                            QStringLiteral("NAME"));
    QCommandLineOption includeStatic(
        QStringLiteral("include-static"),
        QStringLiteral("Keep images, scripts, stylesheets, fonts and media (skipped by default)."));
    QCommandLineOption allHosts(
        QStringLiteral("all-hosts"),
        QStringLiteral("Keep requests to other hosts than the first request's (skipped by "
                       "default)."));
    QCommandLineOption minThink(
        QStringLiteral("min-think"),
        QStringLiteral("Shortest recorded pause that becomes a think step (default 500ms)."),
        QStringLiteral("TIME"), QStringLiteral("500ms"));
    QCommandLineOption maxThink(
        QStringLiteral("max-think"),
        QStringLiteral("Longer recorded pauses are cut to this (default 30s)."),
        QStringLiteral("TIME"), QStringLiteral("30s"));
    parser.addOptions({output, force, name, includeStatic, allHosts, minThink, maxThink});

    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!parser.parse(args)) {
        err << "cicada-cli import: " << parser.errorText() << " (see --help)\n";
        return kExitBadInput;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(kExitOk);
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2 ||
        (positional.at(0) != QLatin1String("har") && positional.at(0) != QLatin1String("curl"))) {
        err << "cicada-cli import: expected 'har FILE' or 'curl COMMAND' (see --help)\n";
        return kExitBadInput;
    }
    if (!parser.isSet(output)) {
        err << "cicada-cli import: -o/--output FILE is required\n";
        return kExitBadInput;
    }
    const QString outPath = parser.value(output);
    if (QFileInfo::exists(outPath) && !parser.isSet(force)) {
        err << "cicada-cli import: '" << outPath << "' exists (--force overwrites it)\n";
        return kExitBadInput;
    }
    ImportOptions options;
    options.includeStaticAssets = parser.isSet(includeStatic);
    options.allHosts = parser.isSet(allHosts);
    options.name = parser.isSet(name)
                       ? parser.value(name)
                       : QFileInfo(outPath).fileName().section(QLatin1Char('.'), 0, 0);
    for (auto [option, target] :
         {std::pair{&minThink, &options.minThinkMs}, std::pair{&maxThink, &options.maxThinkMs}}) {
        bool ok = false;
        *target = ProfileIo::parseDuration(QJsonValue(parser.value(*option)), &ok);
        if (!ok) {
            err << "cicada-cli import: --" << option->names().constFirst()
                << " takes a duration like 500ms or 30s, got '" << parser.value(*option) << "'\n";
            return kExitBadInput;
        }
    }

    const QString source = positional.at(1);
    QList<RecordedExchange> recording;
    if (positional.at(0) == QLatin1String("har")) {
        QFile file(source);
        if (!file.open(QIODevice::ReadOnly)) {
            err << "cicada-cli import: " << source << ": " << file.errorString() << "\n";
            return kExitBadInput;
        }
        QStringList errors;
        recording = HarReader::read(file.readAll(), &errors);
        for (const QString &e : std::as_const(errors))
            err << source << ": " << e << "\n";
        if (recording.isEmpty()) {
            err << "cicada-cli import: " << source << ": no requests to import\n";
            return kExitBadInput;
        }
    } else {
        QString command = source;
        if (command == QLatin1String("-")) {
            QFile in;
            if (!in.open(stdin, QIODevice::ReadOnly)) {
                err << "cicada-cli import: cannot read standard input\n";
                return kExitBadInput;
            }
            command = QString::fromUtf8(in.readAll());
        }
        QString error;
        const std::optional<RecordedExchange> exchange = CurlCommand::parse(command, &error);
        if (!exchange) {
            err << "cicada-cli import: curl: " << error << "\n";
            return kExitBadInput;
        }
        recording.append(*exchange);
        // A single command has nothing to skip: keep it whatever it fetches.
        options.includeStaticAssets = true;
    }

    const ImportResult result = ProfileImporter::import(recording, options);
    QString error;
    if (!ProfileIo::saveFile(outPath, result.profile, &error)) {
        err << "cicada-cli import: " << error << "\n";
        return kExitBadInput;
    }
    out << "Imported " << result.httpSteps << " HTTP request(s) and " << result.wsSends
        << " WebSocket send(s) into " << outPath << "\n";
    for (const QString &note : result.notes)
        out << "  note: " << note << "\n";
    if (!result.environment.isEmpty()) {
        int width = 0;
        for (const EnvReference &e : result.environment)
            width = std::max(width, int(e.name.size()));
        out << "Credentials of the recording were left out; set these environment variables "
               "before running:\n";
        for (const EnvReference &e : result.environment)
            out << "  " << e.name.leftJustified(width) << "  " << e.where << "\n";
    }
    return kExitOk;
}

} // namespace cicada
