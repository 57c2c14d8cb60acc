#include "terminalcontrol.h"

#include "terminalkeys.h"

#include "engine/runner.h"
#include "profile/profileio.h"

#include <QTextStream>

namespace cicada {

namespace {
/** "5", "5.5", "0.25": iterations per second without trailing zeros. */
QString rateText(double perSecond)
{
    return QString::number(perSecond, 'g', 6);
}
} // namespace

TerminalControl::TerminalControl(Runner *runner, QTextStream *out, QObject *parent)
    : QObject(parent), m_runner(runner), m_out(out)
{
    connect(&m_input, &TerminalInput::keyPressed, this, &TerminalControl::onKey);
    connect(m_runner, &Runner::stateChanged, this, [this](RunnerState state) {
        if (state == RunnerState::Stopping || state == RunnerState::Stopped)
            m_input.restore();
    });
}

bool TerminalControl::start()
{
    if (!m_input.start())
        return false;
    *m_out << TerminalKeys::help(m_runner->isOpenModel()) << "\n";
    m_out->flush();
    return true;
}

void TerminalControl::onKey(char key)
{
    const TerminalKeys::Command command = TerminalKeys::commandFor(key);
    switch (command.kind) {
    case TerminalKeys::Command::Kind::None:
        return;
    case TerminalKeys::Command::Kind::Users: {
        if (m_runner->isOpenModel()) {
            *m_out << "w/W and s/S change the users of the closed model; this run is an open "
                      "model: r/R and f/F change its rate\n";
            break;
        }
        const int from = m_runner->targetUserCount();
        m_runner->setUserCount(TerminalKeys::usersAfter(from, command.delta, ProfileIo::kMaxUsers));
        // The runner's own target: fixed counts may cap it.
        *m_out << QStringLiteral("users %1 → %2").arg(from).arg(m_runner->targetUserCount())
               << "\n";
        break;
    }
    case TerminalKeys::Command::Kind::Rate: {
        if (!m_runner->isOpenModel()) {
            *m_out << "r/R and f/F change the arrival rate of the open model (load.arrivalRate); "
                      "this run is a closed model: w/W and s/S change its users\n";
            break;
        }
        const double from = m_runner->arrivalRate();
        m_runner->setArrivalRate(TerminalKeys::rateAfter(from, command.delta));
        *m_out << QStringLiteral("rate %1/s → %2/s")
                      .arg(rateText(from), rateText(m_runner->arrivalRate()))
               << "\n";
        break;
    }
    }
    m_out->flush();
}

} // namespace cicada
