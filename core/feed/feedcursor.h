#pragma once

#include "profile/feedvalues.h"

#include <QList>
#include <QString>
#include <QtGlobal>

#include <vector>

class QRandomGenerator;

namespace cicada {

class FeedSet;

/**
 * @brief One user's view of the feeders: which row of each feeder its current iteration uses.
 * Lives with the user (one thread); the FeedSet it takes rows from is shared.
 *
 * Rows are selected lazily, the first time a step that uses a feeder runs (prepare()), and then
 * kept for the rest of the block, so every `{{feed.NAME.*}}` of one iteration reads the same row:
 * - each task iteration (begin(Block::Task)) selects afresh;
 * - the onStart steps are a block of their own; the rows they select are the user's "start rows",
 *   selected again when onStart runs again (a re-login after a refused reconnect) and used by the
 *   onStop steps, so that logging out uses the account that logged in;
 * - perUser rows are the user's index whatever the block.
 * Between blocks value() keeps returning the last row selected (a WebSocket reconnect renders its
 * URL outside any step), until a step selects a new one.
 */
class FeedCursor final : public FeedValues
{
public:
    enum class Block
    {
        OnStart,
        Task,
        OnStop
    };

    /** @p feeds may be nullptr (a profile without feeders): every value is empty. */
    FeedCursor(FeedSet *feeds, int userIndex);

    void begin(Block block);
    /**
     * Selects a row for each feeder in @p feeders (indices into the FeedSet) that has none in
     * this block. Returns -1, or the index of the first feeder that had no row left (the rows
     * selected before it stay selected).
     */
    int prepare(const QList<int> &feeders, QRandomGenerator &random);
    /** The selected row of feeder @p index, or -1. */
    [[nodiscard]] qsizetype row(int index) const { return m_rows.at(size_t(index)); }
    [[nodiscard]] FeedSet *feeds() const { return m_feeds; }

    [[nodiscard]] QString value(const QString &feeder, const QString &column) const override;

private:
    void saveStartRows();

    FeedSet *m_feeds;
    int m_userIndex;
    Block m_block = Block::OnStart;
    std::vector<qsizetype> m_rows;      ///< per feeder: the last row selected, or -1
    std::vector<bool> m_fresh;          ///< per feeder: selected in the current block
    std::vector<qsizetype> m_startRows; ///< per feeder: the row onStart selected, or -1
    bool m_hasStartRows = false;
};

} // namespace cicada
