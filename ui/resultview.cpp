#include "resultview.h"

#include "format.h"
#include "report/htmlreport.h"
#include "report/resultfile.h"
#include "resultcsvexporter.h"

#include <QDateTime>
#include <QDesktopServices>
#include <QFileInfo>
#include <QUrl>

namespace cicada {

namespace {

StatsTableModel::Row rowOf(const RunResult &result, const ResultEntry &e, const QList<double> &pcts,
                           bool aggregated)
{
    StatsTableModel::Row row;
    row.type = e.type;
    row.name = e.name;
    row.requests = e.numRequests;
    row.failures = e.numFailures;
    row.medianUs = e.percentileUs(50);
    for (const double p : pcts)
        row.percentileUs.append(e.percentileUs(p));
    row.avgUs = e.avgResponseTimeUs();
    row.minUs = e.histogram.min();
    row.maxUs = e.histogram.max();
    row.avgSize = e.avgContentLength();
    row.rps = result.rps(e);
    row.failPerSec = result.failuresPerSecond(e);
    row.aggregated = aggregated;
    if (e.hasServiceTime()) {
        row.serviceMedianUs = e.servicePercentileUs(50);
        row.serviceP95Us = e.servicePercentileUs(95);
    }
    return row;
}

} // namespace

ResultView::ResultView(QObject *parent)
    : QObject(parent), m_stats(new StatsTableModel(this)), m_failures(new FailuresModel(this)),
      m_chart(new ChartFeed(this))
{
    m_chart->setWholeRun(true);
    m_chart->setFinished(true); // a stored run: the x axis fits it
    // Percentile columns follow the user's choice; rows are rebuilt from the histograms.
    connect(m_stats, &StatsTableModel::percentilesChanged, this, [this] {
        if (m_valid)
            setPath(m_path);
    });
}

void ResultView::setPath(const QString &path)
{
    m_path = path;
    m_result = RunResult();
    m_error.clear();
    m_valid = !path.isEmpty() && ResultFile::load(path, &m_result, &m_error);
    QList<StatsTableModel::Row> rows;
    QList<double> pcts;
    for (const QVariant &v : m_stats->percentiles())
        pcts.append(v.toDouble());
    if (m_valid) {
        for (const ResultEntry &e : std::as_const(m_result.entries))
            if (!e.isMessage())
                rows.append(rowOf(m_result, e, pcts, false));
        rows.append(rowOf(m_result, m_result.aggregated, pcts, true));
    }
    m_stats->setRows(rows, false);
    m_stats->messages()->setResult(m_result);
    m_failures->setErrors(m_result.errors);
    m_chart->setHistory(m_result.history, m_result.startMs);
    Q_EMIT loaded();
}

QString ResultView::profileName() const
{
    const QString name = m_result.profileName();
    return name.isEmpty() ? tr("(unnamed profile)") : name;
}

QString ResultView::started() const
{
    return m_valid ? QDateTime::fromMSecsSinceEpoch(m_result.startMs)
                         .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                   : QString();
}

QString ResultView::duration() const
{
    return Format::duration(m_result.durationMs());
}

QString ResultView::summary() const
{
    if (!m_valid)
        return {};
    return tr("%1 · %2 · %3 users · %4 req/s · p95 %5 ms")
        .arg(started(), duration())
        .arg(m_result.users)
        .arg(Format::decimal(rps(), 1), Format::decimal(p95Ms(), 2));
}

double ResultView::rps() const
{
    return m_result.rps(m_result.aggregated);
}

double ResultView::p95Ms() const
{
    return double(m_result.aggregated.percentileUs(95)) / 1000.0;
}

QString ResultView::verdict() const
{
    const RunResult::Verdict verdict = m_result.verdict();
    return verdict == RunResult::Verdict::None ? QString() : RunResult::verdictName(verdict);
}

QString ResultView::endReason() const
{
    return RunResult::endReasonName(m_result.endReason);
}

QString ResultView::exportJson(const QString &path) const
{
    QString error;
    if (!m_valid)
        return tr("No result is open.");
    return ResultFile::save(path, m_result, &error) ? QString() : error;
}

QString ResultView::exportHtml(const QString &path) const
{
    QString error;
    if (!m_valid)
        return tr("No result is open.");
    return HtmlReport::save(path, m_result, &error) ? QString() : error;
}

QString ResultView::exportCsv(const QString &prefix) const
{
    if (!m_valid)
        return tr("No result is open.");
    QString p = prefix;
    for (const QString &suffix : {QStringLiteral("_stats.csv"), QStringLiteral(".csv")}) {
        if (p.endsWith(suffix)) {
            p.chop(suffix.size());
            break;
        }
    }
    QString error;
    return ResultCsvExporter::write(m_result, p, &error) ? QString() : error;
}

QString ResultView::openHtml() const
{
    if (!m_valid)
        return {};
    QString html = m_path;
    if (html.endsWith(QLatin1String(".json")))
        html.chop(5);
    html += QStringLiteral(".html");
    if (!exportHtml(html).isEmpty())
        return {};
    QDesktopServices::openUrl(QUrl::fromLocalFile(html));
    return html;
}

} // namespace cicada
