#include "stats.h"

#include <algorithm>
#include <tuple>

namespace cicada {

namespace {

constexpr qint64 kMsPerS = 1000;

// Merges neighbouring pairs of the oldest half of @p points; returns the end of the merged
// range ((0,1), (2,3), ... up to it).
template <typename Point>
qsizetype downsampleOldestHalf(QList<Point> &points, Point (*merge)(const Point &, const Point &))
{
    const qsizetype half = points.size() / 2;
    const qsizetype pairedEnd = half - half % 2;
    QList<Point> out;
    out.reserve(points.size() - pairedEnd / 2);
    for (qsizetype i = 0; i < pairedEnd; i += 2)
        out.append(merge(points.at(i), points.at(i + 1)));
    for (qsizetype i = pairedEnd; i < points.size(); ++i)
        out.append(points.at(i));
    points = std::move(out);
    return pairedEnd;
}

// Two neighbouring history points become one standing for both seconds. Cumulative values come
// from the later point (they are "as of" its time); rates are averaged; window percentiles keep
// the larger value so latency spikes stay visible after downsampling.
HistoryPoint mergePoints(const HistoryPoint &older, const HistoryPoint &newer)
{
    HistoryPoint p = newer;
    p.currentRps = (older.currentRps + newer.currentRps) / 2.0;
    p.currentFailPerSec = (older.currentFailPerSec + newer.currentFailPerSec) / 2.0;
    p.p50Us = std::max(older.p50Us, newer.p50Us);
    p.p95Us = std::max(older.p95Us, newer.p95Us);
    p.p99Us = std::max(older.p99Us, newer.p99Us);
    return p;
}

} // namespace

bool Stats::KeyLess::operator()(const StatsKey &a, const StatsKey &b) const
{
    return std::tie(a.name, a.type) < std::tie(b.name, b.type);
}

Stats::Stats(qint64 startTimeMs) : m_startTimeMs(startTimeMs) {}

void Stats::merge(const StatsDelta &delta)
{
    for (auto it = delta.entries.cbegin(); it != delta.entries.cend(); ++it) {
        auto [pos, inserted] = m_entries.try_emplace(
            it.key(), StatsEntry(it.key().type, it.key().name, it.value().kind()));
        pos->second.merge(it.value());
        m_names.add(it.key(), it.value());
        if (it.value().isMessage()) {
            m_messageTotal.merge(it.value());
        } else {
            m_total.merge(it.value());
            m_openSlot.merge(it.value().histogram());
            m_names.addAggregated(it.value());
        }
    }
    for (auto it = delta.errors.cbegin(); it != delta.errors.cend(); ++it) {
        m_errors[it.key()] += it.value();
    }
    // Per-second counts only feed the current-RPS window; keep a bounded tail.
    if (!delta.entries.isEmpty() && lastEventMs() > 0) {
        const qint64 keepFrom = lastEventMs() / kMsPerS - kPerSecondKeepS;
        m_total.trimPerSecond(keepFrom);
        m_messageTotal.trimPerSecond(keepFrom);
        for (auto it = delta.entries.cbegin(); it != delta.entries.cend(); ++it) {
            m_entries.find(it.key())->second.trimPerSecond(keepFrom);
        }
    }
}

void Stats::record(const RequestOutcome &outcome)
{
    StatsDelta delta;
    StatsEntry entry(outcome.type, outcome.name, outcome.kind);
    entry.record(outcome);
    delta.entries.insert(StatsKey{outcome.type, outcome.name}, entry);
    if (outcome.failed()) {
        delta.errors.insert(ErrorKey{outcome.type, outcome.name, outcome.error}, 1);
    }
    merge(delta);
}

QList<const StatsEntry *> Stats::entries() const
{
    QList<const StatsEntry *> out;
    out.reserve(static_cast<qsizetype>(m_entries.size()));
    for (const auto &[key, entry] : m_entries) {
        out.append(&entry);
    }
    return out;
}

QList<const StatsEntry *> Stats::operationEntries() const
{
    QList<const StatsEntry *> out;
    for (const auto &[key, entry] : m_entries) {
        if (!entry.isMessage()) {
            out.append(&entry);
        }
    }
    return out;
}

QList<const StatsEntry *> Stats::messageEntries() const
{
    QList<const StatsEntry *> out;
    for (const auto &[key, entry] : m_entries) {
        if (entry.isMessage()) {
            out.append(&entry);
        }
    }
    return out;
}

qint64 Stats::lastEventMs() const
{
    return std::max(m_total.lastRequestMs(), m_messageTotal.lastRequestMs());
}

const StatsEntry *Stats::entry(const QString &type, const QString &name) const
{
    const auto it = m_entries.find(StatsKey{type, name});
    return it == m_entries.end() ? nullptr : &it->second;
}

QList<StatsError> Stats::errors() const
{
    QList<StatsError> out;
    out.reserve(m_errors.size());
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it) {
        out.append(StatsError{it.key().type, it.key().name, it.key().error, it.value()});
    }
    std::sort(out.begin(), out.end(), [](const StatsError &a, const StatsError &b) {
        return std::tie(b.occurrences, a.type, a.name, a.error) <
               std::tie(a.occurrences, b.type, b.name, b.error);
    });
    return out;
}

qint64 Stats::errorCount() const
{
    qint64 n = 0;
    for (const qint64 occurrences : m_errors) {
        n += occurrences;
    }
    return n;
}

qint64 Stats::startTimeMs() const
{
    if (m_startTimeMs != 0) {
        return m_startTimeMs;
    }
    const qint64 ops = m_total.firstRequestMs();
    const qint64 messages = m_messageTotal.firstRequestMs();
    return ops == 0 ? messages : (messages == 0 ? ops : std::min(ops, messages));
}

double Stats::totalRps(const StatsEntry &entry) const
{
    // The run's last event of any kind ends the interval, so a message row's rate and an
    // operation row's rps are measured over the same time.
    return entry.totalRps(startTimeMs(), lastEventMs());
}

double Stats::totalFailPerSec(const StatsEntry &entry) const
{
    return entry.totalFailPerSec(startTimeMs(), lastEventMs());
}

double Stats::currentRps(const StatsEntry &entry, qint64 nowMs) const
{
    return entry.currentRps(nowMs, startTimeMs());
}

double Stats::currentFailPerSec(const StatsEntry &entry, qint64 nowMs) const
{
    return entry.currentFailPerSec(nowMs, startTimeMs());
}

Histogram Stats::windowHistogram() const
{
    Histogram window = m_openSlot;
    for (const Histogram &slot : m_closedSlots) {
        window.merge(slot);
    }
    return window;
}

void Stats::tick(qint64 nowMs, int userCount)
{
    m_closedSlots.push_back(std::move(m_openSlot));
    m_openSlot = Histogram();
    while (m_closedSlots.size() > static_cast<size_t>(kWindowSlots)) {
        m_closedSlots.pop_front();
    }
    const Histogram window = windowHistogram();

    HistoryPoint p;
    p.timestampMs = nowMs;
    p.userCount = userCount;
    p.currentRps = currentRps(m_total, nowMs);
    p.currentFailPerSec = currentFailPerSec(m_total, nowMs);
    p.p50Us = window.valueAtPercentile(50);
    p.p95Us = window.valueAtPercentile(95);
    p.p99Us = window.valueAtPercentile(99);
    p.totalCount = m_total.numRequests();
    p.totalFailures = m_total.numFailures();
    p.totalAvgUs = m_total.avgResponseTimeUs();
    p.totalMinUs = m_total.minResponseTimeUs();
    p.totalMaxUs = m_total.maxResponseTimeUs();
    p.totalMedianUs = m_total.medianResponseTimeUs();
    p.totalAvgContentLength = m_total.avgContentLength();
    m_history.append(p);
    m_names.tick(nowMs, m_closedSlots.back());
    if (m_history.size() > kMaxHistoryPoints) {
        downsampleHistory();
    }
}

void Stats::downsampleHistory()
{
    const qsizetype ticks = m_history.size();
    const qsizetype pairedEnd = downsampleOldestHalf(m_history, &mergePoints);
    m_names.downsample(ticks, pairedEnd);
}

void Stats::recordHealth(const HealthPoint &point)
{
    m_health.append(point);
    if (m_health.size() > kMaxHistoryPoints)
        downsampleOldestHalf(m_health, &HealthPoint::merged);
}

void Stats::reset(qint64 nowMs)
{
    for (auto &[key, entry] : m_entries) {
        entry.reset();
    }
    m_total.reset();
    m_messageTotal.reset();
    m_errors.clear();
    m_openSlot = Histogram();
    m_closedSlots.clear();
    m_history.clear();
    m_names.clear();
    m_health.clear();
    m_startTimeMs = nowMs;
}

} // namespace cicada
