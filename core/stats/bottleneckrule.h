#pragma once

#include <QtGlobal>

#include <array>

namespace cicada {

/**
 * @brief Decides, from one-second health samples, when Cicada itself limits the load: the
 *        generator is the bottleneck while at least kHotSamplesNeeded of the last kWindowSamples
 *        samples were "hot" (CPU ≥ 90 % of a core per worker thread, or worst event-loop lag
 *        ≥ 50 ms).
 *
 * A window rather than a single second, so one slow second (a GC-like hiccup of the machine, a
 * burst of connects) does not turn the GUI's status bar amber or print a CLI warning; it recovers
 * when fewer than kHotSamplesNeeded of the last kWindowSamples seconds were hot. One rule for
 * every front end: the Runner applies it once per second (GeneratorHealth::bottleneck,
 * HealthPoint::bottleneck), the CLI warns when an episode begins, the GUI shows it.
 *
 * Pure: no clock, no I/O. Value type; not thread-safe.
 */
class BottleneckRule
{
public:
    /// Samples (seconds) the rule looks back on.
    static constexpr int kWindowSamples = 5;
    /// Hot samples within the window that make a bottleneck.
    static constexpr int kHotSamplesNeeded = 3;
    /// A second is hot when the process CPU reaches this share of one core per worker thread.
    static constexpr double kCpuShareOfCorePerThread = 0.9;
    /// ... or when a worker thread's event loop lagged this long (ms).
    static constexpr double kLoopLagMs = 50.0;

    BottleneckRule() = default;

    /**
     * @brief True when one second's sample is over a threshold.
     *
     * @p cpuPercent: process CPU (100 = one core); @p threads: worker threads; @p cores: the
     * machine's cores (threads beyond them cannot add CPU, so the CPU limit is
     * kCpuShareOfCorePerThread × min(threads, cores) cores); @p worstLoopLagMs: the worst
     * event-loop lag of any worker thread in the second.
     */
    [[nodiscard]] static bool isHot(double cpuPercent, int threads, int cores,
                                    double worstLoopLagMs);

    /// Adds one second's sample; returns isBottleneck() after it.
    bool addSample(bool hot);
    /// Adds one second's measurements (see isHot()); returns isBottleneck() after it.
    bool addSample(double cpuPercent, int threads, int cores, double worstLoopLagMs)
    {
        return addSample(isHot(cpuPercent, threads, cores, worstLoopLagMs));
    }

    /// At least kHotSamplesNeeded of the last kWindowSamples samples were hot.
    [[nodiscard]] bool isBottleneck() const { return m_bottleneck; }
    /// The last sample began an episode (isBottleneck() turned from false to true): the moment
    /// to warn once.
    [[nodiscard]] bool turnedOn() const { return m_turnedOn; }
    /// Episodes so far (times isBottleneck() turned on).
    [[nodiscard]] int episodes() const { return m_episodes; }
    /// Samples after which isBottleneck() held (seconds of bottleneck).
    [[nodiscard]] qint64 bottleneckSamples() const { return m_bottleneckSamples; }
    /// Hot samples among the last kWindowSamples.
    [[nodiscard]] int hotInWindow() const;

    /// Forgets every sample.
    void reset() { *this = BottleneckRule(); }

private:
    std::array<bool, kWindowSamples> m_window{}; ///< ring of the last samples
    int m_next = 0;                              ///< ring index of the next sample
    bool m_bottleneck = false;
    bool m_turnedOn = false;
    int m_episodes = 0;
    qint64 m_bottleneckSamples = 0;
};

} // namespace cicada
