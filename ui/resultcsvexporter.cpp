#include "resultcsvexporter.h"

#include "output/locustcsvwriter.h"
#include "report/atomicfile.h"
#include "report/runresult.h"

#include <cmath>

namespace cicada {

namespace {

constexpr double kUsPerMs = 1000.0;

QString numberOrFloat(double value)
{
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15)
        return QString::number(qint64(value));
    return LocustCsvWriter::pythonFloat(value);
}

QString statsRow(const RunResult &result, const ResultEntry &e)
{
    QStringList fields{e.type, e.name, QString::number(e.numRequests),
                       QString::number(e.numFailures)};
    if (e.isEmpty()) {
        fields << "0"
               << "0.0"
               << "0"
               << "0"
               << "0";
    } else if (e.timedCount() == 0) {
        // Messages without a time (like LocustCsvWriter): no 0-ms times, but their real size.
        fields << "0"
               << "0.0"
               << "0"
               << "0" << LocustCsvWriter::pythonFloat(e.avgContentLength());
    } else {
        // Locust rounds the median like its other percentiles and clamps it into [min, max].
        const double minMs = double(e.histogram.min()) / kUsPerMs;
        const double maxMs = double(e.histogram.max()) / kUsPerMs;
        const double median =
            std::clamp(double(LocustCsvWriter::locustRoundedMs(e.percentileUs(50))), minMs, maxMs);
        fields << numberOrFloat(median)
               << LocustCsvWriter::pythonFloat(e.avgResponseTimeUs() / kUsPerMs)
               << LocustCsvWriter::pythonFloat(minMs) << LocustCsvWriter::pythonFloat(maxMs)
               << LocustCsvWriter::pythonFloat(e.avgContentLength());
    }
    fields << LocustCsvWriter::pythonFloat(result.rps(e))
           << LocustCsvWriter::pythonFloat(result.failuresPerSecond(e));
    for (const double p : LocustCsvWriter::kPercentiles) {
        fields << (e.timedCount() == 0
                       ? QStringLiteral("N/A")
                       : QString::number(LocustCsvWriter::locustRoundedMs(e.percentileUs(p))));
    }
    return LocustCsvWriter::csvRow(fields);
}

} // namespace

bool ResultCsvExporter::write(const RunResult &result, const QString &prefix, QString *error)
{
    const QString end = LocustCsvWriter::kLineEnd;
    QString stats = LocustCsvWriter::kStatsHeader + end;
    for (const ResultEntry &e : result.entries)
        stats += statsRow(result, e);
    stats += statsRow(result, result.aggregated);

    QString failures = LocustCsvWriter::kFailuresHeader + end;
    for (const StatsError &e : result.errors)
        failures +=
            LocustCsvWriter::csvRow({e.type, e.name, e.error, QString::number(e.occurrences)});

    const QString exceptions = LocustCsvWriter::kExceptionsHeader + end;
    return AtomicFile::write(prefix + QStringLiteral("_stats.csv"), stats.toUtf8(), error) &&
           AtomicFile::write(prefix + QStringLiteral("_failures.csv"), failures.toUtf8(), error) &&
           AtomicFile::write(prefix + QStringLiteral("_exceptions.csv"), exceptions.toUtf8(),
                             error);
}

} // namespace cicada
