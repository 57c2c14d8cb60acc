#include "comparisonmodel.h"

#include "format.h"

namespace cicada {

namespace {
constexpr int kColumns = 14; // type, name, then (A, B, Δ) × rps, p50, p95, p99
constexpr double kUsPerMs = 1000.0;

RunComparison::Figure figureOf(int column)
{
    using F = RunComparison::Figure;
    static constexpr F kColumnFigures[] = {F::Rps, F::P50, F::P95, F::P99};
    return kColumnFigures[(column - 2) / 3];
}
} // namespace

ComparisonModel::ComparisonModel(QObject *parent) : QAbstractTableModel(parent) {}

void ComparisonModel::setFirst(ResultView *view)
{
    if (m_first == view)
        return;
    if (m_first)
        disconnect(m_first, nullptr, this, nullptr);
    m_first = view;
    if (m_first)
        connect(m_first, &ResultView::loaded, this, &ComparisonModel::rebuild);
    rebuild();
    Q_EMIT runsChanged();
}

void ComparisonModel::setSecond(ResultView *view)
{
    if (m_second == view)
        return;
    if (m_second)
        disconnect(m_second, nullptr, this, nullptr);
    m_second = view;
    if (m_second)
        connect(m_second, &ResultView::loaded, this, &ComparisonModel::rebuild);
    rebuild();
    Q_EMIT runsChanged();
}

void ComparisonModel::rebuild()
{
    beginResetModel();
    const auto runOf = [](const ResultView *view) {
        return view && view->isValid() ? &view->result() : nullptr;
    };
    m_rows = RunComparison(runOf(m_first), runOf(m_second)).rows();
    endResetModel();
}

int ComparisonModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ComparisonModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : kColumns;
}

QString ComparisonModel::headerText(int column) const
{
    static const QStringList metrics{tr("RPS"), tr("p50 ms"), tr("p95 ms"), tr("p99 ms")};
    if (column == 0)
        return tr("Type");
    if (column == 1)
        return tr("Name");
    const int m = (column - 2) / 3;
    switch ((column - 2) % 3) {
    case 0:
        return metrics.value(m) + tr(" A");
    case 1:
        return metrics.value(m) + tr(" B");
    default:
        return tr("Δ %1").arg(metrics.value(m).section(QLatin1Char(' '), 0, 0));
    }
}

QVariant ComparisonModel::cell(const RunComparison::Row &row, int column, bool raw) const
{
    if (column == 0)
        return row.type;
    if (column == 1)
        return row.name;
    const RunComparison::Figure figure = figureOf(column);
    const bool latency = figure != RunComparison::Figure::Rps;
    const int which = (column - 2) % 3;
    if (which < 2) {
        const std::optional<double> value = row.value(figure, which == 1);
        if (!value)
            return raw ? QVariant() : QVariant(QStringLiteral("–"));
        const double v = latency ? *value / kUsPerMs : *value;
        return raw ? QVariant(v) : QVariant(Format::decimal(v, !latency || v >= 100 ? 1 : 2));
    }
    const std::optional<double> change = row.relative(figure);
    if (!change)
        return raw ? QVariant() : QVariant(QStringLiteral("–"));
    return raw ? QVariant(*change)
               : QVariant((*change >= 0 ? QStringLiteral("+") : QString()) +
                          Format::decimal(*change * 100, 1) + QStringLiteral(" %"));
}

QVariant ComparisonModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const RunComparison::Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return cell(row, index.column(), false);
    case ValueRole:
        return cell(row, index.column(), true);
    case NumericRole:
        return isNumericColumn(index.column());
    case AggregatedRole:
        return row.aggregated;
    case WorseRole:
        return index.column() >= 2 && (index.column() - 2) % 3 == 2 &&
               row.isWorse(figureOf(index.column()));
    default:
        return {};
    }
}

QHash<int, QByteArray> ComparisonModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"},
            {ValueRole, "value"},
            {NumericRole, "numeric"},
            {AggregatedRole, "aggregated"},
            {WorseRole, "worse"}};
}

} // namespace cicada
