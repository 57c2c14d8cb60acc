#include "failuresmodel.h"

#include "format.h"

namespace cicada {

FailuresModel::FailuresModel(QObject *parent) : QAbstractTableModel(parent) {}

void FailuresModel::setErrors(const QList<StatsError> &errors)
{
    if (errors == m_errors)
        return;
    bool sameKeys = errors.size() == m_errors.size();
    for (qsizetype i = 0; sameKeys && i < errors.size(); ++i) {
        sameKeys = errors[i].type == m_errors[i].type && errors[i].name == m_errors[i].name &&
                   errors[i].error == m_errors[i].error;
    }
    if (sameKeys) {
        m_errors = errors;
        Q_EMIT dataChanged(index(0, 0), index(int(m_errors.size()) - 1, columnCount() - 1));
    } else {
        beginResetModel();
        m_errors = errors;
        endResetModel();
    }
    Q_EMIT rowsChanged();
}

qint64 FailuresModel::total() const
{
    qint64 sum = 0;
    for (const StatsError &e : m_errors)
        sum += e.occurrences;
    return sum;
}

int FailuresModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_errors.size());
}

int FailuresModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 4;
}

QString FailuresModel::headerText(int column) const
{
    switch (column) {
    case 0:
        return tr("# Failures");
    case 1:
        return tr("Type");
    case 2:
        return tr("Name");
    case 3:
        return tr("Message");
    default:
        return {};
    }
}

QVariant FailuresModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const StatsError &e = m_errors.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TooltipRole:
        switch (index.column()) {
        case 0:
            return Format::integer(e.occurrences);
        case 1:
            return e.type;
        case 2:
            return e.name;
        case 3:
            return e.error;
        default:
            return {};
        }
    case ValueRole:
        return index.column() == 0 ? QVariant(e.occurrences) : data(index, Qt::DisplayRole);
    case NumericRole:
        return index.column() == 0;
    default:
        return {};
    }
}

QVariant FailuresModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return headerText(section);
    return QAbstractTableModel::headerData(section, orientation, role);
}

QHash<int, QByteArray> FailuresModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"},
            {ValueRole, "value"},
            {NumericRole, "numeric"},
            {TooltipRole, "tooltip"}};
}

} // namespace cicada
