#include "feed/feedcursor.h"

#include "feed/feedset.h"

namespace cicada {

FeedCursor::FeedCursor(FeedSet *feeds, int userIndex)
    : m_feeds(feeds), m_userIndex(userIndex), m_rows(size_t(feeds ? feeds->count() : 0), -1),
      m_fresh(m_rows.size(), false), m_startRows(m_rows.size(), -1)
{}

void FeedCursor::saveStartRows()
{
    for (size_t i = 0; i < m_rows.size(); ++i)
        m_startRows[i] = m_fresh[i] ? m_rows[i] : -1;
    m_hasStartRows = true;
}

void FeedCursor::begin(Block block)
{
    if (m_block == Block::OnStart && block != Block::OnStart && !m_hasStartRows)
        saveStartRows();
    m_block = block;
    std::fill(m_fresh.begin(), m_fresh.end(), false);
    // onStart again, or onStop: the rows onStart chose, without taking new ones.
    if (block != Block::Task && m_hasStartRows) {
        for (size_t i = 0; i < m_rows.size(); ++i) {
            if (m_startRows[i] >= 0) {
                m_rows[i] = m_startRows[i];
                m_fresh[i] = true;
            }
        }
    }
}

int FeedCursor::prepare(const QList<int> &feeders, QRandomGenerator &random)
{
    if (!m_feeds)
        return -1;
    for (const int index : feeders) {
        if (m_fresh[size_t(index)])
            continue;
        const qsizetype row = m_feeds->take(index, m_userIndex, random);
        if (row < 0)
            return index;
        m_rows[size_t(index)] = row;
        m_fresh[size_t(index)] = true;
    }
    return -1;
}

QString FeedCursor::value(const QString &feeder, const QString &column) const
{
    if (!m_feeds)
        return {};
    const int index = m_feeds->indexOf(feeder);
    if (index < 0 || m_rows[size_t(index)] < 0)
        return {};
    const FeedTable &table = m_feeds->table(index);
    const int c = table.columnIndex(column);
    return c < 0 ? QString() : table.value(m_rows[size_t(index)], c);
}

} // namespace cicada
