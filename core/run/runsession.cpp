#include "run/runsession.h"

#include "engine/compiledprofile.h"
#include "output/locustcsvwriter.h"
#include "report/htmlreport.h"
#include "report/resultfile.h"
#include "report/thresholdmonitor.h"
#include "stats/stats.h"

#include <QDateTime>
#include <QFileInfo>

#include <algorithm>

namespace cicada {

RunSession::RunSession(Profile profile, QString profilePath, QString profileDirectory,
                       QObject *parent)
    : QObject(parent), m_profile(std::move(profile)), m_profilePath(std::move(profilePath)),
      m_profileDirectory(std::move(profileDirectory)), m_load(m_profile.load),
      m_builder(std::make_unique<ResultBuilder>(m_profile, QHash<QString, QString>()))
{
    if (m_profileDirectory.isEmpty() && !m_profilePath.isEmpty())
        m_profileDirectory = QFileInfo(m_profilePath).absolutePath();
    // A profile's thresholds were validated when it was read: one that does not parse is
    // reported there, not judged here.
    for (const QString &text : std::as_const(m_profile.thresholds)) {
        if (const std::optional<Threshold> t = Threshold::parse(text))
            m_thresholds.append(*t);
    }
}

// The Runner's destructor joins its threads; it must go before the members its signals reach.
RunSession::~RunSession()
{
    m_runner.reset();
}

RunResult::EndReason RunSession::endReasonOf(StopReason reason)
{
    switch (reason) {
    case StopReason::Completed:
        return RunResult::EndReason::Completed;
    case StopReason::User:
        return RunResult::EndReason::StoppedByUser;
    case StopReason::Signal:
        return RunResult::EndReason::Interrupted;
    case StopReason::ThresholdAbort:
        return RunResult::EndReason::ThresholdAbort;
    case StopReason::CouldNotStart:
        return RunResult::EndReason::CouldNotStart;
    }
    return RunResult::EndReason::Completed;
}

bool RunSession::prepare(QStringList *errors)
{
    if (m_runner || m_finished)
        return false;
    QStringList problems;
    const std::shared_ptr<const CompiledProfile> compiled =
        CompiledProfile::compile(m_profile, &problems, m_profileDirectory);
    if (compiled) {
        m_builder = std::make_unique<ResultBuilder>(m_profile, compiled->environment);
        if (!m_csvPrefix.isEmpty()) {
            m_csvWriter = std::make_unique<LocustCsvWriter>(m_csvPrefix);
            m_csvWriter->setFullHistory(m_csvFullHistory);
            if (QString error; !m_csvWriter->open(&error))
                problems.append(QStringLiteral("cannot write CSV files: %1").arg(error));
        }
    }
    if (!compiled || !problems.isEmpty()) {
        m_csvWriter.reset();
        m_stopReason = StopReason::CouldNotStart;
        m_finished = true;
        m_builder->setProfilePath(m_profilePath);
        m_builder->setEnd(RunResult::EndReason::CouldNotStart, problems.join(QStringLiteral("; ")));
        m_result = m_builder->build(Stats(), QDateTime::currentMSecsSinceEpoch());
        if (errors)
            *errors = problems;
        return false;
    }
    m_builder->setProfilePath(m_profilePath);
    m_builder->setThresholds(m_thresholds);
    if (m_abortSustainMs)
        m_monitor = std::make_unique<ThresholdMonitor>(m_thresholds, *m_abortSustainMs);
    m_runner = std::make_unique<Runner>(compiled, m_options);
    connect(m_runner.get(), &Runner::statsUpdated, this, &RunSession::onStatsUpdated);
    connect(m_runner.get(), &Runner::finished, this, &RunSession::onRunnerFinished);
    return true;
}

void RunSession::start()
{
    if (m_runner && m_runner->state() == RunnerState::Ready)
        m_runner->start(m_load);
}

void RunSession::stop(StopReason reason, const QString &detail)
{
    if (!m_runner || m_runner->state() == RunnerState::Stopping ||
        m_runner->state() == RunnerState::Stopped || m_stopRequested)
        return;
    m_stopRequested = true;
    m_builder->setEnd(endReasonOf(reason), detail);
    m_runner->stop(reason);
}

void RunSession::onStatsUpdated()
{
    const Stats &stats = m_runner->stats();
    // The history row is the sample Stats::tick() just took, with its own time, so the CSV and
    // the JSON history hold the same points with the same values.
    if (m_csvWriter && !stats.history().isEmpty())
        m_csvWriter->appendHistory(stats, stats.history().constLast().timestampMs,
                                   stats.history().constLast().userCount);
    const RunnerState state = m_runner->state();
    if (m_monitor && state != RunnerState::Stopping && state != RunnerState::Stopped) {
        const qsizetype broken = m_monitor->update(stats, QDateTime::currentMSecsSinceEpoch());
        if (broken >= 0) {
            const QString why = m_monitor->describeBreak(broken);
            m_builder->setAbortedBy(broken, why);
            Q_EMIT thresholdAborted(broken, why);
            stop(StopReason::ThresholdAbort,
                 QStringLiteral("threshold '%1' %2").arg(m_thresholds.at(broken).expression, why));
            return;
        }
    }
    if (state != RunnerState::Stopped)
        Q_EMIT tick();
}

void RunSession::onRunnerFinished(StopReason reason)
{
    m_stopReason = reason;
    // Stopped by the run timer, or by a direct Runner::stop(): the reason without a sentence.
    if (!m_stopRequested)
        m_builder->setEnd(endReasonOf(reason));
    LoadSettings load = m_load;
    // The GUI and the terminal keys can raise the users while the run goes on.
    load.users = std::max(load.users, m_runner->targetUserCount());
    QString transport = m_profile.target.transport;
    if (m_options.transport)
        transport = *m_options.transport == HttpTransport::Kind::Qt ? QStringLiteral("qt")
                                                                    : QStringLiteral("raw");
    const GeneratorHealth health = m_runner->health();
    m_builder->setLoad(load, health.threads, transport);
    if (m_runner->isOpenModel())
        m_builder->setArrivals(health.iterationsStarted, health.lateStarts,
                               health.droppedIterations);
    m_result = m_builder->build(m_runner->stats(), QDateTime::currentMSecsSinceEpoch());
    m_finished = true;
    Q_EMIT finished(reason);
}

bool RunSession::writeOutputs(QStringList *errors)
{
    if (!m_runner || !m_finished)
        return true; // nothing ran: there is nothing to write
    QStringList problems;
    QString error;
    // Names and messages are scrubbed already: the runner's SecretScrubber saw every delta.
    if (m_csvWriter && !m_csvWriter->writeFinal(m_runner->stats(), &error))
        problems.append(QStringLiteral("writing CSV files failed: %1").arg(error));
    // Serialised only when asked for: with many names and a long history it is the costliest
    // step of the end of a run.
    if (m_jsonOutput || m_htmlOutput) {
        const QByteArray resultText = ResultFile::toText(m_result);
        if (m_jsonOutput && !m_jsonOutput(resultText, &error))
            problems.append(error);
        if (m_htmlOutput) {
            // Rendered from the result as a reader of the JSON file sees it, so that
            // `cicada-cli report` regenerates these exact bytes.
            RunResult saved;
            if (!ResultFile::fromText(resultText, &saved, &error) ||
                !m_htmlOutput(HtmlReport::render(saved), &error))
                problems.append(error);
        }
    }
    if (errors)
        errors->append(problems);
    return problems.isEmpty();
}

} // namespace cicada
