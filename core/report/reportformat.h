#pragma once

#include <QString>
#include <QtGlobal>

namespace cicada {

/**
 * @brief Number and time formatting shared by the HTML report, the console verdicts and the
 *        threshold verdicts. Locale-independent (C locale) and deterministic, so a report
 *        regenerated from a saved result has the same bytes.
 */
class ReportFormat
{
public:
    ReportFormat() = delete;

    /// Milliseconds from µs with precision that suits the magnitude: "0.052", "4.21", "38.6",
    /// "212" (3, 2, 1 or 0 decimals below 1, 10, 100 ms and above). The console's formatter:
    /// forwards to TimeFormat::ms().
    [[nodiscard]] static QString ms(double us);
    /// A rate with one decimal: "118.4".
    [[nodiscard]] static QString rate(double perSecond);
    /// A fraction 0..1 as a percentage with two decimals: "0.52%".
    [[nodiscard]] static QString percent(double fraction);
    /// A percentile label: 50 → "50", 99.9 → "99.9".
    [[nodiscard]] static QString percentile(double p);
    /// ISO 8601 UTC with milliseconds: "2024-05-01T12:00:00.123Z".
    [[nodiscard]] static QString isoUtc(qint64 epochMs);
    /// "2024-05-01 12:00:00 UTC" (seconds, for people).
    [[nodiscard]] static QString utcText(qint64 epochMs);
    /// A duration for people: "45.2 s", "3 min 05 s", "1 h 02 min".
    [[nodiscard]] static QString duration(qint64 ms);
    /// Elapsed time on a chart axis: "0:45", "12:05", "1:02:03" (TimeFormat::clock()).
    [[nodiscard]] static QString clock(qint64 seconds);
};

} // namespace cicada
