#include "feed/feedset.h"

#include <QRandomGenerator>

namespace cicada {

FeedSet::FeedSet(const QList<Feeder> &feeders,
                 const QList<std::shared_ptr<const FeedTable>> &tables)
    : m_feeders(feeders), m_tables(tables),
      m_cursors(std::make_unique<Cursor[]>(size_t(feeders.size())))
{
    for (int i = 0; i < m_feeders.size(); ++i)
        m_index.insert(m_feeders.at(i).name, i);
}

qsizetype FeedSet::take(int index, int userIndex, QRandomGenerator &random)
{
    const qsizetype rows = m_tables.at(index)->rowCount();
    if (rows == 0)
        return -1;
    Cursor &cursor = m_cursors[size_t(index)];
    switch (m_feeders.at(index).strategy) {
    case Feeder::Strategy::Sequential: {
        // Once past the end the cursor stays there: no wrap-around after 2^63 takes either.
        qint64 next = cursor.next.load(std::memory_order_relaxed);
        do {
            if (next >= rows)
                return -1;
        } while (!cursor.next.compare_exchange_weak(next, next + 1, std::memory_order_relaxed));
        return qsizetype(next);
    }
    case Feeder::Strategy::Circular:
        return qsizetype(cursor.next.fetch_add(1, std::memory_order_relaxed) % rows);
    case Feeder::Strategy::Random:
        return qsizetype(random.bounded(quint64(rows)));
    case Feeder::Strategy::PerUser:
        return userIndex >= 0 && userIndex < rows ? qsizetype(userIndex) : -1;
    }
    return -1;
}

void FeedSet::restart()
{
    for (int i = 0; i < m_feeders.size(); ++i) {
        m_cursors[size_t(i)].next.store(0, std::memory_order_relaxed);
        m_cursors[size_t(i)].exhausted.store(0, std::memory_order_relaxed);
    }
}

qint64 FeedSet::rowsTaken(int index) const
{
    return m_cursors[size_t(index)].next.load(std::memory_order_relaxed);
}

void FeedSet::countExhausted(int index)
{
    m_cursors[size_t(index)].exhausted.fetch_add(1, std::memory_order_relaxed);
}

qint64 FeedSet::exhaustedCount(int index) const
{
    return m_cursors[size_t(index)].exhausted.load(std::memory_order_relaxed);
}

QString FeedSet::summary(int index) const
{
    static const QStringList kStrategies = {QStringLiteral("sequential"),
                                            QStringLiteral("circular"), QStringLiteral("random"),
                                            QStringLiteral("perUser")};
    const Feeder &feeder = m_feeders.at(index);
    const qsizetype rows = m_tables.at(index)->rowCount();
    QString line = QStringLiteral("feeder '%1' (%2, %3 rows)")
                       .arg(feeder.name, kStrategies.at(int(feeder.strategy)))
                       .arg(rows);
    if (feeder.strategy == Feeder::Strategy::Sequential)
        line += QStringLiteral(": %1 rows used").arg(std::min<qint64>(rowsTaken(index), rows));
    const qint64 exhausted = exhaustedCount(index);
    if (exhausted > 0)
        line +=
            (feeder.strategy == Feeder::Strategy::Sequential ? QStringLiteral("; no rows left: ")
                                                             : QStringLiteral(": no row: ")) +
            (feeder.onExhausted == Feeder::OnExhausted::StopUser
                 ? QStringLiteral("%1 users stopped").arg(exhausted)
                 : QStringLiteral("%1 steps failed").arg(exhausted));
    return line;
}

} // namespace cicada
