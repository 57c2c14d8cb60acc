#pragma once

#include <QString>

namespace cicada {

/**
 * @brief A credential the importer took out of a recording: the profile says `{{env.NAME}}`
 *        where the recording had the value. The value itself is never kept.
 */
struct EnvReference
{
    QString name;  ///< environment variable, e.g. COOKIE_SESSIONID
    QString where; ///< what it replaces, e.g. "cookie 'sessionid'", "header 'Authorization'"
};

} // namespace cicada
