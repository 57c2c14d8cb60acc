#include "healthfeed.h"

#include "engine/runnerstate.h"
#include "format.h"
#include "report/runresult.h"

#include <algorithm>
#include <cmath>

namespace cicada {

namespace {
const QString kCpu = QStringLiteral("cpu|");
const QString kLag = QStringLiteral("lag|");
const QString kLate = QStringLiteral("late|");
} // namespace

HealthFeed::HealthFeed(QObject *parent) : TimeSeriesFeed(parent)
{
    setScaleOfKind(QStringLiteral("cpu"), QStringLiteral("users"));
    setScaleOfKind(QStringLiteral("lag"), QStringLiteral("latency"));
    setScaleOfKind(QStringLiteral("late"), QStringLiteral("latency"));
}

void HealthFeed::record(const GeneratorHealth &health, qint64 elapsedMs, bool openModel)
{
    // The runner's CPU and lag describe its last full second; sampling more often would repeat
    // the same second.
    if (m_lastElapsedMs >= 0 && elapsedMs - m_lastElapsedMs < 500)
        return;
    const double seconds = double(elapsedMs) / 1000.0;
    const double intervalS =
        m_lastElapsedMs >= 0 ? double(elapsedMs - m_lastElapsedMs) / 1000.0 : seconds;
    m_openModel = openModel;
    appendPoint(kCpu, {seconds, health.cpuPercent});
    appendPoint(kLag, {seconds, health.loopLagMs});
    if (openModel && intervalS > 0)
        appendPoint(kLate, {seconds, double(health.lateStarts - m_lastLateStarts) / intervalS});
    m_lastLateStarts = health.lateStarts;
    m_lastElapsedMs = elapsedMs;
    Q_EMIT updated();
}

void HealthFeed::setResult(const RunResult &result)
{
    setHealth(result.health, result.startMs, result.isOpenModel());
}

void HealthFeed::setHealth(const QList<HealthPoint> &health, qint64 startMs, bool openModel)
{
    clearPoints();
    m_openModel = openModel;
    m_bottleneckSeconds = 0;
    m_lastLateStarts = 0;
    m_lastElapsedMs = -1;
    qint64 previousMs = -1;
    for (const HealthPoint &p : health) {
        const double seconds = double(p.tMs - startMs) / 1000.0;
        // A downsampled point sums the late starts of several seconds.
        const double intervalS =
            previousMs >= 0 ? std::max(1.0, double(p.tMs - previousMs) / 1000.0) : 1.0;
        previousMs = p.tMs;
        appendPoint(kCpu, {seconds, p.cpuPercent});
        appendPoint(kLag, {seconds, p.worstLoopLagMs});
        if (m_openModel)
            appendPoint(kLate, {seconds, double(p.lateStarts) / intervalS});
        m_bottleneckSeconds += p.bottleneck ? 1 : 0;
    }
    Q_EMIT updated();
}

void HealthFeed::clear()
{
    clearPoints();
    m_openModel = false;
    m_bottleneckSeconds = 0;
    m_lastLateStarts = 0;
    m_lastElapsedMs = -1;
    Q_EMIT updated();
}

double HealthFeed::peakOf(const QString &metric) const
{
    double peak = 0;
    for (const QPointF &p : points(metric))
        peak = std::max(peak, p.y());
    return peak;
}

double HealthFeed::peakCpuPercent() const
{
    return peakOf(kCpu);
}

double HealthFeed::peakLagMs() const
{
    return peakOf(kLag);
}

QString HealthFeed::describeAt(double seconds) const
{
    QString text =
        tr("%1  CPU %2 % · loop lag %3 ms")
            .arg(Format::clock(qint64(seconds * 1000)), Format::decimal(valueAt(kCpu, seconds), 0),
                 Format::decimal(valueAt(kLag, seconds), 1));
    const double late = valueAt(kLate, seconds);
    if (!std::isnan(late))
        text += tr(" · late starts %1/s").arg(Format::decimal(late, 1));
    return text;
}

} // namespace cicada
