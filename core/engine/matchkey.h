#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace cicada {

class ParsedMessage;

/**
 * @brief The key a WebSocket session files a pending await under, and looks a reply up by.
 *
 * The key is the compact JSON (JsonText::compact) of the value at each pointer, joined by \x1f.
 * Equal values give equal keys: the number 5 and 5.0 give the same key, the string "5" and the
 * number 5 do not. Compute it for the sent message and for each reply with the same pointers.
 */
class MatchKey
{
public:
    /** The key of @p m at @p pointers; nullopt when @p m is not JSON, any pointer does not
     *  resolve, or @p pointers is empty. */
    [[nodiscard]] static std::optional<QString> of(ParsedMessage &m, const QStringList &pointers);
    /** Appends the key of @p m at @p pointers to @p key (one allocation for a prefixed key);
     *  false, with @p key undefined, where of() gives nullopt. */
    [[nodiscard]] static bool appendTo(ParsedMessage &m, const QStringList &pointers, QString *key);
};

} // namespace cicada
