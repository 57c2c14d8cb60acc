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

    /** Parses @p arguments (with the program name first). On error returns false with @p error;
     *  --help and --version print and exit. */
    bool parse(const QStringList &arguments, QString *error);
};

} // namespace cicada
