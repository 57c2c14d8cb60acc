#include "distributed/locuststatsencoder.h"

#include "distributed/msgpackwriter.h"
#include "output/locustcsvwriter.h"

#include <QCryptographicHash>

namespace cicada {

namespace {

constexpr double kUsPerMs = 1000.0;
constexpr double kMsPerS = 1000.0;

void writeCounts(MsgpackWriter &w, const QMap<qint64, qint64> &counts)
{
    w.beginMap(quint32(counts.size()));
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        w.integer(it.key());
        w.integer(it.value());
    }
}

} // namespace

qint64 LocustStatsEncoder::roundedResponseTimeMs(qint64 us)
{
    // One rule for the console, the CSV files and the wire.
    return LocustCsvWriter::locustRoundedMs(us);
}

QMap<qint64, qint64> LocustStatsEncoder::responseTimes(const Histogram &histogram)
{
    QMap<qint64, qint64> out;
    for (const auto &[us, count] : histogram.buckets())
        out[roundedResponseTimeMs(us)] += count;
    return out;
}

StatsEntry LocustStatsEncoder::aggregate(const StatsDelta &delta)
{
    StatsEntry total(QString(), kAggregatedName);
    for (const StatsEntry &entry : delta.entries)
        if (!entry.isMessage())
            total.merge(entry);
    return total;
}

void LocustStatsEncoder::writeEntry(MsgpackWriter &w, const StatsEntry &e, double startTimeS)
{
    const bool any = e.numRequests() > 0;
    w.beginMap(kEntryKeyCount);
    w.string(QStringLiteral("name"));
    w.string(e.name());
    w.string(QStringLiteral("method"));
    w.string(e.type());
    w.string(QStringLiteral("last_request_timestamp"));
    if (any && e.lastRequestMs() > 0)
        w.real(double(e.lastRequestMs()) / kMsPerS);
    else
        w.nil();
    w.string(QStringLiteral("start_time"));
    w.real(startTimeS);
    w.string(QStringLiteral("num_requests"));
    w.integer(e.numRequests());
    w.string(QStringLiteral("num_none_requests"));
    w.integer(0);
    w.string(QStringLiteral("num_failures"));
    w.integer(e.numFailures());
    w.string(QStringLiteral("total_response_time"));
    w.real(double(e.totalResponseTimeUs()) / kUsPerMs);
    w.string(QStringLiteral("max_response_time"));
    w.real(double(e.maxResponseTimeUs()) / kUsPerMs);
    w.string(QStringLiteral("min_response_time"));
    if (any)
        w.real(double(e.minResponseTimeUs()) / kUsPerMs);
    else
        w.nil();
    w.string(QStringLiteral("total_content_length"));
    w.integer(e.totalContentLength());
    w.string(QStringLiteral("response_times"));
    writeCounts(w, responseTimes(e.histogram()));
    w.string(QStringLiteral("num_reqs_per_sec"));
    writeCounts(w, e.requestsPerSec());
    w.string(QStringLiteral("num_fail_per_sec"));
    writeCounts(w, e.failuresPerSec());
}

void LocustStatsEncoder::writeReport(MsgpackWriter &w, const StatsDelta &delta, double startTimeS,
                                     const QMap<QString, int> &userClassesCount)
{
    // Like Locust's serialize_stats(): rows without activity in this window are left out.
    QList<const StatsEntry *> rows;
    for (const StatsEntry &entry : delta.entries)
        if (entry.numRequests() > 0 || entry.numFailures() > 0)
            rows.append(&entry);

    w.beginMap(5);
    w.string(QStringLiteral("stats"));
    w.beginArray(quint32(rows.size()));
    for (const StatsEntry *entry : std::as_const(rows))
        writeEntry(w, *entry, startTimeS);
    w.string(QStringLiteral("stats_total"));
    writeEntry(w, aggregate(delta), startTimeS);

    w.string(QStringLiteral("errors"));
    w.beginMap(quint32(delta.errors.size()));
    for (auto it = delta.errors.cbegin(); it != delta.errors.cend(); ++it) {
        w.string(errorKey(it.key()));
        w.beginMap(4);
        w.string(QStringLiteral("name"));
        w.string(it.key().name);
        w.string(QStringLiteral("method"));
        w.string(it.key().type);
        w.string(QStringLiteral("error"));
        w.string(it.key().error);
        w.string(QStringLiteral("occurrences"));
        w.integer(it.value());
    }

    int users = 0;
    w.string(QStringLiteral("user_classes_count"));
    w.beginMap(quint32(userClassesCount.size()));
    for (auto it = userClassesCount.cbegin(); it != userClassesCount.cend(); ++it) {
        w.string(it.key());
        w.integer(it.value());
        users += it.value();
    }
    w.string(QStringLiteral("user_count"));
    w.integer(users);
}

QString LocustStatsEncoder::pythonRepr(const QString &text)
{
    const bool hasSingle = text.contains(QLatin1Char('\''));
    const bool hasDouble = text.contains(QLatin1Char('"'));
    const QChar quote = hasSingle && !hasDouble ? QLatin1Char('"') : QLatin1Char('\'');
    QString out = quote;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (c == QLatin1Char('\\'))
            out += QStringLiteral("\\\\");
        else if (c == quote)
            out += QLatin1Char('\\') + quote;
        else if (c == QLatin1Char('\n'))
            out += QStringLiteral("\\n");
        else if (c == QLatin1Char('\r'))
            out += QStringLiteral("\\r");
        else if (c == QLatin1Char('\t'))
            out += QStringLiteral("\\t");
        else if (u < 0x20 || (u >= 0x7f && u < 0xa0))
            out += QStringLiteral("\\x%1").arg(int(u), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out + quote;
}

QString LocustStatsEncoder::errorKey(const ErrorKey &key)
{
    const QString text = key.type + QLatin1Char('.') + key.name + QLatin1Char('.') +
                         pythonRepr(pythonRepr(key.error));
    return QString::fromLatin1(
        QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

} // namespace cicada
