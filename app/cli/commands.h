#pragma once

#include <QStringList>

namespace cicada {

/** Exit codes of cicada-cli (documented in README and --help). */
constexpr int kExitOk = 0;
constexpr int kExitThresholdsFailed = 1; ///< a threshold was broken (or aborted the run)
constexpr int kExitBadInput = 2; ///< invalid arguments or profile, or the run could not start

/** Each takes the process arguments without the subcommand: {argv0, options...}. */
int runCommand(const QStringList &args);
int validateCommand(const QStringList &args);
int serveDemoCommand(const QStringList &args);
int reportCommand(const QStringList &args);
int workerCommand(const QStringList &args);
int locustfileCommand(const QStringList &args);
int schemaCommand(const QStringList &args);

} // namespace cicada
