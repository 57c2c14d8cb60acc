#pragma once

#include <QtGlobal>

class QRandomGenerator;

namespace cicada {

/**
 * @brief When a WebSocket session tries to reconnect: jittered exponential backoff that resets
 * only after a connection stayed up, so a server that accepts the upgrade and closes at once is
 * not hammered (issue 8 §3).
 *
 * The n-th delay since the last reset (n = 0, 1, ...) is uniform in [d/2, d] with
 * d = min(kInitialDelayMs × 2^n, kMaxDelayMs) ("equal jitter": users that dropped together spread
 * out, yet every delay is at least half the nominal one, so delays two apart always grow).
 * A connection that dropped after staying up at least kStableConnectionMs resets n to 0.
 * Pure arithmetic plus the caller's random generator; not thread-safe (one per session).
 */
class ReconnectBackoff
{
public:
    static constexpr qint64 kInitialDelayMs = 250;
    static constexpr qint64 kMaxDelayMs = 10000;
    static constexpr qint64 kStableConnectionMs = 5000;

    /** The delay before the next attempt, in ms; counts the attempt. */
    [[nodiscard]] qint64 nextDelayMs(QRandomGenerator &random);
    /** The nominal (un-jittered) delay of the next attempt, in ms. */
    [[nodiscard]] qint64 nominalDelayMs() const;
    /** A connection came up at @p nowMs (any monotonic clock, the same for dropped()). */
    void connected(qint64 nowMs);
    /** The connection dropped at @p nowMs; resets the backoff when it stayed up long enough. */
    void dropped(qint64 nowMs);
    /** Attempts counted since the last reset. */
    [[nodiscard]] int attempts() const { return m_attempts; }

private:
    int m_attempts = 0;
    qint64 m_connectedAtMs = -1;
};

} // namespace cicada
