#pragma once

#include <QList>

namespace cicada {

/**
 * @brief Picks the user type of each newly spawned user so that every prefix of the sequence
 * follows the weights as closely as possible (smooth weighted round robin, as nginx balances
 * upstreams). With weights 3:1 the sequence is A A B A | A A B A ...
 */
class UserDistribution
{
public:
    explicit UserDistribution(QList<int> weights);
    /** Index of the user type for the next user. */
    [[nodiscard]] int next();

private:
    QList<int> m_weights;
    QList<long long> m_current;
    long long m_total = 0;
};

} // namespace cicada
