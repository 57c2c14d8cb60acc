#include "engine/steprunner.h"

#include "engine/wssession.h"

#include <QRandomGenerator>
#include <QTimerEvent>

#include <utility>

namespace cicada {

StepRunner::StepRunner(int index, const CompiledProfile &profile, const CompiledUserType &type,
                       HttpTransport::Kind transport, QRandomGenerator *random,
                       UserContext::Sink sink, QObject *parent)
    : QObject(parent), m_type(type),
      m_context(index, profile, transport, this, random, std::move(sink)), m_sequence(m_context)
{
    m_context.onAuthRejected = [this] { onAuthRejected(); };
    m_context.onFeedExhausted = [this] {
        if (m_stopping)
            return false;
        // From the event loop: stop() cancels the sequence that is running this very step.
        QMetaObject::invokeMethod(
            this, [this] { stop(); }, Qt::QueuedConnection);
        return true;
    };
}

void StepRunner::timerEvent(QTimerEvent *event)
{
    // QBasicTimer, not QTimer: a QTimer is a QObject with a connection, ~400 bytes per user each.
    // All three are single shots, stopped before the handler runs (it may start them again).
    const int id = event->timerId();
    if (id == m_waitTimer.timerId()) {
        m_waitTimer.stop();
        nextIteration();
    } else if (id == m_graceTimer.timerId()) {
        m_graceTimer.stop();
        interrupt();
    } else if (id == m_stopDeadline.timerId()) {
        m_stopDeadline.stop();
        finish();
    } else {
        QObject::timerEvent(event);
    }
}

StepRunner::~StepRunner()
{
    m_sequence.cancel();
}

void StepRunner::start()
{
    runOnStart();
}

void StepRunner::startPooled(IdleCallback idle)
{
    m_idle = std::move(idle);
    runOnStart();
}

void StepRunner::runOnStart()
{
    m_phase = Phase::OnStart;
    m_context.feeds().begin(FeedCursor::Block::OnStart);
    if (m_type.onStart.empty())
        onStartDone();
    else
        m_sequence.run(&m_type.onStart, [this] { onStartDone(); });
}

void StepRunner::onStartDone()
{
    if (m_stopping) {
        // The onStart steps finished within the stop timeout; nothing starts after them. From
        // the event loop: this may be the sequence's own last callback.
        m_graceTimer.start(0, this);
        return;
    }
    if (m_idle)
        becomeIdle();
    else
        nextIteration();
}

void StepRunner::becomeIdle()
{
    m_context.setIntendedStartLagUs(-1);
    m_phase = Phase::Waiting;
    // From the event loop, never inside the last step's callback: the pool may start the next
    // iteration on this user at once.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!m_stopping && m_phase == Phase::Waiting)
                m_idle(this);
        },
        Qt::QueuedConnection);
}

bool StepRunner::runIteration(qint64 lagUs)
{
    if (m_stopping || m_phase != Phase::Waiting)
        return false;
    m_context.setIntendedStartLagUs(std::max<qint64>(0, lagUs));
    nextIteration();
    return true;
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
    if (m_stopping)
        return;
    if (m_type.tasks.isEmpty())
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
    m_context.feeds().begin(FeedCursor::Block::Task);
    m_iterationClock.start();
    const bool outer = std::exchange(m_inIterationStart, true);
    m_sequence.run(&task->steps, [this] { iterationDone(); });
    m_inIterationStart = outer;
}

void StepRunner::iterationDone()
{
    if (m_stopping) {
        // The iteration finished within the stop timeout.
        m_graceTimer.start(0, this);
        return;
    }
    if (m_idle) {
        becomeIdle();
        return;
    }
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
    m_waitTimer.start(int(waitMs), Qt::PreciseTimer, this);
}

void StepRunner::stop(qint64 stopTimeoutMs)
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_waitTimer.stop();
    // Like Locust's User.stop(force=False): only a user that is running something gets the time
    // to finish it; a waiting one has nothing to finish.
    const bool busy = m_phase == Phase::Task || m_phase == Phase::OnStart;
    if (stopTimeoutMs > 0 && busy) {
        m_graceTimer.start(int(stopTimeoutMs), this);
        return;
    }
    interrupt();
}

void StepRunner::interrupt()
{
    if (m_phase == Phase::OnStop || m_phase == Phase::Done)
        return;
    m_graceTimer.stop();
    m_waitTimer.stop();
    m_sequence.cancel();
    m_context.http().abort();
    m_context.ws().stop();
    m_stopDeadline.start(kStopTimeoutMs, this);
    m_phase = Phase::OnStop;
    m_context.feeds().begin(FeedCursor::Block::OnStop);
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
    m_graceTimer.stop();
    m_stopDeadline.stop();
    m_context.ws().close();
    Q_EMIT finished(this);
}

} // namespace cicada
