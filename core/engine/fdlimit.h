#pragma once

#include "profile/profile.h"

#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace cicada {

/**
 * @brief The open-file limit (RLIMIT_NOFILE) as a bound on how many users one process can run.
 *
 * Every connection a user holds is a file descriptor. Linux starts processes with a soft limit
 * of 1024 while the hard limit is usually far higher: raiseToHard() lifts the soft limit to the
 * hard one (bounded by /proc/sys/fs/nr_open) once at start — the CLI's run and worker commands
 * and the GUI call it — and warningFor() says, before users fail with "Too many open files",
 * when the users asked for need more descriptors than the limit allows. The limit bounds one
 * descriptor table: with RunnerOptions::privateFdTables each worker thread has its own, so the
 * capacity is the limit times the threads. The other bound on connections to one server address
 * and port is the local ports of each source address (portWarningFor(), target.sourceAddresses).
 */
class FdLimit
{
public:
    FdLimit() = delete;

    /// Descriptors kept for everything that is not a user's socket (files, pipes, event loop,
    /// thread wake-ups, the Locust master socket, the demo server).
    static constexpr qint64 kReservedFds = 64;

    /// What raiseToHard() did: soft limits before and after, and the hard limit.
    struct Raise
    {
        qint64 before = 0;
        qint64 after = 0;
        qint64 hard = 0;
    };

    /// Raises the soft RLIMIT_NOFILE to the hard limit. Safe to call more than once.
    static Raise raiseToHard();
    /// The soft limit now (descriptors).
    [[nodiscard]] static qint64 softLimit();
    /// Sockets one user of @p profile holds at most: one for HTTP (keep-alive), one per
    /// WebSocket connection kind it opens; at least 1.
    [[nodiscard]] static int socketsPerUser(const Profile &profile);
    /// Users the current soft limit allows with @p socketsPerUser sockets each.
    [[nodiscard]] static qint64 userCapacity(int socketsPerUser);
    /// A sentence for the operator when @p users exceed userCapacity() × @p fdTables (worker
    /// threads with a descriptor table each, RunnerOptions::privateFdTables), else empty.
    [[nodiscard]] static QString warningFor(qint64 users, int socketsPerUser, int fdTables = 1);

    /// Local ports one source address has per destination (address and port): the size of
    /// net.ipv4.ip_local_port_range (28,232 by default; that when it cannot be read).
    [[nodiscard]] static qint64 ephemeralPorts();
    /// A sentence when @p connections to one destination need more local ports than
    /// @p sourceAddresses (at least 1) × @p portsPerAddress, else empty.
    [[nodiscard]] static QString portWarningFor(qint64 connections, qsizetype sourceAddresses,
                                                qint64 portsPerAddress);
    /// Every warning for running @p users of @p profile here: the open-file limit (warningFor)
    /// and the local ports of its source addresses (portWarningFor with ephemeralPorts()).
    [[nodiscard]] static QStringList warningsFor(const Profile &profile, qint64 users,
                                                 int fdTables = 1);
};

} // namespace cicada
