#pragma once

#include "resultview.h"

#include "report/runcomparison.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QQmlEngine>

namespace cicada {

/**
 * @brief Two saved runs side by side: one row per (type, name) present in either (Aggregated
 *        last) with requests/s, p50, p95 and p99 of run A and run B and the change from A to B.
 *
 * The numbers and the "worse" rule are RunComparison's, the same as `cicada-cli compare` and the
 * HTML comparison report show.
 * Operation rows only: message rows (pushes, fire-and-forget sends) have no response times.
 */
class ComparisonModel : public QAbstractTableModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(cicada::ResultView *first READ first WRITE setFirst NOTIFY runsChanged)
    Q_PROPERTY(cicada::ResultView *second READ second WRITE setSecond NOTIFY runsChanged)
public:
    enum Role
    {
        NumericRole = Qt::UserRole + 1,
        ValueRole,
        AggregatedRole,
        WorseRole, ///< true when B is worse than A by more than 5 % in this cell
    };
    Q_ENUM(Role)

    explicit ComparisonModel(QObject *parent = nullptr);

    [[nodiscard]] ResultView *first() const { return m_first; }
    void setFirst(ResultView *view);
    [[nodiscard]] ResultView *second() const { return m_second; }
    void setSecond(ResultView *view);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    Q_INVOKABLE [[nodiscard]] QString headerText(int column) const;
    Q_INVOKABLE [[nodiscard]] bool isNumericColumn(int column) const { return column >= 2; }

Q_SIGNALS:
    void runsChanged();

private:
    void rebuild();
    [[nodiscard]] QVariant cell(const RunComparison::Row &row, int column, bool raw) const;

    QPointer<ResultView> m_first;
    QPointer<ResultView> m_second;
    QList<RunComparison::Row> m_rows; ///< RunComparison::rows(): the numbers come from core
};

} // namespace cicada
