#pragma once

#include <QString>

namespace cicada {

/**
 * @brief States of a Cicada worker under a Locust master (locust-protocol.md §7).
 *
 * Connecting: waiting for the master's `ack` (sending `client_ready` every 5 s). Ready, Spawning,
 * Running: registered, as reported in heartbeats. Stopping: the master said `stop` and the users
 * are stopping. Quitting: stopping users before the final report and exit. Done: finished.
 */
enum class WorkerState
{
    Connecting,
    Ready,
    Spawning,
    Running,
    Stopping,
    Quitting,
    Done
};

/** Name for logs. */
[[nodiscard]] inline QString workerStateName(WorkerState state)
{
    switch (state) {
    case WorkerState::Connecting:
        return QStringLiteral("connecting");
    case WorkerState::Ready:
        return QStringLiteral("ready");
    case WorkerState::Spawning:
        return QStringLiteral("spawning");
    case WorkerState::Running:
        return QStringLiteral("running");
    case WorkerState::Stopping:
        return QStringLiteral("stopping");
    case WorkerState::Quitting:
        return QStringLiteral("quitting");
    case WorkerState::Done:
        return QStringLiteral("done");
    }
    return {};
}

/**
 * @brief The heartbeat `state` for a worker state: only "ready", "spawning" or "running" are
 * valid on the wire (anything else makes the master treat the worker as gone). A stopping worker
 * still reports "running", as a Python worker does until its `client_ready`.
 */
[[nodiscard]] inline QString workerHeartbeatState(WorkerState state)
{
    switch (state) {
    case WorkerState::Ready:
    case WorkerState::Connecting:
        return QStringLiteral("ready");
    case WorkerState::Spawning:
        return QStringLiteral("spawning");
    case WorkerState::Running:
    case WorkerState::Stopping:
    case WorkerState::Quitting:
    case WorkerState::Done:
        return QStringLiteral("running");
    }
    return QStringLiteral("ready");
}

} // namespace cicada
