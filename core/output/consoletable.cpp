#include "consoletable.h"

#include "locustcsvwriter.h"
#include "stats/stats.h"
#include "texttable.h"
#include "timeformat.h"

#include <algorithm>

namespace cicada {

namespace {

using Align = TextTable::Align;
using Cell = TextTable::Cell;
using Column = TextTable::Column;
using Style = TextTable::Style;

/// Which percentile columns go first when the table is narrow (higher = sooner); 50 %, 95 % and
/// the count stay.
int percentileDropOrder(double p)
{
    static const QList<std::pair<double, int>> kOrder = {
        {66, 11}, {80, 10}, {98, 9}, {99.99, 8}, {75, 7}, {99.9, 6}, {90, 5}, {100, 4}, {99, 3}};
    for (const auto &[percentile, order] : kOrder) {
        if (qFuzzyCompare(percentile, p))
            return order;
    }
    return 0;
}

Column typeColumn()
{
    return Column{.header = QStringLiteral("Type"), .align = Align::Left};
}

Column nameColumn()
{
    return Column{.header = QStringLiteral("Name"),
                  .align = Align::Left,
                  .elastic = true,
                  .minWidth = ConsoleTable::kMinNameWidth};
}

Column number(const QString &header, int dropOrder = 0)
{
    return Column{.header = header, .dropOrder = dropOrder};
}

/// A time column's cell: ms with 3 significant digits, "-" when the row timed nothing.
QString timeMs(const StatsEntry &e, double us)
{
    return e.timedCount() == 0 ? QStringLiteral("-") : TimeFormat::ms(us);
}

Cell failures(const StatsEntry &e)
{
    return Cell{
        QStringLiteral("%1(%2%)").arg(e.numFailures()).arg(e.failRatio() * 100.0, 0, 'f', 2),
        e.numFailures() > 0 ? Style::Bad : Style::Plain};
}

QList<Cell> statsRow(const Stats &stats, const StatsEntry &e, qint64 nowMs, bool final)
{
    const double rps = final ? stats.totalRps(e) : stats.currentRps(e, nowMs);
    const double failPerSec = final ? stats.totalFailPerSec(e) : stats.currentFailPerSec(e, nowMs);
    return {{e.type()},
            {e.name()},
            {QString::number(e.numRequests())},
            failures(e),
            {timeMs(e, e.avgResponseTimeUs())},
            {timeMs(e, double(e.minResponseTimeUs()))},
            {timeMs(e, double(e.maxResponseTimeUs()))},
            {timeMs(e, double(e.medianResponseTimeUs()))},
            {QString::number(rps, 'f', 2)},
            {QString::number(failPerSec, 'f', 2), failPerSec > 0 ? Style::Bad : Style::Plain}};
}

QList<Cell> messageRow(const Stats &stats, const StatsEntry &e, qint64 nowMs, bool final)
{
    const double rate = final ? stats.totalRps(e) : stats.currentRps(e, nowMs);
    return {{e.type()},
            {e.name()},
            {QString::number(e.numRequests())},
            failures(e),
            {QString::number(e.totalContentLength())},
            {QString::number(rate, 'f', 2)},
            {timeMs(e, double(e.percentileUs(50)))},
            {timeMs(e, double(e.percentileUs(95)))},
            {timeMs(e, double(e.percentileUs(99)))}};
}

QList<Cell> percentileRow(const StatsEntry &e)
{
    QList<Cell> cells{{e.type()}, {e.name()}};
    for (const double p : LocustCsvWriter::kPercentiles)
        cells.append({timeMs(e, double(e.percentileUs(p)))});
    cells.append({QString::number(e.numRequests())});
    return cells;
}

} // namespace

QString ConsoleTable::statsTable(const Stats &stats, qint64 nowMs, bool final, int width,
                                 bool colour)
{
    TextTable table({typeColumn(), nameColumn(), number(QStringLiteral("# reqs")),
                     number(QStringLiteral("# fails")), number(QStringLiteral("Avg"), 2),
                     number(QStringLiteral("Min"), 4), number(QStringLiteral("Max"), 3),
                     number(QStringLiteral("Med"), 1), number(QStringLiteral("req/s")),
                     number(QStringLiteral("failures/s"), 5)});
    table.addSeparator();
    for (const StatsEntry *e : stats.operationEntries())
        table.addRow(statsRow(stats, *e, nowMs, final));
    table.addSeparator();
    table.addRow(statsRow(stats, stats.total(), nowMs, final));
    QString out = table.render(width, colour);
    const QString messages = messagesTable(stats, nowMs, final, width, colour);
    if (!messages.isEmpty())
        out += QLatin1Char('\n') + messages;
    return out;
}

QString ConsoleTable::messagesTable(const Stats &stats, qint64 nowMs, bool final, int width,
                                    bool colour)
{
    const QList<const StatsEntry *> messages = stats.messageEntries();
    if (messages.isEmpty())
        return QString();
    TextTable table({typeColumn(), nameColumn(), number(QStringLiteral("# msgs")),
                     number(QStringLiteral("# fails")), number(QStringLiteral("bytes"), 3),
                     number(QStringLiteral("msg/s")), number(QStringLiteral("age p50"), 2),
                     number(QStringLiteral("p95")), number(QStringLiteral("p99"), 1)});
    table.addSeparator();
    for (const StatsEntry *e : messages)
        table.addRow(messageRow(stats, *e, nowMs, final));
    table.addSeparator();
    table.addRow(messageRow(stats, stats.messageTotal(), nowMs, final));
    return TextTable::truncate(QStringLiteral("Messages (not in Aggregated; age = time since the "
                                              "server sent it, ms)"),
                               width) +
           QLatin1Char('\n') + table.render(width, colour);
}

QString ConsoleTable::percentileTable(const Stats &stats, int width)
{
    QList<Column> columns{typeColumn(), nameColumn()};
    for (const double p : LocustCsvWriter::kPercentiles)
        columns.append(
            number(QString::number(p, 'g', 6) + QLatin1Char('%'), percentileDropOrder(p)));
    columns.append(number(QStringLiteral("# reqs")));
    TextTable table(columns);
    table.addSeparator();
    for (const StatsEntry *e : stats.operationEntries()) {
        if (!e->isEmpty())
            table.addRow(percentileRow(*e));
    }
    table.addSeparator();
    if (!stats.total().isEmpty())
        table.addRow(percentileRow(stats.total()));
    return TextTable::truncate(QStringLiteral("Response time percentiles (ms)"), width) +
           QLatin1Char('\n') + table.render(width, false);
}

QString ConsoleTable::errorReport(const Stats &stats, int width)
{
    const QList<StatsError> errors = stats.errors();
    if (errors.isEmpty())
        return QString();
    const QString occurrences = QStringLiteral("# occurrences");
    int countWidth = TextTable::displayWidth(occurrences);
    for (const StatsError &error : errors)
        countWidth = std::max(countWidth, int(QString::number(error.occurrences).size()));
    // The message is what matters: a long name gives way first (to a third of the line), then
    // the end of the message.
    const int nameWidth = std::max(kMinNameWidth, (width - countWidth - 1) / 3);
    TextTable table({Column{.header = occurrences, .align = Align::Left},
                     Column{.header = QStringLiteral("Error"),
                            .align = Align::Left,
                            .elastic = true,
                            .elideAtEnd = true,
                            .minWidth = kMinNameWidth}});
    table.addSeparator();
    for (const StatsError &error : errors)
        table.addRow(
            {{QString::number(error.occurrences)},
             {QStringLiteral("%1 %2: %3")
                  .arg(error.type, TextTable::elide(error.name, nameWidth), error.error)}});
    table.addSeparator();
    return QStringLiteral("Error report\n") + table.render(width, false);
}

} // namespace cicada
