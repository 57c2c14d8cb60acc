#include "report/reportformat.h"

#include "output/timeformat.h"

#include <QDateTime>

namespace cicada {

namespace {
constexpr qint64 kMsPerS = 1000;
constexpr qint64 kSPerMin = 60;
constexpr qint64 kSPerHour = 3600;
constexpr double kPercent = 100.0;
} // namespace

QString ReportFormat::ms(double us)
{
    return TimeFormat::ms(us);
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
    return TimeFormat::clock(seconds);
}

} // namespace cicada
