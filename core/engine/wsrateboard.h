#pragma once

#include <QList>
#include <QtGlobal>

#include <atomic>
#include <memory>

namespace cicada {

/**
 * @brief What a Runner and its users share for rate-scheduled WebSocket sends (wsSend `rate`).
 *
 * - Each user type's target user count: written by the Runner whenever the target changes, read
 *   by the users' WsRateSender, which divides a `total` rate by it.
 * - The scheduled and late sends so far: added by the users, read into GeneratorHealth.
 *
 * Thread-safe: every value is a relaxed atomic (each stands alone; no value is derived from
 * another one's being up to date).
 */
class WsRateBoard
{
public:
    explicit WsRateBoard(int userTypes);

    /** The Runner's side: @p users of @p type are the target (ignored for unknown types). */
    void setTargetUsers(int type, int users);
    /** The target user count of @p type; 0 for an unknown type or before the first target. */
    [[nodiscard]] int targetUsers(int type) const;

    /** A user's side: @p sends more scheduled messages handled, @p late of them late. */
    void addSends(qint64 sends, qint64 late);
    [[nodiscard]] qint64 sends() const { return m_sends.load(std::memory_order_relaxed); }
    [[nodiscard]] qint64 lateSends() const { return m_late.load(std::memory_order_relaxed); }

    /**
     * The users of each type among the first @p users spawned by @p weights and @p fixedCounts
     * (UserDistribution's order from the start: the counts a weight-spawned run has at that
     * target; fixed types first, and no more users than an all-fixed profile allows).
     */
    [[nodiscard]] static QList<int> weightedTargets(const QList<int> &weights, int users,
                                                    const QList<int> &fixedCounts = {});

private:
    const int m_types;
    std::unique_ptr<std::atomic<int>[]> m_targets;
    std::atomic<qint64> m_sends{0};
    std::atomic<qint64> m_late{0};
};

} // namespace cicada
