#pragma once

#include <QAbstractTableModel>
#include <QQmlEngine>

namespace cicada {

class Stats;
class StatsEntry;
struct ResultEntry;
struct RunResult;

/**
 * @brief The messages table: one row per message row of the statistics (server pushes, fire-and-
 *        forget sends, late replies, drops; DESIGN §11) plus their total, last.
 *
 * Columns: Type, Name, # Messages, # Fails, Bytes, Rate/s, # With age, Age p50, Age p95, Age p99.
 * Ages are the times the messages carried (a push's age on arrival, a late reply's delay), in ms,
 * and "–" when no message of the row carried one. Messages are not in the statistics table's
 * Aggregated row. Filled from a Stats snapshot by update() or from a saved result by
 * setResult(); rows in (name, type) order, the total last.
 */
class MessagesTableModel : public QAbstractTableModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by StatsTableModel")
    Q_PROPERTY(int rowCount READ rowCountProperty NOTIFY rowsChanged)
    Q_PROPERTY(double total READ totalCount NOTIFY rowsChanged)
public:
    enum Role
    {
        ValueRole = Qt::UserRole + 1, ///< the raw number (µs for ages), or the text
        NumericRole,                  ///< true for number columns (right-aligned)
        AggregatedRole,               ///< true on the total row
        TooltipRole,                  ///< full text for elided cells
    };
    Q_ENUM(Role)

    /** One row's values; ages in µs. */
    struct Row
    {
        QString type;
        QString name;
        qint64 count = 0;
        qint64 failures = 0;
        qint64 bytes = 0;
        double rate = 0;  ///< messages per second
        qint64 timed = 0; ///< messages that carried a time
        qint64 p50Us = 0;
        qint64 p95Us = 0;
        qint64 p99Us = 0;
        bool total = false;

        friend bool operator==(const Row &a, const Row &b) = default;
    };

    explicit MessagesTableModel(QObject *parent = nullptr);

    /** Takes the message rows of @p stats at @p nowMs. @p live: current rate (else whole-run). */
    void update(const Stats &stats, qint64 nowMs, bool live);
    /** Takes the message rows of a saved result (whole-run rates). */
    void setResult(const RunResult &result);
    void setRows(QList<Row> rows);
    void clear();

    [[nodiscard]] const QList<Row> &rows() const { return m_rows; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    Q_INVOKABLE [[nodiscard]] QString headerText(int column) const;
    /** True for columns holding numbers. */
    Q_INVOKABLE [[nodiscard]] bool isNumericColumn(int column) const;

Q_SIGNALS:
    void rowsChanged();

private:
    enum class Column
    {
        Type,
        Name,
        Count,
        Failures,
        Bytes,
        Rate,
        Timed,
        P50,
        P95,
        P99,
    };
    static constexpr int kColumnCount = int(Column::P99) + 1;
    [[nodiscard]] static QVariant rawValue(const Row &row, Column column);
    [[nodiscard]] static QString displayValue(const Row &row, Column column);
    [[nodiscard]] int rowCountProperty() const { return int(m_rows.size()); }
    [[nodiscard]] double totalCount() const;

    QList<Row> m_rows;
};

} // namespace cicada
