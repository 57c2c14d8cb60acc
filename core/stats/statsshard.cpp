#include "statsshard.h"

#include <utility>

namespace cicada {

void StatsShard::record(const RequestOutcome &outcome)
{
    const StatsKey key{outcome.type, outcome.name};
    auto it = m_delta.entries.find(key);
    if (it == m_delta.entries.end()) {
        it = m_delta.entries.insert(key, StatsEntry(outcome.type, outcome.name, outcome.kind));
    }
    it->record(outcome);
    if (outcome.failed()) {
        ++m_delta.errors[ErrorKey{outcome.type, outcome.name, outcome.error}];
    }
}

StatsDelta StatsShard::takeDelta()
{
    return std::exchange(m_delta, StatsDelta{});
}

} // namespace cicada
