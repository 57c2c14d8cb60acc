#pragma once

#include <QString>

namespace cicada {

/** @brief A cookie (domain may be empty: the host of the base/broker URL) or a header. */
struct NameValue
{
    QString name;
    QString value;  ///< may contain placeholders, e.g. "{{env.SESSION_ID}}"
    QString domain; ///< cookies only
    QString comment = {};
    bool operator==(const NameValue &) const = default;
};

} // namespace cicada
