#include "texttable.h"

#include <algorithm>

namespace cicada {

namespace {

constexpr QChar kEllipsis(0x2026);
const QString kReset = QStringLiteral("\x1b[0m");

QString fromCodePoints(const QList<uint> &codePoints, qsizetype from, qsizetype count)
{
    return QString::fromUcs4(reinterpret_cast<const char32_t *>(codePoints.constData()) + from,
                             count);
}

QString sgr(TextTable::Style style)
{
    switch (style) {
    case TextTable::Style::Plain:
        break;
    case TextTable::Style::Good:
        return QStringLiteral("\x1b[32m");
    case TextTable::Style::Bad:
        return QStringLiteral("\x1b[31m");
    case TextTable::Style::Warn:
        return QStringLiteral("\x1b[33m");
    case TextTable::Style::Dim:
        return QStringLiteral("\x1b[2m");
    case TextTable::Style::Bold:
        return QStringLiteral("\x1b[1m");
    }
    return {};
}

QString chopSpaces(QString line)
{
    while (line.endsWith(QLatin1Char(' ')))
        line.chop(1);
    return line;
}

} // namespace

TextTable::TextTable(QList<Column> columns) : m_columns(std::move(columns)) {}

void TextTable::addRow(QList<Cell> cells)
{
    cells.resize(m_columns.size());
    m_rows.append(Row{false, std::move(cells)});
}

void TextTable::addSeparator()
{
    m_rows.append(Row{true, {}});
}

int TextTable::displayWidth(const QString &text)
{
    int width = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            ++i;
        ++width;
    }
    return width;
}

QString TextTable::elide(const QString &text, int width)
{
    if (displayWidth(text) <= width)
        return text;
    const QList<uint> codePoints = text.toUcs4();
    if (width <= 1)
        return fromCodePoints(codePoints, 0, std::max(0, width));
    const int head = (width - 1) / 2;
    const int tail = width - 1 - head;
    return fromCodePoints(codePoints, 0, head) + kEllipsis +
           fromCodePoints(codePoints, codePoints.size() - tail, tail);
}

QString TextTable::truncate(const QString &text, int width)
{
    if (displayWidth(text) <= width)
        return text;
    const QList<uint> codePoints = text.toUcs4();
    if (width <= 1)
        return fromCodePoints(codePoints, 0, std::max(0, width));
    return fromCodePoints(codePoints, 0, width - 1) + kEllipsis;
}

QString TextTable::styled(const QString &text, Style style, bool colour)
{
    if (!colour || style == Style::Plain || text.isEmpty())
        return text;
    return sgr(style) + text + kReset;
}

QList<int> TextTable::fit(int width) const
{
    QList<int> natural(m_columns.size(), 0);
    int elastic = -1;
    for (qsizetype c = 0; c < m_columns.size(); ++c) {
        natural[c] = displayWidth(m_columns.at(c).header);
        for (const Row &row : m_rows) {
            if (!row.separator)
                natural[c] = std::max(natural[c], displayWidth(row.cells.at(c).text));
        }
        if (m_columns.at(c).elastic && elastic < 0)
            elastic = int(c);
    }
    QList<int> widths = natural;
    while (true) {
        int fixed = -1; // n visible columns have n - 1 gaps
        for (qsizetype c = 0; c < widths.size(); ++c) {
            if (widths.at(c) >= 0 && c != elastic)
                fixed += widths.at(c) + 1;
        }
        if (elastic >= 0) {
            const int room = width - fixed - 1;
            const int least =
                std::min(natural.at(elastic), std::max(m_columns.at(elastic).minWidth,
                                                       displayWidth(m_columns.at(elastic).header)));
            widths[elastic] = std::clamp(room, 1, natural.at(elastic));
            if (room >= least)
                return widths;
        } else if (fixed <= width) {
            return widths;
        }
        // Too narrow: drop the visible column that matters least, if any may go.
        qsizetype drop = -1;
        for (qsizetype c = 0; c < widths.size(); ++c) {
            if (widths.at(c) >= 0 && m_columns.at(c).dropOrder > 0 &&
                (drop < 0 || m_columns.at(c).dropOrder > m_columns.at(drop).dropOrder))
                drop = c;
        }
        if (drop < 0)
            return widths; // render() cuts the lines
        widths[drop] = -1;
    }
}

QString TextTable::render(int width, bool colour) const
{
    const QList<int> widths = fit(width);
    const auto line = [&](const QList<Cell> &cells, bool separator) {
        QString plain;
        QString coloured;
        bool first = true;
        for (qsizetype c = 0; c < m_columns.size(); ++c) {
            const int w = widths.at(c);
            if (w < 0)
                continue;
            const QString gap = first       ? QString()
                                : separator ? QStringLiteral("|")
                                            : QStringLiteral(" ");
            first = false;
            if (separator) {
                plain += gap + QString(w, QLatin1Char('-'));
                continue;
            }
            const Column &column = m_columns.at(c);
            const QString text = !column.elastic     ? cells.at(c).text
                                 : column.elideAtEnd ? truncate(cells.at(c).text, w)
                                                     : elide(cells.at(c).text, w);
            const QString padding(std::max(0, w - displayWidth(text)), QLatin1Char(' '));
            const bool left = m_columns.at(c).align == Align::Left;
            plain += gap + (left ? text + padding : padding + text);
            const QString shown = styled(text, cells.at(c).style, colour);
            coloured += gap + (left ? shown + padding : padding + shown);
        }
        if (separator)
            coloured = plain;
        plain = chopSpaces(plain);
        // Only when the columns that are never dropped do not fit: cut, and the colour with it.
        if (displayWidth(plain) > width)
            return truncate(plain, width) + QLatin1Char('\n');
        return chopSpaces(coloured) + QLatin1Char('\n');
    };
    QList<Cell> header;
    for (const Column &column : m_columns)
        header.append(Cell{column.header});
    QString out = line(header, false);
    for (const Row &row : m_rows)
        out += line(row.cells, row.separator);
    return out;
}

} // namespace cicada
