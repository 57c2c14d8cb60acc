#include "report/runresult.h"

#include <algorithm>

namespace cicada {

namespace {
constexpr double kMsPerS = 1000.0;
}

RunResult::Verdict RunResult::verdict() const
{
    if (endReason == EndReason::ThresholdAbort)
        return Verdict::Aborted;
    if (endedEarly())
        return Verdict::Interrupted;
    if (verdicts.isEmpty())
        return Verdict::None;
    const bool allPass = std::all_of(verdicts.cbegin(), verdicts.cend(),
                                     [](const ThresholdVerdict &v) { return v.passed; });
    return allPass ? Verdict::Pass : Verdict::Fail;
}

bool RunResult::endedEarly() const
{
    switch (endReason) {
    case EndReason::Completed:
    case EndReason::ThresholdAbort:
        return false;
    case EndReason::Interrupted:
    case EndReason::CouldNotStart:
        return true;
    case EndReason::StoppedByUser:
        return runTimeMs > 0;
    }
    return false;
}

QString RunResult::verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::None:
        return QStringLiteral("none");
    case Verdict::Pass:
        return QStringLiteral("pass");
    case Verdict::Fail:
        return QStringLiteral("fail");
    case Verdict::Interrupted:
        return QStringLiteral("interrupted");
    case Verdict::Aborted:
        return QStringLiteral("aborted");
    }
    return {};
}

qint64 RunResult::durationMs() const
{
    return startMs > 0 && endMs > startMs ? endMs - startMs : 0;
}

QList<ResultEntry> RunResult::operationEntries() const
{
    QList<ResultEntry> out;
    for (const ResultEntry &e : entries)
        if (!e.isMessage())
            out.append(e);
    return out;
}

QList<ResultEntry> RunResult::messageEntries() const
{
    QList<ResultEntry> out;
    for (const ResultEntry &e : entries)
        if (e.isMessage())
            out.append(e);
    return out;
}

ResultEntry RunResult::messageTotal() const
{
    ResultEntry total;
    total.name = QStringLiteral("Messages");
    total.kind = ResultEntry::Kind::Message;
    for (const double p : percentiles)
        total.percentilesUs.append({p, 0});
    for (const ResultEntry &e : entries)
        if (e.isMessage())
            total.merge(e);
    return total;
}

qint64 RunResult::lastEventMs() const
{
    qint64 last = aggregated.lastRequestMs;
    for (const ResultEntry &e : entries)
        last = std::max(last, e.lastRequestMs);
    return last;
}

double RunResult::rps(const ResultEntry &entry) const
{
    const qint64 end = lastEventMs();
    if (startMs <= 0 || end <= startMs)
        return 0.0;
    return double(entry.numRequests) * kMsPerS / double(end - startMs);
}

double RunResult::failuresPerSecond(const ResultEntry &entry) const
{
    const qint64 end = lastEventMs();
    if (startMs <= 0 || end <= startMs)
        return 0.0;
    return double(entry.numFailures) * kMsPerS / double(end - startMs);
}

QString RunResult::profileName() const
{
    return profile.value(QLatin1String("name")).toString();
}

QString RunResult::baseUrl() const
{
    return profile.value(QLatin1String("target"))
        .toObject()
        .value(QLatin1String("baseUrl"))
        .toString();
}

QString RunResult::brokerUrl() const
{
    return profile.value(QLatin1String("target"))
        .toObject()
        .value(QLatin1String("brokerUrl"))
        .toString();
}

QString RunResult::endReasonName(EndReason reason)
{
    switch (reason) {
    case EndReason::Completed:
        return QStringLiteral("completed");
    case EndReason::Interrupted:
        return QStringLiteral("interrupted");
    case EndReason::ThresholdAbort:
        return QStringLiteral("threshold-abort");
    case EndReason::StoppedByUser:
        return QStringLiteral("stopped");
    case EndReason::CouldNotStart:
        return QStringLiteral("could-not-start");
    }
    return {};
}

} // namespace cicada
