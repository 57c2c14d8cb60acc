#pragma once

#include "timeseriesfeed.h"

namespace cicada {

struct GeneratorHealth;
struct HealthPoint;
struct RunResult;

/**
 * @brief The generator's health over time for the health charts: CPU of the Cicada process
 *        ("cpu|", % of one core), the worst worker event-loop lag ("lag|", ms) and late starts
 *        per second ("late|", open model), with the seconds Cicada was the bottleneck.
 *
 * Live, setHealth() takes the run's per-second samples (Stats::health()), or, while the runner
 * does not record them, record() samples its GeneratorHealth about once per second; a saved run
 * is read with setResult() (RunResult::health). Scales for CcChart: cpu on "users", lag and late
 * starts on "latency".
 */
class HealthFeed : public TimeSeriesFeed
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool openModel READ isOpenModel NOTIFY updated)
    Q_PROPERTY(int bottleneckSeconds READ bottleneckSeconds NOTIFY updated)
    Q_PROPERTY(double peakCpuPercent READ peakCpuPercent NOTIFY updated)
    Q_PROPERTY(double peakLagMs READ peakLagMs NOTIFY updated)
public:
    explicit HealthFeed(QObject *parent = nullptr);

    /** Live, while the runner records no Stats::health(): one sample at @p elapsedMs since the
     *  run's start. It marks no bottleneck: one second of lag is no verdict (core's
     *  BottleneckRule judges a window and marks Stats::health() points). */
    void record(const GeneratorHealth &health, qint64 elapsedMs, bool openModel);
    /** A saved run's health samples. */
    void setResult(const RunResult &result);
    /** Replaces the points with @p health (Stats::health(), RunResult::health); @p startMs: the
     *  run's start (ms since the epoch). */
    void setHealth(const QList<HealthPoint> &health, qint64 startMs, bool openModel);
    void clear();

    [[nodiscard]] bool isOpenModel() const { return m_openModel; }
    /** Samples in which Cicada was the bottleneck (HealthPoint::bottleneck). */
    [[nodiscard]] int bottleneckSeconds() const { return m_bottleneckSeconds; }
    [[nodiscard]] double peakCpuPercent() const;
    [[nodiscard]] double peakLagMs() const;
    /** Hover text at @p seconds: CPU, lag, late starts. */
    Q_INVOKABLE [[nodiscard]] QString describeAt(double seconds) const;

private:
    [[nodiscard]] double peakOf(const QString &metric) const;

    bool m_openModel = false;
    int m_bottleneckSeconds = 0;
    qint64 m_lastLateStarts = 0;
    qint64 m_lastElapsedMs = -1;
};

} // namespace cicada
