#include "distributed/userclassmapping.h"

#include "engine/userdistribution.h"

#include <algorithm>
#include <utility>

namespace cicada {

UserClassMapping::UserClassMapping(QList<QPair<QString, int>> userTypes, QList<int> fixedCounts)
    : m_userTypes(std::move(userTypes)), m_fixedCounts(std::move(fixedCounts))
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
        UserDistribution distribution(weights, m_fixedCounts);
        // Users the master named already count towards the fixed types' counts.
        QList<int> counts;
        for (const auto &type : m_userTypes)
            counts.append(result.countsByType.value(type.first));
        for (int i = 0; i < result.usersByWeight; ++i) {
            const int type = distribution.next(counts);
            if (type < 0)
                break; // every type is fixed and full
            ++counts[type];
            ++result.countsByType[m_userTypes.at(type).first];
        }
    }
    return result;
}

} // namespace cicada
