#include "distributed/msgpackwriter.h"

#include <QStringList>

#include <msgpack.hpp>

namespace cicada {

struct MsgpackWriter::Private
{
    msgpack::sbuffer buffer;
    msgpack::packer<msgpack::sbuffer> packer{&buffer};
};

MsgpackWriter::MsgpackWriter() : d(std::make_unique<Private>()) {}

MsgpackWriter::~MsgpackWriter() = default;

void MsgpackWriter::beginArray(quint32 size)
{
    d->packer.pack_array(size);
}

void MsgpackWriter::beginMap(quint32 size)
{
    d->packer.pack_map(size);
}

void MsgpackWriter::string(const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    d->packer.pack_str(quint32(utf8.size()));
    d->packer.pack_str_body(utf8.constData(), quint32(utf8.size()));
}

void MsgpackWriter::integer(qint64 value)
{
    d->packer.pack_int64(value);
}

void MsgpackWriter::real(double value)
{
    d->packer.pack_double(value);
}

void MsgpackWriter::boolean(bool value)
{
    if (value)
        d->packer.pack_true();
    else
        d->packer.pack_false();
}

void MsgpackWriter::nil()
{
    d->packer.pack_nil();
}

void MsgpackWriter::variant(const QVariant &value)
{
    if (!value.isValid() || value.isNull()) {
        nil();
        return;
    }
    switch (value.typeId()) {
    case QMetaType::Bool:
        boolean(value.toBool());
        return;
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::ULong:
    case QMetaType::ULongLong:
        integer(value.toLongLong());
        return;
    case QMetaType::Double:
    case QMetaType::Float:
        real(value.toDouble());
        return;
    case QMetaType::QString:
        string(value.toString());
        return;
    case QMetaType::QByteArray:
        string(QString::fromUtf8(value.toByteArray()));
        return;
    case QMetaType::QStringList:
    case QMetaType::QVariantList: {
        const QVariantList list = value.toList();
        beginArray(quint32(list.size()));
        for (const QVariant &item : list)
            variant(item);
        return;
    }
    case QMetaType::QVariantMap: {
        const QVariantMap map = value.toMap();
        beginMap(quint32(map.size()));
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            string(it.key());
            variant(it.value());
        }
        return;
    }
    default:
        string(value.toString());
        return;
    }
}

QByteArray MsgpackWriter::data() const
{
    return QByteArray(d->buffer.data(), qsizetype(d->buffer.size()));
}

} // namespace cicada
