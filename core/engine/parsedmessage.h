#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>
#include <QStringView>

namespace cicada {

/**
 * @brief A response body or WebSocket message, parsed only when someone asks.
 *
 * Holds the raw bytes; the JSON parse (isJson(), value()) and the UTF-8 decode (text()) each run
 * at most once, lazily, so a reply that nothing matches, captures or checks is never parsed.
 * Only text messages whose top level is a JSON object or array count as JSON; binary frames are
 * never parsed as JSON (their text() is still the UTF-8 decode of the bytes).
 * Not thread-safe (a value owned by one user's step); the getters are non-const because they
 * fill the caches.
 */
class ParsedMessage
{
public:
    explicit ParsedMessage(QByteArray bytes, bool binary = false);

    [[nodiscard]] const QByteArray &bytes() const { return m_bytes; }
    [[nodiscard]] bool isBinary() const { return m_binary; }
    /** True once the JSON parse has run (whatever its outcome). */
    [[nodiscard]] bool isParsed() const { return m_parsed; }
    /** True when the message is a JSON object or array (parses at most once). */
    [[nodiscard]] bool isJson();
    /** The value at the RFC 6901 @p pointer; Undefined when not JSON or absent. */
    [[nodiscard]] QJsonValue value(QStringView pointer);
    /** The bytes decoded as UTF-8 (decoded once). */
    [[nodiscard]] const QString &text();

private:
    QByteArray m_bytes;
    bool m_binary = false;
    bool m_parsed = false;
    bool m_decoded = false;
    QJsonValue m_json{QJsonValue::Undefined}; ///< set only when parsed as an object or array
    QString m_text;
};

} // namespace cicada
