#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace cicada {

/**
 * @brief The rows of one feeder file, parsed once and then only read (shared by all worker
 * threads without locks).
 *
 * Every row has one value per column. A JSON object without one of the keys other objects have
 * gets an empty value there; firstMissingRow() tells which row, so `validate` can name it.
 */
class FeedTable
{
public:
    FeedTable() = default;
    /** @p headerLine: the file line of the CSV header (for messages); 0 for JSON. */
    FeedTable(QStringList columns, QList<QStringList> rows, int headerLine = 0);

    [[nodiscard]] const QStringList &columns() const { return m_columns; }
    [[nodiscard]] qsizetype rowCount() const { return m_rows.size(); }
    [[nodiscard]] const QStringList &row(qsizetype index) const { return m_rows.at(index); }
    /** The index of @p column, or -1. */
    [[nodiscard]] int columnIndex(const QString &column) const
    {
        return m_columnIndex.value(column, -1);
    }
    [[nodiscard]] QString value(qsizetype row, int column) const
    {
        return m_rows.at(row).at(column);
    }
    [[nodiscard]] int headerLine() const { return m_headerLine; }
    /** The first row (0-based) that does not have @p column (JSON only), or -1. */
    [[nodiscard]] qsizetype firstMissingRow(int column) const
    {
        return m_firstMissing.value(column, -1);
    }
    void setFirstMissingRow(int column, qsizetype row) { m_firstMissing[column] = row; }

private:
    QStringList m_columns;
    QList<QStringList> m_rows;
    QHash<QString, int> m_columnIndex;
    QList<qsizetype> m_firstMissing;
    int m_headerLine = 0;
};

} // namespace cicada
