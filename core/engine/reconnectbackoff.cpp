#include "engine/reconnectbackoff.h"

#include <QRandomGenerator>

#include <algorithm>

namespace cicada {

qint64 ReconnectBackoff::nominalDelayMs() const
{
    // 2^6 × 250 ms already passes the cap; the shift never overflows.
    const int shift = std::min(m_attempts, 16);
    return std::min(kInitialDelayMs << shift, kMaxDelayMs);
}

qint64 ReconnectBackoff::nextDelayMs(QRandomGenerator &random)
{
    const qint64 nominal = nominalDelayMs();
    ++m_attempts;
    const qint64 half = nominal / 2;
    return half + qint64(random.bounded(quint64(nominal - half + 1)));
}

void ReconnectBackoff::connected(qint64 nowMs)
{
    m_connectedAtMs = nowMs;
}

void ReconnectBackoff::dropped(qint64 nowMs)
{
    if (m_connectedAtMs >= 0 && nowMs - m_connectedAtMs >= kStableConnectionMs)
        m_attempts = 0;
    m_connectedAtMs = -1;
}

} // namespace cicada
