#pragma once

// Hand-made results for the comparison tests: every request of a row takes the same time, so
// percentiles are exact (the histogram has one counter per µs below 2048 µs).
#include "report/runresult.h"

#include <QList>

namespace cicada::test {

inline constexpr qint64 kComparisonT0Ms = 1'700'000'000'000;
inline constexpr qint64 kComparisonRunMs = 10'000;

/// A row of @p requests requests (the first @p failures failed) that each took @p us.
inline ResultEntry comparisonRow(const QString &type, const QString &name, qint64 us,
                                 qint64 requests, qint64 failures = 0)
{
    ResultEntry e;
    e.type = type;
    e.name = name;
    e.numRequests = requests;
    e.numFailures = failures;
    e.firstRequestMs = kComparisonT0Ms + 1;
    e.lastRequestMs = kComparisonT0Ms + kComparisonRunMs;
    e.histogram.recordN(us, requests);
    return e;
}

/// A 10-s run with @p rows (Aggregated = their merge); rps = requests / 10 s. The rows keep
/// their times (only rps and the history use @p startMs).
inline RunResult comparisonRun(const QList<ResultEntry> &rows, qint64 startMs = kComparisonT0Ms)
{
    RunResult r;
    r.startMs = startMs;
    r.endMs = startMs + kComparisonRunMs;
    r.percentiles = {50, 95, 99};
    r.entries = rows;
    r.aggregated.name = QStringLiteral("Aggregated");
    for (const ResultEntry &e : rows)
        r.aggregated.merge(e);
    r.aggregated.firstRequestMs = startMs + 1;
    r.aggregated.lastRequestMs = startMs + kComparisonRunMs;
    for (int i = 1; i <= 5; ++i) {
        HistoryPoint p;
        p.timestampMs = startMs + i * 1000;
        p.currentRps = double(r.aggregated.numRequests) / 10.0;
        p.p95Us = r.aggregated.percentileUs(95);
        r.history.append(p);
    }
    return r;
}

} // namespace cicada::test
