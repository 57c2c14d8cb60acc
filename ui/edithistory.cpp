#include "edithistory.h"

#include <QtGlobal>

namespace cicada {

void EditHistory::reset(const State &state)
{
    m_entries = {Entry{state, {}, true, {}}};
    m_index = 0;
    m_savedIndex = 0;
    m_mergeOpen = false;
}

void EditHistory::record(const State &state, const QString &label, bool structural,
                         const QString &mergeKey)
{
    m_entries.resize(m_index + 1); // an edit after undo drops what redo would have repeated
    if (m_savedIndex > m_index)
        m_savedIndex = -1;
    Entry &top = m_entries.last();
    // Never merge into the saved state: undo must be able to reach it again.
    if (m_mergeOpen && !mergeKey.isEmpty() && m_index > 0 && m_index != m_savedIndex &&
        top.mergeKey == mergeKey) {
        top.state = state;
        top.structural = top.structural || structural;
        return;
    }
    m_entries.append(Entry{state, label, structural, mergeKey});
    ++m_index;
    m_mergeOpen = true;
    if (m_entries.size() > kMaxEntries) {
        m_entries.removeFirst();
        --m_index;
        m_savedIndex = m_savedIndex > 0 ? m_savedIndex - 1 : -1;
    }
}

QString EditHistory::undoLabel() const
{
    return canUndo() ? m_entries.at(m_index).label : QString();
}

QString EditHistory::redoLabel() const
{
    return canRedo() ? m_entries.at(m_index + 1).label : QString();
}

const EditHistory::State &EditHistory::undo(bool *structural)
{
    Q_ASSERT(canUndo());
    *structural = m_entries.at(m_index).structural;
    --m_index;
    m_mergeOpen = false;
    return m_entries.at(m_index).state;
}

const EditHistory::State &EditHistory::redo(bool *structural)
{
    Q_ASSERT(canRedo());
    ++m_index;
    *structural = m_entries.at(m_index).structural;
    m_mergeOpen = false;
    return m_entries.at(m_index).state;
}

void EditHistory::markSaved()
{
    m_savedIndex = m_index;
    m_mergeOpen = false;
}

void EditHistory::markNoSavedState()
{
    m_savedIndex = -1;
}

} // namespace cicada
