#include "namehistory.h"

#include <algorithm>
#include <utility>

namespace cicada {

void NameHistory::add(const StatsKey &key, const StatsEntry &delta)
{
    Series &series = m_rows[key];
    series.requests += delta.numRequests();
    series.failures += delta.numFailures();
    series.open.merge(delta.histogram());
}

void NameHistory::addAggregated(const StatsEntry &delta)
{
    m_aggregated.requests += delta.numRequests();
    m_aggregated.failures += delta.numFailures();
}

void NameHistory::close(Series &series, qint64 nowMs)
{
    series.points.append(
        NameHistoryPoint{nowMs, series.requests, series.failures, series.open.valueAtPercentile(50),
                         series.open.valueAtPercentile(95), series.open.valueAtPercentile(99)});
    series.requests = 0;
    series.failures = 0;
    series.lastSecond = std::exchange(series.open, Histogram());
}

void NameHistory::tick(qint64 nowMs, const Histogram &aggregatedSecond)
{
    for (Series &series : m_rows)
        close(series, nowMs);
    m_aggregated.open = aggregatedSecond;
    close(m_aggregated, nowMs);
}

void NameHistory::downsample(QList<NameHistoryPoint> &points, qsizetype ticks, qsizetype pairedEnd)
{
    // Point j of this row is tick ticks − size + j. A row that began on the newer tick of a pair
    // keeps that point alone: it already stands for the pair's time.
    const qsizetype offset = std::max<qsizetype>(0, ticks - points.size());
    QList<NameHistoryPoint> out;
    out.reserve(points.size());
    qsizetype j = 0;
    if (offset % 2 == 1 && offset < pairedEnd)
        out.append(points.at(j++));
    for (; offset + j + 1 < pairedEnd && j + 1 < points.size(); j += 2)
        out.append(NameHistoryPoint::merged(points.at(j), points.at(j + 1)));
    for (; j < points.size(); ++j)
        out.append(points.at(j));
    points = std::move(out);
}

void NameHistory::downsample(qsizetype ticks, qsizetype pairedEnd)
{
    for (Series &series : m_rows)
        downsample(series.points, ticks, pairedEnd);
    downsample(m_aggregated.points, ticks, pairedEnd);
}

void NameHistory::clear()
{
    m_rows.clear();
    m_aggregated = Series();
}

QList<NameHistoryPoint> NameHistory::points(const StatsKey &key) const
{
    const auto it = m_rows.constFind(key);
    return it == m_rows.cend() ? QList<NameHistoryPoint>() : it->points;
}

Histogram NameHistory::lastSecond(const StatsKey &key) const
{
    const auto it = m_rows.constFind(key);
    return it == m_rows.cend() ? Histogram() : it->lastSecond;
}

} // namespace cicada
