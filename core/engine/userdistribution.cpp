#include "engine/userdistribution.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace cicada {

UserDistribution::UserDistribution(QList<int> weights, QList<int> fixedCounts)
    : m_weights(std::move(weights)), m_fixed(std::move(fixedCounts)),
      m_current(m_weights.size(), 0), m_handedOut(m_weights.size(), 0)
{
    m_fixed.resize(m_weights.size(), 0);
    for (int i = 0; i < m_weights.size(); ++i) {
        // Locust leaves fixed classes out of the weighted cycle altogether.
        if (m_fixed[i] > 0)
            m_weights[i] = 0;
        m_total += m_weights[i];
    }
}

int UserDistribution::next(const QList<int> &counts)
{
    int fixedType = -1;
    int deficit = 0;
    for (int i = 0; i < m_fixed.size(); ++i) {
        const int missing = m_fixed[i] - counts.value(i, 0);
        if (missing > deficit) {
            deficit = missing;
            fixedType = i;
        }
    }
    if (fixedType >= 0)
        return fixedType;
    if (m_total == 0)
        return -1;
    int best = -1;
    for (int i = 0; i < m_weights.size(); ++i) {
        if (m_weights[i] == 0)
            continue;
        m_current[i] += m_weights[i];
        if (best < 0 || m_current[i] > m_current[best])
            best = i;
    }
    m_current[best] -= m_total;
    return best;
}

int UserDistribution::next()
{
    const int type = next(m_handedOut);
    if (type >= 0)
        ++m_handedOut[type];
    return type;
}

int UserDistribution::maxUsers() const
{
    if (m_total > 0 || m_weights.isEmpty())
        return m_weights.isEmpty() ? 0 : std::numeric_limits<int>::max();
    long long sum = 0;
    for (int f : m_fixed)
        sum += f;
    return int(std::min<long long>(sum, std::numeric_limits<int>::max()));
}

} // namespace cicada
