#pragma once

#include "stats/statserror.h"

#include <QAbstractTableModel>
#include <QQmlEngine>

namespace cicada {

/**
 * @brief The failures table (Locust's failures.csv): # failures, type, name, message — grouped
 *        by (type, name, message), most frequent first. Filled from a snapshot about once per
 * second.
 */
class FailuresModel : public QAbstractTableModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int rowCount READ rowCountProperty NOTIFY rowsChanged)
    Q_PROPERTY(qint64 total READ total NOTIFY rowsChanged)
public:
    enum Role
    {
        ValueRole = Qt::UserRole + 1,
        NumericRole,
        TooltipRole,
    };
    Q_ENUM(Role)

    explicit FailuresModel(QObject *parent = nullptr);

    void setErrors(const QList<StatsError> &errors);
    [[nodiscard]] const QList<StatsError> &errors() const { return m_errors; }
    [[nodiscard]] qint64 total() const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    Q_INVOKABLE [[nodiscard]] QString headerText(int column) const;

Q_SIGNALS:
    void rowsChanged();

private:
    [[nodiscard]] int rowCountProperty() const { return int(m_errors.size()); }
    QList<StatsError> m_errors;
};

} // namespace cicada
