#pragma once

#include "profile/profile.h"

#include <QString>

namespace cicada {

/**
 * @brief Writes the locustfile a Locust master needs to drive Cicada workers for a profile.
 *
 * One `User` class per profile user type, with the type's name as the class name (`__name__`),
 * its weight, `wait_time = constant(1)`, `host` = the profile's base URL and one no-op task. The
 * master never runs the task; it uses names and weights to split users across classes and
 * workers, so its ratio table and the workers' user types match the profile. Names that are not
 * Python identifiers (or clash with the file's imports) are created with `type(name, ...)`, which
 * gives the class that exact `__name__`.
 */
class LocustfileGenerator
{
public:
    LocustfileGenerator() = delete;

    /** The locustfile text (UTF-8 Python 3). @p profilePath is only quoted in the comments. */
    [[nodiscard]] static QString generate(const Profile &profile, const QString &profilePath);
    /** A Python string literal for @p text (double quotes, backslash escapes). */
    [[nodiscard]] static QString pythonString(const QString &text);
    /** True when @p name can be a Python class name here (identifier, not a keyword, no clash). */
    [[nodiscard]] static bool isPlainClassName(const QString &name);
};

} // namespace cicada
