#pragma once

#include <QHashFunctions>
#include <QString>

namespace cicada {

/**
 * @brief Identity of a stats row: (type, name), e.g. ("GET", "/api/items") or ("WS send", "chat").
 */
struct StatsKey
{
    QString type; ///< request type: HTTP method or WS kind
    QString name; ///< stats name

    friend bool operator==(const StatsKey &a, const StatsKey &b) = default;
};

/// Hash for QHash/QSet.
inline size_t qHash(const StatsKey &key, size_t seed = 0) noexcept
{
    return qHashMulti(seed, key.type, key.name);
}

} // namespace cicada
