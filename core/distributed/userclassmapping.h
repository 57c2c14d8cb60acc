#pragma once

#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>

namespace cicada {

/**
 * @brief Turns a Locust master's per-class user counts into per-user-type counts of a profile.
 *
 * A master class whose name equals a profile user type's name maps to it one to one (the
 * locustfile from `cicada-cli locustfile` guarantees this). The counts of classes the profile
 * does not know are summed and spread over all user types by their weights (smooth weighted round
 * robin, so the split of N users is the first N picks and only grows as N grows), and reported in
 * Result::unknownClasses so the caller can warn once.
 */
class UserClassMapping
{
public:
    /** The outcome of map(). */
    struct Result
    {
        QMap<QString, int> countsByType; ///< every profile user type, 0 included
        QStringList unknownClasses;      ///< master classes not in the profile, sorted
        int usersByWeight = 0;           ///< users placed by weight (from unknown classes)
    };

    /** @p userTypes: the profile's user types as (name, weight), in profile order;
     *  @p fixedCounts: their UserType::fixedCount (missing = 0). Users placed by weight fill the
     *  fixed types up to their counts first, as UserDistribution does. */
    explicit UserClassMapping(QList<QPair<QString, int>> userTypes, QList<int> fixedCounts = {});

    /** Maps absolute per-class counts from a `spawn` message. Negative counts count as 0. */
    [[nodiscard]] Result map(const QMap<QString, int> &masterCounts) const;

    [[nodiscard]] QStringList userTypeNames() const;

private:
    QList<QPair<QString, int>> m_userTypes;
    QList<int> m_fixedCounts;
};

} // namespace cicada
