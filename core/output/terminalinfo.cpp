#include "terminalinfo.h"

#include <QtGlobal>

#ifdef Q_OS_UNIX
#include <sys/ioctl.h>
#include <unistd.h>
#endif

namespace cicada {

namespace {

/// A positive integer from an environment value, else 0 ("80", not "80x", "0" or "-1").
int positive(const QByteArray &value)
{
    bool ok = false;
    const int n = value.trimmed().toInt(&ok);
    return ok && n > 0 ? n : 0;
}

} // namespace

TerminalInfo TerminalInfo::detect(int fd)
{
    Inputs inputs;
#ifdef Q_OS_UNIX
    inputs.isTty = isatty(fd) == 1;
    winsize size{};
    if (inputs.isTty && ioctl(fd, TIOCGWINSZ, &size) == 0) {
        inputs.ttyColumns = size.ws_col;
        inputs.ttyRows = size.ws_row;
    }
#else
    Q_UNUSED(fd);
#endif
    inputs.columnsEnv = qgetenv("COLUMNS");
    inputs.linesEnv = qgetenv("LINES");
    inputs.termEnv = qgetenv("TERM");
    inputs.noColorEnv = qgetenv("NO_COLOR");
    return resolve(inputs);
}

TerminalInfo TerminalInfo::resolve(const Inputs &inputs)
{
    TerminalInfo info;
    info.m_isTty = inputs.isTty;
    if (inputs.isTty && inputs.ttyColumns > 0)
        info.m_columns = inputs.ttyColumns;
    else if (const int columns = positive(inputs.columnsEnv); columns > 0)
        info.m_columns = columns;
    else
        info.m_columns = inputs.isTty ? kDefaultTerminalColumns : kDefaultPipeColumns;
    if (inputs.isTty && inputs.ttyRows > 0)
        info.m_rows = inputs.ttyRows;
    else if (const int rows = positive(inputs.linesEnv); inputs.isTty && rows > 0)
        info.m_rows = rows;
    else
        info.m_rows = inputs.isTty ? kDefaultTerminalRows : 0;
    info.m_canRedraw = inputs.isTty && inputs.termEnv.trimmed() != "dumb";
    info.m_colour = info.m_canRedraw && inputs.noColorEnv.isEmpty();
    return info;
}

} // namespace cicada
