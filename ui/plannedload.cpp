#include "plannedload.h"

#include "engine/spawnplanner.h"
#include "engine/stageplan.h"

#include <algorithm>
#include <cmath>

namespace cicada {

namespace {
constexpr qint64 kTailMs = 60000; ///< shown after the ramp of a run without a run time
constexpr qint64 kNsPerMs = 1000000;

/** The open model's total rate without stages: the profile's, or the types' own rates. */
double openRateAt(const Profile &profile, qint64 elapsedMs)
{
    if (profile.load.arrivalRate)
        return profile.load.arrivalRate->rateAt(elapsedMs);
    double sum = 0;
    for (const UserType &type : profile.userTypes)
        if (type.arrivalRate)
            sum += type.arrivalRate->rateAt(elapsedMs);
    return sum;
}

qint64 openRampMs(const Profile &profile)
{
    qint64 ramp = profile.load.arrivalRate ? profile.load.arrivalRate->overMs : 0;
    for (const UserType &type : profile.userTypes)
        if (type.arrivalRate)
            ramp = std::max(ramp, type.arrivalRate->overMs);
    return ramp;
}
} // namespace

qint64 PlannedLoad::endMs(const Profile &profile)
{
    const LoadSettings &load = profile.load;
    if (load.effectiveRunTimeMs() > 0)
        return load.effectiveRunTimeMs();
    if (profile.isOpenModel())
        return openRampMs(profile) + kTailMs;
    const double rate = load.spawnRate > 0 ? load.spawnRate : 1;
    return qint64(std::ceil(double(load.users) / rate * 1000.0)) + kTailMs;
}

double PlannedLoad::valueAt(const Profile &profile, qint64 elapsedMs)
{
    const LoadSettings &load = profile.load;
    const StagePlan plan = StagePlan::of(load);
    if (!plan.isEmpty())
        return plan.isOpen() ? plan.at(elapsedMs).rate : double(plan.plannedUsersAt(elapsedMs));
    if (profile.isOpenModel())
        return openRateAt(profile, elapsedMs);
    return SpawnPlanner::wantedUsers(0, load.users, load.spawnRate,
                                     std::max<qint64>(0, elapsedMs) * kNsPerMs);
}

QList<QPointF> PlannedLoad::points(const Profile &profile)
{
    const qint64 end = endMs(profile);
    QList<qint64> times;
    const qint64 step = std::max<qint64>(1, end / kMaxSamples);
    for (qint64 t = 0; t < end; t += step)
        times.append(t);
    times.append(end);
    // A step of the shape must not fall between two samples: add both sides of each boundary.
    const StagePlan plan = StagePlan::of(profile.load);
    for (int i = 1; i <= plan.stages().size(); ++i) {
        const qint64 boundary = plan.stageStartMs(i);
        if (boundary < end)
            times << std::max<qint64>(0, boundary - 1) << boundary;
    }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    QList<QPointF> points;
    points.reserve(times.size());
    for (qint64 t : std::as_const(times))
        points.append(QPointF(double(t) / 1000.0, valueAt(profile, t)));
    return points;
}

} // namespace cicada
