#pragma once

#include <QElapsedTimer>
#include <QtGlobal>

namespace cicada {

/**
 * @brief CPU and memory of this process, for the Locust heartbeat (`current_cpu_usage`,
 * `current_memory_usage`).
 */
class ProcessMetrics
{
public:
    ProcessMetrics();

    /** CPU time used (user + system, all threads) since the previous call or construction, as a
     *  percentage of wall time: 100 = one core busy. */
    [[nodiscard]] double cpuPercent();
    /** Resident set size in bytes (/proc/self/statm), 0 when unavailable. */
    [[nodiscard]] static qint64 rssBytes();

private:
    [[nodiscard]] static qint64 processCpuNs();

    QElapsedTimer m_wall;
    qint64 m_lastCpuNs = 0;
};

} // namespace cicada
