#pragma once

#include <QString>
#include <QtGlobal>

namespace cicada {

/**
 * @brief The one formatter of response times for people: the console tables, the live view, the
 *        HTML report and the threshold verdicts print a time with it (ReportFormat::ms() and
 *        ReportFormat::clock() forward here), so a figure reads the same everywhere.
 *
 * Locale-independent (C locale) and deterministic, so a report regenerated from a saved result
 * has the same bytes.
 */
class TimeFormat
{
public:
    TimeFormat() = delete;

    /// Milliseconds from µs, 3 significant digits below 100 ms and whole milliseconds above:
    /// "0.052", "0.123", "4.21", "38.6", "212", "2500" (3, 2, 1 or 0 decimals below 1, 10,
    /// 100 ms and above). Never an exponent; a sub-millisecond time never prints as "0".
    [[nodiscard]] static QString ms(double us);
    /// Elapsed time as a clock: "0:45", "12:05", "1:02:03" (seconds, hours only when there
    /// are any). ReportFormat::clock() forwards here.
    [[nodiscard]] static QString clock(qint64 seconds);
};

} // namespace cicada
