#include "nameseriesfeed.h"

#include "format.h"
#include "report/namecolor.h"
#include "report/runresult.h"
#include "stats/stats.h"

#include <cmath>

namespace cicada {

namespace {

QString metricOf(const QString &kind, const QString &key)
{
    return kind + QLatin1Char('|') + key;
}

/// The values recorded between two snapshots of a cumulative histogram: both bucket lists are
/// ascending by value, and a counter never shrinks while the run goes on.
Histogram intervalOf(const QList<std::pair<qint64, qint64>> &before,
                     const QList<std::pair<qint64, qint64>> &now)
{
    Histogram h;
    qsizetype i = 0;
    for (const auto &[value, count] : now) {
        while (i < before.size() && before.at(i).first < value)
            ++i;
        const qint64 old =
            i < before.size() && before.at(i).first == value ? before.at(i).second : 0;
        h.recordN(value, count - old);
    }
    return h;
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
    if (m_lastRecordMs == 0)
        m_lastRecordMs = m_startMs = stats.startTimeMs();
    const qint64 intervalMs = nowMs - m_lastRecordMs;
    if (m_startMs <= 0 || intervalMs < kMinIntervalMs)
        return;
    const double seconds = double(nowMs - m_startMs) / 1000.0;
    const double intervalS = double(intervalMs) / 1000.0;
    QList<std::pair<qint64, QString>> busiest;
    for (const StatsEntry *e : stats.operationEntries()) {
        const QString key = keyOf(e->type(), e->name());
        m_typeAndName.insert(key, {e->type(), e->name()});
        busiest.append({e->numRequests(), key});
        Snapshot &previous = m_previous[key];
        Snapshot now{e->numRequests(), e->numFailures(), e->histogram().buckets()};
        appendPoint(metricOf(QStringLiteral("rps"), key),
                    {seconds, double(now.requests - previous.requests) / intervalS});
        appendPoint(metricOf(QStringLiteral("failures"), key),
                    {seconds, double(now.failures - previous.failures) / intervalS});
        // A second without a response has no percentile: no point rather than a false 0 ms.
        const Histogram interval = intervalOf(previous.buckets, now.buckets);
        if (!interval.isEmpty()) {
            appendPoint(metricOf(QStringLiteral("p50"), key),
                        {seconds, double(interval.valueAtPercentile(50)) / 1000.0});
            appendPoint(metricOf(QStringLiteral("p95"), key),
                        {seconds, double(interval.valueAtPercentile(95)) / 1000.0});
            appendPoint(metricOf(QStringLiteral("p99"), key),
                        {seconds, double(interval.valueAtPercentile(99)) / 1000.0});
        }
        previous = std::move(now);
    }
    m_lastRecordMs = nowMs;
    std::stable_sort(busiest.begin(), busiest.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    QStringList keys;
    for (const auto &[count, key] : busiest)
        keys.append(key);
    setKeys(keys);
    Q_EMIT updated();
}

void NameSeriesFeed::setResult(const RunResult &result)
{
    clearPoints();
    m_previous.clear();
    m_lastRecordMs = 0;
    m_startMs = result.startMs;
    QList<std::pair<qint64, QString>> busiest;
    for (const ResultEntry &e : result.entries) {
        if (e.isMessage())
            continue;
        const QString key = keyOf(e.type, e.name);
        m_typeAndName.insert(key, {e.type, e.name});
        busiest.append({e.numRequests, key});
        // A point covers the time since the one before (a downsampled point, several seconds);
        // the first covers one second.
        qint64 previousMs = -1;
        for (const NameHistoryPoint &p : e.history) {
            const double seconds = double(p.tMs - m_startMs) / 1000.0;
            const double intervalS =
                previousMs >= 0 && p.tMs > previousMs ? double(p.tMs - previousMs) / 1000.0 : 1.0;
            previousMs = p.tMs;
            appendPoint(metricOf(QStringLiteral("rps"), key),
                        {seconds, double(p.requests) / intervalS});
            appendPoint(metricOf(QStringLiteral("failures"), key),
                        {seconds, double(p.failures) / intervalS});
            if (p.requests == 0)
                continue; // a second without outcomes has no percentile, not 0 ms
            appendPoint(metricOf(QStringLiteral("p50"), key), {seconds, double(p.p50Us) / 1000.0});
            appendPoint(metricOf(QStringLiteral("p95"), key), {seconds, double(p.p95Us) / 1000.0});
            appendPoint(metricOf(QStringLiteral("p99"), key), {seconds, double(p.p99Us) / 1000.0});
        }
    }
    std::stable_sort(busiest.begin(), busiest.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    QStringList keys;
    for (const auto &[count, key] : busiest)
        keys.append(key);
    setKeys(keys);
    Q_EMIT updated();
}

void NameSeriesFeed::clear()
{
    clearPoints();
    m_previous.clear();
    m_lastRecordMs = 0;
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
