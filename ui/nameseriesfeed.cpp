#include "nameseriesfeed.h"

#include "format.h"
#include "report/namecolor.h"
#include "report/runresult.h"
#include "stats/stats.h"

#include <algorithm>
#include <cmath>

namespace cicada {

namespace {

QString metricOf(const QString &kind, const QString &key)
{
    return kind + QLatin1Char('|') + key;
}

} // namespace

NameSeriesFeed::NameSeriesFeed(QObject *parent) : TimeSeriesFeed(parent)
{
    setScaleOfKind(QStringLiteral("rps"), QStringLiteral("rps"));
    setScaleOfKind(QStringLiteral("failures"), QStringLiteral("rps"));
    setScaleOfKind(QStringLiteral("p50"), QStringLiteral("latency"));
    setScaleOfKind(QStringLiteral("p95"), QStringLiteral("latency"));
    setScaleOfKind(QStringLiteral("p99"), QStringLiteral("latency"));
}

QString NameSeriesFeed::keyOf(const QString &type, const QString &name)
{
    return type.isEmpty() ? name : type + QLatin1Char(' ') + name;
}

void NameSeriesFeed::record(const Stats &stats, qint64 nowMs)
{
    Q_UNUSED(nowMs);
    m_startMs = stats.startTimeMs();
    QList<Row> rows;
    for (const StatsEntry *e : stats.operationEntries())
        rows.append({e->type(), e->name(), e->numRequests(),
                     stats.nameHistory().points(StatsKey{e->type(), e->name()})});
    setRows(rows);
}

void NameSeriesFeed::setResult(const RunResult &result)
{
    clearPoints();
    m_pointsOf.clear();
    m_startMs = result.startMs;
    QList<Row> rows;
    for (const ResultEntry &e : result.entries)
        if (!e.isMessage())
            rows.append({e.type, e.name, e.numRequests, e.history});
    setRows(rows);
}

void NameSeriesFeed::setRows(const QList<Row> &rows)
{
    QList<std::pair<qint64, QString>> busiest;
    for (const Row &row : rows) {
        const QString key = keyOf(row.type, row.name);
        m_typeAndName.insert(key, {row.type, row.name});
        busiest.append({row.requests, key});
        // Live, a row's points only grow at the end, until the history is downsampled (fewer
        // points, older ones merged): then the row is drawn again from its first point.
        const auto [known, firstMs] = m_pointsOf.value(key, {0, 0});
        const bool grew =
            known <= row.points.size() && known > 0 && row.points.constFirst().tMs == firstMs;
        const qsizetype from = grew ? known : 0;
        if (from == 0)
            for (const QString &kind :
                 {QStringLiteral("rps"), QStringLiteral("failures"), QStringLiteral("p50"),
                  QStringLiteral("p95"), QStringLiteral("p99")})
                setPoints(metricOf(kind, key), {});
        // The first point spans as long as the gap to the second (one second, or several once
        // downsampled), the others the time since the point before.
        const qint64 firstSpanMs =
            row.points.size() >= 2 ? row.points.at(1).tMs - row.points.at(0).tMs : qint64(1000);
        for (qsizetype i = from; i < row.points.size(); ++i)
            appendHistoryPoint(key, row.points.at(i),
                               i > 0 ? row.points.at(i - 1).tMs
                                     : row.points.at(i).tMs - firstSpanMs);
        m_pointsOf.insert(
            key, {row.points.size(), row.points.isEmpty() ? 0 : row.points.constFirst().tMs});
    }
    std::stable_sort(busiest.begin(), busiest.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    QStringList keys;
    for (const auto &[count, key] : busiest)
        keys.append(key);
    setKeys(keys);
    Q_EMIT updated();
}

void NameSeriesFeed::appendHistoryPoint(const QString &key, const NameHistoryPoint &point,
                                        qint64 previousMs)
{
    // A point covers the time since the one before: one second, or several once downsampled.
    const double seconds = double(point.tMs - m_startMs) / 1000.0;
    // At least a second: the last point of a run may close a fraction of one, and its few
    // outcomes must not read as a burst.
    const double intervalS = std::max(1.0, double(point.tMs - previousMs) / 1000.0);
    appendPoint(metricOf(QStringLiteral("rps"), key),
                {seconds, double(point.requests) / intervalS});
    appendPoint(metricOf(QStringLiteral("failures"), key),
                {seconds, double(point.failures) / intervalS});
    if (point.requests == 0)
        return; // a second without outcomes has no percentile, not 0 ms
    appendPoint(metricOf(QStringLiteral("p50"), key), {seconds, double(point.p50Us) / 1000.0});
    appendPoint(metricOf(QStringLiteral("p95"), key), {seconds, double(point.p95Us) / 1000.0});
    appendPoint(metricOf(QStringLiteral("p99"), key), {seconds, double(point.p99Us) / 1000.0});
}

void NameSeriesFeed::clear()
{
    clearPoints();
    m_pointsOf.clear();
    m_startMs = 0;
    setKeys({});
    Q_EMIT updated();
}

void NameSeriesFeed::setKeys(QStringList keys)
{
    if (keys == m_keys)
        return;
    const QStringList before = selected();
    m_keys = std::move(keys);
    Q_EMIT keysChanged();
    if (selected() != before)
        Q_EMIT selectionChanged();
}

QStringList NameSeriesFeed::selected() const
{
    if (m_userPicked)
        return m_picked;
    return m_keys.mid(0, kAutoPickCount);
}

void NameSeriesFeed::setSelected(const QStringList &keys)
{
    if (m_userPicked && keys == m_picked)
        return;
    m_picked = keys;
    m_userPicked = true;
    Q_EMIT selectionChanged();
    Q_EMIT updated();
}

void NameSeriesFeed::toggle(const QString &key)
{
    QStringList keys = selected();
    if (!keys.removeOne(key))
        keys.append(key);
    setSelected(keys);
}

bool NameSeriesFeed::isSelected(const QString &key) const
{
    return selected().contains(key);
}

bool NameSeriesFeed::isShown(const QString &metric) const
{
    return isSelected(metric.section(QLatin1Char('|'), 1));
}

QColor NameSeriesFeed::colorOf(const QString &key, bool dark) const
{
    // The HTML report's colours: a name looks the same in the GUI and in the report.
    const NameColor::Scheme scheme = dark ? NameColor::Scheme::Dark : NameColor::Scheme::Light;
    const auto it = m_typeAndName.constFind(key);
    return QColor(it == m_typeAndName.cend() ? NameColor::colour(QString(), key, scheme)
                                             : NameColor::colour(it->first, it->second, scheme));
}

QString NameSeriesFeed::describeAt(double seconds, const QString &kind) const
{
    QStringList parts;
    for (const QString &key : selected()) {
        const double v = valueAt(metricOf(kind, key), seconds);
        if (std::isnan(v))
            continue;
        parts.append(kind == QLatin1String("rps") || kind == QLatin1String("failures")
                         ? tr("%1 %2/s").arg(key, Format::decimal(v, 1))
                         : tr("%1 %2 ms").arg(key, Format::decimal(v, v < 10 ? 2 : 1)));
    }
    return Format::clock(qint64(seconds * 1000)) + QStringLiteral("  ") +
           parts.join(QStringLiteral(" · "));
}

} // namespace cicada
