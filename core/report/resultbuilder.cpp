#include "report/resultbuilder.h"

#include "output/locustcsvwriter.h"
#include "report/thresholdevaluator.h"
#include "stats/stats.h"

#include <QSysInfo>

namespace cicada {

ResultBuilder::ResultBuilder(const Profile &profile, const QHash<QString, QString> &environment)
    : m_redactor(profile, environment), m_load(profile.load),
      m_maxErrorRate(profile.thresholdsMaxErrorRate)
{}

void ResultBuilder::setLoad(const LoadSettings &load, int threads, const QString &transport)
{
    m_load = load;
    m_threads = threads;
    m_transport = transport;
}

void ResultBuilder::setEnd(RunResult::EndReason reason, const QString &detail)
{
    m_endReason = reason;
    m_endDetail = detail;
}

void ResultBuilder::setAbortedBy(qsizetype index, const QString &detail)
{
    m_abortedBy = index;
    m_abortDetail = detail;
}

RunResult ResultBuilder::build(const Stats &stats, qint64 endMs) const
{
    RunResult r;
    r.toolVersion = QStringLiteral(CICADA_VERSION);
    r.host = QSysInfo::machineHostName();
    r.startMs = stats.startTimeMs();
    r.endMs = endMs;
    r.endReason = m_endReason;
    r.endDetail = m_endDetail;
    r.profilePath = m_profilePath;
    r.profile = m_redactor.redactedProfile();
    r.users = m_load.users;
    r.spawnRate = m_load.spawnRate;
    r.runTimeMs = m_load.effectiveRunTimeMs();
    r.iterationsStarted = m_arrivals[0];
    r.lateStarts = m_arrivals[1];
    r.droppedIterations = m_arrivals[2];
    r.threads = m_threads;
    r.transport = m_transport;
    // The CSV's percentile set: the JSON, the CSV and the report show the same columns.
    r.percentiles = LocustCsvWriter::kPercentiles;
    for (const StatsEntry *entry : stats.entries()) {
        r.entries.append(ResultEntry::fromStats(*entry, r.percentiles));
        r.entries.last().history =
            stats.nameHistory().points(StatsKey{entry->type(), entry->name()});
    }
    r.aggregated = ResultEntry::fromStats(stats.total(), r.percentiles);
    r.aggregated.history = stats.nameHistory().aggregatedPoints();
    r.errors = stats.errors();
    r.history = stats.history();
    r.health = stats.health();
    // Thresholds select rows by the names as recorded: evaluate before scrubbing the names.
    r.verdicts = ThresholdEvaluator::evaluate(m_thresholds, r, m_maxErrorRate);
    if (m_abortedBy >= 0 && m_abortedBy < r.verdicts.size()) {
        ThresholdVerdict &v = r.verdicts[m_abortedBy];
        v.passed = false;
        v.detail =
            v.detail.isEmpty() ? m_abortDetail : v.detail + QStringLiteral("; ") + m_abortDetail;
    }
    m_redactor.scrub(&r);
    return r;
}

} // namespace cicada
