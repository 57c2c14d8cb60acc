#pragma once

#include "profile/steps/condition.h"

#include <QList>
#include <QString>

namespace cicada {

class ParsedMessage;

/**
 * @brief Evaluates a Condition (check, wsAwait match, multi-reply `until`) on a message.
 *
 * - Equals: the value at the pointer equals the JSON value (numbers by value: 5 equals 5.0; the
 *   string "5" does not equal 5). With the empty pointer and a non-JSON message, a string value is
 *   compared with the whole text.
 * - Contains: the string at the pointer contains the text; with the empty pointer, the whole
 *   message text contains it.
 * - Exists / NotExists: the pointer resolves / does not resolve.
 * - Regex: the string at the pointer (other values: their compact JSON) or, with the empty
 *   pointer, the whole text matches; compiled patterns are cached per thread.
 * Failure sentences name the check and what was found, e.g.
 * `check /status equals "ok" failed: got "error"`. Pure apart from the per-thread regex cache.
 */
class ConditionCheck
{
public:
    /** True when @p c holds on @p m; otherwise false and @p why (if given) says why. */
    [[nodiscard]] static bool holds(const Condition &c, ParsedMessage &m, QString *why = nullptr);
    /** True when every condition holds; stops at the first that does not (its @p why). */
    [[nodiscard]] static bool allHold(const QList<Condition> &cs, ParsedMessage &m,
                                      QString *why = nullptr);
    /** The check in words: `/status equals "ok"`, `body matches regex "^a"`. */
    [[nodiscard]] static QString describe(const Condition &c);
};

} // namespace cicada
