#include "thresholdtablemodel.h"

#include "verdictlabel.h"

namespace cicada {

ThresholdTableModel::ThresholdTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void ThresholdTableModel::setVerdicts(const QList<ThresholdVerdict> &verdicts)
{
    if (verdicts == m_verdicts)
        return;
    beginResetModel();
    m_verdicts = verdicts;
    endResetModel();
    Q_EMIT rowsChanged();
}

int ThresholdTableModel::brokenCount() const
{
    return int(std::count_if(m_verdicts.cbegin(), m_verdicts.cend(),
                             [](const ThresholdVerdict &v) { return !VerdictLabel::holds(v); }));
}

QStringList ThresholdTableModel::brokenLines() const
{
    QStringList lines;
    for (const ThresholdVerdict &v : m_verdicts) {
        if (VerdictLabel::holds(v))
            continue;
        QString line = v.expression + QStringLiteral(" — ") + display(v, MeasuredColumn);
        if (!v.detail.isEmpty())
            line += QStringLiteral(" (%1)").arg(v.detail);
        if (VerdictLabel::kindOf(v) == QLatin1String("unreliable"))
            line += QLatin1Char(' ') + tr("unreliable");
        lines.append(line);
    }
    return lines;
}

int ThresholdTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_verdicts.size());
}

int ThresholdTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ThresholdTableModel::headerText(int column) const
{
    switch (column) {
    case ExpressionColumn:
        return tr("Threshold");
    case MeasuredColumn:
        return tr("Measured");
    case VerdictColumn:
        return tr("Verdict");
    case DetailColumn:
        return tr("Detail");
    default:
        return {};
    }
}

QString ThresholdTableModel::display(const ThresholdVerdict &verdict, int column) const
{
    switch (column) {
    case ExpressionColumn:
        return verdict.expression;
    case MeasuredColumn:
        return verdict.hasValue ? verdict.measuredText : tr("no data");
    case VerdictColumn:
        return VerdictLabel::title(VerdictLabel::kindOf(verdict));
    case DetailColumn:
        return verdict.detail;
    default:
        return {};
    }
}

QVariant ThresholdTableModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const ThresholdVerdict &v = m_verdicts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TooltipRole:
        return display(v, index.column());
    case NumericRole:
        return isNumericColumn(index.column());
    case KindRole:
        return VerdictLabel::kindOf(v);
    case ToneRole: {
        if (index.column() != VerdictColumn)
            return QString();
        const QString kind = VerdictLabel::kindOf(v);
        if (kind == QLatin1String("pass"))
            return QStringLiteral("good");
        return kind == QLatin1String("unreliable") ? QStringLiteral("warning")
                                                   : QStringLiteral("danger");
    }
    default:
        return {};
    }
}

QVariant ThresholdTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return headerText(section);
    return QAbstractTableModel::headerData(section, orientation, role);
}

QHash<int, QByteArray> ThresholdTableModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"},
            {NumericRole, "numeric"},
            {KindRole, "kind"},
            {ToneRole, "tone"},
            {TooltipRole, "tooltip"}};
}

} // namespace cicada
