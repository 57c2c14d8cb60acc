#pragma once

#include <QList>

namespace cicada {

/**
 * @brief Picks the user type of each newly spawned user, like Locust's dispatcher: types with a
 * fixed count (Locust's `fixed_count`) are filled first, then the rest follow the weights of the
 * other types so that every prefix of the sequence is as close to the weights as possible (smooth
 * weighted round robin, as nginx balances upstreams). With weights 3:1 the weighted sequence is
 * A A B A | A A B A ...
 *
 * A type with a fixed count never gets users by weight: when every type has one, at most
 * maxUsers() users can be placed and next() returns -1 after that.
 */
class UserDistribution
{
public:
    /** @p fixedCounts: per type, 0 = by weight; shorter than @p weights means 0 for the rest. */
    explicit UserDistribution(QList<int> weights, QList<int> fixedCounts = {});

    /**
     * @brief The user type of the next user, given how many users each type has now (@p counts,
     * one per type). A fixed type below its count comes first (the one furthest below it, the
     * lowest index on a tie); else the next pick of the weighted sequence among the other types.
     * -1 when no type can take a user.
     */
    [[nodiscard]] int next(const QList<int> &counts);
    /** next() with the counts of the users this object handed out so far (none ever stop). */
    [[nodiscard]] int next();
    /** The most users the types can take: the sum of the fixed counts when every type has one,
     *  else unlimited (INT_MAX). */
    [[nodiscard]] int maxUsers() const;

private:
    QList<int> m_weights; ///< 0 for fixed types
    QList<int> m_fixed;
    QList<long long> m_current;
    QList<int> m_handedOut; ///< for next() without counts
    long long m_total = 0;
};

} // namespace cicada
