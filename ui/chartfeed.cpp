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

void ChartFeed::clear()
{
    m_history.clear();
    m_startMs = 0;
    Q_EMIT updated();
}

void ChartFeed::setWholeRun(bool wholeRun)
{
    if (m_wholeRun == wholeRun)
        return;
    m_wholeRun = wholeRun;
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
    if (m_history.isEmpty())
        return 60;
    const double last = secondsOf(m_history.last());
    // At least a minute wide, so the first seconds of a run do not fill the whole chart.
    return std::max(xMin() + 60.0, std::ceil(last / 10.0) * 10.0);
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
    return maxOf({"users"}) * 1.05;
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
    return m_history.isEmpty() ? QVariantMap() : valuesOf(m_history.last());
}

QVariantMap ChartFeed::valuesAt(double seconds) const
{
    if (m_history.isEmpty())
        return {};
    const HistoryPoint *best = &m_history.first();
    for (const HistoryPoint &p : m_history) {
        if (std::abs(secondsOf(p) - seconds) < std::abs(secondsOf(*best) - seconds))
            best = &p;
    }
    return valuesOf(*best);
}

void ChartFeed::fill(QAbstractSeries *series, const QString &metric) const
{
    auto *xy = qobject_cast<QXYSeries *>(series);
    if (!xy)
        return;
    QList<QPointF> points;
    const qsizetype first = firstVisible();
    points.reserve(m_history.size() - first);
    for (qsizetype i = first; i < m_history.size(); ++i)
        points.append(QPointF(secondsOf(m_history.at(i)), metricOf(m_history.at(i), metric)));
    xy->replace(points);
}

} // namespace cicada
