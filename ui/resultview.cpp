#include "resultview.h"

#include "format.h"
#include "report/htmlreport.h"
#include "report/resultfile.h"
#include "resultcsvexporter.h"
#include "resultstore.h"
#include "verdictlabel.h"

#include <QDateTime>
#include <QDesktopServices>
#include <QFileInfo>
#include <QUrl>

#include <algorithm>

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
      m_chart(new ChartFeed(this)), m_thresholds(new ThresholdTableModel(this)),
      m_names(new NameSeriesFeed(this)), m_health(new HealthFeed(this))
{
    m_chart->setWholeRun(true);
    m_names->setWholeRun(true);
    m_health->setWholeRun(true);
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
    m_thresholds->setVerdicts(m_result.verdicts);
    m_names->setResult(m_result);
    m_health->setResult(m_result);
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
    return tr("%1 · %2 · %3 users · %4 req/s · %5 % errors · p95 %6 ms")
        .arg(started(), duration())
        .arg(m_result.users)
        .arg(Format::decimal(rps(), 1), Format::decimal(failRatio() * 100.0, 1),
             Format::decimal(p95Ms(), 2));
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
    return m_valid ? VerdictLabel::kindOf(m_result) : QString();
}

QString ResultView::verdictTitle() const
{
    if (!m_valid)
        return {};
    const QString kind = verdict();
    return kind.isEmpty() ? tr("COMPLETED") : VerdictLabel::title(kind);
}

QString ResultView::verdictSentence() const
{
    if (!m_valid)
        return {};
    const int total = int(m_result.verdicts.size());
    const int broken = m_thresholds->brokenCount();
    const int unreliable =
        int(std::count_if(m_result.verdicts.cbegin(), m_result.verdicts.cend(),
                          [](const ThresholdVerdict &v) { return v.unreliable; }));
    const QString kind = verdict();
    QString sentence;
    if (kind == QLatin1String("aborted"))
        sentence = tr("Aborted: a threshold stayed broken.");
    else if (kind == QLatin1String("interrupted"))
        sentence = broken > 0 ? tr("Stopped before its planned end; %1 of %n threshold(s) broken "
                                   "in the part that ran.",
                                   nullptr, total)
                                    .arg(broken)
                              : tr("Stopped before its planned end: the thresholds saw only part "
                                   "of the run.");
    else if (total == 0)
        sentence = tr("The run completed; the profile has no thresholds.");
    else if (broken == 0)
        sentence = tr("All %n threshold(s) hold.", nullptr, total);
    else if (kind == QLatin1String("unreliable"))
        sentence = tr("%1 of %n threshold(s) unreliable: measured over mostly failed requests.",
                      nullptr, total)
                       .arg(broken);
    else if (unreliable > 0)
        sentence = tr("%1 of %n threshold(s) broken, %2 unreliable.", nullptr, total)
                       .arg(broken - unreliable)
                       .arg(unreliable);
    else
        sentence = tr("%1 of %n threshold(s) broken.", nullptr, total).arg(broken);
    if (!m_result.endDetail.isEmpty() && kind != QLatin1String("pass") && !kind.isEmpty())
        sentence += QLatin1Char(' ') + m_result.endDetail;
    return sentence;
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
    const QString html = ResultStore::htmlPathOf(m_path);
    if (!exportHtml(html).isEmpty())
        return {};
    QDesktopServices::openUrl(QUrl::fromLocalFile(html));
    return html;
}

} // namespace cicada
