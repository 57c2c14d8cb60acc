#pragma once

#include <QObject>

class QSocketNotifier;

namespace cicada {

/**
 * @brief Reads single key presses from the terminal on stdin without blocking the event loop.
 *
 * start() switches the terminal to non-canonical mode without echo (keys arrive one by one and
 * are not printed; Ctrl+C, Ctrl+\ and Ctrl+Z still raise their signals) and watches stdin with a
 * QSocketNotifier. It does nothing when stdin is not a terminal (a pipe, a file, /dev/null) or the
 * process runs in the background of its terminal (reading would stop it with SIGTTIN).
 *
 * The terminal's previous mode comes back in restore(), which the destructor, exit() and the
 * fatal signals SIGQUIT, SIGABRT, SIGSEGV and SIGBUS call (the handler restores, then re-raises
 * with the previous handler). SIGINT, SIGTERM and SIGHUP are left to SignalWatcher: they stop the
 * run, and the run's owner calls restore() or destroys this object. Only one instance may be
 * started at a time; use from the main thread.
 */
class TerminalInput final : public QObject
{
    Q_OBJECT
public:
    explicit TerminalInput(QObject *parent = nullptr);
    ~TerminalInput() override;

    /** Starts reading keys; false (and nothing changed) when stdin is not a foreground
     *  terminal. */
    bool start();
    /** Stops reading and puts the terminal's mode back. Idempotent. */
    void restore();

Q_SIGNALS:
    void keyPressed(char key);

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace cicada
