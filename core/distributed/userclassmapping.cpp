#include "distributed/userclassmapping.h"

#include "engine/userdistribution.h"

#include <algorithm>
#include <utility>

namespace cicada {

UserClassMapping::UserClassMapping(QList<QPair<QString, int>> userTypes)
    : m_userTypes(std::move(userTypes))
{}

QStringList UserClassMapping::userTypeNames() const
{
    QStringList names;
    for (const auto &type : m_userTypes)
        names.append(type.first);
    return names;
}

UserClassMapping::Result UserClassMapping::map(const QMap<QString, int> &masterCounts) const
{
    Result result;
    for (const auto &type : m_userTypes)
        result.countsByType.insert(type.first, 0);
    for (auto it = masterCounts.cbegin(); it != masterCounts.cend(); ++it) {
        const int count = std::max(0, it.value());
        if (result.countsByType.contains(it.key())) {
            result.countsByType[it.key()] += count;
        } else {
            result.unknownClasses.append(it.key());
            result.usersByWeight += count;
        }
    }
    result.unknownClasses.sort();
    if (result.usersByWeight > 0 && !m_userTypes.isEmpty()) {
        QList<int> weights;
        for (const auto &type : m_userTypes)
            weights.append(std::max(1, type.second));
        UserDistribution distribution(weights);
        for (int i = 0; i < result.usersByWeight; ++i)
            ++result.countsByType[m_userTypes.at(distribution.next()).first];
    }
    return result;
}

} // namespace cicada
