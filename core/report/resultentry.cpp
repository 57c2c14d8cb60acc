#include "report/resultentry.h"

#include "stats/statsentry.h"

#include <algorithm>

namespace cicada {

ResultEntry ResultEntry::fromStats(const StatsEntry &entry, const QList<double> &percentiles)
{
    ResultEntry out;
    out.type = entry.type();
    out.name = entry.name();
    out.kind = entry.kind();
    out.numRequests = entry.numRequests();
    out.numFailures = entry.numFailures();
    out.totalContentLength = entry.totalContentLength();
    out.firstRequestMs = entry.firstRequestMs();
    out.lastRequestMs = entry.lastRequestMs();
    out.histogram = entry.histogram();
    if (entry.hasServiceTime())
        out.serviceHistogram = entry.serviceHistogram();
    for (const double p : percentiles)
        out.percentilesUs.append({p, entry.percentileUs(p)});
    return out;
}

void ResultEntry::merge(const ResultEntry &other)
{
    if (isEmpty())
        kind = other.kind;
    numRequests += other.numRequests;
    numFailures += other.numFailures;
    totalContentLength += other.totalContentLength;
    if (other.firstRequestMs != 0)
        firstRequestMs = firstRequestMs == 0 ? other.firstRequestMs
                                             : std::min(firstRequestMs, other.firstRequestMs);
    lastRequestMs = std::max(lastRequestMs, other.lastRequestMs);
    histogram.merge(other.histogram);
    if (other.serviceHistogram) {
        if (!serviceHistogram)
            serviceHistogram.emplace();
        serviceHistogram->merge(*other.serviceHistogram);
    }
    for (auto &[p, us] : percentilesUs)
        us = histogram.valueAtPercentile(p);
    mergeHistory(other.history);
}

void ResultEntry::mergeHistory(const QList<NameHistoryPoint> &other)
{
    // Rows of one run share the Aggregated tick times, so equal times are the same second.
    QList<NameHistoryPoint> out;
    out.reserve(std::max(history.size(), other.size()));
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < history.size() || j < other.size()) {
        if (j == other.size() || (i < history.size() && history.at(i).tMs < other.at(j).tMs)) {
            out.append(history.at(i++));
        } else if (i == history.size() || other.at(j).tMs < history.at(i).tMs) {
            out.append(other.at(j++));
        } else {
            NameHistoryPoint both = NameHistoryPoint::merged(history.at(i++), other.at(j++));
            out.append(both);
        }
    }
    history = std::move(out);
}

double ResultEntry::failRatio() const
{
    return numRequests ? double(numFailures) / double(numRequests) : 0.0;
}

double ResultEntry::avgContentLength() const
{
    return numRequests ? double(totalContentLength) / double(numRequests) : 0.0;
}

} // namespace cicada
