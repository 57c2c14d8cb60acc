#pragma once

#include "report/thresholdverdict.h"

#include <QAbstractTableModel>
#include <QQmlEngine>

namespace cicada {

/**
 * @brief The thresholds of a finished run as a table: Threshold (as written), Measured (with its
 *        unit), Verdict (PASS, FAIL, UNRELIABLE, FAIL (no data)) and Detail (e.g. "153/268
 *        failed"), one row per threshold in the profile's order.
 *
 * The Verdict cell carries a `tone` role ("good", "danger", "warning") that CcDataTable colours;
 * `kind` is VerdictLabel::kindOf() of the row on every cell.
 */
class ThresholdTableModel : public QAbstractTableModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int rowCount READ rowCountProperty NOTIFY rowsChanged)
    Q_PROPERTY(int brokenCount READ brokenCount NOTIFY rowsChanged)
public:
    enum Role
    {
        NumericRole = Qt::UserRole + 1, ///< true for Measured (right-aligned)
        KindRole,                       ///< VerdictLabel::kindOf() of the row
        ToneRole,                       ///< Verdict column: "good", "danger" or "warning"; else ""
        TooltipRole,                    ///< full text for elided cells
    };
    Q_ENUM(Role)
    enum Column
    {
        ExpressionColumn,
        MeasuredColumn,
        VerdictColumn,
        DetailColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit ThresholdTableModel(QObject *parent = nullptr);

    void setVerdicts(const QList<ThresholdVerdict> &verdicts);
    [[nodiscard]] const QList<ThresholdVerdict> &verdicts() const { return m_verdicts; }
    /** Thresholds that do not hold (failed, no data or unreliable). */
    [[nodiscard]] int brokenCount() const;
    /** "p95(WS send:chat) < 500ms — 612 ms (153/268 failed)" for each threshold that does not
     *  hold, in order. */
    Q_INVOKABLE [[nodiscard]] QStringList brokenLines() const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    Q_INVOKABLE [[nodiscard]] QString headerText(int column) const;
    Q_INVOKABLE [[nodiscard]] bool isNumericColumn(int column) const
    {
        return column == MeasuredColumn;
    }

Q_SIGNALS:
    void rowsChanged();

private:
    [[nodiscard]] int rowCountProperty() const { return int(m_verdicts.size()); }
    [[nodiscard]] QString display(const ThresholdVerdict &verdict, int column) const;

    QList<ThresholdVerdict> m_verdicts;
};

} // namespace cicada
