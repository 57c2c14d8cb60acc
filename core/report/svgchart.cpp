#include "report/svgchart.h"

#include "report/reportformat.h"

#include <algorithm>
#include <cmath>

namespace cicada {

namespace {

constexpr double kFontPx = 12;
constexpr double kTitleFontPx = 14;
constexpr double kCharWidthPx = 6.8; // average glyph width of kFontPx sans-serif text
constexpr double kLeftPx = 64;       // room for y tick labels and the rotated y label
constexpr double kRightPx = 18;
constexpr double kRightAxisPx = 64; // room for the right-hand tick labels and label
constexpr double kTitleHeightPx = 26;
constexpr double kUntitledTopPx = 4;
constexpr double kLegendRowPx = 18;
constexpr double kBottomPx = 44; // x tick labels and the x label
constexpr double kSwatchPx = 14;
constexpr int kMaxLabelChars = 42;
constexpr int kYTicks = 5;
constexpr double kHeadroom = 1.04; // the y axis reaches at least 4 % above the largest value
constexpr int kMaxXTicks = 8;

QString num(double v)
{
    // One decimal is plenty for pixel coordinates; avoid "-0.0".
    const double rounded = std::round(v * 10) / 10;
    return QString::number(rounded == 0 ? 0.0 : rounded, 'f', 1);
}

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString elided(const QString &text)
{
    if (text.size() <= kMaxLabelChars)
        return text;
    const int keep = kMaxLabelChars - 1;
    return text.left(keep - keep / 2) + QChar(0x2026) + text.right(keep / 2);
}

// Tick label for a value on a linear axis with the given step.
QString tickLabel(double value, double step)
{
    int decimals = 0;
    if (step < 1)
        decimals = std::clamp(int(std::ceil(-std::log10(step) - 1e-9)), 0, 6);
    return QString::number(value, 'f', decimals);
}

// Time ticks: steps people read easily.
double timeStep(double rangeS)
{
    static const double kSteps[] = {1,   2,   5,    10,   15,   30,    60,    120,   300,
                                    600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400};
    for (const double s : kSteps) {
        if (rangeS / s <= kMaxXTicks)
            return s;
    }
    return SvgChart::niceStep(rangeS, kMaxXTicks);
}

// The y range of a set of series: a nice step, and the top (a whole number of steps with some
// headroom, so that a flat line at the maximum does not sit on the frame).
std::pair<double, double> yScale(double yMax)
{
    const double step = SvgChart::niceStep(yMax > 0 ? yMax * kHeadroom : 1, kYTicks);
    return {step, std::max(step, std::ceil(yMax * kHeadroom / step - 1e-9) * step)};
}

// The style attribute that hands a dark-scheme colour to the page's CSS.
QString darkStyle(const QString &colourDark)
{
    return colourDark.isEmpty() ? QString()
                                : QStringLiteral(" style=\"--dark:%1\"").arg(esc(colourDark));
}

QString logTickLabel(double value)
{
    return QString::number(value, 'g', 6);
}

} // namespace

SvgChart::SvgChart(int widthPx, int heightPx) : m_width(widthPx), m_height(heightPx) {}

void SvgChart::setXAxis(XAxis kind, const QString &label, const QString &unit)
{
    m_xKind = kind;
    m_xLabel = label;
    m_xUnit = unit;
}

double SvgChart::niceStep(double range, int ticks)
{
    if (!(range > 0) || ticks < 1)
        return 1;
    const double raw = range / ticks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double norm = raw / magnitude;
    double nice = 10;
    if (norm <= 1)
        nice = 1;
    else if (norm <= 2)
        nice = 2;
    else if (norm <= 5)
        nice = 5;
    return nice * magnitude;
}

QString SvgChart::hoverNumber(double value)
{
    if (!std::isfinite(value))
        return QStringLiteral("—");
    if (value == std::round(value) && std::abs(value) < 1e15)
        return QString::number(qint64(value));
    const double a = std::abs(value);
    const int decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
    const QString text = QString::number(value, 'f', decimals);
    return text == QStringLiteral("-0") ? QStringLiteral("0") : text;
}

double SvgChart::mapX(double x, double lo, double hi, double left, double width) const
{
    if (m_xKind == XAxis::Log10)
        return left + (std::log10(x) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)) * width;
    return left + (x - lo) / (hi - lo) * width;
}

QString SvgChart::xText(double x) const
{
    if (m_xKind == XAxis::ElapsedSeconds)
        return ReportFormat::clock(qint64(std::llround(x)));
    const QString value = QString::number(x, 'g', 3);
    return m_xUnit.isEmpty() ? value : value + QLatin1Char(' ') + m_xUnit;
}

QString SvgChart::hitColumns(double xLo, double xHi, double left, double top, double width,
                             double height) const
{
    const auto usable = [this](const QPointF &p) { return m_xKind != XAxis::Log10 || p.x() > 0; };
    QList<double> xs;
    for (const Series &s : m_series)
        for (const QPointF &p : s.points)
            if (usable(p))
                xs.append(p.x());
    std::sort(xs.begin(), xs.end());
    xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
    if (xs.isEmpty())
        return {};

    // Columns: runs of x values closer than kMinHitWidthPx to the run's first one, so that a long
    // run (3600 samples) gets at most width / kMinHitWidthPx columns instead of unhoverable ones.
    struct Column
    {
        double first;
        double last;
        double pxFirst;
        double pxLast;
    };
    QList<Column> columns;
    for (const double x : xs) {
        const double px = mapX(x, xLo, xHi, left, width);
        if (!columns.isEmpty() && px - columns.back().pxFirst < kMinHitWidthPx) {
            columns.back().last = x;
            columns.back().pxLast = px;
        } else {
            columns.append({x, x, px, px});
        }
    }

    QString out = QStringLiteral("<g class=\"hits\">\n");
    QList<qsizetype> next(m_series.size(), 0); // per series: first point not yet consumed
    for (qsizetype c = 0; c < columns.size(); ++c) {
        const Column &col = columns.at(c);
        // Boundaries halfway to the neighbouring columns; the outer ones reach as far out as the
        // inner half-width, within the plot.
        const double leftEdge =
            c > 0 ? (columns.at(c - 1).pxLast + col.pxFirst) / 2
                  : std::max(left, col.pxFirst - (columns.size() > 1
                                                      ? (columns.at(1).pxFirst - col.pxLast) / 2
                                                      : kMinHitWidthPx * 4));
        const double rightEdge =
            c + 1 < columns.size()
                ? (col.pxLast + columns.at(c + 1).pxFirst) / 2
                : std::min(left + width,
                           col.pxLast + (c > 0 ? (col.pxFirst - columns.at(c - 1).pxLast) / 2
                                               : kMinHitWidthPx * 4));
        QStringList lines;
        const QString firstText = xText(col.first);
        const QString lastText = xText(col.last);
        lines.append(firstText == lastText ? firstText : firstText + QChar(0x2013) + lastText);
        for (qsizetype i = 0; i < m_series.size(); ++i) {
            const Series &s = m_series.at(i);
            double sum = 0;
            double max = 0;
            int count = 0;
            qsizetype &at = next[i];
            while (at < s.points.size() &&
                   (!usable(s.points.at(at)) || s.points.at(at).x() <= col.last)) {
                const QPointF &p = s.points.at(at++);
                if (!usable(p) || p.x() < col.first)
                    continue;
                max = count == 0 ? p.y() : std::max(max, p.y());
                sum += p.y();
                ++count;
            }
            if (count == 0)
                continue;
            const QString unit = s.unit.isEmpty() ? QString() : QLatin1Char(' ') + s.unit;
            lines.append(count == 1
                             ? QStringLiteral("%1: %2%3").arg(s.label, hoverNumber(sum), unit)
                             : QStringLiteral("%1: avg %2%4, max %3%4")
                                   .arg(s.label, hoverNumber(sum / count), hoverNumber(max), unit));
        }
        for (const Band &b : m_bands)
            if (b.from <= col.last && b.to >= col.first)
                lines.append(b.label);
        out += QStringLiteral("<rect class=\"hit\" data-x=\"%1\" x=\"%2\" y=\"%3\" width=\"%4\" "
                              "height=\"%5\" fill=\"#888\" fill-opacity=\"0\"><title>%6</title>"
                              "</rect>\n")
                   .arg(hoverNumber(col.first), num(leftEdge), num(top),
                        num(std::max(rightEdge - leftEdge, 1.0)), num(height),
                        esc(lines.join(QLatin1Char('\n'))));
    }
    return out + QStringLiteral("</g>\n");
}

QString SvgChart::render() const
{
    bool hasSecondary = false;
    for (const Series &s : m_series)
        hasSecondary = hasSecondary || s.secondaryAxis;
    const double rightPx = hasSecondary ? kRightAxisPx : kRightPx;

    // Legend layout first: it decides where the plot starts.
    struct LegendItem
    {
        double x;
        double y;
        const Series *series; // or
        const Band *band;
        QString text;
    };
    QList<LegendItem> legend;
    double lx = kLeftPx;
    // Without a drawn title (the page names the chart) the legend moves up.
    const double titleHeight = m_drawTitle ? kTitleHeightPx : kUntitledTopPx;
    double ly = titleHeight + kLegendRowPx / 2;
    const auto place = [&](const Series *series, const Band *band, const QString &label) {
        const QString text = elided(label);
        const double itemWidth = kSwatchPx + 6 + text.size() * kCharWidthPx + 18;
        if (lx + itemWidth > m_width - rightPx && lx > kLeftPx) {
            lx = kLeftPx;
            ly += kLegendRowPx;
        }
        legend.append({lx, ly, series, band, text});
        lx += itemWidth;
    };
    for (const Series &s : m_series)
        place(&s, nullptr, s.label);
    // One legend entry per kind of band (bands with the same legend text are one kind).
    QStringList bandKinds;
    for (const Band &b : m_bands) {
        if (b.legend.isEmpty() || bandKinds.contains(b.legend))
            continue;
        bandKinds.append(b.legend);
        place(nullptr, &b, b.legend);
    }
    const double top = legend.isEmpty() ? titleHeight + 8 : ly + kLegendRowPx / 2 + 8;
    const double left = kLeftPx;
    const double width = m_width - kLeftPx - rightPx;
    const double height = m_height - top - kBottomPx;
    const double bottom = top + height;

    // Data ranges.
    bool any = false;
    double xMin = 0;
    double xMax = 0;
    double yMax = 0;
    double y2Max = 0;
    for (const Series &s : m_series) {
        for (const QPointF &p : s.points) {
            if (m_xKind == XAxis::Log10 && !(p.x() > 0))
                continue;
            if (!any) {
                xMin = xMax = p.x();
                any = true;
            }
            xMin = std::min(xMin, p.x());
            xMax = std::max(xMax, p.x());
            double &axisMax = s.secondaryAxis ? y2Max : yMax;
            axisMax = std::max(axisMax, p.y());
        }
    }
    for (const Band &b : m_bands)
        xMax = std::max(xMax, b.to);
    double xLo = 0;
    double xHi = 1;
    if (m_xKind == XAxis::Log10) {
        xLo = any ? std::pow(10.0, std::floor(std::log10(xMin))) : 0.1;
        xHi = any ? std::pow(10.0, std::ceil(std::log10(xMax))) : 1000;
        if (xHi <= xLo)
            xHi = xLo * 10;
    } else {
        xHi = std::max(1.0, xMax);
    }
    const auto [yStep, yHi] = yScale(yMax);
    const auto [y2Step, y2Hi] = yScale(y2Max);
    const auto mapY = [&](double y, bool secondary) {
        return bottom - y / (secondary ? y2Hi : yHi) * height;
    };

    QString out;
    out += QStringLiteral("<svg class=\"chart\" viewBox=\"0 0 %1 %2\" width=\"100%\" role=\"img\" "
                          "aria-label=\"%3\" preserveAspectRatio=\"xMidYMid meet\">\n")
               .arg(m_width)
               .arg(m_height)
               .arg(esc(m_title));
    out += QStringLiteral("<title>%1</title>\n").arg(esc(m_title));
    if (m_drawTitle)
        out += QStringLiteral("<text class=\"chart-title\" x=\"%1\" y=\"18\" font-size=\"%2\" "
                              "font-weight=\"600\">%3</text>\n")
                   .arg(num(left))
                   .arg(num(kTitleFontPx))
                   .arg(esc(m_title));

    // Legend.
    for (const LegendItem &item : legend) {
        if (item.band) {
            out += QStringLiteral("<g class=\"legend-item\"><title>%1</title>"
                                  "<rect class=\"band-swatch\" x=\"%2\" y=\"%3\" width=\"%4\" "
                                  "height=\"10\" fill=\"%5\" fill-opacity=\"0.35\"/>")
                       .arg(esc(item.band->label), num(item.x), num(item.y - 5), num(kSwatchPx),
                            esc(item.band->colour)) +
                   QStringLiteral("<text x=\"%1\" y=\"%2\" font-size=\"%3\">%4</text></g>\n")
                       .arg(num(item.x + kSwatchPx + 6), num(item.y + 4), num(kFontPx),
                            esc(item.text));
            continue;
        }
        // One arg() call per string: a later arg() would also replace "%n" inside a label.
        out += QStringLiteral("<g class=\"legend-item\"><title>%1</title>"
                              "<rect class=\"swatch\" x=\"%2\" y=\"%3\" width=\"%4\" height=\"4\" "
                              "rx=\"1\" fill=\"%5\"%6/>")
                   .arg(esc(item.series->label), num(item.x), num(item.y - 2), num(kSwatchPx),
                        esc(item.series->colour), darkStyle(item.series->colourDark)) +
               QStringLiteral("<text x=\"%1\" y=\"%2\" font-size=\"%3\">%4</text></g>\n")
                   .arg(num(item.x + kSwatchPx + 6), num(item.y + 4), num(kFontPx), esc(item.text));
    }

    // Grid and y ticks.
    out += QStringLiteral("<g class=\"axis y\" font-size=\"%1\">\n").arg(num(kFontPx));
    const int yTicks = int(std::llround(yHi / yStep));
    for (int i = 0; i <= yTicks; ++i) {
        const double y = i * yStep;
        const double py = mapY(y, false);
        out += QStringLiteral("<line class=\"%4\" x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" "
                              "stroke=\"%5\"/>"
                              "<text x=\"%6\" y=\"%7\" text-anchor=\"end\">%8</text>\n")
                   .arg(num(left), num(py), num(left + width),
                        y == 0 ? QStringLiteral("zero") : QStringLiteral("grid"),
                        y == 0 ? QStringLiteral("#6b7280") : QStringLiteral("#e5e7eb"),
                        num(left - 6), num(py + 4), tickLabel(y, yStep));
    }
    out += QStringLiteral("<text x=\"14\" y=\"%1\" text-anchor=\"middle\" "
                          "transform=\"rotate(-90 14 %1)\">%2</text>\n</g>\n")
               .arg(num(top + height / 2), esc(m_yLabel));
    // The right-hand axis gets tick labels only: a second set of grid lines at other heights
    // would make both axes harder to read.
    if (hasSecondary) {
        out += QStringLiteral("<g class=\"axis y2\" font-size=\"%1\">\n").arg(num(kFontPx));
        const int y2Ticks = int(std::llround(y2Hi / y2Step));
        for (int i = 0; i <= y2Ticks; ++i) {
            const double y = i * y2Step;
            out += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"start\">%3</text>\n")
                       .arg(num(left + width + 6), num(mapY(y, true) + 4), tickLabel(y, y2Step));
        }
        const double lx2 = m_width - 12;
        out += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"middle\" "
                              "transform=\"rotate(90 %1 %2)\">%3</text>\n</g>\n")
                   .arg(num(lx2), num(top + height / 2), esc(m_y2Label));
    }

    // X ticks.
    out += QStringLiteral("<g class=\"axis x\" font-size=\"%1\">\n").arg(num(kFontPx));
    QList<std::pair<double, QString>> xTicks;
    if (m_xKind == XAxis::Log10) {
        const int from = int(std::llround(std::log10(xLo)));
        const int to = int(std::llround(std::log10(xHi)));
        for (int e = from; e <= to; ++e)
            xTicks.append({std::pow(10.0, e), logTickLabel(std::pow(10.0, e))});
    } else {
        const double step = timeStep(xHi);
        for (int i = 0; i * step <= xHi + 1e-9; ++i)
            xTicks.append({i * step, ReportFormat::clock(qint64(std::llround(i * step)))});
    }
    for (const auto &[x, label] : xTicks) {
        const double px = mapX(x, xLo, xHi, left, width);
        out += QStringLiteral("<line class=\"grid\" x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\" "
                              "stroke=\"#e5e7eb\"/>"
                              "<text x=\"%1\" y=\"%4\" text-anchor=\"middle\">%5</text>\n")
                   .arg(num(px), num(top), num(bottom), num(bottom + 16), esc(label));
    }
    out += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"middle\">%3</text>\n</g>\n")
               .arg(num(left + width / 2), num(bottom + 36), esc(m_xLabel));

    // Bands under the lines.
    for (const Band &b : m_bands) {
        const double x0 = std::clamp(mapX(b.from, xLo, xHi, left, width), left, left + width);
        const double x1 = std::clamp(mapX(b.to, xLo, xHi, left, width), left, left + width);
        out += QStringLiteral("<rect class=\"band\" x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" "
                              "fill=\"%5\" fill-opacity=\"0.22\"><title>%6</title></rect>\n")
                   .arg(num(x0), num(top), num(std::max(x1 - x0, 1.0)), num(height), esc(b.colour),
                        esc(b.label));
    }
    out += QStringLiteral("<rect class=\"frame\" x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" "
                          "fill=\"none\" stroke=\"#9ca3af\"/>\n")
               .arg(num(left), num(top), num(width), num(height));

    // Series.
    for (const Series &s : m_series) {
        QStringList vertices;
        for (const QPointF &p : s.points) {
            if (m_xKind == XAxis::Log10 && !(p.x() > 0))
                continue;
            vertices.append(num(mapX(p.x(), xLo, xHi, left, width)) + QLatin1Char(',') +
                            num(mapY(p.y(), s.secondaryAxis)));
        }
        out += QStringLiteral("<polyline class=\"series\" data-series=\"%1\" data-points=\"%2\" "
                              "fill=\"none\" stroke=\"%3\" stroke-width=\"2\" "
                              "stroke-linejoin=\"round\"%4%5 points=\"%6\"/>\n")
                   .arg(esc(s.key), QString::number(vertices.size()), esc(s.colour),
                        s.dashed ? QStringLiteral(" stroke-dasharray=\"6 4\"") : QString(),
                        darkStyle(s.colourDark), vertices.join(QLatin1Char(' ')));
        // A lone point draws no line: mark it.
        if (vertices.size() == 1) {
            const QStringList xy = vertices.front().split(QLatin1Char(','));
            out += QStringLiteral("<circle class=\"swatch\" cx=\"%1\" cy=\"%2\" r=\"3\" "
                                  "fill=\"%3\"%4/>\n")
                       .arg(xy.value(0), xy.value(1), esc(s.colour), darkStyle(s.colourDark));
        }
    }
    if (!any)
        out +=
            QStringLiteral("<text class=\"empty\" x=\"%1\" y=\"%2\" text-anchor=\"middle\" "
                           "font-size=\"%3\" fill=\"#6b7280\">%4</text>\n")
                .arg(num(left + width / 2), num(top + height / 2), num(kFontPx), esc(m_emptyText));
    // Last, so that the columns are on top and get the pointer.
    out += hitColumns(xLo, xHi, left, top, width, height);
    out += QStringLiteral("</svg>\n");
    return out;
}

} // namespace cicada
