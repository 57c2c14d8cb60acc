#pragma once

#include "profile/steps/pushsettings.h"

#include <QHash>
#include <QString>

#include <optional>

namespace cicada {

class ParsedMessage;

/**
 * @brief Classifies a connection's unsolicited messages (pushes): their type, age and losses.
 *
 * - type: the value at settings.typePointer (strings as they are, other values as compact JSON);
 *   "message" when it does not resolve, "binary" for binary frames.
 * - age (µs): now − the timestamp at settings.timestampPointer, which is epoch milliseconds (a
 *   number) or an ISO 8601 string (without a zone: UTC); clock skew that makes it negative
 *   clamps to 0; nullopt without a pointer or a readable timestamp.
 * - lost: with settings.sequencePointer, integers per type; seq n after the highest seen m counts
 *   n − m − 1 lost; duplicates and out-of-order messages count nothing; the first message of a
 *   type counts nothing (a subscriber may join mid-stream).
 * Keeps the highest sequence per type: one tracker per connection (reset() after a reconnect,
 * since a server restart starts its sequences again). Not thread-safe; owned by one session.
 */
class PushTracker
{
public:
    explicit PushTracker(PushSettings s);

    struct Result
    {
        QString type;
        std::optional<qint64> ageUs;
        qint64 lost = 0;
    };

    /** Classifies one push that arrived at @p nowEpochUs (microseconds since the epoch). */
    [[nodiscard]] Result onPush(ParsedMessage &m, qint64 nowEpochUs);
    /** Forgets every type's sequence (a new connection). */
    void reset();

private:
    PushSettings m_settings;
    QHash<QString, qint64> m_lastSequence; ///< per type: the highest sequence seen
};

} // namespace cicada
