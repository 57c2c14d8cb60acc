#pragma once

#include "messagestablemodel.h"

#include <QAbstractTableModel>
#include <QQmlEngine>
#include <QVariantList>

namespace cicada {

class Stats;

/**
 * @brief The statistics table: one row per operation (type, name) plus Aggregated, with Locust's
 *        columns and a selectable set of percentile columns; sortable; Aggregated stays last.
 *
 * Operations only (DESIGN §11): message rows (pushes, fire-and-forget sends, late replies, drops)
 * go to messages(), a MessagesTableModel that update() fills from the same snapshot.
 *
 * Filled from a Stats snapshot by update() (about once per second). When the set of rows is
 * unchanged, only the values change (dataChanged), so the table never reflows while it is read.
 * Times are shown in milliseconds, sizes in bytes, numbers right-aligned with separators.
 * When a row has service times (the open model, issue 10: the main times count from the intended
 * start), two columns "Svc median" and "Svc 95%" follow the others; without, the layout is
 * unchanged.
 */
class StatsTableModel : public QAbstractTableModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(
        QVariantList percentiles READ percentiles WRITE setPercentiles NOTIFY percentilesChanged)
    Q_PROPERTY(int sortColumn READ sortColumn NOTIFY sortChanged)
    Q_PROPERTY(bool sortAscending READ sortAscending NOTIFY sortChanged)
    Q_PROPERTY(int rowCount READ rowCountProperty NOTIFY rowsChanged)
    Q_PROPERTY(int columnCount READ columnCountProperty NOTIFY percentilesChanged)
    Q_PROPERTY(bool live READ isLive NOTIFY rowsChanged)
    Q_PROPERTY(cicada::MessagesTableModel *messages READ messages CONSTANT)
public:
    enum Role
    {
        ValueRole = Qt::UserRole + 1, ///< the raw number (µs for times), or the text
        NumericRole,                  ///< true for number columns (right-aligned)
        AggregatedRole,               ///< true on the Aggregated row
        TooltipRole,                  ///< full text for elided cells
    };
    Q_ENUM(Role)

    /** One row's values; times in µs. */
    struct Row
    {
        QString type;
        QString name;
        qint64 requests = 0;
        qint64 failures = 0;
        qint64 medianUs = 0;
        QList<qint64> percentileUs; ///< one per percentiles()
        double avgUs = 0;
        qint64 minUs = 0;
        qint64 maxUs = 0;
        double avgSize = 0;
        double rps = 0;
        double failPerSec = 0;
        bool aggregated = false;
        /// Open model: service time (from the actual send) median and p95, µs; -1 = none.
        qint64 serviceMedianUs = -1;
        qint64 serviceP95Us = -1;
    };

    explicit StatsTableModel(QObject *parent = nullptr);

    /** Takes a snapshot of @p stats at @p nowMs (operation rows here, message rows in
     *  messages()). @p live: show current RPS (else whole-run). */
    void update(const Stats &stats, qint64 nowMs, bool live);
    /** Replaces the rows directly (e.g. from a saved result). */
    void setRows(QList<Row> rows, bool live);
    /** Clears the rows and messages(). */
    void clear();
    /** The message rows of the last update(). */
    [[nodiscard]] MessagesTableModel *messages() const { return m_messages; }

    [[nodiscard]] QVariantList percentiles() const;
    void setPercentiles(const QVariantList &percentiles);
    [[nodiscard]] int sortColumn() const { return m_sortColumn; }
    [[nodiscard]] bool sortAscending() const { return m_sortAscending; }
    [[nodiscard]] bool isLive() const { return m_live; }
    [[nodiscard]] const QList<Row> &rows() const { return m_rows; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /** Sorts by @p column; the same column again flips the order; -1 = by name. */
    Q_INVOKABLE void sortBy(int column);
    Q_INVOKABLE [[nodiscard]] QString headerText(int column) const;
    /** True for columns holding numbers. */
    Q_INVOKABLE [[nodiscard]] bool isNumericColumn(int column) const;
    /** True for the Aggregated row (always the last row, whatever the sort). */
    Q_INVOKABLE [[nodiscard]] bool isAggregatedRow(int row) const;
    /** The percentiles one can add as columns. */
    Q_INVOKABLE [[nodiscard]] QVariantList availablePercentiles() const;
    Q_INVOKABLE void togglePercentile(double percentile);

Q_SIGNALS:
    void percentilesChanged();
    void sortChanged();
    void rowsChanged();

private:
    enum class Column
    {
        Type,
        Name,
        Requests,
        Failures,
        Median,
        Percentile,
        Average,
        Min,
        Max,
        AvgSize,
        Rps,
        FailPerSec,
        ServiceMedian, ///< only while a row has service times (the open model)
        ServiceP95
    };
    [[nodiscard]] Column columnAt(int column, int *percentileIndex = nullptr) const;
    [[nodiscard]] QVariant rawValue(const Row &row, int column) const;
    [[nodiscard]] QString displayValue(const Row &row, int column) const;
    [[nodiscard]] int rowCountProperty() const { return int(m_rows.size()); }
    [[nodiscard]] int columnCountProperty() const { return columnCount(); }
    void sortRows();

    QList<Row> m_rows;
    MessagesTableModel *m_messages;
    QList<double> m_percentiles{90, 95, 99};
    int m_sortColumn = -1;
    bool m_sortAscending = true;
    bool m_live = true;
    bool m_hasServiceTime = false; ///< adds the ServiceMedian and ServiceP95 columns
};

} // namespace cicada
