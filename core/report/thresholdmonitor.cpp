#include "report/thresholdmonitor.h"

#include "report/reportformat.h"
#include "report/thresholdevaluator.h"
#include "stats/stats.h"

#include <algorithm>

namespace cicada {

ThresholdMonitor::ThresholdMonitor(const QList<Threshold> &thresholds, qint64 sustainMs)
    : m_sustainMs(sustainMs)
{
    for (qsizetype i = 0; i < thresholds.size(); ++i) {
        const Threshold &t = thresholds.at(i);
        if (t.isLatency() || t.metric == Threshold::Metric::ErrorRate)
            m_watches.push_back(Watch{t, i, {}, -1, std::nullopt});
    }
}

ThresholdMonitor::Snapshot ThresholdMonitor::snapshot(const Stats &stats,
                                                      const Threshold &threshold)
{
    StatsEntry merged;
    if (threshold.isOverall()) {
        merged = stats.total();
    } else {
        // Same selection as ThresholdEvaluator::select(): operation rows win over message rows.
        const QList<const StatsEntry *> entries = stats.entries();
        const auto matches = [&](const StatsEntry *e) {
            return e->name() == threshold.name &&
                   (threshold.type.isEmpty() || e->type() == threshold.type);
        };
        const bool anyOperation = std::any_of(entries.cbegin(), entries.cend(), [&](auto *e) {
            return matches(e) && !e->isMessage();
        });
        for (const StatsEntry *entry : entries) {
            if (matches(entry) && !(anyOperation && entry->isMessage()))
                merged.merge(*entry);
        }
    }
    Snapshot s;
    s.requests = merged.numRequests();
    s.timed = merged.timedCount();
    s.failures = merged.numFailures();
    s.sumUs = merged.totalResponseTimeUs();
    if (threshold.isLatency())
        s.buckets = merged.histogram().buckets();
    return s;
}

std::optional<double> ThresholdMonitor::windowValue(const Threshold &threshold,
                                                    const Snapshot &from, const Snapshot &to)
{
    const qint64 requests = to.requests - from.requests;
    if (requests <= 0)
        return std::nullopt;
    if (threshold.metric == Threshold::Metric::ErrorRate)
        return double(to.failures - from.failures) / double(requests);
    const qint64 timed = to.timed - from.timed;
    if (timed <= 0)
        return std::nullopt;
    if (threshold.metric == Threshold::Metric::Average)
        return double(to.sumUs - from.sumUs) / double(timed);
    // The window's distribution: bucket counts now minus bucket counts then (both ascending).
    Histogram window;
    qsizetype j = 0;
    for (const auto &[value, count] : to.buckets) {
        while (j < from.buckets.size() && from.buckets.at(j).first < value)
            ++j;
        const qint64 before = j < from.buckets.size() && from.buckets.at(j).first == value
                                  ? from.buckets.at(j).second
                                  : 0;
        window.recordN(value, count - before);
    }
    switch (threshold.metric) {
    case Threshold::Metric::Min:
        return double(window.min());
    case Threshold::Metric::Max:
        return double(window.max());
    default:
        return double(window.valueAtPercentile(threshold.percentile));
    }
}

qsizetype ThresholdMonitor::update(const Stats &stats, qint64 nowMs)
{
    m_lastUpdateMs = nowMs;
    qsizetype broken = -1;
    for (Watch &w : m_watches) {
        Snapshot now = snapshot(stats, w.threshold);
        // Until kWindowS snapshots exist, the window reaches back to the start of the run.
        const Snapshot base =
            w.snapshots.size() < size_t(kWindowS) ? Snapshot() : w.snapshots.front();
        w.value = windowValue(w.threshold, base, now);
        w.snapshots.push_back(std::move(now));
        while (w.snapshots.size() > size_t(kWindowS))
            w.snapshots.pop_front();
        if (!w.value || w.threshold.holds(*w.value)) {
            w.brokenSinceMs = -1;
            continue;
        }
        if (w.brokenSinceMs < 0)
            w.brokenSinceMs = nowMs;
        if (broken < 0 && nowMs - w.brokenSinceMs >= m_sustainMs)
            broken = w.index;
    }
    return broken;
}

QString ThresholdMonitor::describeBreak(qsizetype index) const
{
    for (const Watch &w : m_watches) {
        if (w.index != index)
            continue;
        const qint64 forMs = w.brokenSinceMs >= 0 ? m_lastUpdateMs - w.brokenSinceMs : 0;
        return QStringLiteral("broken for %1 in a row (last %2-s window value %3); the run was "
                              "aborted")
            .arg(ReportFormat::duration(forMs))
            .arg(kWindowS)
            .arg(w.value ? ThresholdEvaluator::formatValue(w.threshold, *w.value)
                         : QStringLiteral("no data"));
    }
    return {};
}

} // namespace cicada
