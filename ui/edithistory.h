#pragma once

#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace cicada {

/**
 * @brief The profile editor's undo history: a list of whole-document snapshots (the JSON and the
 *        template drafts that do not parse yet), like a QUndoStack of "set the document" commands.
 *
 * Entry 0 is the document as opened; each recorded edit appends the document after it, with a
 * label for the Edit menu ("edit Timeout") and whether it changed the structure (lists and trees
 * rebuild only then). Undo and redo move an index; recording after an undo drops the redo tail.
 *
 * Typing: consecutive edits with the same non-empty merge key (the field's JSON path) replace
 * the newest entry instead of adding one, so a word typed into a field is one undo step; any
 * other edit, an undo/redo or a save ends the merge. The saved state is tracked by index, so
 * undoing back to it makes the document clean again (isAtSavedState()).
 *
 * Snapshots share their data (QJsonValue is implicitly shared); at most kMaxEntries are kept,
 * the oldest dropped first. Not thread-safe; used on the GUI thread only.
 */
class EditHistory
{
public:
    /** One state of the document. */
    struct State
    {
        QJsonValue root;
        QHash<QString, QString> drafts; ///< template name → JSON text that does not parse yet
    };

    static constexpr qsizetype kMaxEntries = 500;

    /** Forgets every entry: @p state is the only one, and it is the saved state. */
    void reset(const State &state);
    /** Records the document after an edit. */
    void record(const State &state, const QString &label, bool structural,
                const QString &mergeKey = {});

    [[nodiscard]] bool canUndo() const { return m_index > 0; }
    [[nodiscard]] bool canRedo() const { return m_index + 1 < m_entries.size(); }
    /** The label of the edit undo() would revert (empty when none). */
    [[nodiscard]] QString undoLabel() const;
    /** The label of the edit redo() would repeat (empty when none). */
    [[nodiscard]] QString redoLabel() const;
    /** Steps back; returns the state to show and sets @p structural when the reverted edit
     *  changed the structure. Only when canUndo(). */
    const State &undo(bool *structural);
    /** Steps forward; like undo(). Only when canRedo(). */
    const State &redo(bool *structural);
    /** The current state is what the file holds now. */
    void markSaved();
    /** No state in the history is what a file holds (e.g. an unsaved import). */
    void markNoSavedState();
    [[nodiscard]] bool isAtSavedState() const { return m_index == m_savedIndex; }
    /** The number of states kept (1 after reset()). */
    [[nodiscard]] qsizetype size() const { return m_entries.size(); }

private:
    struct Entry
    {
        State state;
        QString label; ///< the edit that led to this state
        bool structural = false;
        QString mergeKey;
    };

    QList<Entry> m_entries{Entry{}};
    qsizetype m_index = 0;
    qsizetype m_savedIndex = 0; ///< -1: no entry is saved
    bool m_mergeOpen = false;
};

} // namespace cicada
