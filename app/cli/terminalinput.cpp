#include "terminalinput.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <iterator>

#include <termios.h>
#include <unistd.h>

namespace cicada {

namespace {

// The mode to go back to, shared with the exit and signal handlers (plain data: a signal handler
// may read it). s_saved is written only before s_active is set.
termios s_saved{};
volatile sig_atomic_t s_active = 0;
bool s_handlersInstalled = false;

constexpr int kFatalSignals[] = {SIGQUIT, SIGABRT, SIGSEGV, SIGBUS};
struct sigaction s_previous[sizeof(kFatalSignals) / sizeof(kFatalSignals[0])];

void restoreTerminal()
{
    // tcsetattr() is async-signal-safe, so this runs in signal handlers too.
    if (s_active) {
        s_active = 0;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &s_saved);
    }
}

void onFatalSignal(int signalNumber)
{
    restoreTerminal();
    for (size_t i = 0; i < std::size(kFatalSignals); ++i)
        if (kFatalSignals[i] == signalNumber)
            sigaction(signalNumber, &s_previous[i], nullptr);
    raise(signalNumber);
}

void installHandlers()
{
    if (s_handlersInstalled)
        return;
    s_handlersInstalled = true;
    std::atexit(restoreTerminal);
    for (size_t i = 0; i < std::size(kFatalSignals); ++i) {
        struct sigaction action = {};
        action.sa_handler = onFatalSignal;
        sigemptyset(&action.sa_mask);
        sigaction(kFatalSignals[i], &action, &s_previous[i]);
    }
}

} // namespace

TerminalInput::TerminalInput(QObject *parent) : QObject(parent) {}

TerminalInput::~TerminalInput()
{
    restore();
}

bool TerminalInput::start()
{
    if (m_notifier || s_active || !isatty(STDIN_FILENO) || tcgetpgrp(STDIN_FILENO) != getpgrp())
        return false;
    termios raw{};
    if (tcgetattr(STDIN_FILENO, &s_saved) != 0)
        return false;
    raw = s_saved;
    // Keys one at a time, not echoed; ISIG stays, so Ctrl+C still reaches SignalWatcher.
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    installHandlers();
    s_active = 1;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) != 0) {
        s_active = 0;
        return false;
    }
    m_notifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &TerminalInput::onReadable);
    return true;
}

void TerminalInput::restore()
{
    if (m_notifier) {
        m_notifier->setEnabled(false);
        m_notifier->deleteLater();
        m_notifier = nullptr;
    }
    restoreTerminal();
}

void TerminalInput::onReadable()
{
    char keys[64];
    const ssize_t n = ::read(STDIN_FILENO, keys, sizeof keys);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        // End of input (the terminal hung up) or an error: stop watching, or the notifier
        // would fire forever.
        restore();
        return;
    }
    for (ssize_t i = 0; i < n; ++i)
        Q_EMIT keyPressed(keys[i]);
}

} // namespace cicada
