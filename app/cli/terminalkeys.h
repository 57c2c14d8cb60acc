#pragma once

#include <QString>

namespace cicada {

/**
 * @brief The keys `cicada-cli run` reads from a terminal while running, as in Locust's headless
 * mode, mapped to commands. Pure: no I/O, so a data table tests every key.
 *
 *   w / W   add 1 / 10 users            s / S   remove 1 / 10 users   (closed model)
 *   r / R   raise the arrival rate by   f / F   lower it by 1 / 10 iterations per second
 *           1 / 10 iterations per s                                    (open model)
 *
 * `f` sits under `r` as `s` sits under `w`. Other keys do nothing.
 */
class TerminalKeys
{
public:
    /** What a key asks for: a change of the user count or of the arrival rate, or nothing. */
    struct Command
    {
        enum class Kind
        {
            None,
            Users,
            Rate
        };
        Kind kind = Kind::None;
        int delta = 0; ///< users (Kind::Users) or iterations per second (Kind::Rate)
        bool operator==(const Command &) const = default;
    };

    [[nodiscard]] static Command commandFor(char key);
    /** The user count after @p delta: never below 0 nor above @p maxUsers. */
    [[nodiscard]] static int usersAfter(int users, int delta, int maxUsers);
    /** The arrival rate (iterations per second) after @p delta: never below 0. */
    [[nodiscard]] static double rateAfter(double rate, int delta);
    /** One line naming the keys, printed when the run starts. */
    [[nodiscard]] static QString help(bool openModel);
};

} // namespace cicada
