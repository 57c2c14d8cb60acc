#pragma once

#include <QList>
#include <QPointF>
#include <QString>

namespace cicada {

/**
 * @brief Draws a line chart as an inline SVG element (no scripts, no external resources), for the
 *        HTML report.
 *
 * The chart has a title, a legend (wrapped onto several rows when needed), a y axis that starts
 * at 0 with "nice" ticks and a label with its unit, and an x axis that is either elapsed time
 * (seconds, ticks like 0:30, 1:00) or a log scale (decades, e.g. response times in ms). Each
 * series is one `<polyline class="series" data-series="KEY" data-points="N">` with one vertex per
 * data point, so tests can count points. The SVG scales with its container (viewBox, width 100%).
 * Output depends only on the inputs (C locale numbers), so it is reproducible byte for byte.
 */
class SvgChart
{
public:
    /// How the x axis maps values.
    enum class XAxis
    {
        ElapsedSeconds, ///< linear, x in seconds since the start, ticks as m:ss
        Log10,          ///< logarithmic, x > 0, ticks at powers of ten
    };

    /// One line.
    struct Series
    {
        QString key;           ///< stable identifier (data-series attribute), e.g. "rps"
        QString label;         ///< legend text
        QString colour;        ///< CSS colour, e.g. "#2563eb"
        QList<QPointF> points; ///< in data units, ascending x
        bool dashed = false;   ///< draw dashed (secondary series)
    };

    /// Width and height of the drawing (px at 100 % zoom; the SVG scales with its container).
    SvgChart(int widthPx, int heightPx);

    void setTitle(const QString &title) { m_title = title; }
    /// The x axis kind and its label with unit, e.g. "Time since start (m:ss)".
    void setXAxis(XAxis kind, const QString &label);
    /// The y axis label with unit, e.g. "Response time (ms)".
    void setYAxis(const QString &label) { m_yLabel = label; }
    /// Adds a line; series are drawn and listed in the legend in the order added.
    void addSeries(const Series &series) { m_series.append(series); }
    /// Text shown in the plot area when no series has a point.
    void setEmptyText(const QString &text) { m_emptyText = text; }

    /// The `<svg>…</svg>` element.
    [[nodiscard]] QString render() const;

    /// A "nice" tick step (1, 2 or 5 × 10^n) so that @p range spans about @p ticks steps.
    [[nodiscard]] static double niceStep(double range, int ticks);

private:
    [[nodiscard]] double mapX(double x, double lo, double hi, double left, double width) const;

    int m_width;
    int m_height;
    QString m_title;
    XAxis m_xKind = XAxis::ElapsedSeconds;
    QString m_xLabel;
    QString m_yLabel;
    QString m_emptyText = QStringLiteral("No data");
    QList<Series> m_series;
};

} // namespace cicada
