#pragma once

#include <QSize>
#include <QString>
#include <QStringList>

namespace cicada {

/** @brief What `cicada` was asked to do on its command line. */
struct GuiOptions
{
    QString profile;                          ///< a profile to open, or empty
    QString screenshot;                       ///< write a PNG of the window here and quit
    QString page = QStringLiteral("profile"); ///< profile, run or reports
    int demoSeconds = 0;                      ///< run the demo this long before the screenshot
    QString select;                           ///< a JSON path to select on the Profile page
    QSize size{1280, 800};                    ///< window size for screenshots and benchmarks
    QString dataDir;                          ///< overrides where results and settings are kept
    bool dark = false;
    bool demo = false;       ///< start with "Try the demo"
    bool benchUiLag = false; ///< run the UI-lag benchmark and quit
    int benchSeconds = 20;
    int benchUsers = 100;
    int threads = 0;
    QString importHar; ///< a HAR recording to import into a new profile at start
    QString dialog;    ///< a dialog to open at start: import-har, import-curl or run-settings

    /** What the command line asks for besides opening the window. */
    enum class Outcome
    {
        Run,     ///< open the window with these options
        Help,    ///< print @p output (the help text) and exit 0
        Version, ///< print @p output ("cicada 0.x") and exit 0
        Error,   ///< print @p output (what is wrong) and exit 2
    };

    /**
     * Parses @p arguments (with the program name first). Pure: it needs no QCoreApplication and
     * prints nothing, so `cicada --help` and `--version` are answered before a QGuiApplication
     * (which needs a display) exists.
     */
    Outcome parse(const QStringList &arguments, QString *output);
};

} // namespace cicada
