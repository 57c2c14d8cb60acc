#pragma once

#include "timeseriesfeed.h"

#include <QColor>
#include <QStringList>

#include <utility>

namespace cicada {

class Stats;
struct RunResult;

/**
 * @brief Per-name charts: requests/s, failures/s and p50/p95/p99 (ms) of each operation row over
 *        time, for the rows the user picked in the statistics table.
 *
 * Metrics are "rps|KEY", "failures|KEY", "p50|KEY", "p95|KEY", "p99|KEY" where KEY is keyOf(type,
 * name) ("WS send chat"). Live, record() takes a Stats snapshot about once per second and turns
 * the difference to the previous one into a point: counts per second over the interval and
 * percentiles of the interval's own response times (the difference of the cumulative
 * histograms), so a slow second shows as slow. A saved run is read with setResult().
 *
 * Only picked names (selected) count in the axis ranges. Until the user picks, the
 * kAutoPickCount busiest names are shown; the pick survives the next run (names are matched by
 * key). Colours come from colorOf(), stable per type and name (the HTML report uses the same).
 */
class NameSeriesFeed : public TimeSeriesFeed
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QStringList keys READ keys NOTIFY keysChanged)
    Q_PROPERTY(QStringList selected READ selected WRITE setSelected NOTIFY selectionChanged)
public:
    /// Names shown before the user picks any.
    static constexpr int kAutoPickCount = 3;
    /// Snapshots closer together than this are skipped (ms): a point needs a real interval.
    static constexpr qint64 kMinIntervalMs = 500;

    explicit NameSeriesFeed(QObject *parent = nullptr);

    /** "WS send" + "chat" → "WS send chat". */
    [[nodiscard]] static QString keyOf(const QString &type, const QString &name);

    /** Live: appends one point per operation row of @p stats at @p nowMs (ms since the epoch). */
    void record(const Stats &stats, qint64 nowMs);
    /** A saved run: the per-name history of its operation rows. */
    void setResult(const RunResult &result);
    /** Forgets points and names (keeps the user's pick for the next run). */
    void clear();

    /** Every operation row seen, busiest first. */
    [[nodiscard]] QStringList keys() const { return m_keys; }
    /** The picked names, in the order they were picked (or the automatic pick). */
    [[nodiscard]] QStringList selected() const;
    void setSelected(const QStringList &keys);
    /** Picks @p key, or drops it when picked. */
    Q_INVOKABLE void toggle(const QString &key);
    Q_INVOKABLE [[nodiscard]] bool isSelected(const QString &key) const;
    /** The colour of @p key's lines, for the light or the @p dark theme. */
    Q_INVOKABLE [[nodiscard]] QColor colorOf(const QString &key, bool dark) const;
    /** Hover text at @p seconds for the picked names: @p kind "rps" (requests/s) or "p95" etc. */
    Q_INVOKABLE [[nodiscard]] QString describeAt(double seconds, const QString &kind) const;

Q_SIGNALS:
    void keysChanged();
    void selectionChanged();

protected:
    [[nodiscard]] bool isShown(const QString &metric) const override;

private:
    /// The cumulative state of one row at the previous record().
    struct Snapshot
    {
        qint64 requests = 0;
        qint64 failures = 0;
        QList<std::pair<qint64, qint64>> buckets; ///< Histogram::buckets()
    };
    void setKeys(QStringList keys);

    QStringList m_keys;
    QHash<QString, std::pair<QString, QString>> m_typeAndName; ///< key → (type, name)
    QStringList m_picked;
    bool m_userPicked = false;
    QHash<QString, Snapshot> m_previous;
    qint64 m_startMs = 0;
    qint64 m_lastRecordMs = 0;
};

} // namespace cicada
