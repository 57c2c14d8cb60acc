#include "terminalkeys.h"

#include <algorithm>

namespace cicada {

namespace {
constexpr int kSmallStep = 1;
constexpr int kLargeStep = 10; ///< Locust's W / S
} // namespace

TerminalKeys::Command TerminalKeys::commandFor(char key)
{
    using Kind = Command::Kind;
    switch (key) {
    case 'w':
        return {Kind::Users, kSmallStep};
    case 'W':
        return {Kind::Users, kLargeStep};
    case 's':
        return {Kind::Users, -kSmallStep};
    case 'S':
        return {Kind::Users, -kLargeStep};
    case 'r':
        return {Kind::Rate, kSmallStep};
    case 'R':
        return {Kind::Rate, kLargeStep};
    case 'f':
        return {Kind::Rate, -kSmallStep};
    case 'F':
        return {Kind::Rate, -kLargeStep};
    default:
        return {};
    }
}

int TerminalKeys::usersAfter(int users, int delta, int maxUsers)
{
    // In 64 bits: a count near INT_MAX plus 10 must not wrap.
    return int(std::clamp<qint64>(qint64(users) + delta, 0, std::max(0, maxUsers)));
}

double TerminalKeys::rateAfter(double rate, int delta)
{
    return std::max(0.0, rate + delta);
}

QString TerminalKeys::help(bool openModel)
{
    return openModel ? QStringLiteral("Keys: r/R raise the rate by 1/10 iterations/s, f/F lower "
                                      "it; Ctrl+C stops.")
                     : QStringLiteral("Keys: w/W add 1/10 users, s/S remove 1/10; Ctrl+C stops.");
}

} // namespace cicada
