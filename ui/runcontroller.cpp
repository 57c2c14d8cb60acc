#include "runcontroller.h"

#include "chartfeed.h"
#include "engine/runner.h"
#include "failuresmodel.h"
#include "format.h"
#include "metrics/metricsserver.h"
#include "plannedload.h"
#include "profiledocument.h"
#include "report/redactor.h"
#include "resultstore.h"
#include "run/runsession.h"
#include "stats/bottleneckrule.h"
#include "statstablemodel.h"

#include <QDateTime>
#include <QSettings>
#include <QThread>

namespace cicada {

namespace {
const QString kMetricsEnabledKey = QStringLiteral("run/metricsEnabled");
const QString kMetricsPortKey = QStringLiteral("run/metricsPort");
} // namespace

RunController::RunController(QObject *parent)
    : QObject(parent), m_stats(new StatsTableModel(this)), m_failures(new FailuresModel(this)),
      m_chart(new ChartFeed(this))
{
    m_pullTimer.setInterval(kSnapshotIntervalMs);
    connect(&m_pullTimer, &QTimer::timeout, this, &RunController::pull);
}

RunController::~RunController()
{
    // The endpoint samples the runner; the Runner's destructor ends its threads and must go
    // before the models it fed.
    m_metrics.reset();
    m_runner = nullptr;
    delete m_session;
    m_session = nullptr;
}

void RunController::setDocument(ProfileDocument *document)
{
    if (m_document == document)
        return;
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    if (m_document) {
        connect(m_document, &ProfileDocument::changed, this, &RunController::canStartChanged);
        connect(m_document, &ProfileDocument::changed, this, &RunController::openModelChanged);
    }
    Q_EMIT documentChanged();
    Q_EMIT openModelChanged();
    Q_EMIT canStartChanged();
}

void RunController::setResultStore(ResultStore *store)
{
    if (m_resultStore == store)
        return;
    m_resultStore = store;
    Q_EMIT resultStoreChanged();
}

bool RunController::isActive() const
{
    return m_state == RunnerState::Spawning || m_state == RunnerState::Running ||
           m_state == RunnerState::Stopping;
}

bool RunController::canStart() const
{
    return startBlockedReason().isEmpty();
}

QString RunController::startBlockedReason() const
{
    if (isActive())
        return tr("A run is in progress.");
    if (!m_document)
        return tr("No profile.");
    if (!m_document->isValid())
        return tr("The profile has %n error(s); fix them on the Profile page.", nullptr,
                  m_document->errorCount());
    return {};
}

QString RunController::statusText() const
{
    switch (m_state) {
    case RunnerState::Ready:
        return tr("Ready");
    case RunnerState::Spawning:
        return tr("Spawning %1/%2").arg(userCount()).arg(targetUserCount());
    case RunnerState::Running:
        return tr("Running %1").arg(Format::clock(qint64(elapsedMs())));
    case RunnerState::Stopping:
        return tr("Stopping");
    case RunnerState::Stopped:
        return tr("Finished %1").arg(Format::clock(qint64(elapsedMs())));
    }
    return {};
}

int RunController::userCount() const
{
    return m_runner ? m_runner->userCount() : 0;
}

int RunController::targetUserCount() const
{
    return m_runner ? m_runner->targetUserCount() : 0;
}

bool RunController::isOpenModel() const
{
    if (m_runner && isActive())
        return m_runner->isOpenModel();
    return m_document && m_document->profile().isOpenModel();
}

double RunController::arrivalRate() const
{
    return m_runner ? m_runner->arrivalRate() : 0.0;
}

double RunController::elapsedMs() const
{
    return m_runner ? double(m_runner->elapsedMs()) : 0.0;
}

double RunController::runTimeMs() const
{
    if (m_runner)
        return double(m_runner->runTimeMs());
    return m_document ? double(m_document->profile().load.runTimeMs) : 0.0;
}

int RunController::threads() const
{
    if (m_runner)
        return m_runner->health().threads;
    return m_threadOption > 0 ? m_threadOption : QThread::idealThreadCount();
}

double RunController::cpuPercent() const
{
    return m_runner && isActive() ? m_runner->health().cpuPercent : 0.0;
}

double RunController::loopLagMs() const
{
    return m_runner && isActive() ? m_runner->health().loopLagMs : 0.0;
}

double RunController::lateStarts() const
{
    return m_runner && m_runner->isOpenModel() ? double(m_runner->health().lateStarts) : 0.0;
}

double RunController::droppedIterations() const
{
    return m_runner && m_runner->isOpenModel() ? double(m_runner->health().droppedIterations) : 0.0;
}

bool RunController::isBottleneck() const
{
    if (!m_runner || !isActive())
        return false;
    // The core's BottleneckRule (3 of the last 5 s), applied by the Runner each second.
    return m_runner->health().bottleneck;
}

QString RunController::healthText() const
{
    QString text = tr("%n thread(s) · CPU %1 % · loop lag %2 ms", nullptr, threads())
                       .arg(Format::decimal(cpuPercent(), 0), Format::decimal(loopLagMs(), 1));
    // Late starts and drops say the pool (maxConcurrent) was the limit, not the server: the
    // open model's rate was not what was planned.
    if (m_runner && m_runner->isOpenModel())
        text += tr(" · late starts %1 · dropped %2")
                    .arg(Format::integer(qint64(lateStarts())),
                         Format::integer(qint64(droppedIterations())));
    // wsSend `rate` steps: sends that left later than scheduled (the generator fell behind).
    if (m_runner && m_runner->health().wsRateSends > 0) {
        const GeneratorHealth health = m_runner->health();
        text += tr(" · WS late sends %1 %")
                    .arg(Format::decimal(
                        100.0 * double(health.wsLateSends) / double(health.wsRateSends), 2));
    }
    return text;
}

QString RunController::healthTooltip() const
{
    if (isBottleneck())
        return tr("Cicada itself is the bottleneck: its CPU or event-loop lag is too high, so the "
                  "numbers measure the generator, not only the server. Use fewer users per "
                  "thread, more threads, or more machines.");
    return tr("Generator health: CPU of the Cicada process (100 % = one core) and the worst "
              "event-loop lag of its worker threads in the last second. It turns amber when "
              "Cicada itself becomes the bottleneck: in %1 of the last %2 seconds CPU reached "
              "%3 % of a core per thread or the lag reached %4 ms. In the open model it also "
              "counts late starts (iterations that waited for a free user because "
              "maxConcurrent were running) and dropped iterations (that waited longer than "
              "dropAfter).")
        .arg(BottleneckRule::kHotSamplesNeeded)
        .arg(BottleneckRule::kWindowSamples)
        .arg(BottleneckRule::kCpuShareOfCorePerThread * 100.0)
        .arg(BottleneckRule::kLoopLagMs);
}

void RunController::setThreadOption(int threads)
{
    if (m_threadOption == threads)
        return;
    m_threadOption = std::max(0, threads);
    Q_EMIT threadOptionChanged();
}

bool RunController::start()
{
    if (!canStart()) {
        setLastError(startBlockedReason());
        return false;
    }
    // The same lifecycle as `cicada-cli run` (RunSession): compile, thresholds, result.
    auto *session = new RunSession(m_document->profile(), m_document->filePath(),
                                   m_document->directory(), this);
    RunnerOptions options;
    options.threads = m_threadOption;
    session->setRunnerOptions(options);
    QStringList errors;
    if (!session->prepare(&errors)) {
        delete session;
        setLastError(errors.join(QLatin1Char('\n')));
        return false;
    }
    if (!startMetrics()) {
        delete session;
        return false;
    }
    m_redactor =
        std::make_unique<Redactor>(m_document->profile(), session->runner()->profile().environment);
    m_runner = nullptr;
    delete m_session;
    m_session = session;
    m_runner = session->runner();
    m_runProfile = m_document->profile();
    m_runProfilePath = m_document->filePath();
    connect(m_runner, &Runner::stateChanged, this, &RunController::onRunnerState);
    connect(m_session, &RunSession::finished, this, &RunController::onRunnerFinished);
    m_stats->clear();
    m_failures->setErrors({});
    m_chart->clear();
    m_totalRequests = 0;
    m_currentRps = 0;
    m_failRatio = 0;
    m_p95Ms = 0;
    m_lastResultPath.clear();
    m_rateSeries.clear();
    m_iterationSamples.clear();
    // Planned against actual: the plan is drawn whole from the start.
    m_chart->setSeries(QStringLiteral("planned"), PlannedLoad::points(m_runProfile));
    setLastError(QString());
    m_session->start();
    m_pullTimer.start();
    pull();
    return true;
}

void RunController::stop()
{
    if (m_session)
        m_session->stop(StopReason::User, tr("stopped from the GUI"));
}

void RunController::interrupt(const QString &detail)
{
    if (m_session)
        m_session->stop(StopReason::Signal, detail);
}

void RunController::changeUsers(int users)
{
    if (m_runner && (m_state == RunnerState::Spawning || m_state == RunnerState::Running))
        m_runner->setUserCount(std::max(1, users));
}

void RunController::changeRate(double perSecond)
{
    if (m_runner && (m_state == RunnerState::Spawning || m_state == RunnerState::Running) &&
        perSecond >= 0) {
        m_runner->setArrivalRate(perSecond);
        Q_EMIT snapshot();
    }
}

void RunController::recordIterationRate()
{
    // The open model's actual rate: iterations started per second over the last few snapshots
    // (the threads report once a second each, not in step with this timer: one snapshot alone
    // jitters by a report).
    if (!m_runner->isOpenModel())
        return;
    const qint64 nowMs = m_runner->elapsedMs();
    const qint64 iterations = m_runner->health().iterationsStarted;
    if (!m_iterationSamples.isEmpty() &&
        nowMs - m_iterationSamples.constLast().first < kSnapshotIntervalMs / 2)
        return;
    m_iterationSamples.append({nowMs, iterations});
    while (m_iterationSamples.size() > kRateWindowSnapshots + 1)
        m_iterationSamples.removeFirst();
    if (m_iterationSamples.size() < 2)
        return;
    const auto &[fromMs, fromIterations] = m_iterationSamples.constFirst();
    m_rateSeries.append(QPointF(double(nowMs) / 1000.0, double(iterations - fromIterations) *
                                                            1000.0 / double(nowMs - fromMs)));
    m_chart->setSeries(QStringLiteral("rate"), m_rateSeries);
}

void RunController::pull()
{
    if (!m_runner)
        return;
    const Stats &stats = m_runner->stats();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const bool live = m_state != RunnerState::Stopped;
    m_stats->update(stats, now, live);
    m_failures->setErrors(stats.errors());
    if (live)
        recordIterationRate();
    m_chart->setHistory(stats.history(), stats.startTimeMs());
    const StatsEntry &total = stats.total();
    m_totalRequests = total.numRequests();
    m_currentRps = live ? stats.currentRps(total, now) : stats.totalRps(total);
    m_failRatio = total.failRatio();
    m_p95Ms = live && !stats.history().isEmpty() ? double(stats.history().last().p95Us) / 1000.0
                                                 : double(total.percentileUs(95)) / 1000.0;
    Q_EMIT snapshot();
}

void RunController::onRunnerState(RunnerState state)
{
    if (m_state == state)
        return;
    const bool couldStart = canStart();
    m_state = state;
    Q_EMIT stateChanged();
    Q_EMIT openModelChanged();
    Q_EMIT snapshot(); // the status text changes with the state
    if (couldStart != canStart())
        Q_EMIT canStartChanged();
}

void RunController::onRunnerFinished()
{
    m_pullTimer.stop();
    m_chart->setFinished(true); // the x axis now fits the run
    pull();
    if (m_resultStore && m_session) {
        QString error;
        m_lastResultPath = m_resultStore->saveRun(m_session->result(), &error);
        if (m_lastResultPath.isEmpty())
            setLastError(error);
    }
    Q_EMIT canStartChanged();
    Q_EMIT finished();
}

void RunController::setMetricsEnabled(bool enabled)
{
    if (m_metricsEnabled == enabled)
        return;
    m_metricsEnabled = enabled;
    if (!enabled && !isActive())
        stopMetrics();
    if (m_rememberSettings)
        QSettings().setValue(kMetricsEnabledKey, enabled);
    Q_EMIT metricsSettingsChanged();
}

void RunController::setMetricsPort(int port)
{
    port = std::clamp(port, 0, 65535);
    if (m_metricsPort == port)
        return;
    m_metricsPort = port;
    if (m_rememberSettings)
        QSettings().setValue(kMetricsPortKey, port);
    Q_EMIT metricsSettingsChanged();
}

void RunController::restoreSettings()
{
    const QSettings settings;
    setMetricsEnabled(settings.value(kMetricsEnabledKey, false).toBool());
    setMetricsPort(settings.value(kMetricsPortKey, kDefaultMetricsPort).toInt());
    m_rememberSettings = true;
}

QString RunController::metricsUrl() const
{
    return m_metrics ? m_metrics->url() : QString();
}

bool RunController::startMetrics()
{
    if (!m_metricsEnabled) {
        stopMetrics();
        return true;
    }
    if (m_metrics && (m_metricsPort == 0 || m_metrics->port() == m_metricsPort))
        return true;
    stopMetrics();
    // The sampler runs in this (the GUI) thread, which owns the runner's merged statistics.
    auto server = std::make_unique<MetricsServer>([this] {
        MetricsSample sample;
        if (!m_runner)
            return sample;
        sample.stats = &m_runner->stats();
        sample.users = m_runner->userCount();
        sample.health = m_runner->health();
        sample.elapsedMs = m_runner->elapsedMs();
        if (m_redactor)
            sample.scrub = [redactor = m_redactor.get()](const QString &text) {
                return redactor->scrub(text);
            };
        return sample;
    });
    QString error;
    if (!server->listen(QHostAddress::LocalHost, quint16(m_metricsPort), &error)) {
        setLastError(tr("Cannot serve metrics on port %1: %2").arg(m_metricsPort).arg(error));
        return false;
    }
    m_metrics = std::move(server);
    Q_EMIT metricsUrlChanged();
    return true;
}

void RunController::stopMetrics()
{
    if (!m_metrics)
        return;
    m_metrics.reset();
    Q_EMIT metricsUrlChanged();
}

void RunController::setLastError(const QString &error)
{
    if (m_lastError == error)
        return;
    m_lastError = error;
    Q_EMIT lastErrorChanged();
}

} // namespace cicada
