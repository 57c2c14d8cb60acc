#include "distributed/msgpackreader.h"

#include <QVariantList>
#include <QVariantMap>

#include <msgpack.hpp>

#include <limits>

namespace cicada {

namespace {

/// Nesting deeper than this is rejected (no Locust message comes close).
constexpr int kMaxDepth = 64;

bool convert(const msgpack::object &object, QVariant *out, QString *error, int depth);

bool keyText(const msgpack::object &key, QString *out, QString *error)
{
    switch (key.type) {
    case msgpack::type::STR:
        *out = QString::fromUtf8(key.via.str.ptr, qsizetype(key.via.str.size));
        return true;
    case msgpack::type::POSITIVE_INTEGER:
        *out = QString::number(key.via.u64);
        return true;
    case msgpack::type::NEGATIVE_INTEGER:
        *out = QString::number(key.via.i64);
        return true;
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64:
        *out = QString::number(key.via.f64, 'g', 17);
        return true;
    case msgpack::type::BOOLEAN:
        *out = key.via.boolean ? QStringLiteral("true") : QStringLiteral("false");
        return true;
    case msgpack::type::BIN:
        *out = QString::fromUtf8(key.via.bin.ptr, qsizetype(key.via.bin.size));
        return true;
    default:
        *error = QStringLiteral("unsupported msgpack map key type %1").arg(int(key.type));
        return false;
    }
}

bool convert(const msgpack::object &object, QVariant *out, QString *error, int depth)
{
    if (depth > kMaxDepth) {
        *error = QStringLiteral("msgpack nesting deeper than %1").arg(kMaxDepth);
        return false;
    }
    switch (object.type) {
    case msgpack::type::NIL:
        *out = QVariant();
        return true;
    case msgpack::type::BOOLEAN:
        *out = object.via.boolean;
        return true;
    case msgpack::type::POSITIVE_INTEGER:
        if (object.via.u64 <= quint64(std::numeric_limits<qint64>::max()))
            *out = qint64(object.via.u64);
        else
            *out = quint64(object.via.u64);
        return true;
    case msgpack::type::NEGATIVE_INTEGER:
        *out = qint64(object.via.i64);
        return true;
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64:
        *out = object.via.f64;
        return true;
    case msgpack::type::STR:
        *out = QString::fromUtf8(object.via.str.ptr, qsizetype(object.via.str.size));
        return true;
    case msgpack::type::BIN:
        *out = QByteArray(object.via.bin.ptr, qsizetype(object.via.bin.size));
        return true;
    case msgpack::type::ARRAY: {
        QVariantList list;
        list.reserve(qsizetype(object.via.array.size));
        for (quint32 i = 0; i < object.via.array.size; ++i) {
            QVariant item;
            if (!convert(object.via.array.ptr[i], &item, error, depth + 1))
                return false;
            list.append(item);
        }
        *out = list;
        return true;
    }
    case msgpack::type::MAP: {
        QVariantMap map;
        for (quint32 i = 0; i < object.via.map.size; ++i) {
            QString key;
            QVariant value;
            if (!keyText(object.via.map.ptr[i].key, &key, error) ||
                !convert(object.via.map.ptr[i].val, &value, error, depth + 1))
                return false;
            map.insert(key, value);
        }
        *out = map;
        return true;
    }
    default:
        *error = QStringLiteral("unsupported msgpack type %1 (extension types are not used by "
                                "Locust 2.12)")
                     .arg(int(object.type));
        return false;
    }
}

} // namespace

bool MsgpackReader::decode(const QByteArray &bytes, QVariant *out, QString *error)
{
    try {
        std::size_t offset = 0;
        // Every element takes at least one byte: a header claiming more elements than the
        // document has bytes is a lie that msgpack-cxx would allocate for up front (a 9-byte
        // map32 header asks for 64 GiB). Found by fuzz_msgpack. The depth bound leaves the
        // message for too deep a document to convert().
        const std::size_t size = std::size_t(bytes.size());
        const msgpack::unpack_limit limit(size, size, size, size, size, std::size_t(kMaxDepth) + 2);
        const msgpack::object_handle handle =
            msgpack::unpack(bytes.constData(), size, offset, nullptr, nullptr, limit);
        if (offset != std::size_t(bytes.size())) {
            *error = QStringLiteral("%1 trailing bytes after the msgpack document")
                         .arg(qsizetype(std::size_t(bytes.size()) - offset));
            return false;
        }
        return convert(handle.get(), out, error, 0);
    } catch (const std::exception &e) {
        *error = QStringLiteral("malformed msgpack: %1").arg(QString::fromUtf8(e.what()));
        return false;
    }
}

} // namespace cicada
