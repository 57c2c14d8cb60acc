#pragma once

#include <QString>

namespace cicada {

/**
 * @brief How a connection's unsolicited messages (pushes) are grouped and measured.
 *
 * `"pushes": {"type": "/type", "timestamp": "/ts", "sequence": "/seq"}` on a wsConnect. Pushes are
 * *messages* (DESIGN §11), counted in rows `WS recv <type value>` (`message` when the pointer
 * does not resolve, `binary` for binary frames). With a timestamp pointer (epoch milliseconds as a
 * number, or an ISO 8601 string) the age on arrival is recorded as the row's latency. With a
 * sequence pointer (an integer per type) every gap counts as lost messages.
 */
struct PushSettings
{
    QString typePointer = QStringLiteral("/type"); ///< JSON pointer of the grouping field
    QString timestampPointer;                      ///< empty = no age
    QString sequencePointer;                       ///< empty = no loss counting
    QString comment = {};
    bool operator==(const PushSettings &) const = default;
};

} // namespace cicada
