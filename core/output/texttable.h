#pragma once

#include <QList>
#include <QString>

namespace cicada {

/**
 * @brief A plain-text table that fits a width: the console's stats, percentile, message and
 *        error tables and the live view's rows.
 *
 * Layout: a header line, rows and separator lines (dashes with '|' in the gaps, Locust's look);
 * cells are separated by one space and padded to their column's width (the widest of its header
 * and cells); trailing spaces are dropped; every line ends with '\n'.
 *
 * Fitting render(width): when the natural layout is wider than @p width, the one elastic column
 * (the name) shrinks, down to its minimum width, and its cells are elided in the middle; when that
 * is not enough, columns are dropped, the highest Column::dropOrder first (0 = never dropped); as a
 * last resort (a terminal narrower than the columns that are never dropped) lines are cut. No line
 * is ever wider than @p width. Widths count Unicode code points, not UTF-16 units (a name with an
 * emoji is not cut in half); East Asian wide characters count as one cell, so such names may
 * still push a line past a terminal's edge.
 *
 * Colour: a cell's Style becomes an ANSI SGR sequence around its text when render() is asked for
 * colour; padding and widths ignore the sequences.
 */
class TextTable
{
public:
    enum class Align
    {
        Left,
        Right
    };
    /// What a cell says at a glance; colours only when render() is given colour.
    enum class Style
    {
        Plain,
        Good,
        Bad,
        Warn,
        Dim,
        Bold
    };

    struct Column
    {
        QString header;
        Align align = Align::Right;
        /// 0: never dropped; otherwise columns with a higher number are dropped first when the
        /// width is short.
        int dropOrder = 0;
        /// Takes the width that is left and shortens its cells (one column at most): in the middle
        /// (names), or at the end with elideAtEnd (sentences).
        bool elastic = false;
        bool elideAtEnd = false;
        /// The narrowest an elastic column gets before other columns are dropped.
        int minWidth = kMinElasticWidth;
    };

    struct Cell
    {
        QString text;
        Style style = Style::Plain;
    };

    /// Narrowest default of an elastic column: "/api/…/id" still tells names apart.
    static constexpr int kMinElasticWidth = 12;

    explicit TextTable(QList<Column> columns);

    /// One row; missing cells are empty, extra cells are ignored.
    void addRow(QList<Cell> cells);
    /// A line of dashes with '|' in the column gaps.
    void addSeparator();

    /// The table at most @p width cells wide (see the class comment); colour codes when
    /// @p colour.
    [[nodiscard]] QString render(int width, bool colour) const;

    /// Code points of @p text (what a terminal shows as one cell each, wide characters aside).
    [[nodiscard]] static int displayWidth(const QString &text);
    /// Shortens @p text to at most @p width code points by replacing its middle with "…" (URL
    /// prefixes and their last segment are what tell names apart).
    [[nodiscard]] static QString elide(const QString &text, int width);
    /// Shortens @p text to at most @p width code points by ending it with "…" (sentences).
    [[nodiscard]] static QString truncate(const QString &text, int width);
    /// @p text in the SGR colour of @p style when @p colour, else as is.
    [[nodiscard]] static QString styled(const QString &text, Style style, bool colour);

private:
    struct Row
    {
        bool separator = false;
        QList<Cell> cells;
    };

    /// The columns render() shows at @p width and their widths (same order as m_columns; -1 =
    /// dropped).
    [[nodiscard]] QList<int> fit(int width) const;

    QList<Column> m_columns;
    QList<Row> m_rows;
};

} // namespace cicada
