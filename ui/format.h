#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QString>

namespace cicada {

/**
 * @brief Number and time formatting shared by the C++ models and QML (as the `Format`
 *        singleton): thousands separators, milliseconds from microseconds, mm:ss clocks.
 */
class Format : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
public:
    explicit Format(QObject *parent = nullptr) : QObject(parent) {}

    /** 1234567 → "1,234,567". */
    [[nodiscard]] static QString integer(qint64 value);
    /** A number with @p digits decimals and separators: 8412.3 → "8,412.3". */
    [[nodiscard]] static QString decimal(double value, int digits);
    /** Microseconds as milliseconds with sensible precision: 123 → "0.12", 12345 → "12.3",
     *  1234567 → "1,235". No unit. */
    [[nodiscard]] static QString milliseconds(double us);
    /** Milliseconds as a clock: "02:14", or "1:02:14" past an hour. */
    [[nodiscard]] static QString clock(qint64 ms);
    /** 99.9 → "99.9", 95 → "95". */
    [[nodiscard]] static QString percentileLabel(double percentile);
    /** Milliseconds as a short duration: "250 ms", "15 s", "5 min", "1 h 30 min". */
    [[nodiscard]] static QString duration(qint64 ms);
    /** A file or folder for people: under the home folder as "~/…", else as it is. */
    [[nodiscard]] static QString path(const QString &path);

    Q_INVOKABLE [[nodiscard]] QString formatInteger(double value) const
    {
        return integer(qint64(value));
    }
    Q_INVOKABLE [[nodiscard]] QString formatDecimal(double value, int digits) const
    {
        return decimal(value, digits);
    }
    Q_INVOKABLE [[nodiscard]] QString formatMs(double us) const { return milliseconds(us); }
    Q_INVOKABLE [[nodiscard]] QString formatClock(double ms) const { return clock(qint64(ms)); }
    Q_INVOKABLE [[nodiscard]] QString formatPath(const QString &p) const { return path(p); }
    Q_INVOKABLE [[nodiscard]] QString formatDuration(double ms) const
    {
        return duration(qint64(ms));
    }
    Q_INVOKABLE [[nodiscard]] QString formatPercentile(double p) const
    {
        return percentileLabel(p);
    }
};

} // namespace cicada
