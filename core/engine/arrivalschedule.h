#pragma once

#include "profile/profile.h"

#include <QList>
#include <QtGlobal>

#include <limits>

namespace cicada {

/**
 * @brief Pure arithmetic of the open model: a piecewise-linear arrival rate over the run's time
 * and the intended start time of every iteration.
 *
 * Times are nanoseconds since the run's start; rates are iterations per second. Iteration k
 * (0-based) is due at the first time t where the expected count ∫₀ᵗ rate reaches k, so at a
 * constant rate r iteration k is due at k / r (the first at 0). Worker threads share one schedule:
 * thread j of n takes iterations j, j + n, j + 2n, ...
 *
 * setRateFrom() replaces the future with a constant rate without moving past iterations, so every
 * thread that applies the same cut keeps the same numbering.
 */
class ArrivalSchedule
{
public:
    static constexpr qint64 kNever = std::numeric_limits<qint64>::max();

    /** A constant rate of 0: no iteration is ever due. */
    ArrivalSchedule() = default;
    /** A constant @p ratePerSecond from time 0. */
    explicit ArrivalSchedule(double ratePerSecond);
    /**
     * The schedule of @p rate (constant, or its ramp) or, when @p stages has open-model stages,
     * of the stages (starting at @p rate's rate, 0 without one); every rate is multiplied by
     * @p share (a user type's part of the profile's rate).
     */
    static ArrivalSchedule build(const ArrivalRate *rate, const QList<LoadStage> &stages,
                                 double share = 1.0);

    /** Iterations per second at @p ns. */
    [[nodiscard]] double rateAt(qint64 ns) const;
    /** Expected iterations due in [0, @p ns]: ∫₀ⁿˢ rate. */
    [[nodiscard]] double countAt(qint64 ns) const;
    /** When iteration @p k is due (ns), or kNever when the rate never gets there. */
    [[nodiscard]] qint64 timeOf(qint64 k) const;
    /** From @p ns on, a constant @p ratePerSecond (what came after @p ns is replaced). */
    void setRateFrom(qint64 ns, double ratePerSecond);
    /** Multiplies every rate by @p factor (≥ 0). */
    void scale(double factor);

private:
    /** [startNs, startNs + lengthNs) with the rate going linearly fromRate → toRate; the last
     *  segment lasts for ever at toRate (its fromRate equals toRate). */
    struct Segment
    {
        qint64 startNs = 0;
        qint64 lengthNs = kNever;
        double fromRate = 0;
        double toRate = 0;
        double countBefore = 0; ///< iterations due before startNs
    };
    void append(qint64 lengthNs, double fromRate, double toRate);
    [[nodiscard]] qsizetype segmentAt(qint64 ns) const;
    [[nodiscard]] static double countWithin(const Segment &s, double seconds);

    QList<Segment> m_segments = {Segment{}};
};

} // namespace cicada
