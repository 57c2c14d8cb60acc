#include "format.h"

#include <QDir>
#include <QLocale>

#include <cmath>

namespace cicada {

namespace {
const QLocale &locale()
{
    static const QLocale english(QLocale::English, QLocale::UnitedStates);
    return english;
}
} // namespace

QString Format::integer(qint64 value)
{
    return locale().toString(value);
}

QString Format::decimal(double value, int digits)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    return locale().toString(value, 'f', digits);
}

QString Format::milliseconds(double us)
{
    const double ms = us / 1000.0;
    if (ms < 10)
        return decimal(ms, 2);
    if (ms < 100)
        return decimal(ms, 1);
    return integer(qint64(std::llround(ms)));
}

QString Format::path(const QString &path)
{
    const QString home = QDir::homePath();
    if (home != QLatin1String("/") && path.startsWith(home + QLatin1Char('/')))
        return QStringLiteral("~") + path.mid(home.size());
    return path;
}

QString Format::clock(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms) / 1000;
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2")
        .arg(s / 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString Format::percentileLabel(double percentile)
{
    return QString::number(percentile, 'g', 6);
}

QString Format::duration(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("until stopped");
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    const qint64 s = ms / 1000;
    if (s < 120)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return s % 60 ? QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60)
                      : QStringLiteral("%1 min").arg(s / 60);
    return (s / 60) % 60 ? QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s / 60) % 60)
                         : QStringLiteral("%1 h").arg(s / 3600);
}

} // namespace cicada
