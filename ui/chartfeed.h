#pragma once

#include "stats/historypoint.h"

#include <QAbstractSeries>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QQmlEngine>
#include <QVariantMap>

namespace cicada {

/**
 * @brief Feeds the run charts from a per-second history snapshot (Stats::history()).
 *
 * The owner calls setHistory() about once per second; QML then calls fill() for each of its
 * series (one QXYSeries::replace() each, no per-point signals) and reads the axis ranges.
 * Two views: a rolling window of the last windowSeconds, or the whole run (the history is already
 * downsampled by Stats on long runs). x is seconds since the run's start.
 */
class ChartFeed : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool wholeRun READ wholeRun WRITE setWholeRun NOTIFY viewChanged)
    Q_PROPERTY(int windowSeconds READ windowSeconds WRITE setWindowSeconds NOTIFY viewChanged)
    Q_PROPERTY(bool finished READ isFinished WRITE setFinished NOTIFY viewChanged)
    Q_PROPERTY(int pointCount READ pointCount NOTIFY updated)
    Q_PROPERTY(double xMin READ xMin NOTIFY updated)
    Q_PROPERTY(double xMax READ xMax NOTIFY updated)
    Q_PROPERTY(double rpsMax READ rpsMax NOTIFY updated)
    Q_PROPERTY(double latencyMaxMs READ latencyMaxMs NOTIFY updated)
    Q_PROPERTY(double usersMax READ usersMax NOTIFY updated)
    Q_PROPERTY(QVariantMap latest READ latest NOTIFY updated)
public:
    explicit ChartFeed(QObject *parent = nullptr);

    /** Replaces the history; @p startMs is the run's start (ms since the epoch). */
    void setHistory(const QList<HistoryPoint> &history, qint64 startMs);
    /**
     * @brief Sets a series drawn from its own points (x: seconds since the start) instead of the
     * history: "planned" (the load the profile plans: users, or iterations/s in the open model;
     * it may reach past the history) and "rate" (iterations started per second, open model).
     * Both count in usersMax(). The plan's future shows in the whole-run view, and in the rolling
     * view as far as one window reaches.
     */
    void setSeries(const QString &metric, QList<QPointF> points);
    [[nodiscard]] QList<QPointF> series(const QString &metric) const
    {
        return m_series.value(metric);
    }
    /** Forgets the history and the series; the run is live again (not finished). */
    void clear();
    [[nodiscard]] const QList<HistoryPoint> &history() const { return m_history; }

    [[nodiscard]] bool wholeRun() const { return m_wholeRun; }
    void setWholeRun(bool wholeRun);
    [[nodiscard]] int windowSeconds() const { return m_windowSeconds; }
    void setWindowSeconds(int seconds);
    /** The run has ended (or is a stored result): the x axis fits the run (a 13 s run ends at
     *  15 s) instead of leaving a live run's first minute of room. */
    [[nodiscard]] bool isFinished() const { return m_finished; }
    void setFinished(bool finished);
    /** Points in the current view. */
    [[nodiscard]] int pointCount() const;
    [[nodiscard]] double xMin() const;
    [[nodiscard]] double xMax() const;
    /** Largest value in the view plus 5 % headroom (the chart rounds it to a tick). */
    [[nodiscard]] double rpsMax() const;
    [[nodiscard]] double latencyMaxMs() const;
    [[nodiscard]] double usersMax() const;
    /** The newest point: {seconds, rps, failures, p50, p95, p99 (ms), users}, plus planned and
     *  rate (the setSeries() points nearest in time) when those series are set. */
    [[nodiscard]] QVariantMap latest() const;

    /**
     * Replaces the points of @p series (a QXYSeries, e.g. a QML LineSeries) with @p metric over
     * the current view: "rps", "failures", "p50", "p95", "p99" (ms), "users", or a setSeries()
     * metric ("planned", "rate").
     */
    Q_INVOKABLE void fill(QAbstractSeries *series, const QString &metric) const;
    /** The values at the point nearest to @p seconds (same keys as latest()). */
    Q_INVOKABLE [[nodiscard]] QVariantMap valuesAt(double seconds) const;
    /** A "nice" axis maximum ≥ @p value (1, 2, 5 × 10^k). */
    Q_INVOKABLE [[nodiscard]] static double niceCeiling(double value);

Q_SIGNALS:
    void updated();
    void viewChanged();

private:
    [[nodiscard]] double secondsOf(const HistoryPoint &p) const;
    [[nodiscard]] qsizetype firstVisible() const;
    [[nodiscard]] static double metricOf(const HistoryPoint &p, const QString &metric);
    [[nodiscard]] QVariantMap valuesOf(const HistoryPoint &p) const;
    [[nodiscard]] double maxOf(std::initializer_list<const char *> metrics) const;
    [[nodiscard]] QList<QPointF> seriesInView(const QString &metric) const;
    void addSeriesValues(QVariantMap *values, double seconds) const;

    QList<HistoryPoint> m_history;
    qint64 m_startMs = 0;
    bool m_wholeRun = false;
    bool m_finished = false;
    int m_windowSeconds = 300;
    QHash<QString, QList<QPointF>> m_series;
};

} // namespace cicada
