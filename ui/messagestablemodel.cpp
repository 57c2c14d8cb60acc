#include "messagestablemodel.h"

#include "format.h"
#include "report/runresult.h"
#include "stats/stats.h"

#include <algorithm>

namespace cicada {

namespace {

MessagesTableModel::Row rowOf(const StatsEntry &e, double rate, bool total)
{
    MessagesTableModel::Row row;
    row.type = e.type();
    row.name = e.name();
    row.count = e.numRequests();
    row.failures = e.numFailures();
    row.bytes = e.totalContentLength();
    row.rate = rate;
    row.timed = e.timedCount();
    row.p50Us = e.percentileUs(50);
    row.p95Us = e.percentileUs(95);
    row.p99Us = e.percentileUs(99);
    row.total = total;
    return row;
}

MessagesTableModel::Row rowOf(const RunResult &result, const ResultEntry &e, bool total)
{
    MessagesTableModel::Row row;
    row.type = e.type;
    row.name = e.name;
    row.count = e.numRequests;
    row.failures = e.numFailures;
    row.bytes = e.totalContentLength;
    row.rate = result.rps(e);
    row.timed = e.timedCount();
    row.p50Us = e.percentileUs(50);
    row.p95Us = e.percentileUs(95);
    row.p99Us = e.percentileUs(99);
    row.total = total;
    return row;
}

} // namespace

MessagesTableModel::MessagesTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void MessagesTableModel::update(const Stats &stats, qint64 nowMs, bool live)
{
    QList<Row> rows;
    const auto rate = [&](const StatsEntry &e) {
        return live ? stats.currentRps(e, nowMs) : stats.totalRps(e);
    };
    for (const StatsEntry *e : stats.messageEntries())
        rows.append(rowOf(*e, rate(*e), false));
    if (!rows.isEmpty())
        rows.append(rowOf(stats.messageTotal(), rate(stats.messageTotal()), true));
    setRows(std::move(rows));
}

void MessagesTableModel::setResult(const RunResult &result)
{
    QList<Row> rows;
    for (const ResultEntry &e : result.messageEntries())
        rows.append(rowOf(result, e, false));
    if (!rows.isEmpty())
        rows.append(rowOf(result, result.messageTotal(), true));
    setRows(std::move(rows));
}

void MessagesTableModel::setRows(QList<Row> rows)
{
    // Rows only ever come and go with the set of message rows: refresh values in place otherwise,
    // so the table does not flicker while it is read.
    const bool sameKeys =
        rows.size() == m_rows.size() &&
        std::equal(rows.cbegin(), rows.cend(), m_rows.cbegin(), [](const Row &a, const Row &b) {
            return a.type == b.type && a.name == b.name && a.total == b.total;
        });
    if (sameKeys) {
        m_rows = std::move(rows);
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, kColumnCount - 1));
        Q_EMIT rowsChanged();
        return;
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    Q_EMIT rowsChanged();
}

void MessagesTableModel::clear()
{
    setRows({});
}

double MessagesTableModel::totalCount() const
{
    return m_rows.isEmpty() ? 0.0 : double(m_rows.constLast().count);
}

int MessagesTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MessagesTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : kColumnCount;
}

bool MessagesTableModel::isNumericColumn(int column) const
{
    return column != int(Column::Type) && column != int(Column::Name);
}

QString MessagesTableModel::headerText(int column) const
{
    switch (Column(column)) {
    case Column::Type:
        return tr("Type");
    case Column::Name:
        return tr("Name");
    case Column::Count:
        return tr("# Messages");
    case Column::Failures:
        return tr("# Fails");
    case Column::Bytes:
        return tr("Bytes");
    case Column::Rate:
        return tr("Rate/s");
    case Column::Timed:
        return tr("# With age");
    case Column::P50:
        return tr("Age p50");
    case Column::P95:
        return tr("Age p95");
    case Column::P99:
        return tr("Age p99");
    }
    return {};
}

QVariant MessagesTableModel::rawValue(const Row &row, Column column)
{
    switch (column) {
    case Column::Type:
        return row.type;
    case Column::Name:
        return row.name;
    case Column::Count:
        return row.count;
    case Column::Failures:
        return row.failures;
    case Column::Bytes:
        return row.bytes;
    case Column::Rate:
        return row.rate;
    case Column::Timed:
        return row.timed;
    case Column::P50:
        return row.p50Us;
    case Column::P95:
        return row.p95Us;
    case Column::P99:
        return row.p99Us;
    }
    return {};
}

QString MessagesTableModel::displayValue(const Row &row, Column column)
{
    switch (column) {
    case Column::Type:
        return row.type;
    case Column::Name:
        return row.name;
    case Column::Count:
        return Format::integer(row.count);
    case Column::Failures:
        return Format::integer(row.failures);
    case Column::Bytes:
        return Format::integer(row.bytes);
    case Column::Rate:
        return Format::decimal(row.rate, 1);
    case Column::Timed:
        return Format::integer(row.timed);
    case Column::P50:
    case Column::P95:
    case Column::P99:
        // No time carried: no age, rather than a 0 ms that never happened.
        return row.timed > 0 ? Format::milliseconds(rawValue(row, column).toDouble())
                             : QStringLiteral("–");
    }
    return {};
}

QVariant MessagesTableModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const Row &row = m_rows.at(index.row());
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(row, column);
    case ValueRole:
        return rawValue(row, column);
    case NumericRole:
        return isNumericColumn(index.column());
    case AggregatedRole:
        return row.total;
    case TooltipRole:
        return QStringLiteral("%1 %2 — %3: %4")
            .arg(row.type, row.name, headerText(index.column()), displayValue(row, column));
    default:
        return {};
    }
}

QVariant MessagesTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return headerText(section);
    return QAbstractTableModel::headerData(section, orientation, role);
}

QHash<int, QByteArray> MessagesTableModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"},
            {ValueRole, "value"},
            {NumericRole, "numeric"},
            {AggregatedRole, "aggregated"},
            {TooltipRole, "tooltip"}};
}

} // namespace cicada
