#pragma once

#include <QByteArray>
#include <QString>
#include <QVariant>

namespace cicada {

/**
 * @brief Decodes one msgpack document into QVariant, generically (a Locust `spawn` message carries
 * the master's whole option namespace: bools, nils, ints, floats, strings and lists).
 *
 * Mapping: nil → null QVariant; bool; positive/negative int → qint64 (quint64 above INT64_MAX);
 * float32/64 → double; str → QString; bin → QByteArray; array → QVariantList; map → QVariantMap.
 * Map keys that are not strings (Locust's stats dicts use int keys) become their decimal text.
 * Extension types are rejected: Locust 2.12.1 uses none.
 */
class MsgpackReader
{
public:
    MsgpackReader() = delete;

    /** Decodes @p bytes into @p out. Returns false and sets @p error on malformed input or
     *  trailing bytes. */
    [[nodiscard]] static bool decode(const QByteArray &bytes, QVariant *out, QString *error);
};

} // namespace cicada
