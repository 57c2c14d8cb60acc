#pragma once

#include <QString>
#include <QtGlobal>

namespace cicada {

/** @brief The runner's states, like Locust's: one place (Runner::setState) changes them. */
enum class RunnerState
{
    Ready,
    Spawning,
    Running,
    Stopping,
    Stopped
};

[[nodiscard]] inline QString runnerStateName(RunnerState state)
{
    switch (state) {
    case RunnerState::Ready:
        return QStringLiteral("ready");
    case RunnerState::Spawning:
        return QStringLiteral("spawning");
    case RunnerState::Running:
        return QStringLiteral("running");
    case RunnerState::Stopping:
        return QStringLiteral("stopping");
    case RunnerState::Stopped:
        return QStringLiteral("stopped");
    }
    return {};
}

/** @brief How the load generator itself is doing, so users can tell when Cicada is the limit. */
struct GeneratorHealth
{
    double cpuPercent = 0; ///< process CPU over the last second, 100 = one full core
    double loopLagMs = 0;  ///< worst event-loop lag of any worker thread over the last second
    int threads = 0;
    /// Open model (issue 10): iterations that started after waiting for a free user because the
    /// pool was full (see ArrivalRate), and iterations dropped after waiting dropAfter; totals
    /// for the run and counts over the last second.
    qint64 lateStarts = 0;
    qint64 droppedIterations = 0;
    qint64 lateStartsLastSecond = 0;
    qint64 droppedLastSecond = 0;
    qint64 iterationsStarted = 0; ///< open model: iterations started, whole run
    /// wsSend `rate` messages handled so far, and those sent later than kLateSendUs after their
    /// intended time (WsRateBoard).
    qint64 wsRateSends = 0;
    qint64 wsLateSends = 0;
    /**
     * True when Cicada itself limits the load (BottleneckRule over the last seconds' CPU and
     * event-loop lag, applied by the Runner once per second). Then timers and sockets are served
     * late and the numbers measure the generator too.
     */
    bool bottleneck = false;
    /// Seconds of the run so far during which bottleneck held.
    qint64 bottleneckSeconds = 0;
};

} // namespace cicada
