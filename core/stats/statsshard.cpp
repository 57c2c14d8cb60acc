#include "statsshard.h"

#include <utility>

namespace cicada {

namespace {

/// The same string object's data (the usual case: both copied from one compiled step's names).
bool sameData(const QString &a, const QString &b)
{
    return a.constData() == b.constData() && a.size() == b.size();
}

} // namespace

void StatsShard::record(const RequestOutcome &outcome)
{
    // Most outcomes in a row go to the row before (one step per user type), with names that
    // share their data: no hashing then.
    if (!m_last || !sameData(outcome.type, m_lastKey.type) ||
        !sameData(outcome.name, m_lastKey.name)) {
        const StatsKey key{outcome.type, outcome.name};
        auto it = m_delta.entries.find(key);
        if (it == m_delta.entries.end())
            it = m_delta.entries.insert(key, StatsEntry(outcome.type, outcome.name, outcome.kind));
        m_last = &*it;
        m_lastKey = key;
    }
    m_last->record(outcome);
    if (outcome.failed()) {
        ++m_delta.errors[ErrorKey{outcome.type, outcome.name, outcome.error}];
    }
}

StatsDelta StatsShard::takeDelta()
{
    m_last = nullptr;
    return std::exchange(m_delta, StatsDelta{});
}

} // namespace cicada
