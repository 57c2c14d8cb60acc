#pragma once

#include <QAbstractListModel>
#include <QQmlEngine>

namespace cicada {

struct RunResult;

/**
 * @brief The saved results of past runs: every GUI run is saved as a JSON result file in
 *        directory (default: QStandardPaths::AppDataLocation + "/results"); this model lists
 *        them newest first.
 */
class ResultStore : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString directory READ directory WRITE setDirectory NOTIFY directoryChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Role
    {
        PathRole = Qt::UserRole + 1,
        ProfileNameRole,
        StartedRole,  ///< "2024-05-01 12:00"
        DurationRole, ///< "15 s"
        UsersRole,
        RequestsRole,
        RpsRole,
        P95Role,          ///< ms
        FailRatioRole,    ///< 0..1
        ErrorPercentRole, ///< "23.9" (failed operations, % of all)
        VerdictRole,   ///< VerdictLabel::kindOf(): "pass", "fail", "unreliable", "interrupted", ...
        EndReasonRole, ///< "completed", "interrupted", ... (the JSON spelling)
        SummaryRole,   ///< one line for lists
    };
    Q_ENUM(Role)

    explicit ResultStore(QObject *parent = nullptr);

    [[nodiscard]] QString directory() const { return m_directory; }
    void setDirectory(const QString &directory);
    [[nodiscard]] int count() const { return int(m_items.size()); }

    /** Saves the result of a finished run (RunSession::result()); returns the file path, or ""
     *  with @p error. */
    QString saveRun(const RunResult &result, QString *error);
    /** Re-reads the directory. */
    Q_INVOKABLE void refresh();
    Q_INVOKABLE [[nodiscard]] QString pathAt(int row) const;
    Q_INVOKABLE [[nodiscard]] int rowOfPath(const QString &path) const;
    /** Deletes the run at @p row: its result file and the HTML report written next to it (see
     *  ResultView::openHtml()). False when the result file could not be removed. */
    Q_INVOKABLE bool removeAt(int row);
    /** The HTML report's path next to the result file at @p resultPath. */
    [[nodiscard]] static QString htmlPathOf(const QString &resultPath);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /** AppDataLocation/results. */
    [[nodiscard]] static QString defaultDirectory();

Q_SIGNALS:
    void directoryChanged();
    void countChanged();

private:
    struct Item
    {
        QString path;
        QString profileName;
        qint64 startMs = 0;
        qint64 durationMs = 0;
        int users = 0;
        qint64 requests = 0;
        double rps = 0;
        double p95Ms = 0;
        double failRatio = 0;
        QString verdict;
        QString endReason;
    };
    [[nodiscard]] static bool readItem(const QString &path, Item *item);

    QString m_directory;
    QList<Item> m_items;
};

} // namespace cicada
