#include "engine/arrivalschedule.h"

#include <algorithm>
#include <cmath>

namespace cicada {

namespace {
constexpr double kNsPerSecond = 1e9;
} // namespace

ArrivalSchedule::ArrivalSchedule(double ratePerSecond)
{
    const double r = std::isfinite(ratePerSecond) ? std::max(0.0, ratePerSecond) : 0.0;
    m_segments = {Segment{0, kNever, r, r, 0}};
}

ArrivalSchedule ArrivalSchedule::build(const ArrivalRate *rate, const QList<LoadStage> &stages,
                                       double share)
{
    ArrivalSchedule schedule;
    schedule.m_segments.clear();
    const double start = rate ? rate->rate : 0.0;
    const bool openStages = std::any_of(stages.begin(), stages.end(),
                                        [](const LoadStage &s) { return s.rate.has_value(); });
    double last = start;
    if (openStages) {
        for (const LoadStage &stage : stages) {
            const double to = stage.rate.value_or(last);
            schedule.append(stage.durationMs * 1000000, last, to);
            last = to;
        }
    } else if (rate && rate->toRate && rate->overMs > 0) {
        schedule.append(rate->overMs * 1000000, start, *rate->toRate);
        last = *rate->toRate;
    } else if (rate && rate->toRate) {
        last = *rate->toRate;
    }
    schedule.append(kNever, last, last);
    schedule.scale(share);
    return schedule;
}

void ArrivalSchedule::append(qint64 lengthNs, double fromRate, double toRate)
{
    Segment s;
    if (!m_segments.isEmpty()) {
        const Segment &prev = m_segments.constLast();
        s.startNs = prev.startNs + prev.lengthNs;
        s.countBefore = prev.countBefore + countWithin(prev, double(prev.lengthNs) / kNsPerSecond);
    }
    s.lengthNs = lengthNs;
    s.fromRate = std::max(0.0, fromRate);
    s.toRate = std::max(0.0, toRate);
    if (lengthNs > 0)
        m_segments.append(s);
}

void ArrivalSchedule::scale(double factor)
{
    const double f = std::isfinite(factor) ? std::max(0.0, factor) : 0.0;
    for (Segment &s : m_segments) {
        s.fromRate *= f;
        s.toRate *= f;
        s.countBefore *= f;
    }
}

qsizetype ArrivalSchedule::segmentAt(qint64 ns) const
{
    // Few segments (one per stage): a linear scan is clear and fast enough.
    for (qsizetype i = m_segments.size() - 1; i > 0; --i) {
        if (ns >= m_segments.at(i).startNs)
            return i;
    }
    return 0;
}

double ArrivalSchedule::countWithin(const Segment &s, double seconds)
{
    if (s.lengthNs == kNever || s.fromRate == s.toRate)
        return s.fromRate * seconds;
    const double slope = (s.toRate - s.fromRate) / (double(s.lengthNs) / kNsPerSecond);
    return s.fromRate * seconds + 0.5 * slope * seconds * seconds;
}

double ArrivalSchedule::rateAt(qint64 ns) const
{
    const Segment &s = m_segments.at(segmentAt(std::max<qint64>(0, ns)));
    if (s.lengthNs == kNever)
        return s.toRate;
    const double f = double(std::max<qint64>(0, ns) - s.startNs) / double(s.lengthNs);
    return s.fromRate + (s.toRate - s.fromRate) * f;
}

double ArrivalSchedule::countAt(qint64 ns) const
{
    const qint64 t = std::max<qint64>(0, ns);
    const Segment &s = m_segments.at(segmentAt(t));
    return s.countBefore + countWithin(s, double(t - s.startNs) / kNsPerSecond);
}

qint64 ArrivalSchedule::timeOf(qint64 k) const
{
    const double target = double(std::max<qint64>(0, k));
    for (const Segment &s : m_segments) {
        const bool last = s.lengthNs == kNever;
        const double end =
            last ? 0 : s.countBefore + countWithin(s, double(s.lengthNs) / kNsPerSecond);
        if (!last && end < target)
            continue;
        const double c = target - s.countBefore; // iterations into this segment
        if (c <= 0)
            return s.startNs;
        double seconds = 0;
        if (last || s.fromRate == s.toRate) {
            if (s.fromRate <= 0)
                return last ? kNever : s.startNs + s.lengthNs; // (not reached: end < target)
            seconds = c / s.fromRate;
        } else {
            // fromRate·x + ½·slope·x² = c, in the form that stays exact when slope is tiny.
            const double slope = (s.toRate - s.fromRate) / (double(s.lengthNs) / kNsPerSecond);
            const double disc = s.fromRate * s.fromRate + 2 * slope * c;
            const double root = std::sqrt(std::max(0.0, disc));
            if (s.fromRate + root <= 0)
                continue;
            seconds = 2 * c / (s.fromRate + root);
        }
        const double ns = double(s.startNs) + std::ceil(seconds * kNsPerSecond);
        if (!last)
            return qint64(std::min(ns, double(s.startNs + s.lengthNs)));
        return ns >= double(kNever) ? kNever : qint64(ns);
    }
    return kNever;
}

void ArrivalSchedule::setRateFrom(qint64 ns, double ratePerSecond)
{
    const qint64 t = std::max<qint64>(0, ns);
    const double r = std::isfinite(ratePerSecond) ? std::max(0.0, ratePerSecond) : 0.0;
    const qsizetype i = segmentAt(t);
    const double rateThere = rateAt(t);
    m_segments.resize(i + 1);
    Segment &s = m_segments[i];
    if (t > s.startNs) {
        // Cut the segment at t, keeping its ramp up to there.
        s.lengthNs = t - s.startNs;
        s.toRate = rateThere;
    } else {
        m_segments.removeLast();
    }
    if (m_segments.isEmpty()) {
        m_segments = {Segment{t, kNever, r, r, 0}};
        if (t > 0)
            m_segments.prepend(Segment{0, t, 0, 0, 0});
        return;
    }
    append(kNever, r, r);
}

} // namespace cicada
