#include "statstablemodel.h"

#include "format.h"
#include "stats/stats.h"

#include <algorithm>

namespace cicada {

namespace {
constexpr int kFixedBefore = 5;    // Type, Name, # Requests, # Fails, Median
constexpr int kFixedAfter = 6;     // Average, Min, Max, Avg size, RPS, Failures/s
constexpr int kServiceColumns = 2; // Service median, Service p95 (open model only)

StatsTableModel::Row rowOf(const Stats &stats, const StatsEntry &entry,
                           const QList<double> &percentiles, qint64 nowMs, bool live,
                           bool aggregated)
{
    StatsTableModel::Row row;
    row.type = entry.type();
    row.name = entry.name();
    row.requests = entry.numRequests();
    row.failures = entry.numFailures();
    row.medianUs = entry.medianResponseTimeUs();
    for (const double p : percentiles)
        row.percentileUs.append(entry.percentileUs(p));
    row.avgUs = entry.avgResponseTimeUs();
    row.minUs = entry.minResponseTimeUs();
    row.maxUs = entry.maxResponseTimeUs();
    row.avgSize = entry.avgContentLength();
    row.rps = live ? stats.currentRps(entry, nowMs) : stats.totalRps(entry);
    row.failPerSec = live ? stats.currentFailPerSec(entry, nowMs) : stats.totalFailPerSec(entry);
    row.aggregated = aggregated;
    if (entry.hasServiceTime()) {
        row.serviceMedianUs = entry.serviceHistogram().valueAtPercentile(50);
        row.serviceP95Us = entry.serviceHistogram().valueAtPercentile(95);
    }
    return row;
}
} // namespace

StatsTableModel::StatsTableModel(QObject *parent)
    : QAbstractTableModel(parent), m_messages(new MessagesTableModel(this))
{}

void StatsTableModel::update(const Stats &stats, qint64 nowMs, bool live)
{
    QList<Row> rows;
    for (const StatsEntry *entry : stats.operationEntries())
        rows.append(rowOf(stats, *entry, m_percentiles, nowMs, live, false));
    rows.append(rowOf(stats, stats.total(), m_percentiles, nowMs, live, true));
    setRows(std::move(rows), live);
    m_messages->update(stats, nowMs, live);
}

void StatsTableModel::setRows(QList<Row> rows, bool live)
{
    const bool liveChanged = live != m_live;
    m_live = live;
    const bool hasServiceTime = std::any_of(rows.cbegin(), rows.cend(),
                                            [](const Row &r) { return r.serviceMedianUs >= 0; });
    if (hasServiceTime != m_hasServiceTime) {
        // Two more (or fewer) columns: a reset, as when the percentile set changes.
        beginResetModel();
        m_hasServiceTime = hasServiceTime;
        m_rows = std::move(rows);
        if (m_sortColumn >= columnCount())
            m_sortColumn = -1;
        sortRows();
        endResetModel();
        Q_EMIT percentilesChanged();
        Q_EMIT rowsChanged();
        return;
    }
    // Keep the current order when the same rows come back, so the table does not jump.
    bool sameKeys = rows.size() == m_rows.size();
    if (sameKeys) {
        QList<Row> ordered;
        ordered.reserve(rows.size());
        for (const Row &old : std::as_const(m_rows)) {
            const auto it = std::find_if(rows.cbegin(), rows.cend(), [&](const Row &r) {
                return r.type == old.type && r.name == old.name && r.aggregated == old.aggregated;
            });
            if (it == rows.cend()) {
                sameKeys = false;
                break;
            }
            ordered.append(*it);
        }
        if (sameKeys) {
            m_rows = std::move(ordered);
            if (m_sortColumn >= 0)
                sortRows(); // values changed; a sorted view follows them
            if (!m_rows.isEmpty())
                Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, columnCount() - 1));
            if (liveChanged) {
                Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
                Q_EMIT rowsChanged();
            }
            return;
        }
    }
    beginResetModel();
    m_rows = std::move(rows);
    sortRows();
    endResetModel();
    Q_EMIT rowsChanged();
}

bool StatsTableModel::isAggregatedRow(int row) const
{
    return row >= 0 && row < m_rows.size() && m_rows.at(row).aggregated;
}

void StatsTableModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
    Q_EMIT rowsChanged();
    m_messages->clear();
}

QVariantList StatsTableModel::percentiles() const
{
    QVariantList list;
    for (const double p : m_percentiles)
        list.append(p);
    return list;
}

void StatsTableModel::setPercentiles(const QVariantList &percentiles)
{
    QList<double> list;
    for (const QVariant &v : percentiles) {
        const double p = v.toDouble();
        if (p > 0 && p <= 100 && !list.contains(p))
            list.append(p);
    }
    std::sort(list.begin(), list.end());
    if (list == m_percentiles)
        return;
    beginResetModel();
    m_percentiles = list;
    // Values for new columns arrive with the next snapshot; until then they read 0.
    for (Row &row : m_rows)
        row.percentileUs.resize(m_percentiles.size());
    if (m_sortColumn >= columnCount())
        m_sortColumn = -1;
    endResetModel();
    Q_EMIT percentilesChanged();
}

QVariantList StatsTableModel::availablePercentiles() const
{
    return {50.0, 66.0, 75.0, 80.0, 90.0, 95.0, 98.0, 99.0, 99.9, 99.99, 100.0};
}

void StatsTableModel::togglePercentile(double percentile)
{
    QVariantList list = percentiles();
    if (m_percentiles.contains(percentile))
        list.removeAll(QVariant(percentile));
    else
        list.append(percentile);
    setPercentiles(list);
}

int StatsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StatsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0
                            : kFixedBefore + int(m_percentiles.size()) + kFixedAfter +
                                  (m_hasServiceTime ? kServiceColumns : 0);
}

StatsTableModel::Column StatsTableModel::columnAt(int column, int *percentileIndex) const
{
    if (column < kFixedBefore)
        return Column(column);
    const int p = column - kFixedBefore;
    if (p < m_percentiles.size()) {
        if (percentileIndex)
            *percentileIndex = p;
        return Column::Percentile;
    }
    return Column(int(Column::Average) + p - int(m_percentiles.size()));
}

bool StatsTableModel::isNumericColumn(int column) const
{
    const Column c = columnAt(column);
    return c != Column::Type && c != Column::Name;
}

QString StatsTableModel::headerText(int column) const
{
    int p = -1;
    switch (columnAt(column, &p)) {
    case Column::Type:
        return tr("Type");
    case Column::Name:
        return tr("Name");
    case Column::Requests:
        return tr("# Requests");
    case Column::Failures:
        return tr("# Fails");
    case Column::Median:
        return tr("Median");
    case Column::Percentile:
        return tr("%1%").arg(Format::percentileLabel(m_percentiles.value(p)));
    case Column::Average:
        return tr("Average");
    case Column::Min:
        return tr("Min");
    case Column::Max:
        return tr("Max");
    case Column::AvgSize:
        return tr("Avg size");
    case Column::Rps:
        return tr("RPS");
    case Column::FailPerSec:
        return tr("Fail/s");
    case Column::ServiceMedian:
        return tr("Svc median");
    case Column::ServiceP95:
        return tr("Svc 95%");
    }
    return {};
}

QVariant StatsTableModel::rawValue(const Row &row, int column) const
{
    int p = -1;
    switch (columnAt(column, &p)) {
    case Column::Type:
        return row.type;
    case Column::Name:
        return row.name;
    case Column::Requests:
        return row.requests;
    case Column::Failures:
        return row.failures;
    case Column::Median:
        return row.medianUs;
    case Column::Percentile:
        return row.percentileUs.value(p);
    case Column::Average:
        return row.avgUs;
    case Column::Min:
        return row.minUs;
    case Column::Max:
        return row.maxUs;
    case Column::AvgSize:
        return row.avgSize;
    case Column::Rps:
        return row.rps;
    case Column::FailPerSec:
        return row.failPerSec;
    case Column::ServiceMedian:
        return row.serviceMedianUs;
    case Column::ServiceP95:
        return row.serviceP95Us;
    }
    return {};
}

QString StatsTableModel::displayValue(const Row &row, int column) const
{
    int p = -1;
    const Column c = columnAt(column, &p);
    switch (c) {
    case Column::Type:
        return row.type;
    case Column::Name:
        return row.name;
    case Column::Requests:
        return Format::integer(row.requests);
    case Column::Failures:
        return Format::integer(row.failures);
    case Column::Median:
    case Column::Percentile:
    case Column::Min:
    case Column::Max:
        return row.requests ? Format::milliseconds(rawValue(row, column).toDouble())
                            : QStringLiteral("–");
    case Column::Average:
        return row.requests ? Format::milliseconds(row.avgUs) : QStringLiteral("–");
    case Column::AvgSize:
        return Format::integer(qint64(row.avgSize + 0.5));
    case Column::Rps:
        return Format::decimal(row.rps, 1);
    case Column::FailPerSec:
        return Format::decimal(row.failPerSec, 1);
    case Column::ServiceMedian:
    case Column::ServiceP95:
        return rawValue(row, column).toLongLong() >= 0
                   ? Format::milliseconds(rawValue(row, column).toDouble())
                   : QStringLiteral("–");
    }
    return {};
}

QVariant StatsTableModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(row, index.column());
    case ValueRole:
        return rawValue(row, index.column());
    case NumericRole:
        return isNumericColumn(index.column());
    case AggregatedRole:
        return row.aggregated;
    case TooltipRole:
        return QStringLiteral("%1 %2 — %3: %4")
            .arg(row.type, row.name, headerText(index.column()), displayValue(row, index.column()));
    default:
        return {};
    }
}

QVariant StatsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return headerText(section);
    return QAbstractTableModel::headerData(section, orientation, role);
}

QHash<int, QByteArray> StatsTableModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"},
            {ValueRole, "value"},
            {NumericRole, "numeric"},
            {AggregatedRole, "aggregated"},
            {TooltipRole, "tooltip"}};
}

void StatsTableModel::sortBy(int column)
{
    if (column == m_sortColumn)
        m_sortAscending = !m_sortAscending;
    else {
        m_sortColumn = column;
        // Numbers are read largest first; text A→Z.
        m_sortAscending = column < 0 || !isNumericColumn(column);
    }
    beginResetModel();
    sortRows();
    endResetModel();
    Q_EMIT sortChanged();
}

void StatsTableModel::sortRows()
{
    const int column = m_sortColumn;
    const bool ascending = m_sortAscending;
    std::stable_sort(m_rows.begin(), m_rows.end(), [&](const Row &a, const Row &b) {
        if (a.aggregated != b.aggregated)
            return b.aggregated; // Aggregated last, whatever the order
        if (column < 0) {
            if (a.name != b.name)
                return a.name < b.name;
            return a.type < b.type;
        }
        const QVariant va = rawValue(a, column);
        const QVariant vb = rawValue(b, column);
        const int cmp = isNumericColumn(column)
                            ? (va.toDouble() < vb.toDouble() ? -1 : va.toDouble() > vb.toDouble())
                            : va.toString().compare(vb.toString(), Qt::CaseInsensitive);
        return ascending ? cmp < 0 : cmp > 0;
    });
}

} // namespace cicada
