#include "consoletable.h"

#include "locustcsvwriter.h"
#include "stats/stats.h"

#include <QStringList>

#include <algorithm>

namespace cicada {

namespace {

constexpr qint64 kUsPerMs = 1000;
constexpr int kOccurrencesWidth = 18;
constexpr int kErrorSeparatorWidth = 141; // Locust: (80 + STATS_NAME_WIDTH) - 19

QString left(const QString &s, int width)
{
    return s.leftJustified(width);
}

QString right(const QString &s, int width)
{
    return s.rightJustified(width);
}

QString right(qint64 v, int width)
{
    return QString::number(v).rightJustified(width);
}

QString dashes(int n)
{
    return QString(n, QLatin1Char('-'));
}

QString endLine(QString line)
{
    while (line.endsWith(QLatin1Char(' '))) {
        line.chop(1);
    }
    return line + QLatin1Char('\n');
}

// The type column grows to fit the longest type plus a space (Locust prints "GET " in it).
int typeWidthFor(const QList<const StatsEntry *> &entries)
{
    int width = ConsoleTable::kTypeWidth;
    for (const StatsEntry *e : entries) {
        width = std::max(width, static_cast<int>(e->type().size()) + 1);
    }
    return width;
}

QString statsLine(const Stats &stats, const StatsEntry &e, qint64 nowMs, bool final, int typeWidth,
                  int nameWidth)
{
    const double rps = final ? stats.totalRps(e) : stats.currentRps(e, nowMs);
    const double failPerSec = final ? stats.totalFailPerSec(e) : stats.currentFailPerSec(e, nowMs);
    const QString fails =
        QStringLiteral("%1(%2%)").arg(e.numFailures()).arg(e.failRatio() * 100.0, 0, 'f', 2);
    const QString type = e.type().isEmpty() ? QString() : e.type() + QLatin1Char(' ');
    return left(type, typeWidth) + QLatin1Char(' ') +
           left(ConsoleTable::elide(e.name(), nameWidth), nameWidth) + QLatin1Char(' ') +
           right(e.numRequests(), 7) + QLatin1Char(' ') + right(fails, 12) + QStringLiteral(" |") +
           right(static_cast<qint64>(e.avgResponseTimeUs() / kUsPerMs), 7) + QLatin1Char(' ') +
           right(e.minResponseTimeUs() / kUsPerMs, 7) + QLatin1Char(' ') +
           right(e.maxResponseTimeUs() / kUsPerMs, 7) +
           right(static_cast<qint64>(LocustCsvWriter::medianMs(e)), 7) + QStringLiteral(" | ") +
           right(QString::number(rps, 'f', 2), 7) + QLatin1Char(' ') +
           right(QString::number(failPerSec, 'f', 2), 11);
}

// An age column: ms like the stats table's Med, "-" when no message carried a time.
QString ageMs(const StatsEntry &e, double p)
{
    return e.timedCount() == 0
               ? QStringLiteral("-")
               : QString::number(LocustCsvWriter::locustRoundedMs(e.percentileUs(p)));
}

QString messageLine(const Stats &stats, const StatsEntry &e, qint64 nowMs, bool final,
                    int typeWidth, int nameWidth)
{
    const double rate = final ? stats.totalRps(e) : stats.currentRps(e, nowMs);
    const QString fails =
        QStringLiteral("%1(%2%)").arg(e.numFailures()).arg(e.failRatio() * 100.0, 0, 'f', 2);
    const QString type = e.type().isEmpty() ? QString() : e.type() + QLatin1Char(' ');
    return left(type, typeWidth) + QLatin1Char(' ') +
           left(ConsoleTable::elide(e.name(), nameWidth), nameWidth) + QLatin1Char(' ') +
           right(e.numRequests(), 7) + QLatin1Char(' ') + right(fails, 12) + QStringLiteral(" |") +
           right(e.totalContentLength(), 11) + QLatin1Char(' ') +
           right(QString::number(rate, 'f', 2), 8) + QStringLiteral(" |") + right(ageMs(e, 50), 8) +
           right(ageMs(e, 95), 8) + right(ageMs(e, 99), 8);
}

QString percentileLine(const StatsEntry &e, int typeWidth, int nameWidth)
{
    QString line = left(e.type(), typeWidth) + QLatin1Char(' ') +
                   left(ConsoleTable::elide(e.name(), nameWidth), nameWidth);
    bool first = true;
    for (const double p : LocustCsvWriter::kPercentiles) {
        line += QLatin1Char(' ') +
                right(LocustCsvWriter::locustRoundedMs(e.percentileUs(p)), first ? 8 : 6);
        first = false;
    }
    return line + QLatin1Char(' ') + right(e.numRequests(), 6);
}

} // namespace

QString ConsoleTable::elide(const QString &text, int width)
{
    if (text.size() <= width) {
        return text;
    }
    if (width <= 1) {
        return text.left(width);
    }
    // Keep both ends: URL prefixes and their last segment are what tells names apart.
    const int head = (width - 1) / 2;
    const int tail = width - 1 - head;
    return text.left(head) + QChar(0x2026) + text.right(tail);
}

QString ConsoleTable::statsTable(const Stats &stats, qint64 nowMs, bool final)
{
    const QList<const StatsEntry *> operations = stats.operationEntries();
    const int typeWidth = typeWidthFor(operations);
    const int nameWidth = std::max(10, kStatsNameWidth - (typeWidth - kTypeWidth));
    const QString separator = dashes(typeWidth) + QLatin1Char('|') + dashes(nameWidth) +
                              QLatin1Char('|') + dashes(7) + QLatin1Char('|') + dashes(13) +
                              QLatin1Char('|') + dashes(7) + QLatin1Char('|') + dashes(7) +
                              QLatin1Char('|') + dashes(7) + QLatin1Char('|') + dashes(7) +
                              QLatin1Char('|') + dashes(8) + QLatin1Char('|') + dashes(11);
    QString out = endLine(left(QStringLiteral("Type"), typeWidth) + QLatin1Char(' ') +
                          left(QStringLiteral("Name"), nameWidth) + QLatin1Char(' ') +
                          right(QStringLiteral("# reqs"), 7) + QLatin1Char(' ') +
                          right(QStringLiteral("# fails"), 12) + QStringLiteral(" |") +
                          right(QStringLiteral("Avg"), 7) + QLatin1Char(' ') +
                          right(QStringLiteral("Min"), 7) + QLatin1Char(' ') +
                          right(QStringLiteral("Max"), 7) + right(QStringLiteral("Med"), 7) +
                          QStringLiteral(" | ") + right(QStringLiteral("req/s"), 7) +
                          QLatin1Char(' ') + right(QStringLiteral("failures/s"), 11));
    out += endLine(separator);
    for (const StatsEntry *e : operations) {
        out += endLine(statsLine(stats, *e, nowMs, final, typeWidth, nameWidth));
    }
    out += endLine(separator);
    out += endLine(statsLine(stats, stats.total(), nowMs, final, typeWidth, nameWidth));
    const QString messages = messagesTable(stats, nowMs, final);
    if (!messages.isEmpty()) {
        out += QLatin1Char('\n') + messages;
    }
    return out;
}

QString ConsoleTable::messagesTable(const Stats &stats, qint64 nowMs, bool final)
{
    const QList<const StatsEntry *> messages = stats.messageEntries();
    if (messages.isEmpty()) {
        return QString();
    }
    const int typeWidth = typeWidthFor(messages);
    const int nameWidth = std::max(10, kStatsNameWidth - (typeWidth - kTypeWidth));
    const QString separator = dashes(typeWidth) + QLatin1Char('|') + dashes(nameWidth) +
                              QLatin1Char('|') + dashes(7) + QLatin1Char('|') + dashes(13) +
                              QLatin1Char('|') + dashes(11) + QLatin1Char('|') + dashes(9) +
                              QLatin1Char('|') + dashes(8) + QLatin1Char('|') + dashes(7) +
                              QLatin1Char('|') + dashes(7);
    QString out = endLine(QStringLiteral("Messages (not in Aggregated; age = time since the server "
                                         "sent it, ms)"));
    out += endLine(left(QStringLiteral("Type"), typeWidth) + QLatin1Char(' ') +
                   left(QStringLiteral("Name"), nameWidth) + QLatin1Char(' ') +
                   right(QStringLiteral("# msgs"), 7) + QLatin1Char(' ') +
                   right(QStringLiteral("# fails"), 12) + QStringLiteral(" |") +
                   right(QStringLiteral("bytes"), 11) + QLatin1Char(' ') +
                   right(QStringLiteral("msg/s"), 8) + QStringLiteral(" |") +
                   right(QStringLiteral("age p50"), 8) + right(QStringLiteral("p95"), 8) +
                   right(QStringLiteral("p99"), 8));
    out += endLine(separator);
    for (const StatsEntry *e : messages) {
        out += endLine(messageLine(stats, *e, nowMs, final, typeWidth, nameWidth));
    }
    out += endLine(separator);
    out += endLine(messageLine(stats, stats.messageTotal(), nowMs, final, typeWidth, nameWidth));
    return out;
}

QString ConsoleTable::percentileTable(const Stats &stats)
{
    const QList<const StatsEntry *> operations = stats.operationEntries();
    const int typeWidth = typeWidthFor(operations);
    const int nameWidth = std::max(10, kPercentileNameWidth - (typeWidth - kTypeWidth));
    QString header = left(QStringLiteral("Type"), typeWidth) + QLatin1Char(' ') +
                     left(QStringLiteral("Name"), nameWidth);
    QString separator =
        dashes(typeWidth) + QLatin1Char('|') + dashes(nameWidth) + QLatin1Char('|') + dashes(8);
    bool first = true;
    for (const double p : LocustCsvWriter::kPercentiles) {
        header +=
            QLatin1Char(' ') + right(QString::number(p, 'g', 6) + QLatin1Char('%'), first ? 8 : 6);
        if (!first) {
            separator += QLatin1Char('|') + dashes(6);
        }
        first = false;
    }
    header += QLatin1Char(' ') + right(QStringLiteral("# reqs"), 6);
    separator += QLatin1Char('|') + dashes(6);

    QString out = endLine(QStringLiteral("Response time percentiles (approximated)"));
    out += endLine(header);
    out += endLine(separator);
    for (const StatsEntry *e : operations) {
        if (!e->isEmpty()) {
            out += endLine(percentileLine(*e, typeWidth, nameWidth));
        }
    }
    out += endLine(separator);
    if (!stats.total().isEmpty()) {
        out += endLine(percentileLine(stats.total(), typeWidth, nameWidth));
    }
    return out;
}

QString ConsoleTable::errorReport(const Stats &stats)
{
    const QList<StatsError> errors = stats.errors();
    if (errors.isEmpty()) {
        return QString();
    }
    const QString separator =
        dashes(kOccurrencesWidth) + QLatin1Char('|') + dashes(kErrorSeparatorWidth);
    QString out = endLine(QStringLiteral("Error report"));
    out += endLine(left(QStringLiteral("# occurrences"), kOccurrencesWidth) + QLatin1Char(' ') +
                   QStringLiteral("Error"));
    out += endLine(separator);
    for (const StatsError &error : errors) {
        out +=
            endLine(left(QString::number(error.occurrences), kOccurrencesWidth) + QLatin1Char(' ') +
                    QStringLiteral("%1 %2: %3").arg(error.type, error.name, error.error));
    }
    out += endLine(separator);
    return out;
}

} // namespace cicada
