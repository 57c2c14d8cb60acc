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
constexpr double kTitleHeightPx = 26;
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

QString logTickLabel(double value)
{
    return QString::number(value, 'g', 6);
}

} // namespace

SvgChart::SvgChart(int widthPx, int heightPx) : m_width(widthPx), m_height(heightPx) {}

void SvgChart::setXAxis(XAxis kind, const QString &label)
{
    m_xKind = kind;
    m_xLabel = label;
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

double SvgChart::mapX(double x, double lo, double hi, double left, double width) const
{
    if (m_xKind == XAxis::Log10)
        return left + (std::log10(x) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)) * width;
    return left + (x - lo) / (hi - lo) * width;
}

QString SvgChart::render() const
{
    // Legend layout first: it decides where the plot starts.
    struct LegendItem
    {
        double x;
        double y;
        const Series *series;
        QString text;
    };
    QList<LegendItem> legend;
    double lx = kLeftPx;
    double ly = kTitleHeightPx + kLegendRowPx / 2;
    for (const Series &s : m_series) {
        const QString text = elided(s.label);
        const double itemWidth = kSwatchPx + 6 + text.size() * kCharWidthPx + 18;
        if (lx + itemWidth > m_width - kRightPx && lx > kLeftPx) {
            lx = kLeftPx;
            ly += kLegendRowPx;
        }
        legend.append({lx, ly, &s, text});
        lx += itemWidth;
    }
    const double top = m_series.isEmpty() ? kTitleHeightPx + 8 : ly + kLegendRowPx / 2 + 8;
    const double left = kLeftPx;
    const double width = m_width - kLeftPx - kRightPx;
    const double height = m_height - top - kBottomPx;
    const double bottom = top + height;

    // Data ranges.
    bool any = false;
    double xMin = 0;
    double xMax = 0;
    double yMax = 0;
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
            yMax = std::max(yMax, p.y());
        }
    }
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
    // Some headroom, so that a flat line at the maximum does not sit on the frame.
    const double yStep = niceStep(yMax > 0 ? yMax * kHeadroom : 1, kYTicks);
    const double yHi = std::max(yStep, std::ceil(yMax * kHeadroom / yStep - 1e-9) * yStep);
    const auto mapY = [&](double y) { return bottom - y / yHi * height; };

    QString out;
    out += QStringLiteral("<svg class=\"chart\" viewBox=\"0 0 %1 %2\" width=\"100%\" role=\"img\" "
                          "aria-label=\"%3\" preserveAspectRatio=\"xMidYMid meet\">\n")
               .arg(m_width)
               .arg(m_height)
               .arg(esc(m_title));
    out += QStringLiteral("<title>%1</title>\n").arg(esc(m_title));
    out += QStringLiteral("<text class=\"chart-title\" x=\"%1\" y=\"18\" font-size=\"%2\" "
                          "font-weight=\"600\">%3</text>\n")
               .arg(num(left))
               .arg(num(kTitleFontPx))
               .arg(esc(m_title));

    // Legend.
    for (const LegendItem &item : legend) {
        out += QStringLiteral("<g class=\"legend-item\"><title>%1</title>"
                              "<rect x=\"%2\" y=\"%3\" width=\"%4\" height=\"4\" rx=\"1\" "
                              "fill=\"%5\"/>"
                              "<text x=\"%6\" y=\"%7\" font-size=\"%8\">%9</text></g>\n")
                   .arg(esc(item.series->label), num(item.x), num(item.y - 2), num(kSwatchPx),
                        esc(item.series->colour), num(item.x + kSwatchPx + 6), num(item.y + 4),
                        num(kFontPx), esc(item.text));
    }

    // Grid and y ticks.
    out += QStringLiteral("<g class=\"axis y\" font-size=\"%1\">\n").arg(num(kFontPx));
    const int yTicks = int(std::llround(yHi / yStep));
    for (int i = 0; i <= yTicks; ++i) {
        const double y = i * yStep;
        const double py = mapY(y);
        out += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" stroke=\"%4\"/>"
                              "<text x=\"%5\" y=\"%6\" text-anchor=\"end\">%7</text>\n")
                   .arg(num(left), num(py), num(left + width),
                        y == 0 ? QStringLiteral("#6b7280") : QStringLiteral("#e5e7eb"),
                        num(left - 6), num(py + 4), tickLabel(y, yStep));
    }
    out += QStringLiteral("<text x=\"14\" y=\"%1\" text-anchor=\"middle\" "
                          "transform=\"rotate(-90 14 %1)\">%2</text>\n</g>\n")
               .arg(num(top + height / 2), esc(m_yLabel));

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
        out += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\" stroke=\"#e5e7eb\"/>"
                              "<text x=\"%1\" y=\"%4\" text-anchor=\"middle\">%5</text>\n")
                   .arg(num(px), num(top), num(bottom), num(bottom + 16), esc(label));
    }
    out += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"middle\">%3</text>\n</g>\n")
               .arg(num(left + width / 2), num(bottom + 36), esc(m_xLabel));
    out += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"none\" "
                          "stroke=\"#9ca3af\"/>\n")
               .arg(num(left), num(top), num(width), num(height));

    // Series.
    for (const Series &s : m_series) {
        QStringList vertices;
        for (const QPointF &p : s.points) {
            if (m_xKind == XAxis::Log10 && !(p.x() > 0))
                continue;
            vertices.append(num(mapX(p.x(), xLo, xHi, left, width)) + QLatin1Char(',') +
                            num(mapY(p.y())));
        }
        out += QStringLiteral("<polyline class=\"series\" data-series=\"%1\" data-points=\"%2\" "
                              "fill=\"none\" stroke=\"%3\" stroke-width=\"2\" "
                              "stroke-linejoin=\"round\"%4 points=\"%5\"/>\n")
                   .arg(esc(s.key))
                   .arg(vertices.size())
                   .arg(esc(s.colour),
                        s.dashed ? QStringLiteral(" stroke-dasharray=\"6 4\"") : QString(),
                        vertices.join(QLatin1Char(' ')));
        // A lone point draws no line: mark it.
        if (vertices.size() == 1) {
            const QStringList xy = vertices.front().split(QLatin1Char(','));
            out += QStringLiteral("<circle cx=\"%1\" cy=\"%2\" r=\"3\" fill=\"%3\"/>\n")
                       .arg(xy.value(0), xy.value(1), esc(s.colour));
        }
    }
    if (!any)
        out +=
            QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"middle\" font-size=\"%3\" "
                           "fill=\"#6b7280\">%4</text>\n")
                .arg(num(left + width / 2), num(top + height / 2), num(kFontPx), esc(m_emptyText));
    out += QStringLiteral("</svg>\n");
    return out;
}

} // namespace cicada
