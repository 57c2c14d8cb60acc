#pragma once

#include <QHashFunctions>
#include <QString>

namespace cicada {

/**
 * @brief Identity of an error group: (type, name, error message), like Locust's failures.
 */
struct ErrorKey
{
    QString type;  ///< request type of the failed outcome
    QString name;  ///< stats name of the failed outcome
    QString error; ///< failure message (RequestOutcome::error)

    friend bool operator==(const ErrorKey &a, const ErrorKey &b) = default;
};

/// Hash for QHash/QSet.
inline size_t qHash(const ErrorKey &key, size_t seed = 0) noexcept
{
    return qHashMulti(seed, key.type, key.name, key.error);
}

} // namespace cicada
