#include "engine/spawnplanner.h"

#include <cmath>
#include <limits>

namespace cicada {

namespace {
constexpr qint64 kUnbounded = std::numeric_limits<qint64>::max();
constexpr double kNsPerS = 1e9;
/** Products at or above this are "unbounded": well inside qint64, far beyond any user count. */
constexpr double kMaxFiniteChanges = 4.0e18;
} // namespace

bool SpawnPlanner::Plan::empty() const
{
    return startOrder.empty() && stopOrder.empty();
}

qint64 SpawnPlanner::allowedChanges(double rate, qint64 elapsedNs)
{
    // A rate that is not a positive finite number cannot pace anything; treating it as "all at
    // once" is the only reading that cannot stall the ramp (0) or overflow it (inf, NaN).
    if (!(rate > 0) || !std::isfinite(rate))
        return kUnbounded;
    const double secs = double(std::max<qint64>(0, elapsedNs)) / kNsPerS;
    const double changes = std::floor(rate * secs);
    if (!(changes < kMaxFiniteChanges))
        return kUnbounded;
    return qint64(changes) + 1;
}

int SpawnPlanner::wantedUsers(int rampFrom, int target, double rate, qint64 elapsedNs)
{
    const qint64 step = allowedChanges(rate, elapsedNs);
    const qint64 distance = std::abs(qint64(target) - qint64(rampFrom));
    if (step >= distance)
        return target;
    return int(target > rampFrom ? qint64(rampFrom) + step : qint64(rampFrom) - step);
}

int SpawnPlanner::startThread(const std::vector<int> &perThreadCounts)
{
    int best = -1;
    for (size_t t = 0; t < perThreadCounts.size(); ++t) {
        if (best < 0 || perThreadCounts[t] < perThreadCounts[size_t(best)])
            best = int(t);
    }
    return best;
}

int SpawnPlanner::stopThread(const std::vector<int> &perThreadCounts)
{
    int best = -1;
    for (size_t t = 0; t < perThreadCounts.size(); ++t) {
        if (perThreadCounts[t] > 0 &&
            (best < 0 || perThreadCounts[t] >= perThreadCounts[size_t(best)]))
            best = int(t);
    }
    return best;
}

SpawnPlanner::Plan SpawnPlanner::plan(int rampFrom, int target, double rate, qint64 elapsedNs,
                                      const std::vector<int> &perThreadCounts)
{
    Plan plan;
    plan.starts.assign(perThreadCounts.size(), 0);
    plan.stops.assign(perThreadCounts.size(), 0);
    std::vector<int> counts = perThreadCounts;
    qint64 current = 0;
    for (int c : counts)
        current += c;
    const int wanted = std::max(0, wantedUsers(rampFrom, std::max(0, target), rate, elapsedNs));
    if (counts.empty()) {
        plan.users = int(current);
        return plan;
    }
    for (qint64 n = current; n < wanted; ++n) {
        const int t = startThread(counts);
        ++counts[size_t(t)];
        ++plan.starts[size_t(t)];
        plan.startOrder.push_back(t);
    }
    for (qint64 n = current; n > wanted; --n) {
        const int t = stopThread(counts);
        if (t < 0)
            break;
        --counts[size_t(t)];
        ++plan.stops[size_t(t)];
        plan.stopOrder.push_back(t);
    }
    plan.users = 0;
    for (int c : counts)
        plan.users += c;
    return plan;
}

} // namespace cicada
