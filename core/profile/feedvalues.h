#pragma once

#include <QString>

namespace cicada {

/**
 * @brief Where a Template finds `{{feed.NAME.column}}` values: the row each feeder has selected
 * for the user being rendered (the engine's FeedCursor, the GUI's first-row preview).
 *
 * value() is called during Template::render() and must not select rows: selection happens
 * before a step runs, so that one render never fails half-way.
 */
class FeedValues
{
public:
    virtual ~FeedValues() = default;
    /** The value of @p column in the row selected for @p feeder; empty when there is none. */
    [[nodiscard]] virtual QString value(const QString &feeder, const QString &column) const = 0;
};

} // namespace cicada
