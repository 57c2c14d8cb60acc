#pragma once

#include "terminalinput.h"

#include <QObject>

class QTextStream;

namespace cicada {

class Runner;

/**
 * @brief Live control of `cicada-cli run` from the terminal: reads keys (TerminalInput), maps them
 * (TerminalKeys) to Runner calls and echoes each change on @p out ("users 10 → 11").
 *
 * Active only when stdin is a foreground terminal; stops reading and restores the terminal as
 * soon as the run is stopping, so a second Ctrl+C (which exits at once) leaves a sane terminal.
 */
class TerminalControl final : public QObject
{
    Q_OBJECT
public:
    TerminalControl(Runner *runner, QTextStream *out, QObject *parent = nullptr);

    /** Starts reading keys and prints which keys do what; false when stdin is not a terminal. */
    bool start();

private:
    void onKey(char key);

    Runner *m_runner;
    QTextStream *m_out;
    TerminalInput m_input;
};

} // namespace cicada
