#pragma once

#include <QString>

namespace cicada {

struct RunResult;

/**
 * @brief Writes a saved run as Locust 2.12 CSV files: PREFIX_stats.csv, PREFIX_failures.csv and
 *        PREFIX_exceptions.csv, with Locust's names, headers and number formats (the same
 *        helpers as LocustCsvWriter). PREFIX_stats_history.csv is not written: a result keeps
 *        only p50/p95/p99 per second, not Locust's full percentile set.
 */
class ResultCsvExporter
{
public:
    ResultCsvExporter() = delete;

    /** Writes the files atomically; @p error gets the reason on failure. */
    static bool write(const RunResult &result, const QString &prefix, QString *error);
};

} // namespace cicada
