#include "engine/fdlimit.h"

#include "profile/profileio.h"
#include "profile/sourceaddresses.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <limits>
#include <sys/resource.h>

namespace cicada {

namespace {

// The kernel refuses a soft limit above fs.nr_open even when the hard limit is "unlimited".
qint64 kernelMaximum()
{
    QFile file(QStringLiteral("/proc/sys/fs/nr_open"));
    bool ok = false;
    const qint64 value =
        file.open(QIODevice::ReadOnly) ? file.readAll().trimmed().toLongLong(&ok) : 0;
    return ok && value > 0 ? value : qint64(1) << 20;
}

qint64 asLimit(rlim_t value)
{
    return value == RLIM_INFINITY ? std::numeric_limits<qint64>::max() : qint64(value);
}

} // namespace

FdLimit::Raise FdLimit::raiseToHard()
{
    Raise r;
    struct rlimit limit = {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return r;
    r.before = asLimit(limit.rlim_cur);
    r.hard = asLimit(limit.rlim_max);
    const qint64 target = std::min(r.hard, kernelMaximum());
    if (target > r.before) {
        limit.rlim_cur = rlim_t(target);
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
    r.after = softLimit();
    return r;
}

qint64 FdLimit::softLimit()
{
    struct rlimit limit = {};
    return ::getrlimit(RLIMIT_NOFILE, &limit) == 0 ? asLimit(limit.rlim_cur) : 0;
}

int FdLimit::socketsPerUser(const Profile &profile)
{
    const auto [http, ws] =
        ProfileIo::connectionKinds(ProfileIo::toJson(profile).value(QLatin1String("userTypes")));
    return std::max(1, int(http) + int(ws));
}

qint64 FdLimit::userCapacity(int socketsPerUser)
{
    return std::max<qint64>(0, softLimit() - kReservedFds) / std::max(1, socketsPerUser);
}

QString FdLimit::warningFor(qint64 users, int socketsPerUser, int fdTables)
{
    const qint64 tables = std::max(1, fdTables);
    const qint64 capacity = userCapacity(socketsPerUser) * tables;
    if (users <= capacity)
        return {};
    struct rlimit limit = {};
    const qint64 hard = ::getrlimit(RLIMIT_NOFILE, &limit) == 0 ? asLimit(limit.rlim_max) : 0;
    const QString where = tables == 1 ? QStringLiteral("this process may open %1").arg(softLimit())
                                      : QStringLiteral("each of the %1 worker threads may open %2")
                                            .arg(tables)
                                            .arg(softLimit());
    return QStringLiteral("%1 users need about %2 open files (%3 socket%4 each), and %5 (ulimit "
                          "-n; its hard limit, %6, is the most it can be raised to without "
                          "privileges): at most %7 users can connect, the others fail with "
                          "\"Too many open files\". Raise the hard limit (ulimit -Hn as root, "
                          "/etc/security/limits.conf, LimitNOFILE=, docker --ulimit nofile=), give "
                          "each worker thread a descriptor table of its own (--private-fd-tables "
                          "with --threads N: N times the limit), or run more processes "
                          "(cicada-cli worker).")
        .arg(users)
        .arg(users * socketsPerUser + kReservedFds)
        .arg(socketsPerUser)
        .arg(socketsPerUser == 1 ? QString() : QStringLiteral("s"))
        .arg(where, hard == std::numeric_limits<qint64>::max() ? QStringLiteral("unlimited")
                                                               : QString::number(hard))
        .arg(capacity);
}

qint64 FdLimit::ephemeralPorts()
{
    QFile file(QStringLiteral("/proc/sys/net/ipv4/ip_local_port_range"));
    if (file.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> parts = file.readAll().simplified().split(' ');
        bool okLow = false;
        bool okHigh = false;
        const qint64 low = parts.value(0).toLongLong(&okLow);
        const qint64 high = parts.value(1).toLongLong(&okHigh);
        if (okLow && okHigh && high >= low)
            return high - low + 1;
    }
    return 60999 - 32768 + 1;
}

QString FdLimit::portWarningFor(qint64 connections, qsizetype sourceAddresses,
                                qint64 portsPerAddress)
{
    const qint64 addresses = std::max<qint64>(1, sourceAddresses);
    const qint64 capacity = addresses * portsPerAddress;
    if (connections <= capacity)
        return {};
    const qint64 needed = (connections + portsPerAddress - 1) / portsPerAddress;
    return QStringLiteral(
               "%1 connections to one server address and port need %2 local ports, "
               "and %3 source address%4 have %5 (%6 each, net.ipv4.ip_local_port_range): "
               "the others fail with \"Cannot assign requested address\". Give "
               "target.sourceAddresses at least %7 addresses (e.g. \"127.0.0.1-127.0.0.%7\" "
               "on loopback), widen the port range, or spread the users over several "
               "server ports.")
        .arg(connections)
        .arg(connections)
        .arg(addresses)
        .arg(addresses == 1 ? QStringLiteral("") : QStringLiteral("es"))
        .arg(capacity)
        .arg(portsPerAddress)
        .arg(needed);
}

QStringList FdLimit::warningsFor(const Profile &profile, qint64 users, int fdTables)
{
    QStringList warnings;
    const int sockets = socketsPerUser(profile);
    const QString fds = warningFor(users, sockets, fdTables);
    if (!fds.isEmpty())
        warnings.append(fds);
    const QString ports =
        portWarningFor(users,
                       profile.target.sourceAddresses.isEmpty()
                           ? 1
                           : SourceAddresses::expand(profile.target.sourceAddresses).size(),
                       ephemeralPorts());
    if (!ports.isEmpty())
        warnings.append(ports);
    return warnings;
}

} // namespace cicada
