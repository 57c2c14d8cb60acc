#pragma once

#include "stats/statsdelta.h"

#include <QtGlobal>

namespace cicada {

/**
 * @brief Collects the runner's per-thread deltas between two Locust `stats` reports.
 *
 * Locust workers send *deltas*: everything since the previous report, after which they start from
 * zero (the master adds each report to its own totals). take() hands out the current window and
 * starts the next one; putBack() returns a window whose report could not be queued, so nothing is
 * lost or counted twice. Lives in one thread; not thread-safe.
 */
class StatsAccumulator
{
public:
    /** @p windowStartMs: when the first window starts (ms since the epoch). */
    explicit StatsAccumulator(qint64 windowStartMs = 0);

    /** Adds a delta to the current window. */
    void add(const StatsDelta &delta);
    /**
     * Moves the current window out and starts the next at @p nowMs. @p windowStartMs receives
     * the start of the window returned (ms since the epoch).
     */
    [[nodiscard]] StatsDelta take(qint64 nowMs, qint64 *windowStartMs);
    /** Merges back a window from take() (e.g. its report could not be sent); the current window
     *  then starts at the earlier of the two starts. */
    void putBack(const StatsDelta &delta, qint64 windowStartMs);
    /** Drops everything and starts a new window at @p nowMs. Returns the requests dropped. */
    qint64 restart(qint64 nowMs);

    [[nodiscard]] bool isEmpty() const { return m_delta.isEmpty(); }
    /** Requests (failures included) in the current window. */
    [[nodiscard]] qint64 requestCount() const;
    /** Start of the current window (ms since the epoch). */
    [[nodiscard]] qint64 windowStartMs() const { return m_windowStartMs; }

private:
    StatsDelta m_delta;
    qint64 m_windowStartMs = 0;
};

} // namespace cicada
