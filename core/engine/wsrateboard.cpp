#include "engine/wsrateboard.h"

#include "engine/userdistribution.h"

#include <algorithm>

namespace cicada {

WsRateBoard::WsRateBoard(int userTypes)
    : m_types(std::max(0, userTypes)), m_targets(new std::atomic<int>[size_t(m_types)])
{
    for (int i = 0; i < m_types; ++i)
        m_targets[size_t(i)].store(0, std::memory_order_relaxed);
}

void WsRateBoard::setTargetUsers(int type, int users)
{
    if (type >= 0 && type < m_types)
        m_targets[size_t(type)].store(std::max(0, users), std::memory_order_relaxed);
}

int WsRateBoard::targetUsers(int type) const
{
    if (type < 0 || type >= m_types)
        return 0;
    return m_targets[size_t(type)].load(std::memory_order_relaxed);
}

void WsRateBoard::addSends(qint64 sends, qint64 late)
{
    if (sends > 0)
        m_sends.fetch_add(sends, std::memory_order_relaxed);
    if (late > 0)
        m_late.fetch_add(late, std::memory_order_relaxed);
}

QList<int> WsRateBoard::weightedTargets(const QList<int> &weights, int users,
                                        const QList<int> &fixedCounts)
{
    QList<int> counts(weights.size(), 0);
    if (weights.isEmpty())
        return counts;
    UserDistribution distribution(weights, fixedCounts);
    users = std::min(users, distribution.maxUsers());
    for (int i = 0; i < users; ++i)
        ++counts[distribution.next()];
    return counts;
}

} // namespace cicada
