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
