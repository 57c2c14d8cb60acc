#pragma once

#include <QAbstractSeries>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QQmlEngine>

namespace cicada {

/**
 * @brief Named point series over time (x: seconds since the run's start) for a CcChart, with the
 *        same interface as ChartFeed: fill(), the axis ranges, a rolling or whole-run view.
 *
 * A metric is "KIND|ID" (e.g. "rps|GET /api/items", "cpu|"); the subclass maps each KIND to one
 * of CcChart's y scales ("rps", "latency", "users") with setScaleOfKind(), and may hide metrics
 * from the ranges (isShown(), e.g. names not picked). The owner appends points about once per
 * second or replaces them from a saved result; QML calls fill() once per series per update (one
 * QXYSeries::replace(), no per-point signals).
 */
class TimeSeriesFeed : public QObject
{
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(bool wholeRun READ wholeRun WRITE setWholeRun NOTIFY viewChanged)
    Q_PROPERTY(int windowSeconds READ windowSeconds WRITE setWindowSeconds NOTIFY viewChanged)
    Q_PROPERTY(int pointCount READ pointCount NOTIFY updated)
    Q_PROPERTY(double xMin READ xMin NOTIFY updated)
    Q_PROPERTY(double xMax READ xMax NOTIFY updated)
    Q_PROPERTY(double rpsMax READ rpsMax NOTIFY updated)
    Q_PROPERTY(double latencyMaxMs READ latencyMaxMs NOTIFY updated)
    Q_PROPERTY(double usersMax READ usersMax NOTIFY updated)
public:
    /// The x axis ends on a multiple of this (s), and is never narrower.
    static constexpr double kAxisStepS = 10.0;
    /// Headroom above the largest value in view (the chart rounds the maximum to a tick).
    static constexpr double kHeadroom = 1.05;

    explicit TimeSeriesFeed(QObject *parent = nullptr);

    [[nodiscard]] bool wholeRun() const { return m_wholeRun; }
    void setWholeRun(bool wholeRun);
    [[nodiscard]] int windowSeconds() const { return m_windowSeconds; }
    void setWindowSeconds(int seconds);

    /** Points of the shown metrics in the current view (the most of any one metric). */
    [[nodiscard]] int pointCount() const;
    [[nodiscard]] double xMin() const;
    [[nodiscard]] double xMax() const;
    /** Largest shown value of the metrics on the "rps" scale in view, plus headroom. */
    [[nodiscard]] double rpsMax() const { return maxOfScale(QStringLiteral("rps")); }
    [[nodiscard]] double latencyMaxMs() const { return maxOfScale(QStringLiteral("latency")); }
    [[nodiscard]] double usersMax() const { return maxOfScale(QStringLiteral("users")); }

    /** All points of @p metric, oldest first. */
    [[nodiscard]] QList<QPointF> points(const QString &metric) const
    {
        return m_points.value(metric);
    }
    /** Replaces @p series' points (a QXYSeries) with @p metric's in the current view. */
    Q_INVOKABLE void fill(QAbstractSeries *series, const QString &metric) const;
    /** The y of @p metric at the point nearest to @p seconds; NaN without points. */
    Q_INVOKABLE [[nodiscard]] double valueAt(const QString &metric, double seconds) const;

Q_SIGNALS:
    void updated();
    void viewChanged();

protected:
    /** "KIND|ID" → KIND. */
    [[nodiscard]] static QString kindOf(const QString &metric);
    void setScaleOfKind(const QString &kind, const QString &scale);
    /** Appends one point (x ≥ the last x of that metric); does not emit updated(). */
    void appendPoint(const QString &metric, QPointF point);
    /** Replaces all points of @p metric; does not emit updated(). */
    void setPoints(const QString &metric, QList<QPointF> points);
    /** Forgets every point; does not emit updated(). */
    void clearPoints();
    /** Metrics that count in the ranges and pointCount(); all by default. */
    [[nodiscard]] virtual bool isShown(const QString &metric) const;
    [[nodiscard]] QList<QString> metrics() const { return m_points.keys(); }

private:
    [[nodiscard]] double lastX() const;
    [[nodiscard]] double maxOfScale(const QString &scale) const;
    [[nodiscard]] QList<QPointF> inView(const QList<QPointF> &points) const;

    QHash<QString, QList<QPointF>> m_points;
    QHash<QString, QString> m_scaleOfKind;
    bool m_wholeRun = false;
    int m_windowSeconds = 300;
};

} // namespace cicada
