#include "consoleprogress.h"

#include "engine/runner.h"
#include "output/consoletable.h"
#include "output/timeformat.h"

#include <QDateTime>
#include <QTextStream>
#include <QThread>

#include <unistd.h>

namespace cicada {

namespace {

/// Elapsed or remaining time to the nearest second, as the live view shows it ("0:45").
QString clock(qint64 ms)
{
    return TimeFormat::clock((ms + 500) / 1000);
}

LiveView::Status liveStatus(const Runner &runner)
{
    LiveView::Status status;
    status.state = runnerStateName(runner.state());
    status.elapsedMs = runner.elapsedMs();
    status.plannedMs = runner.runTimeMs();
    if (runner.isOpenModel())
        status.load = QStringLiteral("rate %1/s · %2 users")
                          .arg(runner.arrivalRate(), 0, 'f', 1)
                          .arg(runner.userCount());
    else if (runner.userCount() != runner.targetUserCount())
        status.load =
            QStringLiteral("%1/%2 users").arg(runner.userCount()).arg(runner.targetUserCount());
    else
        status.load = QStringLiteral("%1 users").arg(runner.userCount());
    status.health = ConsoleProgress::healthParts(runner);
    status.healthWarning = runner.health().bottleneck;
    return status;
}

} // namespace

ConsoleProgress::ConsoleProgress(QTextStream *out, bool quiet)
    : m_out(out), m_quiet(quiet), m_terminal(TerminalInfo::detect(STDOUT_FILENO))
{
    if (!m_quiet && m_terminal.canRedraw())
        m_live.emplace(m_terminal.columns(), m_terminal.rows(), m_terminal.hasColour());
}

QStringList ConsoleProgress::healthParts(const Runner &runner)
{
    const GeneratorHealth health = runner.health();
    QStringList parts{QStringLiteral("%1 threads").arg(health.threads),
                      QStringLiteral("CPU %1%").arg(health.cpuPercent, 0, 'f', 0),
                      QStringLiteral("loop lag %1 ms").arg(health.loopLagMs, 0, 'f', 1)};
    // Open model (issue 10): what could not start on time, per second and in total.
    if (runner.isOpenModel())
        parts << QStringLiteral("late starts %1/s (%2)")
                     .arg(health.lateStartsLastSecond)
                     .arg(health.lateStarts)
              << QStringLiteral("dropped %1/s (%2)")
                     .arg(health.droppedLastSecond)
                     .arg(health.droppedIterations);
    if (health.wsRateSends > 0)
        parts << QStringLiteral("WS late sends %1 of %2 (%3%)")
                     .arg(health.wsLateSends)
                     .arg(health.wsRateSends)
                     .arg(100.0 * double(health.wsLateSends) / double(health.wsRateSends), 0, 'f',
                          2);
    return parts;
}

QString ConsoleProgress::statusLine(const Runner &runner)
{
    QString line = QStringLiteral("%1 · %2 users · %3 elapsed")
                       .arg(runnerStateName(runner.state()))
                       .arg(runner.userCount())
                       .arg(clock(runner.elapsedMs()));
    if (runner.runTimeMs() > 0)
        line += QStringLiteral(" · %1 remaining")
                    .arg(clock(std::max<qint64>(0, runner.runTimeMs() - runner.elapsedMs())));
    QStringList parts = healthParts(runner);
    if (runner.isOpenModel())
        parts.insert(3, QStringLiteral("rate %1/s").arg(runner.arrivalRate(), 0, 'f', 1));
    return line + QStringLiteral(" · ") + parts.join(QStringLiteral(" · "));
}

void ConsoleProgress::update(const Runner &runner)
{
    if (m_quiet || runner.state() == RunnerState::Stopped)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_live) {
        // A resized terminal: the next frame fits it.
        m_terminal = TerminalInfo::detect(STDOUT_FILENO);
        m_live->resize(m_terminal.columns(), m_terminal.rows());
        *m_out << m_live->draw(m_live->frame(liveStatus(runner), runner.stats(), now));
        m_out->flush();
        return;
    }
    if (runner.state() == RunnerState::Stopping || ++m_ticks % kTableIntervalS != 0)
        return;
    if (runner.runTimeMs() > 0 && runner.runTimeMs() - runner.elapsedMs() < kFinalTableSoonMs)
        return;
    *m_out << statusLine(runner) << "\n"
           << ConsoleTable::statsTable(runner.stats(), now, false, m_terminal.columns()) << "\n";
    m_out->flush();
}

QString ConsoleProgress::above(const QString &text)
{
    return m_live ? m_live->above(text) : text;
}

void ConsoleProgress::printToStderr(QTextStream &err, const QString &text)
{
    if (m_live) {
        *m_out << m_live->clear();
        m_out->flush();
    }
    err << text;
    err.flush();
    if (m_live) {
        *m_out << m_live->restore();
        m_out->flush();
    }
}

void ConsoleProgress::finish()
{
    if (m_live) {
        *m_out << m_live->clear();
        m_out->flush();
    }
    m_live.reset();
}

int ConsoleProgress::columns() const
{
    return TerminalInfo::detect(STDOUT_FILENO).columns();
}

} // namespace cicada
