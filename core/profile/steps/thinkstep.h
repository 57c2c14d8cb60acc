#pragma once

#include <QtGlobal>

namespace cicada {

/** @brief `{"think": "1s"}` or `{"think": ["1s", "3s"]}`: a pause, random in [minMs, maxMs]. */
struct ThinkStep
{
    qint64 minMs = 0;
    qint64 maxMs = 0; ///< == minMs for a fixed pause
    bool operator==(const ThinkStep &) const = default;
};

/** @brief `{"close": {}}`: closes the user's WebSocket (no reconnect until the next wsConnect). */
struct CloseStep
{
    bool operator==(const CloseStep &) const = default;
};

} // namespace cicada
