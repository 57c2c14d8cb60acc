#include "bottleneckrule.h"

#include <algorithm>

namespace cicada {

namespace {
constexpr double kPercentPerCore = 100.0;
}

bool BottleneckRule::isHot(double cpuPercent, int threads, int cores, double worstLoopLagMs)
{
    const int usableCores = std::max(1, std::min(threads, cores));
    return cpuPercent >= kCpuShareOfCorePerThread * kPercentPerCore * usableCores ||
           worstLoopLagMs >= kLoopLagMs;
}

int BottleneckRule::hotInWindow() const
{
    return int(std::count(m_window.cbegin(), m_window.cend(), true));
}

bool BottleneckRule::addSample(bool hot)
{
    m_window[m_next] = hot;
    m_next = (m_next + 1) % kWindowSamples;
    const bool was = m_bottleneck;
    m_bottleneck = hotInWindow() >= kHotSamplesNeeded;
    m_turnedOn = m_bottleneck && !was;
    if (m_turnedOn)
        ++m_episodes;
    if (m_bottleneck)
        ++m_bottleneckSamples;
    return m_bottleneck;
}

} // namespace cicada
