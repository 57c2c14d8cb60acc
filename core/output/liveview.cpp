#include "liveview.h"

#include "stats/stats.h"
#include "timeformat.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace cicada {

namespace {

using Cell = TextTable::Cell;
using Column = TextTable::Column;
using Style = TextTable::Style;

constexpr int kMinBarWidth = 10;
constexpr double kPercent = 100.0;
constexpr qint64 kMsPerS = 1000;
const QString kPartGap = QStringLiteral("  ");
const QString kHealthGap = QStringLiteral(" · ");

/// Rounded like the bar's fill: 4.9 s of 6 s reads 0:05 beside a bar 82 % full.
QString clockText(qint64 ms)
{
    return TimeFormat::clock((std::max<qint64>(0, ms) + kMsPerS / 2) / kMsPerS);
}

QString percentText(const StatsEntry &e)
{
    return QString::number(e.failRatio() * kPercent, 'f', 2) + QLatin1Char('%');
}

Style failureStyle(const StatsEntry &e)
{
    return e.numFailures() > 0 ? Style::Bad : Style::Good;
}

QString percentileText(const StatsEntry &e, double p)
{
    return e.timedCount() == 0 ? QStringLiteral("-") : TimeFormat::ms(double(e.percentileUs(p)));
}

} // namespace

LiveView::LiveView(int width, int height, bool colour)
    : m_width(std::max(1, width)), m_height(std::max(0, height)), m_colour(colour)
{}

void LiveView::resize(int width, int height)
{
    width = std::max(1, width);
    if (m_linesOnScreen > 0 && width != m_width)
        m_linesOnScreen = screenLines(m_frame, width);
    m_width = width;
    m_height = std::max(0, height);
}

int LiveView::screenLines(const QString &text, int width)
{
    static const QRegularExpression escape(QStringLiteral("\x1b\\[[0-9;]*[A-Za-z]"));
    QString plain = text;
    plain.remove(escape);
    if (plain.endsWith(QLatin1Char('\n')))
        plain.chop(1);
    int lines = 0;
    for (const QString &line : plain.split(QLatin1Char('\n')))
        lines += std::max(1, (TextTable::displayWidth(line) + width - 1) / width);
    return lines;
}

QString LiveView::pack(const QList<Cell> &parts, const QString &gap) const
{
    const int usable = std::max(1, m_width - 1);
    QString out;
    int used = 0;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        QString text = parts.at(i).text;
        if (text.isEmpty())
            continue;
        const int need =
            (used > 0 ? TextTable::displayWidth(gap) : 0) + TextTable::displayWidth(text);
        if (used + need > usable) {
            if (used > 0)
                break;
            text = TextTable::truncate(text, usable);
        }
        if (used > 0)
            out += gap;
        out += TextTable::styled(text, parts.at(i).style, m_colour);
        used += need;
    }
    return out + QLatin1Char('\n');
}

QString LiveView::progressLine(const Status &status) const
{
    const Cell state{status.state,
                     status.state == QLatin1String("running") ? Style::Good : Style::Warn};
    const Cell time{status.plannedMs > 0
                        ? clockText(status.elapsedMs) + QStringLiteral(" / ") +
                              clockText(status.plannedMs)
                        : clockText(status.elapsedMs) + QStringLiteral(" (until stopped)")};
    const Cell load{status.load};
    QList<Cell> parts{state, time, load};
    if (status.plannedMs > 0) {
        int others = 0;
        for (const Cell &part : parts)
            others += TextTable::displayWidth(part.text) + kPartGap.size();
        const int barWidth = std::min(kMaxBarWidth, std::max(1, m_width - 1) - others);
        if (barWidth >= kMinBarWidth) {
            const int inner = barWidth - 2;
            const double fraction =
                std::clamp(double(status.elapsedMs) / double(status.plannedMs), 0.0, 1.0);
            const int filled = int(std::lround(fraction * inner));
            QString bar = QString(filled, QLatin1Char('='));
            if (filled < inner)
                bar += QLatin1Char('>') + QString(inner - filled - 1, QLatin1Char('-'));
            parts.insert(1, Cell{QLatin1Char('[') + bar + QLatin1Char(']')});
        }
    }
    return pack(parts, kPartGap);
}

QString LiveView::aggregatedLine(const Stats &stats, qint64 nowMs) const
{
    const StatsEntry &total = stats.total();
    QList<Cell> parts{{Stats::kAggregatedName, Style::Bold},
                      {QStringLiteral("%1 reqs").arg(total.numRequests())},
                      {QStringLiteral("%1 req/s").arg(stats.currentRps(total, nowMs), 0, 'f', 1)},
                      {QStringLiteral("failures ") + percentText(total), failureStyle(total)},
                      {QStringLiteral("p50 %1").arg(percentileText(total, 50))},
                      {QStringLiteral("p95 %1 ms").arg(percentileText(total, 95))}};
    const StatsEntry &messages = stats.messageTotal();
    if (!messages.isEmpty())
        parts.append({QStringLiteral("messages %1 (%2/s)")
                          .arg(messages.numRequests())
                          .arg(stats.currentRps(messages, nowMs), 0, 'f', 1)});
    return pack(parts, kPartGap);
}

QString LiveView::rowsTable(const Stats &stats, qint64 nowMs, int rows) const
{
    QList<const StatsEntry *> entries;
    for (const StatsEntry *e : stats.operationEntries()) {
        if (!e->isEmpty())
            entries.append(e);
    }
    if (entries.isEmpty() || rows <= 0)
        return {};
    // The busiest rows, shown in name order like the final table: rows with close counts would
    // swap places from one frame to the next if they were shown by count.
    std::stable_sort(entries.begin(), entries.end(), [](const StatsEntry *a, const StatsEntry *b) {
        return a->numRequests() > b->numRequests();
    });
    const qsizetype shown = std::min<qsizetype>(rows, entries.size());
    QList<const StatsEntry *> busiest = entries.first(shown);
    std::sort(busiest.begin(), busiest.end(), [](const StatsEntry *a, const StatsEntry *b) {
        return std::pair(a->name(), a->type()) < std::pair(b->name(), b->type());
    });
    TextTable table(
        {Column{.header = QStringLiteral("Type"), .align = TextTable::Align::Left},
         Column{.header = QStringLiteral("Name"), .align = TextTable::Align::Left, .elastic = true},
         Column{.header = QStringLiteral("reqs")}, Column{.header = QStringLiteral("fails")},
         Column{.header = QStringLiteral("req/s"), .dropOrder = 2},
         Column{.header = QStringLiteral("p50"), .dropOrder = 1},
         Column{.header = QStringLiteral("p95")}});
    for (const StatsEntry *row : std::as_const(busiest)) {
        const StatsEntry &e = *row;
        table.addRow({{e.type()},
                      {e.name()},
                      {QString::number(e.numRequests())},
                      {percentText(e), failureStyle(e)},
                      {QString::number(stats.currentRps(e, nowMs), 'f', 1)},
                      {percentileText(e, 50)},
                      {percentileText(e, 95)}});
    }
    QString out = table.render(std::max(1, m_width - 1), m_colour);
    if (shown < entries.size())
        out += pack(
            {{QStringLiteral("… %1 more rows in the table at the end").arg(entries.size() - shown),
              Style::Dim}},
            kPartGap);
    return out;
}

QString LiveView::frame(const Status &status, const Stats &stats, qint64 nowMs) const
{
    QString out = progressLine(status) + aggregatedLine(stats, nowMs);
    int lines = 2;
    if (!status.health.isEmpty()) {
        QList<Cell> parts;
        for (const QString &part : status.health)
            parts.append({part, status.healthWarning ? Style::Warn : Style::Dim});
        out += pack(parts, kHealthGap);
        ++lines;
    }
    // Room for the table's header, the "more rows" line and the prompt's line below the frame.
    const int rows = m_height > 0 ? std::min(kMaxRows, m_height - lines - 3) : kMaxRows;
    return out + rowsTable(stats, nowMs, rows);
}

QString LiveView::draw(const QString &frame)
{
    QString out = clear() + frame;
    m_frame = frame;
    m_linesOnScreen = screenLines(frame, m_width);
    return out;
}

QString LiveView::clear()
{
    if (m_linesOnScreen <= 0)
        return {};
    // CUU to the frame's first line, then ED: erase from there to the end of the screen.
    const QString out = QStringLiteral("\r\x1b[%1A\x1b[J").arg(m_linesOnScreen);
    m_linesOnScreen = 0;
    return out;
}

QString LiveView::above(const QString &text)
{
    if (m_linesOnScreen <= 0)
        return text;
    const QString erased = clear();
    return erased + text + draw(m_frame);
}

QString LiveView::restore()
{
    if (m_linesOnScreen > 0 || m_frame.isEmpty())
        return {};
    return draw(m_frame);
}

} // namespace cicada
