#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

namespace cicada {

/**
 * @brief Finds the compact JSON text of one field by scanning the bytes, without building a DOM.
 *
 * The fast path of MatchKey: a sent message or a reply is usually a small, plain JSON object, and
 * its match key needs one scalar out of it. scan() walks the whole text once (it must: a message
 * that is not valid JSON has no key) and answers with certainty only for plain input, where its
 * answer equals what QJsonDocument + JsonPointer::resolve + JsonText::compact give:
 * - Found: the value at the pointer is a string without escapes, an integer of at most 15 digits
 *   (not -0), true, false or null; its JsonText::compact() text is appended to @p compact.
 * - Absent: the text is a valid JSON object or array and the pointer does not resolve in it.
 * - Unsure: anything else (escapes, non-ASCII bytes, fractions or exponents at the pointer, an
 *   object or array at the pointer, duplicate keys on the path, deep nesting, invalid or
 *   unusual JSON): the caller parses with QJsonDocument instead.
 * Pure and thread-safe.
 */
class JsonFieldScanner
{
public:
    enum class Outcome
    {
        Found,
        Absent,
        Unsure
    };

    [[nodiscard]] static Outcome scan(const QByteArray &json, QStringView pointer,
                                      QString *compact);
};

} // namespace cicada
