#include "locustcsvwriter.h"

#include "stats/stats.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

namespace cicada {

namespace {

constexpr qint64 kUsPerMs = 1000;
constexpr qint64 kMsPerS = 1000;

QString percentileHeader()
{
    return QStringLiteral("50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%");
}

// Integral values print as integers (Locust's int columns); others like Python floats.
QString numberOrFloat(double value)
{
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
        return QString::number(static_cast<qint64>(value));
    }
    return LocustCsvWriter::pythonFloat(value);
}

QString msFloat(qint64 us)
{
    return LocustCsvWriter::pythonFloat(static_cast<double>(us) / kUsPerMs);
}

// Whole-run percentiles, or those of @p window (Locust's current ones, in full history).
QStringList percentileFields(const StatsEntry &entry, const Histogram *window = nullptr)
{
    QStringList out;
    for (const double p : LocustCsvWriter::kPercentiles) {
        const qint64 us = window ? window->valueAtPercentile(p) : entry.percentileUs(p);
        out << (entry.timedCount() == 0 ? QStringLiteral("N/A")
                                        : QString::number(LocustCsvWriter::locustRoundedMs(us)));
    }
    return out;
}

// Median, Average, Min, Max, Average Content Size, as in both stats.csv and the history "Total…"
// columns. A row without requests prints what Locust prints for it (0, 0.0, 0, 0, 0); a message
// row whose messages carried no time prints the same times but its real average size.
QStringList responseTimeFields(const StatsEntry &entry)
{
    if (entry.isEmpty()) {
        return {QStringLiteral("0"), QStringLiteral("0.0"), QStringLiteral("0"),
                QStringLiteral("0"), QStringLiteral("0")};
    }
    if (entry.timedCount() == 0) {
        return {QStringLiteral("0"), QStringLiteral("0.0"), QStringLiteral("0"),
                QStringLiteral("0"), LocustCsvWriter::pythonFloat(entry.avgContentLength())};
    }
    return {numberOrFloat(LocustCsvWriter::medianMs(entry)),
            LocustCsvWriter::pythonFloat(entry.avgResponseTimeUs() / kUsPerMs),
            msFloat(entry.minResponseTimeUs()), msFloat(entry.maxResponseTimeUs()),
            LocustCsvWriter::pythonFloat(entry.avgContentLength())};
}

QStringList statsRow(const Stats &stats, const StatsEntry &entry)
{
    const QStringList times = responseTimeFields(entry);
    return QStringList{entry.type(),
                       entry.name(),
                       QString::number(entry.numRequests()),
                       QString::number(entry.numFailures()),
                       times.at(0),
                       times.at(1),
                       times.at(2),
                       times.at(3),
                       times.at(4),
                       LocustCsvWriter::pythonFloat(stats.totalRps(entry)),
                       LocustCsvWriter::pythonFloat(stats.totalFailPerSec(entry))} +
           percentileFields(entry);
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

} // namespace

const QList<double> LocustCsvWriter::kPercentiles = {50, 66, 75,   80,    90, 95,
                                                     98, 99, 99.9, 99.99, 100};

const QString LocustCsvWriter::kStatsHeader =
    QStringLiteral("Type,Name,Request Count,Failure Count,Median Response Time,Average Response "
                   "Time,Min Response Time,Max Response Time,Average Content "
                   "Size,Requests/s,Failures/s,") +
    percentileHeader();

const QString LocustCsvWriter::kHistoryHeader =
    QStringLiteral("Timestamp,User Count,Type,Name,Requests/s,Failures/s,") + percentileHeader() +
    QStringLiteral(",Total Request Count,Total Failure Count,Total Median Response Time,Total "
                   "Average Response Time,Total Min Response Time,Total Max Response Time,Total "
                   "Average Content Size");

const QString LocustCsvWriter::kFailuresHeader = QStringLiteral("Method,Name,Error,Occurrences");

const QString LocustCsvWriter::kExceptionsHeader = QStringLiteral("Count,Message,Traceback,Nodes");

LocustCsvWriter::LocustCsvWriter(QString prefix) : m_prefix(std::move(prefix)) {}

LocustCsvWriter::~LocustCsvWriter() = default;

QString LocustCsvWriter::csvField(const QString &field)
{
    if (!field.contains(QLatin1Char(',')) && !field.contains(QLatin1Char('"')) &&
        !field.contains(QLatin1Char('\n')) && !field.contains(QLatin1Char('\r'))) {
        return field;
    }
    QString quoted = field;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString LocustCsvWriter::csvRow(const QStringList &fields)
{
    QStringList quoted;
    quoted.reserve(fields.size());
    for (const QString &f : fields) {
        quoted << csvField(f);
    }
    return quoted.join(QLatin1Char(',')) + kLineEnd;
}

QString LocustCsvWriter::pythonFloat(double value)
{
    if (std::isnan(value)) {
        return QStringLiteral("nan");
    }
    if (std::isinf(value)) {
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    }
    // Python's repr switches to exponent notation outside [1e-4, 1e16).
    const double magnitude = std::fabs(value);
    if (magnitude != 0.0 && (magnitude < 1e-4 || magnitude >= 1e16)) {
        return QString::number(value, 'e', QLocale::FloatingPointShortest);
    }
    QString s = QString::number(value, 'f', QLocale::FloatingPointShortest);
    if (!s.contains(QLatin1Char('.'))) {
        s += QStringLiteral(".0");
    }
    return s;
}

qint64 LocustCsvWriter::locustRoundedMs(qint64 us)
{
    const double ms = static_cast<double>(us) / kUsPerMs;
    double step = 1000;
    if (ms < 100) {
        step = 1;
    } else if (ms < 1000) {
        step = 10;
    } else if (ms < 10000) {
        step = 100;
    }
    // std::nearbyint rounds halves to even in the default rounding mode, like Python's round().
    return static_cast<qint64>(std::nearbyint(ms / step) * step);
}

double LocustCsvWriter::medianMs(const StatsEntry &entry)
{
    if (entry.timedCount() == 0) {
        return 0.0;
    }
    const double rounded = static_cast<double>(locustRoundedMs(entry.medianResponseTimeUs()));
    const double minMs = static_cast<double>(entry.minResponseTimeUs()) / kUsPerMs;
    const double maxMs = static_cast<double>(entry.maxResponseTimeUs()) / kUsPerMs;
    return std::clamp(rounded, minMs, maxMs);
}

QString LocustCsvWriter::statsCsv(const Stats &stats)
{
    QString out = kStatsHeader + kLineEnd;
    for (const StatsEntry *entry : stats.entries()) {
        out += csvRow(statsRow(stats, *entry));
    }
    out += csvRow(statsRow(stats, stats.total()));
    return out;
}

QString LocustCsvWriter::historyRow(const Stats &stats, qint64 nowMs, int userCount)
{
    return historyRow(stats, stats.total(), nowMs, userCount);
}

QString LocustCsvWriter::historyRow(const Stats &stats, const StatsEntry &entry, qint64 nowMs,
                                    int userCount, const Histogram *window)
{
    const QStringList times = responseTimeFields(entry);
    return csvRow(
        QStringList{QString::number(floorDiv(nowMs, kMsPerS)), QString::number(userCount),
                    entry.type(), entry.name(),
                    QString::number(stats.currentRps(entry, nowMs), 'f', 6),
                    QString::number(stats.currentFailPerSec(entry, nowMs), 'f', 6)} +
        percentileFields(entry, window) +
        QStringList{QString::number(entry.numRequests()), QString::number(entry.numFailures())} +
        times);
}

QString LocustCsvWriter::fullHistoryRows(const Stats &stats, qint64 nowMs, int userCount)
{
    QString rows;
    for (const StatsEntry *entry : stats.entries()) {
        // One merge of ≤ kWindowSlots per-second histograms per row and second: O(rows), not
        // O(requests).
        const StatsKey key{entry->type(), entry->name()};
        std::deque<Histogram> &seconds = m_windows[key];
        seconds.push_back(stats.nameHistory().lastSecond(key));
        while (seconds.size() > static_cast<size_t>(Stats::kWindowSlots)) {
            seconds.pop_front();
        }
        Histogram window;
        for (const Histogram &second : seconds) {
            window.merge(second);
        }
        rows += historyRow(stats, *entry, nowMs, userCount, &window);
    }
    const Histogram window = stats.windowHistogram();
    return rows + historyRow(stats, stats.total(), nowMs, userCount, &window);
}

QString LocustCsvWriter::failuresCsv(const Stats &stats)
{
    QString out = kFailuresHeader + kLineEnd;
    for (const StatsError &error : stats.errors()) {
        out += csvRow({error.type, error.name, error.error, QString::number(error.occurrences)});
    }
    return out;
}

QString LocustCsvWriter::exceptionsCsv()
{
    return kExceptionsHeader + kLineEnd;
}

bool LocustCsvWriter::open(QString *error)
{
    close();
    auto file = std::make_unique<QFile>(historyPath());
    if (!QDir().mkpath(QFileInfo(*file).absolutePath())) {
        return fail(historyPath(), QStringLiteral("cannot create the directory"), error);
    }
    if (!file->open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file->write((kHistoryHeader + kLineEnd).toUtf8()) < 0 || !file->flush()) {
        return fail(historyPath(), file->errorString(), error);
    }
    m_history = std::move(file);
    return true;
}

bool LocustCsvWriter::appendHistory(const Stats &stats, qint64 nowMs, int userCount, QString *error)
{
    if (!m_history && !open(error)) {
        return false;
    }
    const QString rows = m_fullHistory ? fullHistoryRows(stats, nowMs, userCount)
                                       : historyRow(stats, nowMs, userCount);
    if (m_history->write(rows.toUtf8()) < 0 || !m_history->flush()) {
        return fail(historyPath(), m_history->errorString(), error);
    }
    return true;
}

bool LocustCsvWriter::writeFinal(const Stats &stats, QString *error)
{
    // Locust creates all four files at start; make sure the history file exists too.
    if (!m_history && !QFileInfo::exists(historyPath()) && !open(error)) {
        return false;
    }
    const bool ok = writeAtomically(statsPath(), statsCsv(stats)) &&
                    writeAtomically(failuresPath(), failuresCsv(stats)) &&
                    writeAtomically(exceptionsPath(), exceptionsCsv());
    if (!ok && error) {
        *error = m_error;
    }
    return ok;
}

void LocustCsvWriter::close()
{
    if (m_history) {
        m_history->close();
        m_history.reset();
    }
}

bool LocustCsvWriter::writeAtomically(const QString &path, const QString &content)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        return fail(path, QStringLiteral("cannot create the directory"), nullptr);
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content.toUtf8()) < 0 || !file.commit()) {
        return fail(path, file.errorString(), nullptr);
    }
    return true;
}

bool LocustCsvWriter::fail(const QString &path, const QString &reason, QString *error)
{
    m_error = QStringLiteral("%1: %2").arg(path, reason);
    if (error) {
        *error = m_error;
    }
    return false;
}

} // namespace cicada
