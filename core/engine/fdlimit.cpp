#include "engine/fdlimit.h"

#include "profile/profileio.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <functional>
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
    // The JSON form: the same walk covers every step kind.
    bool http = false;
    bool ws = false;
    const std::function<void(const QJsonValue &)> walk = [&](const QJsonValue &v) {
        if (v.isArray()) {
            for (const QJsonValue &item : v.toArray())
                walk(item);
        } else if (v.isObject()) {
            const QJsonObject o = v.toObject();
            http |= o.contains(QLatin1String("http"));
            ws |= o.contains(QLatin1String("wsConnect"));
            for (const QString &key : o.keys())
                walk(o.value(key));
        }
    };
    walk(ProfileIo::toJson(profile).value(QLatin1String("userTypes")));
    return std::max(1, int(http) + int(ws));
}

qint64 FdLimit::userCapacity(int socketsPerUser)
{
    return std::max<qint64>(0, softLimit() - kReservedFds) / std::max(1, socketsPerUser);
}

QString FdLimit::warningFor(qint64 users, int socketsPerUser)
{
    const qint64 capacity = userCapacity(socketsPerUser);
    if (users <= capacity)
        return {};
    return QStringLiteral("%1 users need about %2 open files (%3 socket%4 each), and this process "
                          "may open %5 (ulimit -n; the hard limit is the most it can be raised "
                          "to): at most %6 users can connect, the others fail with \"Too many open "
                          "files\". Raise the limit (ulimit -Hn, /etc/security/limits.conf, "
                          "LimitNOFILE=) or run more workers.")
        .arg(users)
        .arg(users * socketsPerUser + kReservedFds)
        .arg(socketsPerUser)
        .arg(socketsPerUser == 1 ? QString() : QStringLiteral("s"))
        .arg(softLimit())
        .arg(capacity);
}

} // namespace cicada
