#pragma once

#include "chartfeed.h"
#include "profiledocument.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QQmlEngine>

namespace cicada {

/**
 * @brief The stage table of the profile editor (`load.stages`, issue 10): one row per stage with
 * the JSON paths its fields edit, add/remove/move, and the planned load shape as a ChartFeed.
 *
 * Rows are the document's `$.load.stages` elements; the fields themselves are edited through the
 * document (CcField on durationPath/targetPath/spawnRatePath), so validation messages show next to
 * them. A stage sets `users` (closed model) or `rate` (open model: the profile has an arrival
 * rate); targetKey() says which. The rows are rebuilt when the document's structure changes, the
 * plan after every edit.
 */
class StagesModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(
        cicada::ProfileDocument *document READ document WRITE setDocument NOTIFY documentChanged)
    Q_PROPERTY(bool openModel READ isOpenModel NOTIFY planChanged)
    Q_PROPERTY(QString targetKey READ targetKey NOTIFY planChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(double totalSeconds READ totalSeconds NOTIFY planChanged)
    Q_PROPERTY(cicada::ChartFeed *plan READ plan CONSTANT)
public:
    enum Role
    {
        DurationPathRole = Qt::UserRole + 1,
        TargetPathRole,
        SpawnRatePathRole,
        StartSecondsRole, ///< when the stage begins, seconds since the start
        DurationRole,     ///< the duration as written
        TargetRole,       ///< users or rate as written
    };
    Q_ENUM(Role)

    explicit StagesModel(QObject *parent = nullptr);

    [[nodiscard]] ProfileDocument *document() const { return m_document; }
    void setDocument(ProfileDocument *document);
    /** True when the profile uses the open model: stages set a rate. */
    [[nodiscard]] bool isOpenModel() const;
    /** "rate" in the open model, else "users". */
    [[nodiscard]] QString targetKey() const;
    [[nodiscard]] int count() const { return m_rows; }
    [[nodiscard]] double totalSeconds() const;
    [[nodiscard]] ChartFeed *plan() const { return m_plan; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /** Appends a 30-s stage holding the last stage's users or rate (the load's without one). */
    Q_INVOKABLE void addStage();
    Q_INVOKABLE void removeStage(int row);
    /** Moves the stage at @p from to @p to (both row indices); out-of-range moves do nothing. */
    Q_INVOKABLE void moveStage(int from, int to);

Q_SIGNALS:
    void documentChanged();
    void planChanged();
    void countChanged();

private:
    void rebuild();
    void updatePlan();
    [[nodiscard]] QString stagePath(int row) const;

    QPointer<ProfileDocument> m_document;
    ChartFeed *m_plan;
    int m_rows = 0;
};

} // namespace cicada
