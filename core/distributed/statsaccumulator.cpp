#include "distributed/statsaccumulator.h"

#include <algorithm>
#include <utility>

namespace cicada {

StatsAccumulator::StatsAccumulator(qint64 windowStartMs) : m_windowStartMs(windowStartMs) {}

void StatsAccumulator::add(const StatsDelta &delta)
{
    for (auto it = delta.entries.cbegin(); it != delta.entries.cend(); ++it) {
        auto mine = m_delta.entries.find(it.key());
        if (mine == m_delta.entries.end())
            mine = m_delta.entries.insert(
                it.key(), StatsEntry(it.key().type, it.key().name, it.value().kind()));
        mine->merge(it.value());
    }
    for (auto it = delta.errors.cbegin(); it != delta.errors.cend(); ++it)
        m_delta.errors[it.key()] += it.value();
}

StatsDelta StatsAccumulator::take(qint64 nowMs, qint64 *windowStartMs)
{
    *windowStartMs = m_windowStartMs;
    m_windowStartMs = nowMs;
    return std::exchange(m_delta, StatsDelta{});
}

void StatsAccumulator::putBack(const StatsDelta &delta, qint64 windowStartMs)
{
    add(delta);
    m_windowStartMs = std::min(m_windowStartMs, windowStartMs);
}

qint64 StatsAccumulator::restart(qint64 nowMs)
{
    const qint64 dropped = requestCount();
    m_delta = StatsDelta{};
    m_windowStartMs = nowMs;
    return dropped;
}

qint64 StatsAccumulator::requestCount() const
{
    qint64 n = 0;
    for (const StatsEntry &entry : m_delta.entries)
        n += entry.numRequests();
    return n;
}

} // namespace cicada
