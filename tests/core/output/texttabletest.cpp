#include "output/texttable.h"

#include <QTest>

using namespace cicada;

namespace {

using Column = TextTable::Column;

/// Name (elastic), three counts that stay and three figures dropped 3rd, 2nd, 1st.
TextTable sample()
{
    TextTable table({Column{.header = QStringLiteral("Name"),
                            .align = TextTable::Align::Left,
                            .elastic = true,
                            .minWidth = 8},
                     Column{.header = QStringLiteral("count")},
                     Column{.header = QStringLiteral("keep")},
                     Column{.header = QStringLiteral("third"), .dropOrder = 1},
                     Column{.header = QStringLiteral("second"), .dropOrder = 2},
                     Column{.header = QStringLiteral("first"), .dropOrder = 3}});
    table.addSeparator();
    table.addRow(
        {{QStringLiteral("/api/") + QString(40, QLatin1Char('x')) + QStringLiteral("/tail")},
         {QStringLiteral("12")},
         {QStringLiteral("k")},
         {QStringLiteral("3")},
         {QStringLiteral("2")},
         {QStringLiteral("1"), TextTable::Style::Bad}});
    table.addRow({{QStringLiteral("short")}, {QStringLiteral("7")}});
    return table;
}

QStringList lines(const QString &text)
{
    return text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class TextTableTest : public QObject
{
    Q_OBJECT

private slots:
    void naturalWidthWhenThereIsRoom()
    {
        const QStringList out = lines(sample().render(200, false));
        QCOMPARE(out.size(), 4);
        // 50-character name, then the columns as wide as their headers, one space apart.
        QCOMPARE(out.at(0), QStringLiteral("Name") + QString(47, QLatin1Char(' ')) +
                                QStringLiteral("count keep third second first"));
        QCOMPARE(out.at(1),
                 QString(50, QLatin1Char('-')) + QStringLiteral("|-----|----|-----|------|-----"));
        QVERIFY(out.at(2).startsWith(QStringLiteral("/api/xxxx")));
        QVERIFY(out.at(2).endsWith(QStringLiteral("/tail    12    k     3      2     1")));
        // Missing cells are empty, and trailing spaces go.
        QCOMPARE(out.at(3), QStringLiteral("short") + QString(45, QLatin1Char(' ')) +
                                QStringLiteral("     7"));
    }

    void theNameShrinksBeforeAnyColumnGoes()
    {
        const QStringList out = lines(sample().render(60, false));
        for (const QString &line : out)
            QVERIFY2(line.size() <= 60, qPrintable(line));
        QVERIFY(out.at(0).endsWith(QStringLiteral("count keep third second first")));
        QCOMPARE(out.at(1).size(), 60);
        // Elided in the middle: both ends stay.
        QVERIFY(out.at(2).contains(QStringLiteral("/api/xxxx")));
        QVERIFY(out.at(2).contains(QStringLiteral("…")));
        QVERIFY(out.at(2).contains(QStringLiteral("x/tail ")));
    }

    void columnsGoInTheirDropOrderWhenTheNameIsAtItsMinimum_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("nameWidth");
        QTest::addColumn<QString>("columns");
        // count keep third second first: 29 with their gaps, + 1 + the name's minimum 8 = 38.
        QTest::newRow("38: all") << 38 << 8 << QStringLiteral("count keep third second first");
        QTest::newRow("37: first goes, the name takes its room")
            << 37 << 13 << QStringLiteral("count keep third second");
        QTest::newRow("25: second goes") << 25 << 8 << QStringLiteral("count keep third");
        QTest::newRow("19: third goes") << 19 << 8 << QStringLiteral("count keep");
    }

    void columnsGoInTheirDropOrderWhenTheNameIsAtItsMinimum()
    {
        QFETCH(int, width);
        QFETCH(int, nameWidth);
        QFETCH(QString, columns);
        const QStringList out = lines(sample().render(width, false));
        QCOMPARE(out.at(0), QStringLiteral("Name").leftJustified(nameWidth + 1) + columns);
        QCOMPARE(out.at(1).size(), width);
        for (const QString &line : out)
            QVERIFY2(line.size() <= width, qPrintable(line));
    }

    void linesAreCutWhenEvenTheKeptColumnsDoNotFit()
    {
        // count and keep alone take 10 cells.
        const QStringList out = lines(sample().render(8, false));
        for (const QString &line : out)
            QVERIFY2(TextTable::displayWidth(line) <= 8, qPrintable(line));
        QCOMPARE(out.at(0), QStringLiteral("N count…"));
    }

    void colourWrapsTheTextAndLeavesThePadding()
    {
        const QString plain = sample().render(200, false);
        const QString coloured = sample().render(200, true);
        QVERIFY(!plain.contains(QLatin1Char('\x1b')));
        QVERIFY(coloured.contains(QStringLiteral("     \x1b[31m1\x1b[0m\n")));
        QString stripped = coloured;
        stripped.remove(QStringLiteral("\x1b[31m")).remove(QStringLiteral("\x1b[0m"));
        QCOMPARE(stripped, plain);
    }

    void widthsCountCodePoints()
    {
        const QString emoji = QStringLiteral("😀😀😀😀😀😀😀😀😀😀"); // 10 code points, 20 UTF-16 units
        QCOMPARE(TextTable::displayWidth(emoji), 10);
        const QString elided = TextTable::elide(emoji + QStringLiteral("tail"), 7);
        QCOMPARE(TextTable::displayWidth(elided), 7);
        QCOMPARE(elided, QStringLiteral("😀😀😀…ail"));
        QCOMPARE(TextTable::elide(QStringLiteral("abcdefghij"), 5), QStringLiteral("ab…ij"));
        QCOMPARE(TextTable::elide(QStringLiteral("abc"), 5), QStringLiteral("abc"));
        QCOMPARE(TextTable::truncate(QStringLiteral("abcdefghij"), 5), QStringLiteral("abcd…"));
    }
};

QTEST_APPLESS_MAIN(TextTableTest)
#include "texttabletest.moc"
