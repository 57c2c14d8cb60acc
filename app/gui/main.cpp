// cicada: the desktop GUI. QApplication (QtCharts' ChartView needs it) + the "Cicada" QML module.
#include "guioptions.h"
#include "screenshotter.h"
#include "uilagbenchmark.h"

#include "../cli/signalwatcher.h"
#include "engine/fdlimit.h"
#include "runcontroller.h"

#include <QApplication>
#include <QDir>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSettings>
#include <QTextStream>
#include <QtQml/QQmlExtensionPlugin>

#include <algorithm>

Q_IMPORT_QML_PLUGIN(CicadaPlugin)

int main(int argc, char *argv[])
{
    using namespace cicada;

    // --help, --version and bad options are answered before QApplication exists: creating it
    // needs a display, and text needs none (issue 11: they aborted with exit 134 without one).
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    GuiOptions options;
    QString output;
    GuiOptions::Outcome outcome = options.parse(arguments, &output);
    if (outcome == GuiOptions::Outcome::Help || outcome == GuiOptions::Outcome::Version) {
        QTextStream(stdout) << output;
        return 0;
    }
    // Qt's own options (-platform, -style, ...) are unknown to GuiOptions until QApplication has
    // taken them out of the arguments: only with one of those is an error worth a second look.
    const bool qtOptions =
        std::any_of(arguments.cbegin() + 1, arguments.cend(), [](const QString &a) {
            return a.size() > 2 && a.startsWith(QLatin1Char('-')) && a.at(1) != QLatin1Char('-');
        });
    if (outcome == GuiOptions::Outcome::Error && !qtOptions) {
        QTextStream(stderr) << "cicada: " << output << " (see --help)\n";
        return 2;
    }

    // Screenshots and benchmarks render offscreen unless told otherwise: no X server needed.
    if ((!options.screenshot.isEmpty() || options.benchUiLag) &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Cicada"));
    QApplication::setApplicationName(QStringLiteral("cicada"));
    QApplication::setApplicationVersion(QStringLiteral(CICADA_VERSION));

    FdLimit::raiseToHard(); // every user holds sockets; 1024 is Linux's default soft limit
    if (outcome == GuiOptions::Outcome::Error)
        outcome = options.parse(QApplication::arguments(), &output);
    if (outcome != GuiOptions::Outcome::Run) {
        QTextStream(outcome == GuiOptions::Outcome::Error ? stderr : stdout)
            << (outcome == GuiOptions::Outcome::Error ? "cicada: " + output + " (see --help)\n"
                                                      : output);
        return outcome == GuiOptions::Outcome::Error ? 2 : 0;
    }

    if (QGuiApplication::platformName() == QLatin1String("offscreen"))
        QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
    QQuickStyle::setStyle(QStringLiteral("Fusion"));

    QString resultsDir;
    if (!options.dataDir.isEmpty()) {
        QDir().mkpath(options.dataDir);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, options.dataDir);
        resultsDir = QDir(options.dataDir).filePath(QStringLiteral("results"));
    }

    const bool demoFirst = options.demo || options.demoSeconds > 0;
    QQmlApplicationEngine engine;
    engine.setInitialProperties({
        {QStringLiteral("initialProfile"), options.profile},
        {QStringLiteral("initialPage"),
         demoFirst && options.page == QLatin1String("profile") && options.screenshot.isEmpty()
             ? QStringLiteral("run")
             : options.page},
        {QStringLiteral("startDemo"), demoFirst && !options.benchUiLag},
        {QStringLiteral("resultsDirectory"), resultsDir},
        {QStringLiteral("initialSelection"), options.select},
        {QStringLiteral("darkTheme"), options.dark},
        {QStringLiteral("initialImport"), options.importHar},
        {QStringLiteral("initialDialog"), options.dialog},
        {QStringLiteral("width"), options.size.width()},
        {QStringLiteral("height"), options.size.height()},
    });
    engine.load(QUrl(QStringLiteral("qrc:/Cicada/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (!window)
        return 1;

    // SIGTERM/SIGINT/SIGHUP (a logout, `kill`, a closed terminal): stop the run being recorded and
    // quit once its result is saved, like the CLI writes its outputs. A second signal quits now.
    SignalWatcher watcher;
    QObject::connect(
        &watcher, &SignalWatcher::interrupted, &app, [window](int signalNumber, int count) {
            auto *run = window->findChild<RunController *>();
            if (!run && window->contentItem())
                run = window->contentItem()->findChild<RunController *>();
            if (count > 1 || !run || !run->isActive()) {
                QCoreApplication::quit();
                return;
            }
            QTextStream(stderr) << "cicada: stopping the run and saving its result...\n";
            QObject::connect(run, &RunController::finished, qApp, &QCoreApplication::quit,
                             Qt::QueuedConnection);
            run->interrupt(QStringLiteral("stopped by signal %1").arg(signalNumber));
        });

    if (options.benchUiLag) {
        auto *bench = new UiLagBenchmark(window, options, &app);
        bench->start();
    } else if (!options.screenshot.isEmpty()) {
        auto *shot = new Screenshotter(window, options, &app);
        shot->start();
    }
    return QApplication::exec();
}
