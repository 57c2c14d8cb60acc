#pragma once

#include "texttable.h"

#include <QList>
#include <QString>
#include <QtGlobal>

namespace cicada {

class Stats;

/**
 * @brief The compact live view of a run on a terminal (k6-style), redrawn in place every second.
 *
 * A frame is a few lines, none wider than the width less one (terminals differ on wrapping at
 * the last cell):
 * ```
 * running  [=============>----------------]  0:12 / 0:30  20 users
 * Aggregated  1234 reqs  48.2 req/s  failures 0.00%  p50 1.23  p95 4.56 ms
 * 2 threads · CPU 1% · loop lag 3.1 ms
 * Type        Name          reqs  fails   req/s    p50    p95
 * POST        /login         600  0.00%    24.1  0.520   1.10
 * … 3 more rows in the table at the end
 * ```
 * Line 1: state, progress bar over the planned run time (none when the run lasts until
 * stopped), elapsed / planned time, load. Line 2: the Aggregated row: requests, current req/s
 * (10-s window), failure percentage and whole-run p50/p95 (and the messages' count and rate when
 * there are any). Line 3: the generator's health as given. Then the operation rows with the most
 * requests that fit the height (at most kMaxRows), in name order like the final table. Parts of
 * lines 1–3 that do not fit the width are left out from the end. With colour: failures red when
 * above zero and green when none, the state green while running and yellow otherwise, the health
 * line yellow when it warns.
 *
 * Redrawing: draw() returns the escape sequences that move the cursor to the first line of the
 * previous frame and erase to the end of the screen (VT100: CUU, ED), then the new frame; the
 * cursor ends on the line below the frame. Anything else printed while a frame is on screen must
 * go through above() (or clear() first), or the next draw() erases the wrong lines. The class
 * writes nothing itself: callers print the strings it returns. Not thread-safe.
 */
class LiveView
{
public:
    /// Rows of the table at most, whatever the terminal's height.
    static constexpr int kMaxRows = 10;
    /// Width of the progress bar at most (cells, brackets included).
    static constexpr int kMaxBarWidth = 32;

    /// What a frame says about the run besides the statistics.
    struct Status
    {
        QString state; ///< "spawning", "running", "stopping"
        qint64 elapsedMs = 0;
        qint64 plannedMs = 0; ///< 0 = until stopped
        QString load;         ///< "20 users", "rate 5.0/s · 3 users"
        QStringList
            health; ///< "2 threads", "CPU 1%", …; shown in this order, the last first left out
        bool healthWarning = false;
    };

    /// @p width, @p height: the terminal's size in cells (TerminalInfo); @p height 0 = unknown.
    LiveView(int width, int height, bool colour);

    /// A resized terminal: later frames fit the new size; the frame on screen is erased as it
    /// wrapped at the new width.
    void resize(int width, int height);

    /// The frame's lines, each ending with '\n' (no escape sequences besides colour).
    [[nodiscard]] QString frame(const Status &status, const Stats &stats, qint64 nowMs) const;
    /// Erases the frame on screen (if any) and draws @p frame in its place.
    [[nodiscard]] QString draw(const QString &frame);
    /// Erases the frame on screen; the next draw() starts where it was.
    [[nodiscard]] QString clear();
    /// Erases the frame, prints @p text (which should end with '\n') where it was and draws the
    /// frame again below it: a message that stays, above the live view.
    [[nodiscard]] QString above(const QString &text);
    /// Draws the frame clear() erased again (for a message written to another stream of the
    /// same terminal in between); nothing when a frame is on screen or none was drawn.
    [[nodiscard]] QString restore();
    /// Terminal lines the frame on screen takes (0 = none).
    [[nodiscard]] int linesOnScreen() const { return m_linesOnScreen; }

private:
    /// Lines @p text takes on a terminal @p width wide (long lines wrap).
    [[nodiscard]] static int screenLines(const QString &text, int width);
    /// @p parts joined by @p gap, as many as fit the width, the first cut when it alone is too
    /// long; ends with a newline.
    [[nodiscard]] QString pack(const QList<TextTable::Cell> &parts, const QString &gap) const;
    [[nodiscard]] QString progressLine(const Status &status) const;
    [[nodiscard]] QString aggregatedLine(const Stats &stats, qint64 nowMs) const;
    [[nodiscard]] QString rowsTable(const Stats &stats, qint64 nowMs, int rows) const;

    int m_width;
    int m_height;
    bool m_colour;
    QString m_frame; ///< the frame on screen, or the one cleared last
    int m_linesOnScreen = 0;
};

} // namespace cicada
