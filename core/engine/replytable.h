#pragma once

#include "engine/compiledsteps.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <deque>

namespace cicada {

class ParsedMessage;

/** @brief One awaited send waiting for its reply (or replies). Times: a monotonic clock, ns. */
struct PendingReply
{
    const CompiledWsSend *step = nullptr;
    QString key;           ///< the table key (Await::Match); empty for Await::NextMessage
    qint64 sentNs = 0;     ///< when the frame was handed to the socket
    qint64 deadlineNs = 0; ///< sentNs + the step's timeout
    qint64 firstReplyNs = -1;
    int replies = 0;  ///< replies taken so far
    qint64 bytes = 0; ///< bytes of the replies taken so far
};

/**
 * @brief A WebSocket connection's awaited sends, many in flight: replies are matched by the
 * values at the sending step's JSON pointers (MatchKey), or, for `await: next`, by arrival order.
 *
 * Pure (no sockets, no timers; the caller passes the time), so the matching rules are unit-tested
 * on their own:
 * - a reply whose key is pending is taken by that send; a multi-reply send (replies N / until)
 *   takes every matching reply until the N-th, or the first that meets every `until` condition;
 * - otherwise the oldest `await: next` send takes it;
 * - a reply whose send already timed out is Late (up to kMaxLateEntries remembered, oldest
 *   forgotten first), so it is neither a new message nor a push;
 * - anything else is not a reply (None).
 * Not thread-safe; one per connection.
 */
class ReplyTable
{
public:
    static constexpr int kMaxLateEntries = 4096;

    enum class Match
    {
        None,     ///< not a reply: a push, or a message for wsAwait
        Partial,  ///< one reply of a multi-reply send that is not complete yet
        Complete, ///< the send's (last) reply: the entry left the table
        Late      ///< a reply to a send that timed out
    };
    struct Result
    {
        Match match = Match::None;
        PendingReply reply; ///< Partial / Complete: the entry (updated); Late: the expired one
    };

    /** The table key of a send of @p step whose message is @p m; false when @p m lacks a
     *  pointer's value (the send cannot be matched). */
    [[nodiscard]] static bool keyOf(const CompiledWsSend &step, ParsedMessage &m, QString *key);

    /** Files @p reply (key from keyOf(), or empty for await next); false when a send with the
     *  same key is already pending (its reply could not be told apart). */
    bool add(PendingReply reply);
    /** Matches one incoming message that arrived at @p nowNs. */
    [[nodiscard]] Result take(ParsedMessage &m, qint64 nowNs);
    /** Removes and returns the sends whose deadline is <= @p nowNs, oldest deadline first; they
     *  are remembered for late replies. */
    [[nodiscard]] QList<PendingReply> expire(qint64 nowNs);
    /** Removes and returns every pending send (the connection closed); nothing is remembered. */
    [[nodiscard]] QList<PendingReply> takeAll();
    /** Forgets the late replies (a new connection). */
    void clearLate();

    /** The earliest deadline, or -1 when nothing is pending. O(pending). */
    [[nodiscard]] qint64 nextDeadlineNs() const;
    [[nodiscard]] int pendingCount(const CompiledWsSend *step) const
    {
        for (const auto &entry : m_perStep)
            if (entry.first == step)
                return entry.second;
        return 0;
    }
    [[nodiscard]] int size() const { return int(m_byKey.size() + m_next.size()); }

private:
    struct PointerSet
    {
        QString id; ///< setId(pointers)
        QStringList pointers;
        int uses = 0; ///< pending and late entries using it
    };
    static QString setId(const QStringList &pointers);
    void useSet(const QStringList &pointers, int delta);
    void removed(const PendingReply &reply);
    void remember(const PendingReply &reply);
    bool completes(PendingReply &reply, ParsedMessage &m);

    QHash<QString, PendingReply> m_byKey; ///< Await::Match sends
    std::deque<PendingReply> m_next;      ///< Await::NextMessage sends, oldest first
    QHash<QString, PendingReply> m_late;  ///< expired sends, for late replies
    std::deque<QString> m_lateOrder;      ///< m_late's keys, oldest first
    /// Pointer lists used so far: a few at most, and a list walks faster than a hash's spans.
    QList<PointerSet> m_sets;
    int &pendingSlot(const CompiledWsSend *step);

    /// Pending sends per step: a step or two per connection, so a list walks faster than a hash;
    /// a count at 0 stays (with one send in flight it would leave and come back every message).
    QList<std::pair<const CompiledWsSend *, int>> m_perStep;
    QString m_keyScratch; ///< take()'s key buffer, reused
};

} // namespace cicada
