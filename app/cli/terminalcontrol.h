#pragma once

#include "terminalinput.h"

#include <QObject>

#include <functional>

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
    /** Prints through @p print instead of writing to the stream directly (the live view keeps
     *  the echoes above itself). */
    void setPrinter(std::function<void(const QString &)> print) { m_print = std::move(print); }

private:
    void onKey(char key);
    void print(const QString &text);

    Runner *m_runner;
    QTextStream *m_out;
    TerminalInput m_input;
    std::function<void(const QString &)> m_print;
};

} // namespace cicada
