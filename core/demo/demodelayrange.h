#pragma once

#include <QRandomGenerator>
#include <QtGlobal>

namespace cicada {

/** @brief An inclusive range of artificial delays, milliseconds; {0, 0} means none. */
struct DemoDelayRange
{
    qint64 minMs = 0;
    qint64 maxMs = 0;

    /** A range with both ends clamped to [0, @p limitMs] and ordered. */
    [[nodiscard]] static DemoDelayRange clamped(qint64 minMs, qint64 maxMs, qint64 limitMs)
    {
        minMs = qBound<qint64>(0, minMs, limitMs);
        maxMs = qBound<qint64>(0, maxMs, limitMs);
        return minMs <= maxMs ? DemoDelayRange{minMs, maxMs} : DemoDelayRange{maxMs, minMs};
    }

    /** A delay drawn uniformly from [minMs, maxMs], milliseconds. */
    [[nodiscard]] qint64 pick() const
    {
        if (maxMs <= minMs)
            return minMs;
        return minMs + qint64(QRandomGenerator::global()->bounded(quint64(maxMs - minMs + 1)));
    }
};

} // namespace cicada
