#pragma once

#include "profiledocument.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QQmlEngine>

namespace cicada {

/**
 * @brief The profile's structure as a flat, indented list for the editor's tree: templates, user
 *        types, their on-start steps, tasks with their steps, and on-stop steps; below each
 *        wsConnect step, an "on connect" section with its onConnect steps.
 *
 * Each row carries the JSON path of its node, so the form on the right edits that path. Rows are
 * rebuilt when the document's structure changes; labels and issue counts refresh on every edit.
 */
class ProfileOutlineModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(
        cicada::ProfileDocument *document READ document WRITE setDocument NOTIFY documentChanged)
public:
    enum Role
    {
        PathRole = Qt::UserRole + 1,
        KindRole, ///< templates, template, userTypes, userType, section, task, step
        LabelRole,
        DetailRole, ///< short summary, e.g. "w 3" or "await match id"
        DepthRole,
        IssueCountRole,
        ArrayPathRole, ///< the array holding the node (empty for map entries and headers)
        IndexRole,     ///< index in that array
        SiblingCountRole,
        StepKindRole, ///< for steps: http, wsConnect, wsSend, wsAwait, think, close
    };
    Q_ENUM(Role)

    explicit ProfileOutlineModel(QObject *parent = nullptr);

    [[nodiscard]] ProfileDocument *document() const { return m_document; }
    void setDocument(ProfileDocument *document);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /** The row showing @p path, or -1. */
    Q_INVOKABLE [[nodiscard]] int rowOf(const QString &path) const;
    /** The kind of node a path points at: template, userType, section (onStart, onStop, a
     *  wsConnect's onConnect), task, step (also inside onConnect), feeder, or "". */
    Q_INVOKABLE [[nodiscard]] static QString kindOfPath(const QString &path);
    /** A one-line summary of the step at @p path, e.g. "POST /login", "WS send chat" or
     *  "WS await /type = price". */
    Q_INVOKABLE [[nodiscard]] QString stepSummary(const QString &path) const;

Q_SIGNALS:
    void documentChanged();

private:
    struct Row
    {
        QString path;
        QString kind;
        int depth = 0;
        QString arrayPath;
        int index = -1;
        int siblings = 0;
    };

    void rebuild();
    void refresh();
    [[nodiscard]] QString label(const Row &row) const;
    [[nodiscard]] QString detail(const Row &row) const;
    void appendSteps(const QString &arrayPath, int depth);
    /** The "Data feeders" group and one row per feeder. */
    void appendFeeders();

    QPointer<ProfileDocument> m_document;
    QList<Row> m_rows;
};

} // namespace cicada
