#pragma once

#include "engine/runner.h"

#include <QString>
#include <QtGlobal>

namespace cicada {

/** @brief How a Cicada worker reaches its Locust master and runs its users. */
struct LocustWorkerOptions
{
    QString masterHost = QStringLiteral("127.0.0.1");
    quint16 masterPort = 5557; ///< Locust's default --master-port
    /** Give up (exit code 2) when no master answered for this long, at start or after losing
     *  the connection; 0 = wait forever. Locust's own worker gives up after ~5 minutes. */
    qint64 connectTimeoutMs = 5 * 60 * 1000;
    RunnerOptions runner; ///< worker threads, HTTP transport
    QString profilePath;  ///< only for messages (exception tracebacks)
};

} // namespace cicada
