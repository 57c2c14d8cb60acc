#pragma once

#include <QList>
#include <QStringList>

namespace cicada {

struct DeltaThreshold;
struct RunResult;

/** Exit codes of cicada-cli (documented in README and --help). */
constexpr int kExitOk = 0;
constexpr int kExitThresholdsFailed = 1; ///< a threshold was broken (or is unreliable)
constexpr int kExitBadInput = 2; ///< invalid arguments or profile, or the run could not start
constexpr int kExitAborted = 3;  ///< `run --abort-on-threshold` aborted the run
/// A run stopped by a signal exits with this + the signal number: 130 SIGINT, 143 SIGTERM.
constexpr int kExitSignalBase = 128;

/** Each takes the process arguments without the subcommand: {argv0, options...}. */
int runCommand(const QStringList &args);
int validateCommand(const QStringList &args);
int serveDemoCommand(const QStringList &args);
int reportCommand(const QStringList &args);
int workerCommand(const QStringList &args);
int locustfileCommand(const QStringList &args);
int schemaCommand(const QStringList &args);
int importCommand(const QStringList &args);
int compareCommand(const QStringList &args);

/** `run --baseline FILE [--baseline-threshold RULE]...`, before the run: reads the baseline and
 *  parses the rules; prints what is wrong to stderr and returns false on bad input. */
bool loadBaseline(const QString &path, const QStringList &rules, RunResult *baseline,
                  QList<DeltaThreshold> *parsed);
/** After the run: prints the comparison of @p current with @p baseline (read from @p path) and
 *  the rules' verdicts; true when every rule holds. */
bool printBaselineComparison(const QString &path, const RunResult &baseline,
                             const RunResult &current, const QList<DeltaThreshold> &rules);

} // namespace cicada
