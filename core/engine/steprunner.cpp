#include "engine/steprunner.h"

#include "engine/wssession.h"

#include <QRandomGenerator>

#include <utility>

namespace cicada {

StepRunner::StepRunner(int index, const CompiledProfile &profile, const CompiledUserType &type,
                       HttpTransport::Kind transport, QRandomGenerator *random,
                       UserContext::Sink sink, QObject *parent)
    : QObject(parent), m_type(type),
      m_context(index, profile, transport, this, random, std::move(sink)), m_sequence(m_context)
{
    m_waitTimer.setSingleShot(true);
    m_waitTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_waitTimer, &QTimer::timeout, this, &StepRunner::nextIteration);
    m_stopDeadline.setSingleShot(true);
    connect(&m_stopDeadline, &QTimer::timeout, this, &StepRunner::finish);
    m_context.onAuthRejected = [this] { onAuthRejected(); };
}

StepRunner::~StepRunner()
{
    m_sequence.cancel();
}

void StepRunner::start()
{
    runOnStart();
}

void StepRunner::runOnStart()
{
    m_phase = Phase::OnStart;
    if (m_type.onStart.empty())
        nextIteration();
    else
        m_sequence.run(&m_type.onStart, [this] { nextIteration(); });
}

void StepRunner::onAuthRejected()
{
    if (m_stopping || m_phase == Phase::Done)
        return;
    m_waitTimer.stop();
    m_sequence.cancel();
    m_context.http().abort();
    runOnStart();
}

void StepRunner::nextIteration()
{
    if (m_stopping || m_type.tasks.isEmpty())
        return;
    int pick = int(m_context.random().bounded(quint32(std::max(1, m_type.totalTaskWeight))));
    const CompiledTask *task = &m_type.tasks.first();
    for (const CompiledTask &t : m_type.tasks) {
        if (pick < t.weight) {
            task = &t;
            break;
        }
        pick -= t.weight;
    }
    m_phase = Phase::Task;
    m_iterationClock.start();
    const bool outer = std::exchange(m_inIterationStart, true);
    m_sequence.run(&task->steps, [this] { iterationDone(); });
    m_inIterationStart = outer;
}

void StepRunner::iterationDone()
{
    if (m_stopping)
        return;
    qint64 waitMs = 0;
    switch (m_type.wait.kind) {
    case WaitTime::Kind::Constant:
        waitMs = m_type.wait.minMs;
        break;
    case WaitTime::Kind::Between:
        waitMs = m_context.randomBetween(m_type.wait.minMs, m_type.wait.maxMs);
        break;
    case WaitTime::Kind::ConstantPacing:
        waitMs = std::max<qint64>(0, m_type.wait.minMs - m_iterationClock.elapsed());
        break;
    }
    m_phase = Phase::Waiting;
    // No wait after an iteration that ended in a callback from the event loop (a reply, a
    // response): the next one starts at once, without a timer per iteration (issue 8's messages
    // per CPU-second). Steps that completed inside their own start go through the timer, so the
    // event loop runs between such iterations and the stack does not grow.
    if (waitMs == 0 && !m_inIterationStart) {
        nextIteration();
        return;
    }
    m_waitTimer.start(std::chrono::milliseconds(waitMs));
}

void StepRunner::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_waitTimer.stop();
    m_sequence.cancel();
    m_context.http().abort();
    m_context.ws().stop();
    m_stopDeadline.start(kStopTimeoutMs);
    m_phase = Phase::OnStop;
    if (m_type.onStop.empty())
        finish();
    else
        m_sequence.run(&m_type.onStop, [this] { finish(); });
}

void StepRunner::finish()
{
    if (m_phase == Phase::Done)
        return;
    m_phase = Phase::Done;
    m_sequence.cancel();
    m_waitTimer.stop();
    m_stopDeadline.stop();
    m_context.ws().close();
    Q_EMIT finished(this);
}

} // namespace cicada
