#pragma once

#include <QList>
#include <QStringList>

namespace cicada {

struct DeltaThreshold;
struct RunResult;

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
