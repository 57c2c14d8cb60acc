#pragma once

#include <QtGlobal>

#include <vector>

namespace cicada {

/**
 * @brief Pure spawn arithmetic for the Runner: how many users a ramp wants now and on which
 * worker threads to start or stop them.
 *
 * Like Locust, a ramp from @p rampFrom users towards @p target moves by rate × elapsed + 1
 * users, measured from the start of the ramp so that timer jitter does not change the rate.
 * Safe for any rate: a rate that is not a positive finite number (0, negative, NaN, infinity),
 * or one so large that rate × elapsed leaves the integer range, means "all at once"; no
 * arithmetic overflows.
 *
 * Threads: a start goes to the thread with the fewest users (ties: the lowest index) and a stop
 * comes from the thread with the most users (ties: the highest index). From an empty start this
 * is exactly round robin by global user index, and a stop takes the newest user's thread.
 */
class SpawnPlanner
{
public:
    /** Starts and stops per worker thread (same length as the counts given). */
    struct Plan
    {
        std::vector<int> starts;     ///< per thread: users to start
        std::vector<int> stops;      ///< per thread: users to stop
        std::vector<int> startOrder; ///< the thread of each start, in the order to start them
        std::vector<int> stopOrder;  ///< the thread of each stop, in the order to stop them
        int users = 0;               ///< total users once the plan is carried out
        [[nodiscard]] bool empty() const;
    };

    /** Changes (starts + stops) a ramp may have made after @p elapsedNs: floor(rate × s) + 1,
     *  saturating at the qint64 maximum; the maximum for "all at once" rates. */
    [[nodiscard]] static qint64 allowedChanges(double rate, qint64 elapsedNs);
    /** The user count a ramp from @p rampFrom to @p target wants after @p elapsedNs. */
    [[nodiscard]] static int wantedUsers(int rampFrom, int target, double rate, qint64 elapsedNs);
    /** Moves @p perThreadCounts towards wantedUsers(); current = the sum of the counts. */
    [[nodiscard]] static Plan plan(int rampFrom, int target, double rate, qint64 elapsedNs,
                                   const std::vector<int> &perThreadCounts);
    /** The thread a new user should start on; -1 when there are no threads. */
    [[nodiscard]] static int startThread(const std::vector<int> &perThreadCounts);
    /** The thread a user should be stopped on; -1 when every count is 0. */
    [[nodiscard]] static int stopThread(const std::vector<int> &perThreadCounts);
};

} // namespace cicada
