#include "signalwatcher.h"

#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace cicada {

namespace {
int g_fds[2] = {-1, -1};
constexpr int kWatched[] = {SIGINT, SIGTERM, SIGHUP};
} // namespace

SignalWatcher::SignalWatcher(QObject *parent) : QObject(parent)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_fds) != 0)
        return;
    m_notifier = new QSocketNotifier(g_fds[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        unsigned char sig = 0;
        if (::read(g_fds[1], &sig, 1) == 1)
            Q_EMIT interrupted(int(sig), ++m_count);
    });
    struct sigaction action = {};
    action.sa_handler = &SignalWatcher::handle;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (const int sig : kWatched)
        sigaction(sig, &action, nullptr);
    signal(SIGPIPE, SIG_IGN);
}

SignalWatcher::~SignalWatcher()
{
    for (const int sig : kWatched)
        signal(sig, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    ::close(g_fds[0]);
    ::close(g_fds[1]);
    g_fds[0] = g_fds[1] = -1;
}

void SignalWatcher::handle(int signalNumber)
{
    const unsigned char sig = static_cast<unsigned char>(signalNumber);
    if (g_fds[0] >= 0) [[maybe_unused]]
        auto n = ::write(g_fds[0], &sig, 1);
}

} // namespace cicada
