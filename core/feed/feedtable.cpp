#include "feed/feedtable.h"

namespace cicada {

FeedTable::FeedTable(QStringList columns, QList<QStringList> rows, int headerLine)
    : m_columns(std::move(columns)), m_rows(std::move(rows)), m_firstMissing(m_columns.size(), -1),
      m_headerLine(headerLine)
{
    for (int i = 0; i < m_columns.size(); ++i)
        m_columnIndex.insert(m_columns.at(i), i);
}

} // namespace cicada
