#include "lagprobe.h"

namespace cicada {

LagProbe::LagProbe(QObject *parent) : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &LagProbe::onTimeout);
    setActive(true);
}

void LagProbe::setActive(bool active)
{
    if (active == m_timer.isActive())
        return;
    if (active) {
        m_clock.start();
        m_secondClock.start();
        m_expectedNs = qint64(kIntervalMs) * 1000000;
        m_timer.start();
    } else {
        m_timer.stop();
    }
    Q_EMIT activeChanged();
}

void LagProbe::reset()
{
    m_histogram.reset();
}

void LagProbe::onTimeout()
{
    const qint64 now = m_clock.nsecsElapsed();
    const qint64 lateUs = std::max<qint64>(0, (now - m_expectedNs) / 1000);
    m_expectedNs = now + qint64(kIntervalMs) * 1000000;
    m_histogram.record(lateUs);
    m_worstThisSecondUs = std::max(m_worstThisSecondUs, lateUs);
    if (m_secondClock.elapsed() >= 1000) {
        m_secondClock.restart();
        m_lagMs = double(m_worstThisSecondUs) / 1000.0;
        m_worstThisSecondUs = 0;
        Q_EMIT lagChanged();
    }
}

} // namespace cicada
