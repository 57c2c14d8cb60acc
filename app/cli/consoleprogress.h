#pragma once

#include "output/liveview.h"
#include "output/terminalinfo.h"

#include <QString>
#include <QStringList>

#include <optional>

class QTextStream;

namespace cicada {

class Runner;

/**
 * @brief What `cicada-cli run` prints while the run goes on, and how wide its tables are.
 *
 * On a terminal that can redraw (TerminalInfo::canRedraw()) update() redraws the LiveView in
 * place every second, with colour unless `NO_COLOR` is set; anything else printed during the run
 * goes through above() (stdout) or printToStderr(), so it stays above the view.
 * Otherwise (a pipe, a file, `TERM=dumb`) update() prints a status line and the stats table every
 * kTableIntervalS seconds, except while stopping or in the last second of the planned run time:
 * those tables would hold the numbers of the final table printed a moment later (the 1-s stats
 * timer is coarse and may tick just before the run timer ends the run, which printed the final
 * table twice). finish() erases the live view before the summary. With @p quiet (--only-summary)
 * nothing is printed during the run.
 */
class ConsoleProgress
{
public:
    /// Seconds between two stats tables when the output cannot be redrawn (Locust's headless
    /// console prints every 2 s).
    static constexpr int kTableIntervalS = 2;
    /// No interval table this close to the planned end: the final table follows.
    static constexpr qint64 kFinalTableSoonMs = 1000;

    /// Writes to @p out (stdout); the terminal is stdout's.
    ConsoleProgress(QTextStream *out, bool quiet);

    /// "running · 20 users · 00:00:12 elapsed · 00:00:18 remaining · 2 threads · CPU 1% · …".
    [[nodiscard]] static QString statusLine(const Runner &runner);
    /// The generator's health as parts: "2 threads", "CPU 1%", "loop lag 3.1 ms", and the open
    /// model's late starts and drops and the WebSocket late sends when there are any.
    [[nodiscard]] static QStringList healthParts(const Runner &runner);

    /// Called once a second (Runner::statsUpdated): redraws the live view or prints a table.
    void update(const Runner &runner);
    /// @p text printed to stdout above the live view (as is without one).
    [[nodiscard]] QString above(const QString &text);
    /// Writes @p text (ending with '\n') to @p err (stderr, the same terminal) above the live
    /// view, which is erased first and drawn again below it.
    void printToStderr(QTextStream &err, const QString &text);
    /// Erases the live view for good; the summary follows.
    void finish();

    /// Width of the summary's tables: the terminal's now (it may have been resized).
    [[nodiscard]] int columns() const;
    /// Colour in the summary's tables.
    [[nodiscard]] bool hasColour() const { return m_terminal.hasColour(); }
    /// The live view is in use.
    [[nodiscard]] bool isLive() const { return m_live.has_value(); }

private:
    QTextStream *m_out;
    bool m_quiet;
    TerminalInfo m_terminal;
    std::optional<LiveView> m_live;
    int m_ticks = 0;
};

} // namespace cicada
