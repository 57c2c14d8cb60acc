#include "engine/userdistribution.h"

#include <utility>

namespace cicada {

UserDistribution::UserDistribution(QList<int> weights)
    : m_weights(std::move(weights)), m_current(m_weights.size(), 0)
{
    for (int w : std::as_const(m_weights))
        m_total += w;
}

int UserDistribution::next()
{
    if (m_weights.isEmpty())
        return -1;
    int best = 0;
    for (int i = 0; i < m_weights.size(); ++i) {
        m_current[i] += m_weights[i];
        if (m_current[i] > m_current[best])
            best = i;
    }
    m_current[best] -= m_total;
    return best;
}

} // namespace cicada
