#include "distributed/processmetrics.h"

#include <QFile>
#include <QList>

#include <sys/resource.h>
#include <unistd.h>

namespace cicada {

ProcessMetrics::ProcessMetrics() : m_lastCpuNs(processCpuNs())
{
    m_wall.start();
}

qint64 ProcessMetrics::processCpuNs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return (qint64(usage.ru_utime.tv_sec) + usage.ru_stime.tv_sec) * 1000000000LL +
           (qint64(usage.ru_utime.tv_usec) + usage.ru_stime.tv_usec) * 1000LL;
}

double ProcessMetrics::cpuPercent()
{
    const qint64 cpu = processCpuNs();
    const qint64 wall = m_wall.nsecsElapsed();
    m_wall.restart();
    const double percent = wall > 0 ? 100.0 * double(cpu - m_lastCpuNs) / double(wall) : 0.0;
    m_lastCpuNs = cpu;
    return percent;
}

qint64 ProcessMetrics::rssBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    // "size resident shared text lib data dt", in pages.
    const QList<QByteArray> fields = statm.readAll().split(' ');
    if (fields.size() < 2)
        return 0;
    return fields[1].toLongLong() * qint64(sysconf(_SC_PAGESIZE));
}

} // namespace cicada
