#pragma once

#include "requestoutcome.h"
#include "statsdelta.h"

namespace cicada {

/**
 * @brief Per-worker-thread stats recorder: no locks, owned and used by exactly one thread.
 *
 * The owning thread calls record() for every outcome and, about once per second, takeDelta() and
 * sends the result to the aggregator (Stats::merge) through a queued signal.
 */
class StatsShard
{
public:
    StatsShard() = default;

    /// Counts an outcome in its (type, name) row and, if it failed, in its error group.
    void record(const RequestOutcome &outcome);
    /// Moves everything recorded so far out; the shard is empty afterwards.
    [[nodiscard]] StatsDelta takeDelta();
    /// True when nothing was recorded since the last takeDelta().
    [[nodiscard]] bool isEmpty() const { return m_delta.isEmpty(); }

private:
    StatsDelta m_delta;
    /// The row of the last outcome and its key (holding the key keeps its string data alive, so
    /// equal data pointers mean equal strings). Reset when the hash may move its rows.
    StatsEntry *m_last = nullptr;
    StatsKey m_lastKey;
};

} // namespace cicada
