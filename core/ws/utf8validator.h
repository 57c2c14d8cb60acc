#pragma once

#include <QtGlobal>

namespace cicada {

/**
 * @brief Whether @p size bytes at @p data are well-formed UTF-8 (RFC 3629: no overlong forms, no
 *        surrogates, nothing above U+10FFFF), as RFC 6455 requires of text messages and close
 *        reasons. ASCII runs are checked 8 bytes a step. O(size), no allocation.
 */
[[nodiscard]] bool isValidUtf8(const char *data, qint64 size);

} // namespace cicada
