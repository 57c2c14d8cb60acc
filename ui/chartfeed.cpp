#include "chartfeed.h"

#include <QPointF>
#include <QXYSeries>

#include <cmath>

namespace cicada {

ChartFeed::ChartFeed(QObject *parent) : QObject(parent) {}

void ChartFeed::setHistory(const QList<HistoryPoint> &history, qint64 startMs)
{
    m_history = history;
    m_startMs =
        startMs > 0 ? startMs : (history.isEmpty() ? 0 : history.first().timestampMs - 1000);
    Q_EMIT updated();
}

void ChartFeed::setSeries(const QString &metric, QList<QPointF> points)
{
    if (points.isEmpty())
        m_series.remove(metric);
    else
        m_series.insert(metric, std::move(points));
    Q_EMIT updated();
}

void ChartFeed::clear()
{
    m_history.clear();
    m_series.clear();
    m_startMs = 0;
    if (m_finished) {
        m_finished = false;
        Q_EMIT viewChanged();
    }
    Q_EMIT updated();
}

QList<QPointF> ChartFeed::seriesInView(const QString &metric) const
{
    const QList<QPointF> all = m_series.value(metric);
    if (m_wholeRun || m_history.isEmpty())
        return all;
    // The rolling view: the window of the history, and of the plan as much of its future as
    // fits in one window.
    const double from = xMin();
    const double to =
        metric == QLatin1String("planned") ? from + m_windowSeconds : secondsOf(m_history.last());
    QList<QPointF> points;
    for (const QPointF &p : all)
        if (p.x() >= from && p.x() <= to)
            points.append(p);
    return points;
}

void ChartFeed::addSeriesValues(QVariantMap *values, double seconds) const
{
    for (auto it = m_series.cbegin(); it != m_series.cend(); ++it) {
        const QPointF *best = nullptr;
        for (const QPointF &p : it.value())
            if (!best || std::abs(p.x() - seconds) < std::abs(best->x() - seconds))
                best = &p;
        if (best)
            values->insert(it.key(), best->y());
    }
}

void ChartFeed::setWholeRun(bool wholeRun)
{
    if (m_wholeRun == wholeRun)
        return;
    m_wholeRun = wholeRun;
    Q_EMIT viewChanged();
    Q_EMIT updated();
}

void ChartFeed::setFinished(bool finished)
{
    if (m_finished == finished)
        return;
    m_finished = finished;
    Q_EMIT viewChanged();
    Q_EMIT updated();
}

void ChartFeed::setWindowSeconds(int seconds)
{
    seconds = std::max(10, seconds);
    if (m_windowSeconds == seconds)
        return;
    m_windowSeconds = seconds;
    Q_EMIT viewChanged();
    Q_EMIT updated();
}

double ChartFeed::secondsOf(const HistoryPoint &p) const
{
    return double(p.timestampMs - m_startMs) / 1000.0;
}

qsizetype ChartFeed::firstVisible() const
{
    if (m_wholeRun || m_history.isEmpty())
        return 0;
    const double from = secondsOf(m_history.last()) - m_windowSeconds;
    qsizetype i = m_history.size();
    while (i > 0 && secondsOf(m_history.at(i - 1)) >= from)
        --i;
    return i;
}

int ChartFeed::pointCount() const
{
    return int(m_history.size() - firstVisible());
}

double ChartFeed::xMin() const
{
    if (m_history.isEmpty())
        return 0;
    if (m_wholeRun)
        return 0;
    return std::max(0.0, secondsOf(m_history.last()) - m_windowSeconds);
}

double ChartFeed::xMax() const
{
    // A plan shows whole before the run and in the whole-run view.
    const QList<QPointF> planned = m_series.value(QStringLiteral("planned"));
    const double planEnd = planned.isEmpty() ? 0 : std::ceil(planned.last().x() / 10.0) * 10.0;
    if (m_history.isEmpty())
        return planned.isEmpty() ? 60.0 : std::max(10.0, planEnd);
    const double last = secondsOf(m_history.last());
    if (m_finished) {
        // The run is over: nothing more will come, so the axis ends with it (a round second).
        const double step = last <= 60 ? 5 : last <= 600 ? 10 : 60;
        return std::max(xMin() + step, std::ceil(last / step) * step);
    }
    // At least a minute wide, so the first seconds of a run do not fill the whole chart.
    const double max = std::max(xMin() + 60.0, std::ceil(last / 10.0) * 10.0);
    return std::max(max, m_wholeRun ? planEnd : std::min(planEnd, xMin() + m_windowSeconds));
}

double ChartFeed::metricOf(const HistoryPoint &p, const QString &metric)
{
    if (metric == QLatin1String("rps"))
        return p.currentRps;
    if (metric == QLatin1String("failures"))
        return p.currentFailPerSec;
    if (metric == QLatin1String("p50"))
        return double(p.p50Us) / 1000.0;
    if (metric == QLatin1String("p95"))
        return double(p.p95Us) / 1000.0;
    if (metric == QLatin1String("p99"))
        return double(p.p99Us) / 1000.0;
    if (metric == QLatin1String("users"))
        return p.userCount;
    return 0;
}

double ChartFeed::maxOf(std::initializer_list<const char *> metrics) const
{
    double max = 0;
    for (qsizetype i = firstVisible(); i < m_history.size(); ++i) {
        for (const char *m : metrics)
            max = std::max(max, metricOf(m_history.at(i), QString::fromLatin1(m)));
    }
    return max;
}

double ChartFeed::niceCeiling(double value)
{
    if (!(value > 0))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (value <= step * magnitude)
            return step * magnitude;
    }
    return 10 * magnitude;
}

double ChartFeed::rpsMax() const
{
    return maxOf({"rps", "failures"}) * 1.05;
}

double ChartFeed::latencyMaxMs() const
{
    return maxOf({"p50", "p95", "p99"}) * 1.05;
}

double ChartFeed::usersMax() const
{
    double max = maxOf({"users"});
    for (auto it = m_series.cbegin(); it != m_series.cend(); ++it)
        for (const QPointF &p : seriesInView(it.key()))
            max = std::max(max, p.y());
    return max * 1.05;
}

QVariantMap ChartFeed::valuesOf(const HistoryPoint &p) const
{
    return {{QStringLiteral("seconds"), secondsOf(p)},
            {QStringLiteral("rps"), p.currentRps},
            {QStringLiteral("failures"), p.currentFailPerSec},
            {QStringLiteral("p50"), double(p.p50Us) / 1000.0},
            {QStringLiteral("p95"), double(p.p95Us) / 1000.0},
            {QStringLiteral("p99"), double(p.p99Us) / 1000.0},
            {QStringLiteral("users"), p.userCount}};
}

QVariantMap ChartFeed::latest() const
{
    if (m_history.isEmpty())
        return {};
    QVariantMap values = valuesOf(m_history.last());
    addSeriesValues(&values, secondsOf(m_history.last()));
    return values;
}

QVariantMap ChartFeed::valuesAt(double seconds) const
{
    QVariantMap values;
    if (!m_history.isEmpty()) {
        const HistoryPoint *best = &m_history.first();
        for (const HistoryPoint &p : m_history) {
            if (std::abs(secondsOf(p) - seconds) < std::abs(secondsOf(*best) - seconds))
                best = &p;
        }
        values = valuesOf(*best);
    } else if (!m_series.isEmpty()) {
        values.insert(QStringLiteral("seconds"), seconds);
    }
    addSeriesValues(&values, seconds);
    return values;
}

void ChartFeed::fill(QAbstractSeries *series, const QString &metric) const
{
    auto *xy = qobject_cast<QXYSeries *>(series);
    if (!xy)
        return;
    if (m_series.contains(metric) || metric == QLatin1String("planned") ||
        metric == QLatin1String("rate")) {
        xy->replace(seriesInView(metric));
        return;
    }
    QList<QPointF> points;
    const qsizetype first = firstVisible();
    points.reserve(m_history.size() - first);
    for (qsizetype i = first; i < m_history.size(); ++i)
        points.append(QPointF(secondsOf(m_history.at(i)), metricOf(m_history.at(i), metric)));
    xy->replace(points);
}

} // namespace cicada
