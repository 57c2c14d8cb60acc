#pragma once

#include "feed/feedtable.h"
#include "profile/profile.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QtGlobal>

#include <atomic>
#include <memory>

class QRandomGenerator;

namespace cicada {

/**
 * @brief A run's data feeders: each feeder's rows (loaded once, read-only) and the shared
 * cursors that hand rows out. One FeedSet is shared by all worker threads; take() is thread-safe
 * and lock-free.
 *
 * Strategies (Feeder::Strategy):
 * - sequential: one atomic cursor across all users and threads, so each row is taken exactly
 *   once; after the last row take() returns -1 (the feeder is exhausted, for good).
 * - circular: the same shared cursor, modulo the row count: rows in order, wrapping.
 * - random: a uniformly random row from the caller's generator (the worker thread's).
 * - perUser: the row with the user's index ({{user.index}}); -1 when the index is beyond the
 *   last row.
 * What a -1 means for the user (stop, or a failed step) is Feeder::onExhausted, applied by the
 * engine, which counts it here with countExhausted().
 */
class FeedSet
{
public:
    /** @p tables: one per feeder, in the same order; none may be nullptr. */
    FeedSet(const QList<Feeder> &feeders, const QList<std::shared_ptr<const FeedTable>> &tables);
    FeedSet(const FeedSet &) = delete;
    FeedSet &operator=(const FeedSet &) = delete;

    [[nodiscard]] int count() const { return int(m_feeders.size()); }
    /** The index of the feeder named @p name, or -1. */
    [[nodiscard]] int indexOf(const QString &name) const { return m_index.value(name, -1); }
    [[nodiscard]] const Feeder &feeder(int index) const { return m_feeders.at(index); }
    [[nodiscard]] const FeedTable &table(int index) const { return *m_tables.at(index); }

    /** A row of feeder @p index for user @p userIndex, or -1 when none is left. Thread-safe. */
    [[nodiscard]] qsizetype take(int index, int userIndex, QRandomGenerator &random);
    /** Rows handed out so far by the shared cursor (sequential: at most the row count). */
    [[nodiscard]] qint64 rowsTaken(int index) const;
    /** Counts one user stopped, or one step failed, because feeder @p index had no row left. */
    void countExhausted(int index);
    [[nodiscard]] qint64 exhaustedCount(int index) const;
    /** Every cursor and count back to zero, for another run with the same compiled profile (a
     *  Locust worker's next test). Only while no user takes rows. */
    void restart();
    /** One line for the console and logs, e.g. "feeder 'users' (sequential, 400 rows): 400 rows
     *  used; no rows left: 20 users stopped". */
    [[nodiscard]] QString summary(int index) const;

private:
    struct Cursor
    {
        std::atomic<qint64> next{0};
        std::atomic<qint64> exhausted{0};
    };

    QList<Feeder> m_feeders;
    QList<std::shared_ptr<const FeedTable>> m_tables;
    QHash<QString, int> m_index;
    std::unique_ptr<Cursor[]> m_cursors; ///< atomics neither copy nor move: a fixed array
};

} // namespace cicada
