#pragma once

#include "stats/namehistorypoint.h"
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
 * name) ("WS send chat"), one point per second of the row's history (NameHistoryPoint: counts
 * and percentiles of that second's own outcomes, so a slow second shows as slow): live from
 * Stats::nameHistory() with record() about once per second (only new points are added), and for
 * a saved run from ResultEntry::history with setResult().
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

    explicit NameSeriesFeed(QObject *parent = nullptr);

    /** "WS send" + "chat" → "WS send chat". */
    [[nodiscard]] static QString keyOf(const QString &type, const QString &name);

    /** Live: the new points of every operation row's history in @p stats (at @p nowMs). */
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
    /// One operation row and its per-second history.
    struct Row
    {
        QString type;
        QString name;
        qint64 requests = 0; ///< whole run, to order the names busiest first
        QList<NameHistoryPoint> points;
    };
    void setRows(const QList<Row> &rows);
    void appendHistoryPoint(const QString &key, const NameHistoryPoint &point, qint64 previousMs);
    void setKeys(QStringList keys);

    QStringList m_keys;
    QHash<QString, std::pair<QString, QString>> m_typeAndName; ///< key → (type, name)
    QStringList m_picked;
    bool m_userPicked = false;
    /// key → (history points already drawn, the first one's tMs)
    QHash<QString, std::pair<qsizetype, qint64>> m_pointsOf;
    qint64 m_startMs = 0;
};

} // namespace cicada
