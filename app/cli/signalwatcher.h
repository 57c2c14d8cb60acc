#pragma once

#include <QObject>

class QSocketNotifier;

namespace cicada {

/**
 * @brief Turns SIGINT, SIGTERM and SIGHUP into a Qt signal delivered on the event loop
 * (self-pipe), so a Ctrl+C, a `kill` or a closed terminal (SSH dropped) stops the run cleanly and
 * the outputs are still written.
 *
 * SIGPIPE is ignored while a watcher lives: with the terminal or a pipe reader gone, console
 * writes fail instead of killing the process before the output files are written.
 */
class SignalWatcher final : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    /** @p count is 1 for the first signal, 2 for the second, ... */
    void interrupted(int signalNumber, int count);

private:
    static void handle(int signalNumber);
    QSocketNotifier *m_notifier = nullptr;
    int m_count = 0;
};

} // namespace cicada
