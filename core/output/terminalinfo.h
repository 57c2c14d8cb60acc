#pragma once

#include <QByteArray>

namespace cicada {

/**
 * @brief What the console output may do on the stream it writes to: its width and height in
 *        character cells, whether it can be redrawn in place and whether it may use colour.
 *
 * detect() asks the system about a file descriptor (isatty, ioctl TIOCGWINSZ) and reads the
 * environment; resolve() is the pure rule behind it, so tests can state every case:
 * - Width: a terminal's own size; else a valid positive `COLUMNS`; else kDefaultTerminalColumns on
 *   a terminal (ioctl failed) and kDefaultPipeColumns when the output is a pipe or a file (a log is
 *   read in wider windows than a terminal's classic 80 columns, and a name elided there is lost).
 * - Height: a terminal's own size, else a valid positive `LINES`, else kDefaultTerminalRows on a
 *   terminal; 0 (unknown, no limit) when not a terminal.
 * - Redraw in place (cursor movement): only on a terminal whose `TERM` is not "dumb".
 * - Colour: only where redraw is possible and `NO_COLOR` is unset or empty (https://no-color.org:
 *   any non-empty value disables colour).
 */
class TerminalInfo
{
public:
    /// Width when a terminal does not tell its size and `COLUMNS` is unset.
    static constexpr int kDefaultTerminalColumns = 80;
    /// Height when a terminal does not tell its size and `LINES` is unset.
    static constexpr int kDefaultTerminalRows = 24;
    /// Width when the output is not a terminal and `COLUMNS` is unset.
    static constexpr int kDefaultPipeColumns = 120;

    /// What resolve() decides from: the system's answers and the environment's raw values.
    struct Inputs
    {
        bool isTty = false;
        int ttyColumns = 0; ///< from TIOCGWINSZ; 0 = unknown
        int ttyRows = 0;    ///< from TIOCGWINSZ; 0 = unknown
        QByteArray columnsEnv;
        QByteArray linesEnv;
        QByteArray termEnv;
        QByteArray noColorEnv;
    };

    /// Not a terminal, kDefaultPipeColumns wide, no colour.
    TerminalInfo() = default;

    /// The terminal on @p fd (e.g. STDOUT_FILENO) and the process's environment.
    [[nodiscard]] static TerminalInfo detect(int fd);
    /// The rule of detect() on given inputs.
    [[nodiscard]] static TerminalInfo resolve(const Inputs &inputs);

    [[nodiscard]] bool isTty() const { return m_isTty; }
    /// Width in character cells (> 0).
    [[nodiscard]] int columns() const { return m_columns; }
    /// Height in character cells; 0 = unknown (not a terminal).
    [[nodiscard]] int rows() const { return m_rows; }
    /// A terminal that understands cursor movement and erasing (ANSI/VT100): the live view.
    [[nodiscard]] bool canRedraw() const { return m_canRedraw; }
    /// ANSI colour (SGR) may be written.
    [[nodiscard]] bool hasColour() const { return m_colour; }

private:
    bool m_isTty = false;
    int m_columns = kDefaultPipeColumns;
    int m_rows = 0;
    bool m_canRedraw = false;
    bool m_colour = false;
};

} // namespace cicada
