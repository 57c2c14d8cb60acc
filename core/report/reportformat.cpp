#include "report/reportformat.h"

#include <QDateTime>

#include <cmath>

namespace cicada {

namespace {
constexpr double kUsPerMs = 1000.0;
constexpr qint64 kMsPerS = 1000;
constexpr qint64 kSPerMin = 60;
constexpr qint64 kSPerHour = 3600;
constexpr double kPercent = 100.0;
} // namespace

QString ReportFormat::ms(double us)
{
    const double value = us / kUsPerMs;
    const double magnitude = std::fabs(value);
    int decimals = 0;
    if (magnitude < 1)
        decimals = 3;
    else if (magnitude < 10)
        decimals = 2;
    else if (magnitude < 100)
        decimals = 1;
    return QString::number(value, 'f', decimals);
}

QString ReportFormat::rate(double perSecond)
{
    return QString::number(perSecond, 'f', 1);
}

QString ReportFormat::percent(double fraction)
{
    return QString::number(fraction * kPercent, 'f', 2) + QLatin1Char('%');
}

QString ReportFormat::percentile(double p)
{
    return QString::number(p, 'g', 6);
}

QString ReportFormat::isoUtc(qint64 epochMs)
{
    return QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString ReportFormat::utcText(qint64 epochMs)
{
    return QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC)
               .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
           QStringLiteral(" UTC");
}

QString ReportFormat::duration(qint64 ms)
{
    if (ms < kSPerMin * kMsPerS)
        return QString::number(double(ms) / kMsPerS, 'f', 1) + QStringLiteral(" s");
    const qint64 s = (ms + kMsPerS / 2) / kMsPerS;
    if (s < kSPerHour)
        return QStringLiteral("%1 min %2 s")
            .arg(s / kSPerMin)
            .arg(s % kSPerMin, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 h %2 min")
        .arg(s / kSPerHour)
        .arg((s % kSPerHour) / kSPerMin, 2, 10, QLatin1Char('0'));
}

QString ReportFormat::clock(qint64 seconds)
{
    const qint64 h = seconds / kSPerHour;
    const qint64 m = (seconds % kSPerHour) / kSPerMin;
    const qint64 s = seconds % kSPerMin;
    if (h > 0)
        return QStringLiteral("%1:%2:%3")
            .arg(h)
            .arg(m, 2, 10, QLatin1Char('0'))
            .arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

} // namespace cicada
