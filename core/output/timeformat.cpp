#include "timeformat.h"

#include <cmath>

namespace cicada {

namespace {
constexpr double kUsPerMs = 1000.0;
constexpr qint64 kSPerMin = 60;
constexpr qint64 kSPerHour = 3600;
} // namespace

QString TimeFormat::ms(double us)
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

QString TimeFormat::clock(qint64 seconds)
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
