#pragma once

#include <QRegularExpression>
#include <QString>

namespace cicada {

/**
 * @brief Compiled regular expressions by pattern, one cache per thread, so a check or capture
 * on every reply does not compile its pattern every time.
 *
 * Patterns come from the profile, so the cache stays small; it is cleared if it ever holds more
 * than kMaxPatterns. The reference is valid until the next get() on the same thread.
 */
class RegexCache
{
public:
    static constexpr int kMaxPatterns = 256;
    [[nodiscard]] static const QRegularExpression &get(const QString &pattern);
};

} // namespace cicada
