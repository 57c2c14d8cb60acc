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
    print(TerminalKeys::help(m_runner->isOpenModel()) + QLatin1Char('\n'));
    return true;
}

void TerminalControl::print(const QString &text)
{
    if (m_print) {
        m_print(text);
        return;
    }
    *m_out << text;
    m_out->flush();
}

void TerminalControl::onKey(char key)
{
    const TerminalKeys::Command command = TerminalKeys::commandFor(key);
    switch (command.kind) {
    case TerminalKeys::Command::Kind::None:
        return;
    case TerminalKeys::Command::Kind::Users: {
        if (m_runner->isOpenModel()) {
            print(QStringLiteral("w/W and s/S change the users of the closed model; this run is "
                                 "an open model: r/R and f/F change its rate\n"));
            return;
        }
        const int from = m_runner->targetUserCount();
        m_runner->setUserCount(TerminalKeys::usersAfter(from, command.delta, ProfileIo::kMaxUsers));
        // The runner's own target: fixed counts may cap it.
        print(QStringLiteral("users %1 → %2\n").arg(from).arg(m_runner->targetUserCount()));
        return;
    }
    case TerminalKeys::Command::Kind::Rate: {
        if (!m_runner->isOpenModel()) {
            print(QStringLiteral("r/R and f/F change the arrival rate of the open model "
                                 "(load.arrivalRate); this run is a closed model: w/W and s/S "
                                 "change its users\n"));
            return;
        }
        const double from = m_runner->arrivalRate();
        m_runner->setArrivalRate(TerminalKeys::rateAfter(from, command.delta));
        print(QStringLiteral("rate %1/s → %2/s\n")
                  .arg(rateText(from), rateText(m_runner->arrivalRate())));
        return;
    }
    }
}

} // namespace cicada
