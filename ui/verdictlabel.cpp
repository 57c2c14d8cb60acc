#include "verdictlabel.h"

#include <QCoreApplication>

namespace cicada {

bool VerdictLabel::isUnreliable(const ThresholdVerdict &verdict)
{
    // ThresholdVerdict::unreliable arrives with h/session (issue 11 contract).
    Q_UNUSED(verdict);
    return false;
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
    if (result.endReason == RunResult::EndReason::ThresholdAbort)
        return QStringLiteral("aborted");
    if (result.endReason != RunResult::EndReason::Completed)
        return QStringLiteral("interrupted");
    if (result.verdicts.isEmpty())
        return {};
    bool unreliable = false;
    for (const ThresholdVerdict &v : result.verdicts) {
        const QString kind = kindOf(v);
        if (kind == QLatin1String("fail") || kind == QLatin1String("nodata"))
            return QStringLiteral("fail");
        unreliable |= kind == QLatin1String("unreliable");
    }
    return unreliable ? QStringLiteral("unreliable") : QStringLiteral("pass");
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
