#include "output/consoletable.h"
#include "output/texttable.h"
#include "stats/stats.h"

#include <QRegularExpression>
#include <QTest>

using namespace cicada;

namespace {

constexpr qint64 kT0Ms = 1'700'000'000'000;
/// Wide enough for every column of every table.
constexpr int kWidth = 160;

RequestOutcome outcome(const QString &type, const QString &name, qint64 us, qint64 atMs,
                       const QString &error = QString())
{
    return RequestOutcome{.type = type,
                          .name = name,
                          .responseTimeUs = us,
                          .contentLength = 0,
                          .error = error,
                          .timestampMs = atMs};
}

// GET /items: 4 requests (10..40 ms), 1 failing; WS connect chat: 2 requests, 1 failing;
// POST /login: 1 request. Seconds 0..2.
Stats sample()
{
    Stats stats(kT0Ms);
    const auto get = QStringLiteral("GET");
    stats.record(outcome(get, QStringLiteral("/items"), 10'000, kT0Ms + 100));
    stats.record(outcome(get, QStringLiteral("/items"), 20'000, kT0Ms + 1'100));
    stats.record(
        outcome(get, QStringLiteral("/items"), 30'000, kT0Ms + 1'200, QStringLiteral("HTTP 500")));
    stats.record(outcome(get, QStringLiteral("/items"), 40'000, kT0Ms + 2'000));
    stats.record(outcome(QStringLiteral("WS connect"), QStringLiteral("chat"), 5'000, kT0Ms + 300));
    stats.record(outcome(QStringLiteral("WS connect"), QStringLiteral("chat"), 7'000, kT0Ms + 400,
                         QStringLiteral("refused")));
    stats.record(outcome(QStringLiteral("POST"), QStringLiteral("/login"), 2'500'000, kT0Ms + 500));
    return stats;
}

QString lineContaining(const QString &table, const QString &needle)
{
    for (const QString &line : table.split(QLatin1Char('\n'))) {
        if (line.contains(needle)) {
            return line;
        }
    }
    return QString();
}

/// Lines of @p text with ANSI colour sequences removed.
QStringList plainLines(QString text)
{
    text.remove(QRegularExpression(QStringLiteral("\x1b\\[[0-9;]*m")));
    return text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

/// A run with everything a table can hold: a 200-character name, a failing row, messages and an
/// error message longer than any terminal.
Stats busy()
{
    Stats stats = sample();
    const QString longName =
        QStringLiteral("/api/") + QString(200, QLatin1Char('x')) + QStringLiteral("/tail");
    stats.record(outcome(QStringLiteral("GET"), longName, 123, kT0Ms + 600,
                         QStringLiteral("HTTP 503: ") + QString(300, QLatin1Char('e'))));
    RequestOutcome push =
        outcome(QStringLiteral("WS recv"), QStringLiteral("price"), 2'000, kT0Ms + 700);
    push.kind = RequestOutcome::Kind::Message;
    push.hasTime = true;
    stats.record(push);
    return stats;
}

QStringList cells(const QString &line)
{
    return line.split(QRegularExpression(QStringLiteral("[\\s|]+")), Qt::SkipEmptyParts);
}

} // namespace

class ConsoleTableTest : public QObject
{
    Q_OBJECT

private slots:
    void statsTableListsEveryRowThenAggregated()
    {
        const Stats stats = sample();
        const QString table = ConsoleTable::statsTable(stats, kT0Ms + 3'000, true, kWidth);
        const QStringList lines = table.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 7); // header, separator, 3 rows, separator, Aggregated
        QCOMPARE(cells(lines.at(0)),
                 (QStringList{QStringLiteral("Type"), QStringLiteral("Name"), QStringLiteral("#"),
                              QStringLiteral("reqs"), QStringLiteral("#"), QStringLiteral("fails"),
                              QStringLiteral("Avg"), QStringLiteral("Min"), QStringLiteral("Max"),
                              QStringLiteral("Med"), QStringLiteral("req/s"),
                              QStringLiteral("failures/s")}));
        QVERIFY(lines.at(1).startsWith(QStringLiteral("----------|")));
        // Sorted by name: /items, /login, chat.
        QVERIFY(lines.at(2).startsWith(QStringLiteral("GET ")));
        QVERIFY(lines.at(3).startsWith(QStringLiteral("POST ")));
        QVERIFY(lines.at(4).startsWith(QStringLiteral("WS connect ")));
        QCOMPARE(lines.at(5), lines.at(1));
        QCOMPARE(cells(lines.at(6)).constFirst(), QStringLiteral("Aggregated"));

        // type, name, reqs, fails, avg, min, max, med (ms, 3 significant digits), req/s,
        // failures/s; whole run = 2 s.
        QCOMPARE(
            cells(lineContaining(table, QStringLiteral("/items"))),
            (QStringList{QStringLiteral("GET"), QStringLiteral("/items"), QStringLiteral("4"),
                         QStringLiteral("1(25.00%)"), QStringLiteral("25.0"),
                         QStringLiteral("10.0"), QStringLiteral("40.0"), QStringLiteral("20.0"),
                         QStringLiteral("2.00"), QStringLiteral("0.50")}));
        QCOMPARE(cells(lineContaining(table, QStringLiteral("chat"))).mid(5, 4),
                 (QStringList{QStringLiteral("6.00"), QStringLiteral("5.00"),
                              QStringLiteral("7.00"), QStringLiteral("5.00")}));
        QCOMPARE(cells(lineContaining(table, QStringLiteral("chat"))).mid(3, 2),
                 (QStringList{QStringLiteral("2"), QStringLiteral("1(50.00%)")}));
        QCOMPARE(cells(lineContaining(table, QStringLiteral("/login"))).at(7),
                 QStringLiteral("2500"));
        QCOMPARE(cells(lines.at(6)).mid(1, 2),
                 (QStringList{QStringLiteral("7"), QStringLiteral("2(28.57%)")}));
        // Columns as wide as their widest cell; the whole-run average of 7 times is 373.1 ms.
        QCOMPARE(cells(lines.at(6)).at(3), QStringLiteral("373"));
        QVERIFY(lines.at(1).startsWith(QString(10, QLatin1Char('-')) + QLatin1Char('|') +
                                       QString(10, QLatin1Char('-')) + QLatin1Char('|')));
    }

    void messagesHaveTheirOwnTableOutsideAggregated()
    {
        Stats stats = sample();
        // 40 pushes of 25 bytes at 20/s, ages 100..139 ms on half of them, 2 lost; 3 emits.
        for (int i = 0; i < 40; ++i) {
            RequestOutcome push = outcome(QStringLiteral("WS recv"), QStringLiteral("price"),
                                          i % 2 == 0 ? (100 + i) * 1000 : 0, kT0Ms + i * 50,
                                          i < 2 ? QStringLiteral("lost: sequence gap") : QString());
            push.contentLength = 25;
            push.kind = RequestOutcome::Kind::Message;
            push.hasTime = i % 2 == 0;
            stats.record(push);
        }
        for (int i = 0; i < 3; ++i) {
            RequestOutcome fireAndForget =
                outcome(QStringLiteral("WS emit"), QStringLiteral("typing"), 0, kT0Ms + i);
            fireAndForget.kind = RequestOutcome::Kind::Message;
            fireAndForget.hasTime = false;
            stats.record(fireAndForget);
        }
        const QString table = ConsoleTable::statsTable(stats, kT0Ms + 3'000, true, kWidth);
        const QStringList blocks = table.split(QStringLiteral("\n\n"));
        QCOMPARE(blocks.size(), 2);
        const QStringList ops = blocks.at(0).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(ops.size(), 7); // no message row among the operations
        // Aggregated unchanged by 43 messages: 7 requests, 2 failures.
        QCOMPARE(cells(ops.at(6)).mid(1, 2),
                 (QStringList{QStringLiteral("7"), QStringLiteral("2(28.57%)")}));
        QCOMPARE(blocks.at(1), ConsoleTable::messagesTable(stats, kT0Ms + 3'000, true, kWidth));

        const QStringList lines = blocks.at(1).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 7); // title, header, separator, 2 rows, separator, total
        QVERIFY(lines.at(0).startsWith(QStringLiteral("Messages")));
        QCOMPARE(cells(lines.at(1)).mid(2),
                 (QStringList{QStringLiteral("#"), QStringLiteral("msgs"), QStringLiteral("#"),
                              QStringLiteral("fails"), QStringLiteral("bytes"),
                              QStringLiteral("msg/s"), QStringLiteral("age"), QStringLiteral("p50"),
                              QStringLiteral("p95"), QStringLiteral("p99")}));
        // Whole run: start to the last event, 2 s. Ages of 20 timed pushes: 100, 102, ..., 138;
        // nearest rank from the exact histogram: p50 the 10th (118), p95 the 19th, p99 the 20th.
        QCOMPARE(
            cells(lineContaining(blocks.at(1), QStringLiteral("price"))),
            (QStringList{QStringLiteral("WS"), QStringLiteral("recv"), QStringLiteral("price"),
                         QStringLiteral("40"), QStringLiteral("2(5.00%)"), QStringLiteral("1000"),
                         QStringLiteral("20.00"), QStringLiteral("118"), QStringLiteral("136"),
                         QStringLiteral("138")}));
        QCOMPARE(cells(lineContaining(blocks.at(1), QStringLiteral("typing"))).mid(3),
                 (QStringList{QStringLiteral("3"), QStringLiteral("0(0.00%)"), QStringLiteral("0"),
                              QStringLiteral("1.50"), QStringLiteral("-"), QStringLiteral("-"),
                              QStringLiteral("-")}));
        QCOMPARE(cells(lines.at(6)).mid(0, 3),
                 (QStringList{QStringLiteral("Messages"), QStringLiteral("43"),
                              QStringLiteral("2(4.65%)")}));
        QCOMPARE(lines.at(2).size(), lines.at(3).size());
        QCOMPARE(lines.at(2), lines.at(5));

        // The percentile table is about operations too.
        QVERIFY(!ConsoleTable::percentileTable(stats, kWidth).contains(QStringLiteral("price")));
        // Without messages there is no messages table.
        QVERIFY(ConsoleTable::messagesTable(sample(), kT0Ms, true, kWidth).isEmpty());
    }

    void runningTableShowsCurrentRates()
    {
        Stats stats(kT0Ms);
        for (int s = 0; s < 20; ++s) {
            for (int i = 0; i < 3; ++i) {
                stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/a"), 1'000,
                                     kT0Ms + s * 1000 + i));
            }
        }
        // Whole run would be 60 / 19.002 s; current is 3.00 exactly.
        const QString running = ConsoleTable::statsTable(stats, kT0Ms + 20'000, false, kWidth);
        QCOMPARE(cells(lineContaining(running, QStringLiteral("/a"))).at(8),
                 QStringLiteral("3.00"));
        const QString final = ConsoleTable::statsTable(stats, kT0Ms + 20'000, true, kWidth);
        QCOMPARE(cells(lineContaining(final, QStringLiteral("/a"))).at(8), QStringLiteral("3.16"));
    }

    void longNamesAreElidedInTheMiddle()
    {
        Stats stats(kT0Ms);
        const QString name =
            QStringLiteral("/api/") + QString(200, QLatin1Char('x')) + QStringLiteral("/tail");
        stats.record(outcome(QStringLiteral("GET"), name, 1'000, kT0Ms + 1));
        const QString table = ConsoleTable::statsTable(stats, kT0Ms + 1'000, true, kWidth);
        const QString line = lineContaining(table, QStringLiteral("/api/"));
        QVERIFY(line.contains(QChar(0x2026)));
        QVERIFY(line.contains(QStringLiteral("/tail")));
    }

    void percentileTableHasElevenPercentilesAndCount()
    {
        Stats stats = sample();
        stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/never"), 0, kT0Ms));
        stats.reset(kT0Ms + 10);
        for (const auto &o :
             {outcome(QStringLiteral("GET"), QStringLiteral("/items"), 10'000, kT0Ms + 100),
              outcome(QStringLiteral("GET"), QStringLiteral("/items"), 40'000, kT0Ms + 100)}) {
            stats.record(o);
        }
        const QString table = ConsoleTable::percentileTable(stats, kWidth);
        const QStringList lines = table.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        // The histograms are exact to 3 significant digits: no "(approximated)".
        QCOMPARE(lines.at(0), QStringLiteral("Response time percentiles (ms)"));
        QCOMPARE(
            cells(lines.at(1)),
            (QStringList{QStringLiteral("Type"), QStringLiteral("Name"), QStringLiteral("50%"),
                         QStringLiteral("66%"), QStringLiteral("75%"), QStringLiteral("80%"),
                         QStringLiteral("90%"), QStringLiteral("95%"), QStringLiteral("98%"),
                         QStringLiteral("99%"), QStringLiteral("99.9%"), QStringLiteral("99.99%"),
                         QStringLiteral("100%"), QStringLiteral("#"), QStringLiteral("reqs")}));
        // Rows without requests (after the reset) are left out.
        QVERIFY(!table.contains(QStringLiteral("/never")));
        QVERIFY(!table.contains(QStringLiteral("chat")));
        QCOMPARE(
            cells(lineContaining(table, QStringLiteral("/items"))),
            (QStringList{QStringLiteral("GET"), QStringLiteral("/items"), QStringLiteral("10.0"),
                         QStringLiteral("40.0"), QStringLiteral("40.0"), QStringLiteral("40.0"),
                         QStringLiteral("40.0"), QStringLiteral("40.0"), QStringLiteral("40.0"),
                         QStringLiteral("40.0"), QStringLiteral("40.0"), QStringLiteral("40.0"),
                         QStringLiteral("40.0"), QStringLiteral("2")}));
        QCOMPARE(cells(lines.constLast()).constFirst(), QStringLiteral("Aggregated"));
        QCOMPARE(cells(lines.constLast()).constLast(), QStringLiteral("2"));
    }

    void subMillisecondTimesKeepThreeSignificantDigits()
    {
        Stats stats(kT0Ms);
        for (int i = 0; i < 3; ++i)
            stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/fast"), 123, kT0Ms + i));
        stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/faster"), 52, kT0Ms + 5));
        const QString table = ConsoleTable::statsTable(stats, kT0Ms + 1'000, true, kWidth);
        // Whole milliseconds printed "0 0 0 0" here.
        QCOMPARE(cells(lineContaining(table, QStringLiteral("/fast "))).mid(4, 4),
                 (QStringList{QStringLiteral("0.123"), QStringLiteral("0.123"),
                              QStringLiteral("0.123"), QStringLiteral("0.123")}));
        QCOMPARE(cells(lineContaining(table, QStringLiteral("/faster"))).at(4),
                 QStringLiteral("0.052"));
        const QStringList percentiles = cells(
            lineContaining(ConsoleTable::percentileTable(stats, kWidth), QStringLiteral("/fast ")));
        QCOMPARE(percentiles.mid(2, 11), QStringList(11, QStringLiteral("0.123")));
    }

    void everyTableFitsTheWidth_data()
    {
        QTest::addColumn<int>("width");
        for (const int width : {40, 52, 60, 80, 100, 120, 160, 240})
            QTest::addRow("%d columns", width) << width;
    }

    void everyTableFitsTheWidth()
    {
        QFETCH(int, width);
        const Stats stats = busy();
        for (const bool colour : {false, true}) {
            const QString text =
                ConsoleTable::statsTable(stats, kT0Ms + 3'000, true, width, colour) +
                ConsoleTable::percentileTable(stats, width) +
                ConsoleTable::errorReport(stats, width);
            for (const QString &line : plainLines(text))
                QVERIFY2(TextTable::displayWidth(line) <= width, qPrintable(line));
        }
        if (width < 60)
            return; // the lines fit; a name column that narrow says little
        const QString table = ConsoleTable::statsTable(stats, kT0Ms + 3'000, true, width);
        // Every row is still there, the long name elided in the middle; counts never go.
        const QString elided = lineContaining(table, QStringLiteral("/api/"));
        QVERIFY(elided.contains(QChar(0x2026)));
        QVERIFY(elided.contains(QStringLiteral("ail")));
        QCOMPARE(cells(lineContaining(table, QStringLiteral("Aggregated"))).mid(1, 2),
                 (QStringList{QStringLiteral("8"), QStringLiteral("3(37.50%)")}));
        QVERIFY(lineContaining(table, QStringLiteral("price")).contains(QStringLiteral(" 1 ")));
        // An error keeps its message: the name gives way first.
        const QString errors = ConsoleTable::errorReport(stats, width);
        QVERIFY2(errors.contains(QStringLiteral("/tail: HTTP 503: eee")), qPrintable(errors));
    }

    void narrowTablesLeaveOutTheLeastImportantColumns()
    {
        const Stats stats = busy();
        const QString wide = ConsoleTable::statsTable(stats, kT0Ms + 3'000, true, 240);
        QCOMPARE(cells(wide.section(QLatin1Char('\n'), 0, 0)).size(), 12);
        // 60 columns: the name keeps its 16 characters; failures/s, Min and Max (the percentile
        // table's 100%) go first.
        const QString header = ConsoleTable::statsTable(stats, kT0Ms + 3'000, true, 60)
                                   .section(QLatin1Char('\n'), 0, 0);
        QVERIFY2(header.contains(QStringLiteral("# reqs")) &&
                     header.contains(QStringLiteral("# fails")) &&
                     header.contains(QStringLiteral("req/s")) &&
                     header.contains(QStringLiteral("Med")),
                 qPrintable(header));
        QVERIFY2(!header.contains(QStringLiteral("failures/s")) &&
                     !header.contains(QStringLiteral("Min")) &&
                     !header.contains(QStringLiteral("Max")),
                 qPrintable(header));
        const QString percentileHeader =
            ConsoleTable::percentileTable(stats, 60).section(QLatin1Char('\n'), 1, 1);
        QVERIFY2(percentileHeader.contains(QStringLiteral("50%")) &&
                     percentileHeader.contains(QStringLiteral("95%")) &&
                     percentileHeader.contains(QStringLiteral("# reqs")),
                 qPrintable(percentileHeader));
        QVERIFY2(!percentileHeader.contains(QStringLiteral("66%")), qPrintable(percentileHeader));
        QVERIFY(ConsoleTable::percentileTable(stats, 240).contains(QStringLiteral("66%")));
    }

    void colourMarksFailuresOnly()
    {
        const Stats stats = sample();
        const QString plain = ConsoleTable::statsTable(stats, kT0Ms + 3'000, true, kWidth);
        QVERIFY(!plain.contains(QLatin1Char('\x1b')));
        const QString coloured = ConsoleTable::statsTable(stats, kT0Ms + 3'000, true, kWidth, true);
        QVERIFY(coloured.contains(QStringLiteral("\x1b[31m1(25.00%)\x1b[0m")));
        QVERIFY(!coloured.contains(QStringLiteral("\x1b[31m0(0.00%)")));
        // Padding ignores the colour codes: the same columns as without colour.
        QCOMPARE(plainLines(coloured), plainLines(plain));
    }

    void errorReportListsGroupsMostFrequentFirst()
    {
        Stats stats = sample();
        stats.record(outcome(QStringLiteral("WS connect"), QStringLiteral("chat"), 1, kT0Ms,
                             QStringLiteral("refused")));
        const QString report = ConsoleTable::errorReport(stats, kWidth);
        const QStringList lines = report.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.at(0), QStringLiteral("Error report"));
        QCOMPARE(cells(lines.at(1)),
                 (QStringList{QStringLiteral("#"), QStringLiteral("occurrences"),
                              QStringLiteral("Error")}));
        QCOMPARE(lines.at(3), QStringLiteral("2             WS connect chat: refused"));
        QCOMPARE(lines.at(4), QStringLiteral("1             GET /items: HTTP 500"));
        QCOMPARE(lines.at(5), lines.at(2));
        QVERIFY(ConsoleTable::errorReport(Stats(), kWidth).isEmpty());
    }
};

QTEST_APPLESS_MAIN(ConsoleTableTest)
#include "consoletabletest.moc"
