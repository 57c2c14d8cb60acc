#include "comparisonmodel.h"

#include "format.h"

namespace cicada {

namespace {
constexpr int kColumns = 14; // type, name, then (A, B, Δ) × rps, p50, p95, p99
constexpr double kWorseShare = 0.05;
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

ComparisonModel::Metrics ComparisonModel::metricsOf(const RunResult &result, const ResultEntry &e)
{
    return {true, result.rps(e), double(e.percentileUs(50)) / 1000.0,
            double(e.percentileUs(95)) / 1000.0, double(e.percentileUs(99)) / 1000.0};
}

void ComparisonModel::rebuild()
{
    beginResetModel();
    m_rows.clear();
    auto add = [this](const ResultView *view, bool isA) {
        if (!view || !view->isValid())
            return;
        const RunResult &r = view->result();
        for (const ResultEntry &e : r.entries) {
            // Rates and latencies of operations; messages (counts and ages) are not compared.
            if (e.isMessage())
                continue;
            auto it = std::find_if(m_rows.begin(), m_rows.end(), [&](const Row &row) {
                return !row.aggregated && row.type == e.type && row.name == e.name;
            });
            if (it == m_rows.end()) {
                m_rows.append({e.type, e.name, {}, {}, false});
                it = m_rows.end() - 1;
            }
            (isA ? it->a : it->b) = metricsOf(r, e);
        }
    };
    add(m_first, true);
    add(m_second, false);
    std::sort(m_rows.begin(), m_rows.end(), [](const Row &x, const Row &y) {
        return x.name != y.name ? x.name < y.name : x.type < y.type;
    });
    Row total{QString(), QStringLiteral("Aggregated"), {}, {}, true};
    if (m_first && m_first->isValid())
        total.a = metricsOf(m_first->result(), m_first->result().aggregated);
    if (m_second && m_second->isValid())
        total.b = metricsOf(m_second->result(), m_second->result().aggregated);
    if (total.a.present || total.b.present)
        m_rows.append(total);
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

QVariant ComparisonModel::cell(const Row &row, int column, bool raw) const
{
    if (column == 0)
        return row.type;
    if (column == 1)
        return row.name;
    const int m = (column - 2) / 3;
    auto pick = [m](const Metrics &x) {
        return m == 0 ? x.rps : m == 1 ? x.p50Ms : m == 2 ? x.p95Ms : x.p99Ms;
    };
    const int which = (column - 2) % 3;
    if (which < 2) {
        const Metrics &x = which == 0 ? row.a : row.b;
        if (!x.present)
            return raw ? QVariant() : QVariant(QStringLiteral("–"));
        const double v = pick(x);
        return raw ? QVariant(v) : QVariant(Format::decimal(v, m == 0 || v >= 100 ? 1 : 2));
    }
    if (!row.a.present || !row.b.present || pick(row.a) == 0)
        return raw ? QVariant() : QVariant(QStringLiteral("–"));
    const double change = (pick(row.b) - pick(row.a)) / pick(row.a);
    return raw ? QVariant(change)
               : QVariant((change >= 0 ? QStringLiteral("+") : QString()) +
                          Format::decimal(change * 100, 1) + QStringLiteral(" %"));
}

QVariant ComparisonModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return cell(row, index.column(), false);
    case ValueRole:
        return cell(row, index.column(), true);
    case NumericRole:
        return isNumericColumn(index.column());
    case AggregatedRole:
        return row.aggregated;
    case WorseRole: {
        if (index.column() < 2 || (index.column() - 2) % 3 != 2)
            return false;
        const QVariant change = cell(row, index.column(), true);
        if (!change.isValid())
            return false;
        // Less throughput or more latency is worse.
        const bool rpsColumn = (index.column() - 2) / 3 == 0;
        return rpsColumn ? change.toDouble() < -kWorseShare : change.toDouble() > kWorseShare;
    }
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
