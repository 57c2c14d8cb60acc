#include "guioptions.h"

#include <QCommandLineParser>
#include <QRegularExpression>

namespace cicada {

GuiOptions::Outcome GuiOptions::parse(const QStringList &arguments, QString *output)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Cicada: edit a load-test profile, run it and watch it live.\n"
        "Without arguments the window opens with a new profile; \"Try the demo\" runs the\n"
        "bundled example against the built-in demo server."));
    const QCommandLineOption helpOpt(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                     QStringLiteral("Displays help on commandline options."));
    const QCommandLineOption versionOpt(QStringList{QStringLiteral("v"), QStringLiteral("version")},
                                        QStringLiteral("Displays version information."));
    parser.addOption(helpOpt);
    parser.addOption(versionOpt);
    parser.addPositionalArgument(QStringLiteral("PROFILE"),
                                 QStringLiteral("a *.cicada.json profile to open"),
                                 QStringLiteral("[PROFILE]"));
    const QCommandLineOption demoOpt(QStringLiteral("demo"),
                                     QStringLiteral("Start with \"Try the demo\": start the demo "
                                                    "server, open the example and run it; with a "
                                                    "PROFILE, run that profile instead."));
    const QCommandLineOption screenshotOpt(
        QStringLiteral("screenshot"),
        QStringLiteral("Render the window offscreen to a PNG file and quit."),
        QStringLiteral("FILE"));
    const QCommandLineOption pageOpt(QStringLiteral("page"),
                                     QStringLiteral("Page to show: profile, run or reports."),
                                     QStringLiteral("PAGE"), QStringLiteral("profile"));
    const QCommandLineOption demoSecondsOpt(
        QStringLiteral("demo-seconds"),
        QStringLiteral("With --screenshot: run the demo this many seconds first."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption selectOpt(
        QStringLiteral("select"),
        QStringLiteral("With --screenshot: select this node on the Profile page (a path inside a "
                       "node selects the node and scrolls its form there), e.g. "
                       "'$.templates.chat' or '$.userTypes[0].tasks[0].steps[0]'."),
        QStringLiteral("PATH"));
    const QCommandLineOption sizeOpt(QStringLiteral("size"),
                                     QStringLiteral("Window size, e.g. 1280x800 or 1920x1080."),
                                     QStringLiteral("WxH"), QStringLiteral("1280x800"));
    const QCommandLineOption dataDirOpt(
        QStringLiteral("data-dir"),
        QStringLiteral("Keep results and settings in DIR instead of the user's data folder."),
        QStringLiteral("DIR"));
    const QCommandLineOption darkOpt(QStringLiteral("dark"), QStringLiteral("Use the dark theme."));
    const QCommandLineOption benchOpt(
        QStringLiteral("bench-ui-lag"),
        QStringLiteral("Benchmark: run the demo at the highest request rate with the Run page "
                       "shown and report the GUI thread's event-loop lag."));
    const QCommandLineOption benchSecondsOpt(QStringLiteral("bench-seconds"),
                                             QStringLiteral("Benchmark length (default 20)."),
                                             QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption benchUsersOpt(QStringLiteral("bench-users"),
                                           QStringLiteral("Benchmark users (default 100)."),
                                           QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption threadsOpt(QStringLiteral("threads"),
                                        QStringLiteral("Worker threads (default: one per core)."),
                                        QStringLiteral("N"), QStringLiteral("0"));
    parser.addOptions({demoOpt, screenshotOpt, pageOpt, demoSecondsOpt, selectOpt, sizeOpt,
                       dataDirOpt, darkOpt, benchOpt, benchSecondsOpt, benchUsersOpt, threadsOpt});
    const QCommandLineOption importHarOpt(
        QStringLiteral("import-har"),
        QStringLiteral("Import this HAR recording into a new, unsaved profile (File > Import) "
                       "and show what the import did."),
        QStringLiteral("FILE"));
    const QCommandLineOption dialogOpt(
        QStringLiteral("dialog"),
        QStringLiteral("Open a dialog at start (e.g. for --screenshot): import-har, import-curl "
                       "or run-settings."),
        QStringLiteral("NAME"));
    parser.addOptions({importHarOpt, dialogOpt});
    if (!parser.parse(arguments)) {
        *output = parser.errorText();
        return Outcome::Error;
    }
    if (parser.isSet(helpOpt)) {
        // helpText() names the program by its path (or "<executable_name>" before a
        // QCoreApplication exists); the command is `cicada`.
        *output = parser.helpText().replace(QRegularExpression(QStringLiteral("^Usage: \\S+")),
                                            QStringLiteral("Usage: cicada"));
        return Outcome::Help;
    }
    if (parser.isSet(versionOpt)) {
        *output = QStringLiteral("cicada %1\n").arg(QStringLiteral(CICADA_VERSION));
        return Outcome::Version;
    }
    QString *error = output;

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        *error = QStringLiteral("expected at most one PROFILE");
        return Outcome::Error;
    }
    profile = positional.value(0);
    demo = parser.isSet(demoOpt);
    screenshot = parser.value(screenshotOpt);
    page = parser.value(pageOpt);
    if (!QStringList{QStringLiteral("profile"), QStringLiteral("run"), QStringLiteral("reports")}
             .contains(page)) {
        *error = QStringLiteral("--page must be profile, run or reports");
        return Outcome::Error;
    }
    bool ok = false;
    demoSeconds = parser.value(demoSecondsOpt).toInt(&ok);
    if (!ok || demoSeconds < 0 || demoSeconds > 3600) {
        *error = QStringLiteral("--demo-seconds must be 0..3600");
        return Outcome::Error;
    }
    select = parser.value(selectOpt);
    const QStringList wh = parser.value(sizeOpt).split(QLatin1Char('x'));
    const int w = wh.value(0).toInt();
    const int h = wh.size() == 2 ? wh.value(1).toInt() : 0;
    if (w < 640 || h < 480 || w > 7680 || h > 4320) {
        *error = QStringLiteral("--size must be WxH, at least 640x480");
        return Outcome::Error;
    }
    size = QSize(w, h);
    dataDir = parser.value(dataDirOpt);
    dark = parser.isSet(darkOpt);
    benchUiLag = parser.isSet(benchOpt);
    benchSeconds = parser.value(benchSecondsOpt).toInt(&ok);
    if (!ok || benchSeconds < 3 || benchSeconds > 3600) {
        *error = QStringLiteral("--bench-seconds must be 3..3600");
        return Outcome::Error;
    }
    benchUsers = parser.value(benchUsersOpt).toInt(&ok);
    if (!ok || benchUsers < 1 || benchUsers > 100000) {
        *error = QStringLiteral("--bench-users must be 1..100000");
        return Outcome::Error;
    }
    threads = parser.value(threadsOpt).toInt(&ok);
    if (!ok || threads < 0 || threads > 256) {
        *error = QStringLiteral("--threads must be 0..256");
        return Outcome::Error;
    }
    importHar = parser.value(importHarOpt);
    dialog = parser.value(dialogOpt);
    if (!dialog.isEmpty() &&
        !QStringList{QStringLiteral("import-har"), QStringLiteral("import-curl"),
                     QStringLiteral("run-settings")}
             .contains(dialog)) {
        *error = QStringLiteral("--dialog must be import-har, import-curl or run-settings");
        return Outcome::Error;
    }
    return Outcome::Run;
}

} // namespace cicada
