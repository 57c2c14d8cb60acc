#include "report/thresholdevaluator.h"

#include "report/reportformat.h"
#include "report/runresult.h"

#include <algorithm>

namespace cicada {

std::optional<ResultEntry> ThresholdEvaluator::select(const Threshold &threshold,
                                                      const RunResult &result)
{
    if (threshold.isOverall())
        return result.aggregated;
    // A name alone must not merge a send's latency with a push's age: operation rows win.
    const bool anyOperation =
        std::any_of(result.entries.cbegin(), result.entries.cend(), [&](const ResultEntry &e) {
            return e.name == threshold.name && !e.isMessage() &&
                   (threshold.type.isEmpty() || e.type == threshold.type);
        });
    std::optional<ResultEntry> selected;
    for (const ResultEntry &entry : result.entries) {
        if (entry.name != threshold.name ||
            (!threshold.type.isEmpty() && entry.type != threshold.type) ||
            (anyOperation && entry.isMessage()))
            continue;
        if (!selected) {
            selected = entry;
        } else {
            selected->type.clear();
            selected->merge(entry);
        }
    }
    return selected;
}

ThresholdVerdict ThresholdEvaluator::evaluate(const Threshold &threshold, const RunResult &result,
                                              double maxErrorRate)
{
    ThresholdVerdict verdict;
    verdict.expression = threshold.expression;
    const std::optional<ResultEntry> entry = select(threshold, result);
    const bool needsRequests =
        threshold.isLatency() || threshold.metric == Threshold::Metric::ErrorRate;
    if (!entry || (needsRequests && entry->isEmpty())) {
        verdict.passed = false;
        verdict.hasValue = false;
        verdict.measuredText = QStringLiteral("no data");
        verdict.detail =
            entry ? QStringLiteral("'%1' had no requests").arg(threshold.selectorText())
                  : QStringLiteral("no requests matched '%1'").arg(threshold.selectorText());
        return verdict;
    }
    if (threshold.isLatency() && entry->histogram.isEmpty()) {
        // Messages without a server timestamp have no age: nothing to compare, so not a PASS.
        verdict.passed = false;
        verdict.hasValue = false;
        verdict.measuredText = QStringLiteral("no timed samples");
        verdict.detail = QStringLiteral("'%1' had %2 messages, none with a time (a push needs "
                                        "a server timestamp for its age)")
                             .arg(threshold.selectorText())
                             .arg(entry->numRequests);
        return verdict;
    }
    double value = 0;
    switch (threshold.metric) {
    case Threshold::Metric::Percentile:
        value = double(entry->percentileUs(threshold.percentile));
        break;
    case Threshold::Metric::Average:
        value = entry->avgResponseTimeUs();
        break;
    case Threshold::Metric::Min:
        value = double(entry->histogram.min());
        break;
    case Threshold::Metric::Max:
        value = double(entry->histogram.max());
        break;
    case Threshold::Metric::ErrorRate:
        value = entry->failRatio();
        break;
    case Threshold::Metric::Rps:
    case Threshold::Metric::Rate:
        value = result.rps(*entry);
        break;
    case Threshold::Metric::Requests:
        value = double(entry->numRequests);
        break;
    case Threshold::Metric::Failures:
        value = double(entry->numFailures);
        break;
    }
    verdict.hasValue = true;
    verdict.measured = value;
    verdict.measuredText = formatValue(threshold, value);
    verdict.passed = threshold.holds(value);
    verdict.detail = QStringLiteral("%1/%2 failed").arg(entry->numFailures).arg(entry->numRequests);
    if (threshold.metric == Threshold::Metric::Percentile && entry->failRatio() > maxErrorRate) {
        verdict.unreliable = true;
        verdict.passed = false;
        verdict.detail += QStringLiteral("; unreliable: %1 failed, more than the %2 allowed for a "
                                         "percentile (thresholdOptions.maxErrorRate)")
                              .arg(ReportFormat::percent(entry->failRatio()),
                                   ReportFormat::percent(maxErrorRate));
    }
    return verdict;
}

QList<ThresholdVerdict> ThresholdEvaluator::evaluate(const QList<Threshold> &thresholds,
                                                     const RunResult &result, double maxErrorRate)
{
    QList<ThresholdVerdict> out;
    out.reserve(thresholds.size());
    for (const Threshold &t : thresholds)
        out.append(evaluate(t, result, maxErrorRate));
    return out;
}

QString ThresholdEvaluator::formatValue(const Threshold &threshold, double value)
{
    if (threshold.isLatency())
        return ReportFormat::ms(value) + QStringLiteral(" ms");
    switch (threshold.metric) {
    case Threshold::Metric::ErrorRate:
        return ReportFormat::percent(value);
    case Threshold::Metric::Rps:
    case Threshold::Metric::Rate:
        return ReportFormat::rate(value) + QStringLiteral("/s");
    default:
        return QString::number(qint64(value));
    }
}

} // namespace cicada
