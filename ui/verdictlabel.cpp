#include "verdictlabel.h"

#include <QCoreApplication>

#include <algorithm>

namespace cicada {

bool VerdictLabel::isUnreliable(const ThresholdVerdict &verdict)
{
    return verdict.unreliable;
}

bool VerdictLabel::holds(const ThresholdVerdict &verdict)
{
    return kindOf(verdict) == QLatin1String("pass");
}

QString VerdictLabel::kindOf(const ThresholdVerdict &verdict)
{
    if (!verdict.hasValue)
        return QStringLiteral("nodata");
    // An unreliable percentile is amber whatever its number says: most of what it would
    // measure failed.
    if (isUnreliable(verdict))
        return QStringLiteral("unreliable");
    return verdict.passed ? QStringLiteral("pass") : QStringLiteral("fail");
}

QString VerdictLabel::kindOf(const RunResult &result)
{
    switch (result.verdict()) {
    case RunResult::Verdict::None:
        return {};
    case RunResult::Verdict::Aborted:
        return QStringLiteral("aborted");
    case RunResult::Verdict::Interrupted:
        return QStringLiteral("interrupted");
    case RunResult::Verdict::Pass:
        return QStringLiteral("pass");
    case RunResult::Verdict::Fail:
        break;
    }
    // Fail counts unreliable thresholds as not passed; when they are all that is wrong, the run
    // is amber: nothing was measured to be too slow, but the numbers cannot be trusted.
    const bool onlyUnreliable =
        std::all_of(result.verdicts.cbegin(), result.verdicts.cend(),
                    [](const ThresholdVerdict &v) { return v.passed || v.unreliable; });
    return onlyUnreliable ? QStringLiteral("unreliable") : QStringLiteral("fail");
}

QString VerdictLabel::title(const QString &kind)
{
    if (kind == QLatin1String("pass"))
        return QCoreApplication::translate("VerdictLabel", "PASS");
    if (kind == QLatin1String("fail"))
        return QCoreApplication::translate("VerdictLabel", "FAIL");
    if (kind == QLatin1String("unreliable"))
        return QCoreApplication::translate("VerdictLabel", "UNRELIABLE");
    if (kind == QLatin1String("interrupted"))
        return QCoreApplication::translate("VerdictLabel", "INTERRUPTED");
    if (kind == QLatin1String("aborted"))
        return QCoreApplication::translate("VerdictLabel", "ABORTED");
    if (kind == QLatin1String("nodata"))
        return QCoreApplication::translate("VerdictLabel", "FAIL (no data)");
    return {};
}

} // namespace cicada
