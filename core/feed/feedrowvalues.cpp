#include "feed/feedrowvalues.h"

namespace cicada {

void FeedRowValues::set(const QString &name, std::shared_ptr<const FeedTable> table, qsizetype row)
{
    if (!table || row < 0 || row >= table->rowCount())
        return;
    m_rows.insert(name, {std::move(table), row});
}

QString FeedRowValues::value(const QString &feeder, const QString &column) const
{
    const auto it = m_rows.constFind(feeder);
    if (it == m_rows.constEnd())
        return {};
    const int c = it->table->columnIndex(column);
    return c < 0 ? QString() : it->table->value(it->row, c);
}

} // namespace cicada
