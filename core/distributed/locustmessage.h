#pragma once

#include <QByteArray>
#include <QString>
#include <QVariant>

#include <functional>
#include <optional>

namespace cicada {

class MsgpackWriter;

/**
 * @brief One Locust master/worker message: the msgpack array `[type, data, node_id]`
 * (locust-protocol.md §2). Master → worker payloads arrive as one ZeroMQ frame on the DEALER.
 */
struct LocustMessage
{
    QString type;   ///< e.g. "spawn", "heartbeat"
    QVariant data;  ///< decoded generically (see MsgpackReader); null for nil
    QString nodeId; ///< sender's node id (worker → master) or target id (master → worker)

    /** Encodes `[type, data, nodeId]` with @p data written by MsgpackWriter::variant(). */
    [[nodiscard]] static QByteArray encode(const QString &type, const QVariant &data,
                                           const QString &nodeId);
    /** Encodes `[type, <data>, nodeId]` where @p writeData writes exactly one msgpack value (used
     *  for stats, whose dicts need integer keys). */
    [[nodiscard]] static QByteArray
    encodeWith(const QString &type, const QString &nodeId,
               const std::function<void(MsgpackWriter &)> &writeData);
    /** Decodes a payload; std::nullopt (and @p error) unless it is a 3-element array whose first
     *  element is a string. */
    [[nodiscard]] static std::optional<LocustMessage> decode(const QByteArray &payload,
                                                             QString *error);
};

} // namespace cicada
