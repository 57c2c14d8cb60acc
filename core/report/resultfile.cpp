#include "report/resultfile.h"

#include "report/atomicfile.h"
#include "report/reportformat.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>
#include <string_view>

namespace cicada {

namespace {

constexpr double kUsPerMs = 1000.0;
constexpr double kMaxExactDouble = 9007199254740992.0; // 2^53

// Reads typed values and remembers the first problem with its JSON path; later reads after a
// problem return defaults, so callers check failed() once at the end of a section.
class Reader
{
public:
    [[nodiscard]] bool failed() const { return !m_error.isEmpty(); }
    [[nodiscard]] const QString &error() const { return m_error; }

    void fail(const QString &path, const QString &message)
    {
        if (m_error.isEmpty())
            m_error = path + QLatin1String(": ") + message;
    }

    QJsonValue value(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            fail(path, QStringLiteral("missing \"%1\"").arg(key));
        return v;
    }

    qint64 integer(const QJsonObject &o, const QString &key, const QString &path, qint64 min = 0)
    {
        const QJsonValue v = value(o, key, path);
        if (v.isUndefined())
            return 0;
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || !std::isfinite(d) || d != std::floor(d) ||
            std::fabs(d) > kMaxExactDouble) {
            fail(path + QLatin1Char('.') + key, QStringLiteral("must be a whole number"));
            return 0;
        }
        if (d < double(min)) {
            fail(path + QLatin1Char('.') + key, QStringLiteral("must be at least %1").arg(min));
            return 0;
        }
        return qint64(d);
    }

    double number(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = value(o, key, path);
        if (!v.isUndefined() && !v.isDouble())
            fail(path + QLatin1Char('.') + key, QStringLiteral("must be a number"));
        return v.toDouble();
    }

    QString string(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = value(o, key, path);
        if (!v.isUndefined() && !v.isString())
            fail(path + QLatin1Char('.') + key, QStringLiteral("must be a string"));
        return v.toString();
    }

    bool boolean(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = value(o, key, path);
        if (!v.isUndefined() && !v.isBool())
            fail(path + QLatin1Char('.') + key, QStringLiteral("must be true or false"));
        return v.toBool();
    }

    QJsonObject object(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = value(o, key, path);
        if (!v.isUndefined() && !v.isObject())
            fail(path + QLatin1Char('.') + key, QStringLiteral("must be an object"));
        return v.toObject();
    }

    QJsonArray array(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = value(o, key, path);
        if (!v.isUndefined() && !v.isArray())
            fail(path + QLatin1Char('.') + key, QStringLiteral("must be an array"));
        return v.toArray();
    }

    QJsonObject objectAt(const QJsonArray &a, qsizetype i, const QString &path)
    {
        if (!a.at(i).isObject())
            fail(path, QStringLiteral("must be an object"));
        return a.at(i).toObject();
    }

private:
    QString m_error;
};

const QString kOperationKind = QStringLiteral("operation");
const QString kMessageKind = QStringLiteral("message");

QJsonArray percentilesToJson(const ResultEntry &e)
{
    QJsonArray percentiles;
    for (const auto &[p, us] : e.percentilesUs)
        percentiles.append(QJsonObject{{QStringLiteral("p"), p},
                                       {QStringLiteral("us"), us},
                                       {QStringLiteral("ms"), double(us) / kUsPerMs}});
    return percentiles;
}

// Service time beside the main figures (issue 10): only rows that have one carry the key.
QJsonObject serviceTimeToJson(const Histogram &h)
{
    return QJsonObject{
        {QStringLiteral("count"), h.count()},
        {QStringLiteral("avgMs"), h.mean() / kUsPerMs},
        {QStringLiteral("medianMs"), double(h.valueAtPercentile(50)) / kUsPerMs},
        {QStringLiteral("p95Ms"), double(h.valueAtPercentile(95)) / kUsPerMs},
        {QStringLiteral("p99Ms"), double(h.valueAtPercentile(99)) / kUsPerMs},
        {QStringLiteral("maxMs"), double(h.max()) / kUsPerMs},
        {QStringLiteral("histogram"), h.toJson()},
    };
}

QJsonObject entryFieldsToJson(const RunResult &result, const ResultEntry &e)
{
    return QJsonObject{
        {QStringLiteral("type"), e.type},
        {QStringLiteral("name"), e.name},
        {QStringLiteral("kind"), e.isMessage() ? kMessageKind : kOperationKind},
        {QStringLiteral("timedCount"), e.timedCount()},
        {QStringLiteral("numRequests"), e.numRequests},
        {QStringLiteral("numFailures"), e.numFailures},
        {QStringLiteral("totalContentLength"), e.totalContentLength},
        {QStringLiteral("firstRequestMs"), e.firstRequestMs},
        {QStringLiteral("lastRequestMs"), e.lastRequestMs},
        {QStringLiteral("avgResponseTimeMs"), e.avgResponseTimeUs() / kUsPerMs},
        {QStringLiteral("minResponseTimeMs"), double(e.histogram.min()) / kUsPerMs},
        {QStringLiteral("maxResponseTimeMs"), double(e.histogram.max()) / kUsPerMs},
        {QStringLiteral("avgContentLength"), e.avgContentLength()},
        {QStringLiteral("rps"), result.rps(e)},
        {QStringLiteral("failuresPerSecond"), result.failuresPerSecond(e)},
        {QStringLiteral("percentiles"), percentilesToJson(e)},
        {QStringLiteral("histogram"), e.histogram.toJson()},
    };
}

// Compact rows (issue 11): a long run has names × seconds of them.
QJsonArray nameHistoryToJson(const QList<NameHistoryPoint> &history)
{
    QJsonArray rows;
    for (const NameHistoryPoint &h : history)
        rows.append(QJsonArray{h.tMs, h.requests, h.failures, h.p50Us, h.p95Us, h.p99Us});
    return rows;
}

QJsonObject entryToJson(const RunResult &result, const ResultEntry &e)
{
    QJsonObject o = entryFieldsToJson(result, e);
    if (e.serviceHistogram)
        o.insert(QStringLiteral("serviceTime"), serviceTimeToJson(*e.serviceHistogram));
    o.insert(QStringLiteral("history"), nameHistoryToJson(e.history));
    return o;
}

bool isWholeNumber(const QJsonValue &v)
{
    const double d = v.toDouble(-1);
    return v.isDouble() && d >= 0 && d == std::floor(d) && d <= kMaxExactDouble;
}

// Optional: files written before issue 11 have no per-name history.
QList<NameHistoryPoint> nameHistoryFromJson(Reader &r, const QJsonObject &o, const QString &path)
{
    QList<NameHistoryPoint> out;
    const QJsonValue value = o.value(QLatin1String("history"));
    if (value.isUndefined())
        return out;
    if (!value.isArray()) {
        r.fail(path + QStringLiteral(".history"), QStringLiteral("must be an array"));
        return out;
    }
    const QJsonArray rows = value.toArray();
    out.reserve(rows.size());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QJsonArray row = rows.at(i).toArray();
        if (!rows.at(i).isArray() || row.size() != 6 ||
            !std::all_of(row.cbegin(), row.cend(), isWholeNumber)) {
            r.fail(path + QStringLiteral(".history[%1]").arg(i),
                   QStringLiteral("must be [tMs, requests, failures, p50Us, p95Us, p99Us]: six "
                                  "whole numbers of at least 0"));
            return {};
        }
        NameHistoryPoint h{qint64(row.at(0).toDouble()), qint64(row.at(1).toDouble()),
                           qint64(row.at(2).toDouble()), qint64(row.at(3).toDouble()),
                           qint64(row.at(4).toDouble()), qint64(row.at(5).toDouble())};
        if (h.failures > h.requests) {
            r.fail(path + QStringLiteral(".history[%1]").arg(i),
                   QStringLiteral("%1 failures cannot exceed %2 requests")
                       .arg(h.failures)
                       .arg(h.requests));
            return {};
        }
        out.append(h);
    }
    return out;
}

QJsonObject healthToJson(const HealthPoint &h)
{
    return QJsonObject{
        {QStringLiteral("tMs"), h.tMs},
        {QStringLiteral("cpuPercent"), h.cpuPercent},
        {QStringLiteral("worstLoopLagMs"), h.worstLoopLagMs},
        {QStringLiteral("lateStarts"), h.lateStarts},
        {QStringLiteral("droppedIterations"), h.droppedIterations},
        {QStringLiteral("bottleneck"), h.bottleneck},
    };
}

HealthPoint healthFromJson(Reader &r, const QJsonObject &o, const QString &path)
{
    HealthPoint h;
    h.tMs = r.integer(o, QStringLiteral("tMs"), path);
    h.cpuPercent = r.number(o, QStringLiteral("cpuPercent"), path);
    h.worstLoopLagMs = r.number(o, QStringLiteral("worstLoopLagMs"), path);
    h.lateStarts = r.integer(o, QStringLiteral("lateStarts"), path);
    h.droppedIterations = r.integer(o, QStringLiteral("droppedIterations"), path);
    h.bottleneck = r.boolean(o, QStringLiteral("bottleneck"), path);
    return h;
}

QJsonObject messagesToJson(const RunResult &result)
{
    QJsonArray rows;
    for (const ResultEntry &e : result.messageEntries())
        rows.append(QJsonObject{
            {QStringLiteral("type"), e.type},
            {QStringLiteral("name"), e.name},
            {QStringLiteral("count"), e.numRequests},
            {QStringLiteral("ratePerSec"), result.rps(e)},
            {QStringLiteral("bytes"), e.totalContentLength},
            {QStringLiteral("failures"), e.numFailures},
            {QStringLiteral("timedCount"), e.timedCount()},
            {QStringLiteral("age"), e.timedCount() > 0 ? percentilesToJson(e) : QJsonArray()},
            {QStringLiteral("histogram"), e.histogram.toJson()},
        });
    const ResultEntry total = result.messageTotal();
    return QJsonObject{
        {QStringLiteral("total"), QJsonObject{{QStringLiteral("count"), total.numRequests},
                                              {QStringLiteral("ratePerSec"), result.rps(total)},
                                              {QStringLiteral("bytes"), total.totalContentLength},
                                              {QStringLiteral("failures"), total.numFailures}}},
        {QStringLiteral("rows"), rows},
    };
}

ResultEntry entryFromJson(Reader &r, const QJsonObject &o, const QString &path)
{
    ResultEntry e;
    e.type = r.string(o, QStringLiteral("type"), path);
    e.name = r.string(o, QStringLiteral("name"), path);
    // Version 1 has no kind: every row was counted as an operation then.
    const QJsonValue kind = o.value(QLatin1String("kind"));
    if (kind.isUndefined() || kind.toString() == kOperationKind)
        e.kind = ResultEntry::Kind::Operation;
    else if (kind.toString() == kMessageKind)
        e.kind = ResultEntry::Kind::Message;
    else
        r.fail(path + QStringLiteral(".kind"),
               QStringLiteral("must be \"operation\" or \"message\""));
    e.numRequests = r.integer(o, QStringLiteral("numRequests"), path);
    e.numFailures = r.integer(o, QStringLiteral("numFailures"), path);
    e.totalContentLength = r.integer(o, QStringLiteral("totalContentLength"), path);
    e.firstRequestMs = r.integer(o, QStringLiteral("firstRequestMs"), path);
    e.lastRequestMs = r.integer(o, QStringLiteral("lastRequestMs"), path);
    const QJsonObject histogram = r.object(o, QStringLiteral("histogram"), path);
    const QJsonArray percentiles = r.array(o, QStringLiteral("percentiles"), path);
    if (r.failed())
        return e;
    const std::optional<Histogram> h = Histogram::fromJson(histogram);
    if (!h) {
        r.fail(path + QStringLiteral(".histogram"),
               QStringLiteral("not a valid histogram (counts, min and max must agree)"));
        return e;
    }
    e.histogram = *h;
    // Optional (issue 10): files without it, older ones included, have no service times.
    const QJsonValue service = o.value(QLatin1String("serviceTime"));
    if (!service.isUndefined()) {
        const std::optional<Histogram> sh =
            Histogram::fromJson(service.toObject().value(QLatin1String("histogram")).toObject());
        if (!service.isObject() || !sh)
            r.fail(path + QStringLiteral(".serviceTime.histogram"),
                   QStringLiteral("not a valid histogram (counts, min and max must agree)"));
        else
            e.serviceHistogram = *sh;
    }
    e.history = nameHistoryFromJson(r, o, path);
    // Every operation is timed; a message only when it carried a time.
    if (e.isMessage() ? e.histogram.count() > e.numRequests : e.histogram.count() != e.numRequests)
        r.fail(path, QStringLiteral("numRequests %1 does not match the histogram's count %2")
                         .arg(e.numRequests)
                         .arg(e.histogram.count()));
    if (e.numFailures > e.numRequests)
        r.fail(path + QStringLiteral(".numFailures"),
               QStringLiteral("%1 failures cannot exceed %2 requests")
                   .arg(e.numFailures)
                   .arg(e.numRequests));
    for (qsizetype i = 0; i < percentiles.size(); ++i) {
        const QString p = path + QStringLiteral(".percentiles[%1]").arg(i);
        const QJsonObject po = r.objectAt(percentiles, i, p);
        const double percentile = r.number(po, QStringLiteral("p"), p);
        const qint64 us = r.integer(po, QStringLiteral("us"), p);
        e.percentilesUs.append({percentile, us});
    }
    return e;
}

QJsonObject historyToJson(const HistoryPoint &h)
{
    return QJsonObject{
        {QStringLiteral("timestampMs"), h.timestampMs},
        {QStringLiteral("userCount"), h.userCount},
        {QStringLiteral("currentRps"), h.currentRps},
        {QStringLiteral("currentFailPerSec"), h.currentFailPerSec},
        {QStringLiteral("p50Us"), h.p50Us},
        {QStringLiteral("p95Us"), h.p95Us},
        {QStringLiteral("p99Us"), h.p99Us},
        {QStringLiteral("totalCount"), h.totalCount},
        {QStringLiteral("totalFailures"), h.totalFailures},
        {QStringLiteral("totalAvgUs"), h.totalAvgUs},
        {QStringLiteral("totalMinUs"), h.totalMinUs},
        {QStringLiteral("totalMaxUs"), h.totalMaxUs},
        {QStringLiteral("totalMedianUs"), h.totalMedianUs},
        {QStringLiteral("totalAvgContentLength"), h.totalAvgContentLength},
    };
}

HistoryPoint historyFromJson(Reader &r, const QJsonObject &o, const QString &path)
{
    HistoryPoint h;
    h.timestampMs = r.integer(o, QStringLiteral("timestampMs"), path);
    h.userCount = int(r.integer(o, QStringLiteral("userCount"), path));
    h.currentRps = r.number(o, QStringLiteral("currentRps"), path);
    h.currentFailPerSec = r.number(o, QStringLiteral("currentFailPerSec"), path);
    h.p50Us = r.integer(o, QStringLiteral("p50Us"), path);
    h.p95Us = r.integer(o, QStringLiteral("p95Us"), path);
    h.p99Us = r.integer(o, QStringLiteral("p99Us"), path);
    h.totalCount = r.integer(o, QStringLiteral("totalCount"), path);
    h.totalFailures = r.integer(o, QStringLiteral("totalFailures"), path);
    h.totalAvgUs = r.number(o, QStringLiteral("totalAvgUs"), path);
    h.totalMinUs = r.integer(o, QStringLiteral("totalMinUs"), path);
    h.totalMaxUs = r.integer(o, QStringLiteral("totalMaxUs"), path);
    h.totalMedianUs = r.integer(o, QStringLiteral("totalMedianUs"), path);
    h.totalAvgContentLength = r.number(o, QStringLiteral("totalAvgContentLength"), path);
    return h;
}

bool endReasonFromName(const QString &name, RunResult::EndReason *out)
{
    for (const RunResult::EndReason reason :
         {RunResult::EndReason::Completed, RunResult::EndReason::Interrupted,
          RunResult::EndReason::ThresholdAbort, RunResult::EndReason::StoppedByUser,
          RunResult::EndReason::CouldNotStart}) {
        if (RunResult::endReasonName(reason) == name) {
            *out = reason;
            return true;
        }
    }
    return false;
}

// Line and column (1-based) of a byte offset, for JSON syntax errors.
QString lineAndColumn(const QByteArray &data, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, data.size());
    int line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i) {
        if (data.at(i) == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    const qsizetype column = QString::fromUtf8(data.mid(lineStart, offset - lineStart)).size() + 1;
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

} // namespace

QJsonObject ResultFile::toJson(const RunResult &result)
{
    QJsonArray stats;
    for (const ResultEntry &e : result.entries)
        stats.append(entryToJson(result, e));
    QJsonArray errors;
    for (const StatsError &e : result.errors)
        errors.append(QJsonObject{{QStringLiteral("type"), e.type},
                                  {QStringLiteral("name"), e.name},
                                  {QStringLiteral("error"), e.error},
                                  {QStringLiteral("occurrences"), e.occurrences}});
    QJsonArray history;
    for (const HistoryPoint &h : result.history)
        history.append(historyToJson(h));
    QJsonArray health;
    for (const HealthPoint &h : result.health)
        health.append(healthToJson(h));
    QJsonArray verdicts;
    for (const ThresholdVerdict &v : result.verdicts) {
        QJsonObject o{{QStringLiteral("expression"), v.expression},
                      {QStringLiteral("passed"), v.passed},
                      {QStringLiteral("hasValue"), v.hasValue},
                      {QStringLiteral("measured"), v.measured},
                      {QStringLiteral("measuredText"), v.measuredText},
                      {QStringLiteral("detail"), v.detail}};
        // Only when set: the files of runs without an unreliable threshold stay as they were.
        if (v.unreliable)
            o.insert(QStringLiteral("unreliable"), true);
        verdicts.append(o);
    }
    QJsonArray percentiles;
    for (const double p : result.percentiles)
        percentiles.append(p);

    QJsonObject root{
        {QStringLiteral("format"), kFormat},
        {QStringLiteral("version"), kVersion},
        {QStringLiteral("tool"), QJsonObject{{QStringLiteral("name"), QStringLiteral("cicada")},
                                             {QStringLiteral("version"), result.toolVersion}}},
        {QStringLiteral("host"), result.host},
        {QStringLiteral("run"),
         QJsonObject{{QStringLiteral("start"), ReportFormat::isoUtc(result.startMs)},
                     {QStringLiteral("startEpochMs"), result.startMs},
                     {QStringLiteral("end"), ReportFormat::isoUtc(result.endMs)},
                     {QStringLiteral("endEpochMs"), result.endMs},
                     {QStringLiteral("durationMs"), result.durationMs()},
                     {QStringLiteral("endReason"), RunResult::endReasonName(result.endReason)},
                     {QStringLiteral("endDetail"), result.endDetail}}},
        {QStringLiteral("profile"), QJsonObject{{QStringLiteral("path"), result.profilePath},
                                                {QStringLiteral("content"), result.profile}}},
        {QStringLiteral("load"), QJsonObject{{QStringLiteral("users"), result.users},
                                             {QStringLiteral("spawnRate"), result.spawnRate},
                                             {QStringLiteral("runTimeMs"), result.runTimeMs},
                                             {QStringLiteral("threads"), result.threads},
                                             {QStringLiteral("transport"), result.transport}}},
        {QStringLiteral("percentiles"), percentiles},
        {QStringLiteral("stats"), stats},
        {QStringLiteral("aggregated"), entryToJson(result, result.aggregated)},
        {QStringLiteral("messages"), messagesToJson(result)},
        {QStringLiteral("errors"), errors},
        {QStringLiteral("history"), history},
        {QStringLiteral("health"), health},
        {QStringLiteral("thresholds"),
         QJsonObject{{QStringLiteral("verdict"), RunResult::verdictName(result.verdict())},
                     {QStringLiteral("results"), verdicts}}},
    };
    // Open model (issue 10): absent in the closed model.
    if (result.isOpenModel())
        root.insert(QStringLiteral("arrivals"),
                    QJsonObject{{QStringLiteral("iterations"), result.iterationsStarted},
                                {QStringLiteral("lateStarts"), result.lateStarts},
                                {QStringLiteral("droppedIterations"), result.droppedIterations}});
    return root;
}

QByteArray ResultFile::toText(const RunResult &result)
{
    return compactNumberArrays(QJsonDocument(toJson(result)).toJson(QJsonDocument::Indented));
}

QByteArray ResultFile::compactNumberArrays(const QByteArray &indented)
{
    // Qt indents every array element on its own line: a per-second history row
    // [tMs, requests, failures, p50Us, p95Us, p99Us] would take eight lines and ~200 bytes, so
    // an hour of 100 names would pass kMaxFileBytes. One line per row keeps it near 60 bytes.
    static constexpr std::string_view kNumberChars = "0123456789+-.eE, \n";
    QByteArray out;
    out.reserve(indented.size());
    bool inString = false;
    for (qsizetype i = 0; i < indented.size(); ++i) {
        const char c = indented.at(i);
        if (inString) {
            out.append(c);
            if (c == '\\' && i + 1 < indented.size())
                out.append(indented.at(++i));
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        if (c != '[') {
            out.append(c);
            continue;
        }
        qsizetype end = i + 1;
        while (end < indented.size() &&
               kNumberChars.find(indented.at(end)) != std::string_view::npos)
            ++end;
        if (end == indented.size() || indented.at(end) != ']') {
            out.append(c);
            continue;
        }
        // Only numbers inside: "[1, 2, 3]".
        const QList<QByteArray> numbers = indented.mid(i + 1, end - i - 1).simplified().split(',');
        out.append('[');
        for (qsizetype k = 0; k < numbers.size(); ++k) {
            if (k > 0)
                out.append(", ");
            out.append(numbers.at(k).trimmed());
        }
        out.append(']');
        i = end;
    }
    return out;
}

bool ResultFile::fromJson(const QJsonObject &json, RunResult *out, QString *error)
{
    Reader r;
    const QString root = QStringLiteral("$");
    const QJsonValue format = json.value(QLatin1String("format"));
    if (format.toString() != kFormat) {
        if (error) {
            // The value as JSON text: wrapped in an array, since a document holds no scalar.
            const QByteArray wrapped =
                QJsonDocument(QJsonArray{format}).toJson(QJsonDocument::Compact);
            *error = QStringLiteral("not a Cicada result file: \"format\" is %1, expected \"%2\"")
                         .arg(format.isUndefined()
                                  ? QStringLiteral("missing")
                                  : QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2)),
                              kFormat);
        }
        return false;
    }
    const qint64 version = r.integer(json, QStringLiteral("version"), root, 1);
    if (!r.failed() && version > kVersion) {
        if (error)
            *error = QStringLiteral("this result has format version %1, but this Cicada reads "
                                    "version %2; open it with a newer Cicada")
                         .arg(version)
                         .arg(kVersion);
        return false;
    }

    RunResult result;
    const QJsonObject tool = r.object(json, QStringLiteral("tool"), root);
    result.toolVersion = r.string(tool, QStringLiteral("version"), QStringLiteral("$.tool"));
    result.host = r.string(json, QStringLiteral("host"), root);

    const QString runPath = QStringLiteral("$.run");
    const QJsonObject run = r.object(json, QStringLiteral("run"), root);
    result.startMs = r.integer(run, QStringLiteral("startEpochMs"), runPath);
    result.endMs = r.integer(run, QStringLiteral("endEpochMs"), runPath);
    const QString reason = r.string(run, QStringLiteral("endReason"), runPath);
    if (!r.failed() && !endReasonFromName(reason, &result.endReason))
        r.fail(runPath + QStringLiteral(".endReason"),
               QStringLiteral("unknown end reason '%1'").arg(reason));
    result.endDetail = r.string(run, QStringLiteral("endDetail"), runPath);

    const QJsonObject profile = r.object(json, QStringLiteral("profile"), root);
    result.profilePath = r.string(profile, QStringLiteral("path"), QStringLiteral("$.profile"));
    result.profile = r.object(profile, QStringLiteral("content"), QStringLiteral("$.profile"));

    const QString loadPath = QStringLiteral("$.load");
    const QJsonObject load = r.object(json, QStringLiteral("load"), root);
    result.users = int(r.integer(load, QStringLiteral("users"), loadPath));
    result.spawnRate = r.number(load, QStringLiteral("spawnRate"), loadPath);
    result.runTimeMs = r.integer(load, QStringLiteral("runTimeMs"), loadPath);
    result.threads = int(r.integer(load, QStringLiteral("threads"), loadPath));
    result.transport = r.string(load, QStringLiteral("transport"), loadPath);

    const QJsonArray percentiles = r.array(json, QStringLiteral("percentiles"), root);
    for (qsizetype i = 0; i < percentiles.size(); ++i) {
        const double p = percentiles.at(i).toDouble(-1);
        if (p < 0 || p > 100)
            r.fail(QStringLiteral("$.percentiles[%1]").arg(i),
                   QStringLiteral("must be a number from 0 to 100"));
        result.percentiles.append(p);
    }

    const QJsonArray stats = r.array(json, QStringLiteral("stats"), root);
    for (qsizetype i = 0; i < stats.size() && !r.failed(); ++i) {
        const QString p = QStringLiteral("$.stats[%1]").arg(i);
        result.entries.append(entryFromJson(r, r.objectAt(stats, i, p), p));
    }
    const QJsonObject aggregated = r.object(json, QStringLiteral("aggregated"), root);
    if (!r.failed())
        result.aggregated = entryFromJson(r, aggregated, QStringLiteral("$.aggregated"));

    const QJsonArray errors = r.array(json, QStringLiteral("errors"), root);
    for (qsizetype i = 0; i < errors.size() && !r.failed(); ++i) {
        const QString p = QStringLiteral("$.errors[%1]").arg(i);
        const QJsonObject o = r.objectAt(errors, i, p);
        StatsError e;
        e.type = r.string(o, QStringLiteral("type"), p);
        e.name = r.string(o, QStringLiteral("name"), p);
        e.error = r.string(o, QStringLiteral("error"), p);
        e.occurrences = r.integer(o, QStringLiteral("occurrences"), p, 1);
        result.errors.append(e);
    }

    const QJsonArray history = r.array(json, QStringLiteral("history"), root);
    for (qsizetype i = 0; i < history.size() && !r.failed(); ++i) {
        const QString p = QStringLiteral("$.history[%1]").arg(i);
        result.history.append(historyFromJson(r, r.objectAt(history, i, p), p));
    }

    // Optional (issue 11): older files have no generator health.
    const QJsonValue health = json.value(QLatin1String("health"));
    if (!health.isUndefined() && !health.isArray())
        r.fail(QStringLiteral("$.health"), QStringLiteral("must be an array"));
    const QJsonArray healthPoints = health.toArray();
    for (qsizetype i = 0; i < healthPoints.size() && !r.failed(); ++i) {
        const QString p = QStringLiteral("$.health[%1]").arg(i);
        result.health.append(healthFromJson(r, r.objectAt(healthPoints, i, p), p));
    }

    const QJsonValue arrivals = json.value(QLatin1String("arrivals"));
    if (arrivals.isObject()) {
        const QString p = QStringLiteral("$.arrivals");
        const QJsonObject a = arrivals.toObject();
        result.iterationsStarted = r.integer(a, QStringLiteral("iterations"), p);
        result.lateStarts = r.integer(a, QStringLiteral("lateStarts"), p);
        result.droppedIterations = r.integer(a, QStringLiteral("droppedIterations"), p);
    }

    const QJsonObject thresholds = r.object(json, QStringLiteral("thresholds"), root);
    const QJsonArray verdicts =
        r.array(thresholds, QStringLiteral("results"), QStringLiteral("$.thresholds"));
    for (qsizetype i = 0; i < verdicts.size() && !r.failed(); ++i) {
        const QString p = QStringLiteral("$.thresholds.results[%1]").arg(i);
        const QJsonObject o = r.objectAt(verdicts, i, p);
        ThresholdVerdict v;
        v.expression = r.string(o, QStringLiteral("expression"), p);
        v.passed = r.boolean(o, QStringLiteral("passed"), p);
        v.hasValue = r.boolean(o, QStringLiteral("hasValue"), p);
        v.measured = r.number(o, QStringLiteral("measured"), p);
        v.measuredText = r.string(o, QStringLiteral("measuredText"), p);
        v.detail = r.string(o, QStringLiteral("detail"), p);
        // Optional (issue 11): older files have no "unreliable".
        if (o.contains(QLatin1String("unreliable")))
            v.unreliable = r.boolean(o, QStringLiteral("unreliable"), p);
        result.verdicts.append(v);
    }

    if (r.failed()) {
        if (error)
            *error = r.error();
        return false;
    }
    if (out)
        *out = std::move(result);
    return true;
}

bool ResultFile::save(const QString &path, const RunResult &result, QString *error)
{
    return AtomicFile::write(path, toText(result), error);
}

bool ResultFile::load(const QString &path, RunResult *out, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read '%1': %2").arg(path, file.errorString());
        return false;
    }
    // Bounded: /dev/zero or a huge file is an error with a message, never a bad_alloc.
    const QByteArray text = file.read(kMaxFileBytes + 1);
    if (text.size() > kMaxFileBytes) {
        if (error)
            *error = QStringLiteral("cannot read '%1': larger than %2 MiB, which no result file is")
                         .arg(path)
                         .arg(kMaxFileBytes / (1024 * 1024));
        return false;
    }
    QString why;
    if (!fromText(text, out, &why)) {
        if (error)
            *error = path + QLatin1String(": ") + why;
        return false;
    }
    return true;
}

bool ResultFile::fromText(const QByteArray &text, RunResult *out, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = QStringLiteral("not valid JSON at %1: %2")
                         .arg(lineAndColumn(text, parseError.offset), parseError.errorString());
        return false;
    }
    if (!doc.isObject()) {
        if (error)
            *error = QStringLiteral("a result file holds a JSON object");
        return false;
    }
    return fromJson(doc.object(), out, error);
}

} // namespace cicada
