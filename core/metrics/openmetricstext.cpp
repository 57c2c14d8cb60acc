#include "openmetricstext.h"

#include "stats/stats.h"

#include <QStringList>

namespace cicada {

namespace {

/// A bound as Python's float repr writes it ("0.0005", "1.0", "30.0"): the canonical form the
/// OpenMetrics parsers compare `le` labels with.
QString boundText(qint64 us)
{
    QString text = OpenMetricsText::secondsText(us);
    while (text.endsWith(QLatin1Char('0')) && !text.endsWith(QLatin1String(".0")))
        text.chop(1);
    return text;
}

QString number(double value)
{
    return QString::number(value, 'g', 12);
}

/** Collects the lines of one scrape, with the family headers each format wants. */
class Writer
{
public:
    explicit Writer(OpenMetricsText::Format format) : m_format(format) {}

    /// `# TYPE`/`# HELP` (and `# UNIT`) of a family. Counters are named without `_total` in
    /// OpenMetrics and with it in the 0.0.4 format.
    void family(const QString &name, const QString &type, const QString &help,
                const QString &unit = {})
    {
        const bool counter = type == QLatin1String("counter");
        const QString familyName = counter && m_format == OpenMetricsText::Format::Prometheus
                                       ? name + QStringLiteral("_total")
                                       : name;
        m_text += QStringLiteral("# TYPE %1 %2\n").arg(familyName, type);
        if (!unit.isEmpty() && m_format == OpenMetricsText::Format::OpenMetrics)
            m_text += QStringLiteral("# UNIT %1 %2\n").arg(familyName, unit);
        m_text += QStringLiteral("# HELP %1 %2\n").arg(familyName, help);
    }

    void sample(const QString &name, const QString &labels, const QString &value)
    {
        m_text += name;
        if (!labels.isEmpty())
            m_text += QLatin1Char('{') + labels + QLatin1Char('}');
        m_text += QLatin1Char(' ') + value + QLatin1Char('\n');
    }

    [[nodiscard]] QByteArray finish()
    {
        if (m_format == OpenMetricsText::Format::OpenMetrics)
            m_text += QStringLiteral("# EOF\n");
        return m_text.toUtf8();
    }

private:
    OpenMetricsText::Format m_format;
    QString m_text;
};

QString label(const QString &key, const QString &value)
{
    return QStringLiteral("%1=\"%2\"").arg(key, OpenMetricsText::escapeLabel(value));
}

} // namespace

QByteArray OpenMetricsText::render(const MetricsSample &sample, Format format)
{
    const auto scrub = [&sample](const QString &text) {
        return sample.scrub ? sample.scrub(text) : text;
    };
    Writer out(format);
    QList<const StatsEntry *> rows;
    QList<StatsError> errors;
    if (sample.stats) {
        rows = sample.stats->entries();
        errors = sample.stats->errors();
    }
    QStringList rowLabels;
    for (const StatsEntry *row : std::as_const(rows))
        rowLabels.append(label(QStringLiteral("type"), row->type()) + QLatin1Char(',') +
                         label(QStringLiteral("name"), scrub(row->name())));

    out.family(QStringLiteral("cicada_requests"), QStringLiteral("counter"),
               QStringLiteral("Requests (operations and messages) per row, failures included."));
    for (qsizetype i = 0; i < rows.size(); ++i)
        out.sample(QStringLiteral("cicada_requests_total"), rowLabels.at(i),
                   QString::number(rows.at(i)->numRequests()));
    out.family(QStringLiteral("cicada_request_failures"), QStringLiteral("counter"),
               QStringLiteral("Failed requests per row."));
    for (qsizetype i = 0; i < rows.size(); ++i)
        out.sample(QStringLiteral("cicada_request_failures_total"), rowLabels.at(i),
                   QString::number(rows.at(i)->numFailures()));
    out.family(QStringLiteral("cicada_response_bytes"), QStringLiteral("counter"),
               QStringLiteral("Content bytes of responses and messages per row."),
               QStringLiteral("bytes"));
    for (qsizetype i = 0; i < rows.size(); ++i)
        out.sample(QStringLiteral("cicada_response_bytes_total"), rowLabels.at(i),
                   QString::number(rows.at(i)->totalContentLength()));

    out.family(QStringLiteral("cicada_response_time_seconds"), QStringLiteral("histogram"),
               QStringLiteral("Response times per row (from Cicada's HDR histogram)."),
               QStringLiteral("seconds"));
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const Histogram &histogram = rows.at(i)->histogram();
        const QList<std::pair<qint64, qint64>> buckets = histogram.buckets();
        qint64 cumulative = 0;
        qsizetype next = 0;
        for (const qint64 boundUs : kBucketBoundsUs) {
            while (next < buckets.size() && buckets.at(next).first <= boundUs)
                cumulative += buckets.at(next++).second;
            out.sample(QStringLiteral("cicada_response_time_seconds_bucket"),
                       rowLabels.at(i) + QLatin1Char(',') +
                           label(QStringLiteral("le"), boundText(boundUs)),
                       QString::number(cumulative));
        }
        out.sample(QStringLiteral("cicada_response_time_seconds_bucket"),
                   rowLabels.at(i) + QStringLiteral(",le=\"+Inf\""),
                   QString::number(histogram.count()));
        out.sample(QStringLiteral("cicada_response_time_seconds_count"), rowLabels.at(i),
                   QString::number(histogram.count()));
        out.sample(QStringLiteral("cicada_response_time_seconds_sum"), rowLabels.at(i),
                   secondsText(histogram.sum()));
    }

    out.family(QStringLiteral("cicada_errors"), QStringLiteral("counter"),
               QStringLiteral("Failures per (type, name, error message)."));
    for (const StatsError &e : std::as_const(errors))
        out.sample(QStringLiteral("cicada_errors_total"),
                   label(QStringLiteral("type"), e.type) + QLatin1Char(',') +
                       label(QStringLiteral("name"), scrub(e.name)) + QLatin1Char(',') +
                       label(QStringLiteral("error"), scrub(e.error)),
                   QString::number(e.occurrences));

    out.family(QStringLiteral("cicada_users"), QStringLiteral("gauge"),
               QStringLiteral("Virtual users running now."));
    out.sample(QStringLiteral("cicada_users"), {}, QString::number(sample.users));
    out.family(QStringLiteral("cicada_generator_cpu_cores"), QStringLiteral("gauge"),
               QStringLiteral("CPU used by Cicada over the last second (1 = one core busy)."));
    out.sample(QStringLiteral("cicada_generator_cpu_cores"), {},
               number(sample.health.cpuPercent / 100.0));
    out.family(QStringLiteral("cicada_generator_loop_lag_seconds"), QStringLiteral("gauge"),
               QStringLiteral("Worst event-loop lag of a worker thread over the last second."),
               QStringLiteral("seconds"));
    out.sample(QStringLiteral("cicada_generator_loop_lag_seconds"), {},
               number(sample.health.loopLagMs / 1000.0));
    out.family(QStringLiteral("cicada_generator_threads"), QStringLiteral("gauge"),
               QStringLiteral("Worker threads of the load generator."));
    out.sample(QStringLiteral("cicada_generator_threads"), {},
               QString::number(sample.health.threads));
    // The open model's own health: a rate that could not be kept because the pool was full.
    // Zero in the closed model, so dashboards can use one query for both.
    out.family(QStringLiteral("cicada_iterations_started"), QStringLiteral("counter"),
               QStringLiteral("Open model: iterations started by the arrival rate."));
    out.sample(QStringLiteral("cicada_iterations_started_total"), {},
               QString::number(sample.health.iterationsStarted));
    out.family(QStringLiteral("cicada_iterations_late"), QStringLiteral("counter"),
               QStringLiteral("Open model: iterations that started late, after waiting for a "
                              "free user of the pool (maxConcurrent)."));
    out.sample(QStringLiteral("cicada_iterations_late_total"), {},
               QString::number(sample.health.lateStarts));
    out.family(QStringLiteral("cicada_iterations_dropped"), QStringLiteral("counter"),
               QStringLiteral("Open model: iterations dropped after waiting dropAfter for a free "
                              "user of the pool."));
    out.sample(QStringLiteral("cicada_iterations_dropped_total"), {},
               QString::number(sample.health.droppedIterations));
    // A wsSend `rate` that could not be kept: the generator, not the server, is then the limit.
    out.family(QStringLiteral("cicada_ws_rate_sends"), QStringLiteral("counter"),
               QStringLiteral("WebSocket sends scheduled at a rate (wsSend rate) and handled."));
    out.sample(QStringLiteral("cicada_ws_rate_sends_total"), {},
               QString::number(sample.health.wsRateSends));
    out.family(QStringLiteral("cicada_ws_rate_sends_late"), QStringLiteral("counter"),
               QStringLiteral("WebSocket sends scheduled at a rate that went out more than 2 ms "
                              "after their intended time."));
    out.sample(QStringLiteral("cicada_ws_rate_sends_late_total"), {},
               QString::number(sample.health.wsLateSends));
    out.family(QStringLiteral("cicada_run_elapsed_seconds"), QStringLiteral("gauge"),
               QStringLiteral("Time since the run started (frozen when it stopped)."),
               QStringLiteral("seconds"));
    out.sample(QStringLiteral("cicada_run_elapsed_seconds"), {},
               secondsText(sample.elapsedMs * 1000));
    return out.finish();
}

OpenMetricsText::Format OpenMetricsText::negotiate(const QByteArray &accept)
{
    return accept.contains("application/openmetrics-text") ? Format::OpenMetrics
                                                           : Format::Prometheus;
}

QByteArray OpenMetricsText::contentType(Format format)
{
    return format == Format::OpenMetrics
               ? QByteArrayLiteral("application/openmetrics-text; version=1.0.0; charset=utf-8")
               : QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
}

QString OpenMetricsText::escapeLabel(const QString &value)
{
    QString out;
    out.reserve(value.size());
    for (const QChar c : value) {
        if (c == QLatin1Char('\\'))
            out += QStringLiteral("\\\\");
        else if (c == QLatin1Char('"'))
            out += QStringLiteral("\\\"");
        else if (c == QLatin1Char('\n'))
            out += QStringLiteral("\\n");
        else
            out += c;
    }
    return out;
}

QString OpenMetricsText::secondsText(qint64 us)
{
    const QString sign = us < 0 ? QStringLiteral("-") : QString();
    const qint64 magnitude = us < 0 ? -us : us;
    return QStringLiteral("%1%2.%3")
        .arg(sign)
        .arg(magnitude / 1'000'000)
        .arg(magnitude % 1'000'000, 6, 10, QLatin1Char('0'));
}

} // namespace cicada
