#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>

namespace cicada {

/**
 * @brief Finds how a recorded WebSocket conversation pairs requests with replies: the JSON
 *        pointer at which a sent message and a later received message hold the same value
 *        (e.g. `/id`), for wsSend's await "match".
 *
 * For each sent JSON object, the candidates are its scalar leaves (strings and numbers, nested
 * objects included, arrays not) that some message received after it holds at the same pointer
 * with the same value. A candidate whose value is the same in every sent message that has it
 * (like `"type": "chat"`) says nothing about which reply belongs to which request and is dropped
 * when more than one message was sent. Among the rest, the pointer whose last segment looks like
 * an identifier (id, requestId, correlationId, ref, seq, nonce, ... — case-insensitive, `_id`
 * and `Id` suffixes too) wins, then the shortest pointer, then document order. Pure.
 */
class MatchInference
{
public:
    struct Message
    {
        bool sent = false;
        QJsonValue json; ///< undefined when the message is not JSON
    };

    /**
     * The pointer for each message in @p conversation (same order); empty for received
     * messages, non-JSON ones and sent messages without a reply that shares a value.
     */
    [[nodiscard]] static QList<QString> infer(const QList<Message> &conversation);
    /** True when @p key looks like a correlation identifier. */
    [[nodiscard]] static bool looksLikeId(const QString &key);
};

} // namespace cicada
