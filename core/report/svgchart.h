#pragma once

#include <QList>
#include <QPointF>
#include <QString>

namespace cicada {

/**
 * @brief Draws a line chart as an inline SVG element (no scripts, no external resources), for the
 *        HTML reports.
 *
 * The chart has a title, a legend (wrapped onto several rows when needed), a y axis that starts
 * at 0 with "nice" ticks and a label with its unit, optionally a second y axis on the right for
 * series in another unit, and an x axis that is either elapsed time (seconds, ticks like 0:30,
 * 1:00) or a log scale (decades, e.g. response times in ms). Each series is one
 * `<polyline class="series" data-series="KEY" data-points="N">` with one vertex per data point,
 * so tests can count points. Shaded bands (`<rect class="band">`) mark x ranges, e.g. seconds the
 * load generator was the bottleneck.
 *
 * Values on hover without scripts: the plot is covered by invisible columns, one per sample x (or
 * per group of samples when they are closer than kMinHitWidthPx), each a
 * `<rect class="hit" data-x="…">` whose `<title>` (the browser's tooltip) lists the x value, every
 * series' value there (average and maximum when the column groups several samples) and the bands
 * it lies in.
 *
 * Colours: each series has a colour for light backgrounds and optionally one for dark ones,
 * written as the CSS custom property `--dark` so the page's `prefers-color-scheme: dark` rules
 * can switch; grid, frame and text carry classes (grid, zero, frame, empty) for the same reason.
 * The SVG scales with its container (viewBox, width 100%). Output depends only on the inputs
 * (C locale numbers), so it is reproducible byte for byte.
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
        QString key;                ///< stable identifier (data-series attribute), e.g. "rps"
        QString label;              ///< legend and hover text
        QString colour;             ///< CSS colour on a light background, e.g. "#2563eb"
        QList<QPointF> points;      ///< in data units, ascending x
        bool dashed = false;        ///< draw dashed (secondary series)
        QString colourDark = {};    ///< colour on a dark background; empty = colour
        QString unit = {};          ///< unit after the value on hover, e.g. "ms"; may be empty
        bool secondaryAxis = false; ///< measured on the right-hand y axis (setSecondaryYAxis)
    };

    /// A shaded x range, e.g. seconds the load generator was the bottleneck.
    struct Band
    {
        double from = 0;     ///< x where the band starts (data units)
        double to = 0;       ///< x where it ends (> from)
        QString label;       ///< hover text and the band's tooltip
        QString colour;      ///< fill, drawn translucent
        QString legend = {}; ///< legend text (once per text); empty = not in the legend
    };

    /// Hover columns narrower than this are merged with their neighbours (px of the viewBox).
    static constexpr double kMinHitWidthPx = 4;

    /// Width and height of the drawing (px at 100 % zoom; the SVG scales with its container).
    SvgChart(int widthPx, int heightPx);

    /// The title: drawn above the legend unless @p drawn is false (the page shows it), and always
    /// the SVG's `<title>` and aria-label.
    void setTitle(const QString &title, bool drawn = true)
    {
        m_title = title;
        m_drawTitle = drawn;
    }
    /// The x axis kind and its label with unit, e.g. "Time since start (m:ss)"; @p unit follows
    /// x values on hover on a log axis (e.g. "ms"; elapsed time is shown as m:ss).
    void setXAxis(XAxis kind, const QString &label, const QString &unit = {});
    /// The y axis label with unit, e.g. "Response time (ms)".
    void setYAxis(const QString &label) { m_yLabel = label; }
    /// The right-hand y axis label, for series with secondaryAxis; drawn only when one has it.
    void setSecondaryYAxis(const QString &label) { m_y2Label = label; }
    /// Adds a line; series are drawn and listed in the legend in the order added.
    void addSeries(const Series &series) { m_series.append(series); }
    /// Adds a shaded x range, drawn under the lines.
    void addBand(const Band &band) { m_bands.append(band); }
    /// Text shown in the plot area when no series has a point.
    void setEmptyText(const QString &text) { m_emptyText = text; }

    /// The `<svg>…</svg>` element.
    [[nodiscard]] QString render() const;

    /// A "nice" tick step (1, 2 or 5 × 10^n) so that @p range spans about @p ticks steps.
    [[nodiscard]] static double niceStep(double range, int ticks);
    /// A value with about 3 significant digits for hover text: "0.052", "4.21", "38.6", "212";
    /// whole numbers without decimals.
    [[nodiscard]] static QString hoverNumber(double value);

private:
    [[nodiscard]] double mapX(double x, double lo, double hi, double left, double width) const;
    [[nodiscard]] QString xText(double x) const;
    [[nodiscard]] QString hitColumns(double xLo, double xHi, double left, double top, double width,
                                     double height) const;

    int m_width;
    int m_height;
    QString m_title;
    bool m_drawTitle = true;
    XAxis m_xKind = XAxis::ElapsedSeconds;
    QString m_xLabel;
    QString m_xUnit;
    QString m_yLabel;
    QString m_y2Label;
    QString m_emptyText = QStringLiteral("No data");
    QList<Series> m_series;
    QList<Band> m_bands;
};

} // namespace cicada
