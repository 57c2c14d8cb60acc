#include "statsentry.h"

#include <algorithm>
#include <utility>

namespace cicada {

namespace {

qint64 floorDiv(qint64 a, qint64 b)
{
    qint64 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) {
        --q;
    }
    return q;
}

constexpr qint64 kMsPerS = 1000;

void mergeTimes(qint64 &first, qint64 &last, qint64 otherFirst, qint64 otherLast)
{
    if (otherFirst != 0) {
        first = first == 0 ? otherFirst : std::min(first, otherFirst);
    }
    last = std::max(last, otherLast);
}

} // namespace

StatsEntry::StatsEntry(QString type, QString name, Kind kind)
    : m_type(std::move(type)), m_name(std::move(name)), m_kind(kind)
{}

void StatsEntry::record(const RequestOutcome &outcome)
{
    const qint64 second = floorDiv(outcome.timestampMs, kMsPerS);
    m_kind = outcome.kind;
    ++m_numRequests;
    ++m_requestsPerSec[second];
    if (outcome.failed()) {
        ++m_numFailures;
        ++m_failuresPerSec[second];
    }
    // A message without a time (a push without a server timestamp, a fire-and-forget send) has
    // no latency: a zero here would drag every percentile of the row down.
    if (outcome.kind == Kind::Operation || outcome.hasTime) {
        m_histogram.record(outcome.responseTimeUs);
        if (outcome.serviceTimeUs >= 0) {
            if (!m_serviceHistogram)
                m_serviceHistogram.emplace();
            m_serviceHistogram->record(outcome.serviceTimeUs);
        }
    }
    m_totalContentLength += outcome.contentLength;
    mergeTimes(m_firstRequestMs, m_lastRequestMs, outcome.timestampMs, outcome.timestampMs);
}

void StatsEntry::merge(const StatsEntry &other)
{
    if (isEmpty()) {
        m_kind = other.m_kind;
    }
    m_numRequests += other.m_numRequests;
    m_numFailures += other.m_numFailures;
    m_totalContentLength += other.m_totalContentLength;
    m_histogram.merge(other.m_histogram);
    if (other.m_serviceHistogram) {
        if (!m_serviceHistogram)
            m_serviceHistogram.emplace();
        m_serviceHistogram->merge(*other.m_serviceHistogram);
    }
    for (auto it = other.m_requestsPerSec.cbegin(); it != other.m_requestsPerSec.cend(); ++it) {
        m_requestsPerSec[it.key()] += it.value();
    }
    for (auto it = other.m_failuresPerSec.cbegin(); it != other.m_failuresPerSec.cend(); ++it) {
        m_failuresPerSec[it.key()] += it.value();
    }
    mergeTimes(m_firstRequestMs, m_lastRequestMs, other.m_firstRequestMs, other.m_lastRequestMs);
}

const Histogram &StatsEntry::serviceHistogram() const
{
    static const Histogram kEmpty;
    return m_serviceHistogram ? *m_serviceHistogram : kEmpty;
}

void StatsEntry::reset()
{
    *this = StatsEntry(m_type, m_name, m_kind);
}

void StatsEntry::trimPerSecond(qint64 keepFromSec)
{
    m_requestsPerSec.erase(m_requestsPerSec.begin(), m_requestsPerSec.lowerBound(keepFromSec));
    m_failuresPerSec.erase(m_failuresPerSec.begin(), m_failuresPerSec.lowerBound(keepFromSec));
}

double StatsEntry::failRatio() const
{
    return m_numRequests ? static_cast<double>(m_numFailures) / static_cast<double>(m_numRequests)
                         : 0.0;
}

double StatsEntry::avgContentLength() const
{
    return m_numRequests
               ? static_cast<double>(m_totalContentLength) / static_cast<double>(m_numRequests)
               : 0.0;
}

double StatsEntry::totalRps(qint64 startMs, qint64 endMs) const
{
    if (startMs == 0 || endMs == 0 || endMs <= startMs) {
        return 0.0;
    }
    return static_cast<double>(m_numRequests) * kMsPerS / static_cast<double>(endMs - startMs);
}

double StatsEntry::totalFailPerSec(qint64 startMs, qint64 endMs) const
{
    if (startMs == 0 || endMs == 0 || endMs <= startMs) {
        return 0.0;
    }
    return static_cast<double>(m_numFailures) * kMsPerS / static_cast<double>(endMs - startMs);
}

double StatsEntry::windowMean(const QMap<qint64, qint64> &perSec, qint64 nowMs, qint64 startMs)
{
    const qint64 nowS = floorDiv(nowMs, kMsPerS);
    qint64 from = nowS - kCurrentWindowStartS;
    if (startMs > 0) {
        from = std::max(from, floorDiv(startMs, kMsPerS));
    }
    const qint64 to = nowS - kCurrentWindowSkipS; // exclusive
    if (to <= from) {
        return 0.0;
    }
    qint64 sum = 0;
    for (auto it = perSec.lowerBound(from); it != perSec.cend() && it.key() < to; ++it) {
        sum += it.value();
    }
    return static_cast<double>(sum) / static_cast<double>(to - from);
}

double StatsEntry::currentRps(qint64 nowMs, qint64 startMs) const
{
    return windowMean(m_requestsPerSec, nowMs, startMs);
}

double StatsEntry::currentFailPerSec(qint64 nowMs, qint64 startMs) const
{
    return windowMean(m_failuresPerSec, nowMs, startMs);
}

} // namespace cicada
