#include "timeseriesfeed.h"

#include <QXYSeries>

#include <cmath>
#include <limits>

namespace cicada {

TimeSeriesFeed::TimeSeriesFeed(QObject *parent) : QObject(parent) {}

void TimeSeriesFeed::setWholeRun(bool wholeRun)
{
    if (m_wholeRun == wholeRun)
        return;
    m_wholeRun = wholeRun;
    Q_EMIT viewChanged();
    Q_EMIT updated();
}

void TimeSeriesFeed::setWindowSeconds(int seconds)
{
    seconds = std::max(10, seconds);
    if (m_windowSeconds == seconds)
        return;
    m_windowSeconds = seconds;
    Q_EMIT viewChanged();
    Q_EMIT updated();
}

QString TimeSeriesFeed::kindOf(const QString &metric)
{
    return metric.section(QLatin1Char('|'), 0, 0);
}

void TimeSeriesFeed::setScaleOfKind(const QString &kind, const QString &scale)
{
    m_scaleOfKind.insert(kind, scale);
}

void TimeSeriesFeed::appendPoint(const QString &metric, QPointF point)
{
    m_points[metric].append(point);
}

void TimeSeriesFeed::setPoints(const QString &metric, QList<QPointF> points)
{
    if (points.isEmpty())
        m_points.remove(metric);
    else
        m_points.insert(metric, std::move(points));
}

void TimeSeriesFeed::clearPoints()
{
    m_points.clear();
}

bool TimeSeriesFeed::isShown(const QString &metric) const
{
    Q_UNUSED(metric);
    return true;
}

double TimeSeriesFeed::lastX() const
{
    // Every metric counts here, shown or not: the time axis of a live run must not jump when a
    // name is picked or dropped.
    double last = 0;
    for (auto it = m_points.cbegin(); it != m_points.cend(); ++it)
        if (!it.value().isEmpty())
            last = std::max(last, it.value().constLast().x());
    return last;
}

double TimeSeriesFeed::xMin() const
{
    return m_wholeRun ? 0.0 : std::max(0.0, lastX() - m_windowSeconds);
}

double TimeSeriesFeed::xMax() const
{
    return std::max(xMin() + kAxisStepS, std::ceil(lastX() / kAxisStepS) * kAxisStepS);
}

QList<QPointF> TimeSeriesFeed::inView(const QList<QPointF> &points) const
{
    if (m_wholeRun)
        return points;
    const double from = xMin();
    QList<QPointF> out;
    for (const QPointF &p : points)
        if (p.x() >= from)
            out.append(p);
    return out;
}

int TimeSeriesFeed::pointCount() const
{
    qsizetype n = 0;
    for (auto it = m_points.cbegin(); it != m_points.cend(); ++it)
        if (isShown(it.key()))
            n = std::max(n, inView(it.value()).size());
    return int(n);
}

double TimeSeriesFeed::maxOfScale(const QString &scale) const
{
    double max = 0;
    for (auto it = m_points.cbegin(); it != m_points.cend(); ++it) {
        if (m_scaleOfKind.value(kindOf(it.key())) != scale || !isShown(it.key()))
            continue;
        for (const QPointF &p : inView(it.value()))
            max = std::max(max, p.y());
    }
    return max * kHeadroom;
}

void TimeSeriesFeed::fill(QAbstractSeries *series, const QString &metric) const
{
    if (auto *xy = qobject_cast<QXYSeries *>(series))
        xy->replace(inView(m_points.value(metric)));
}

double TimeSeriesFeed::valueAt(const QString &metric, double seconds) const
{
    const QList<QPointF> points = m_points.value(metric);
    const QPointF *best = nullptr;
    for (const QPointF &p : points)
        if (!best || std::abs(p.x() - seconds) < std::abs(best->x() - seconds))
            best = &p;
    return best ? best->y() : std::numeric_limits<double>::quiet_NaN();
}

} // namespace cicada
