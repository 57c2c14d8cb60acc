#pragma once

#include <QString>

namespace cicada {

/**
 * @brief Why a run ended, recorded by the one who stopped it (Runner::stop()) and carried by
 *        Runner::finished(). The first reason wins: a later stop() of a stopping run changes
 *        nothing.
 */
enum class StopReason
{
    Completed,      ///< the planned run time (or the last stage) elapsed
    User,           ///< a person stopped it: the GUI's Stop, an API call
    Signal,         ///< SIGINT, SIGTERM or SIGHUP to the process
    ThresholdAbort, ///< a threshold stayed broken (--abort-on-threshold)
    CouldNotStart,  ///< it never ran: the profile did not compile, an output could not be opened
};

/** "completed", "stopped", "signal", "threshold-abort", "could-not-start" (for logs and tests). */
[[nodiscard]] inline QString stopReasonName(StopReason reason)
{
    switch (reason) {
    case StopReason::Completed:
        return QStringLiteral("completed");
    case StopReason::User:
        return QStringLiteral("stopped");
    case StopReason::Signal:
        return QStringLiteral("signal");
    case StopReason::ThresholdAbort:
        return QStringLiteral("threshold-abort");
    case StopReason::CouldNotStart:
        return QStringLiteral("could-not-start");
    }
    return {};
}

} // namespace cicada
