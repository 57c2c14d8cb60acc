#include "distributed/locustmessage.h"

#include "distributed/msgpackreader.h"
#include "distributed/msgpackwriter.h"

namespace cicada {

QByteArray LocustMessage::encode(const QString &type, const QVariant &data, const QString &nodeId)
{
    return encodeWith(type, nodeId, [&data](MsgpackWriter &w) { w.variant(data); });
}

QByteArray LocustMessage::encodeWith(const QString &type, const QString &nodeId,
                                     const std::function<void(MsgpackWriter &)> &writeData)
{
    MsgpackWriter w;
    w.beginArray(3);
    w.string(type);
    writeData(w);
    w.string(nodeId);
    return w.data();
}

std::optional<LocustMessage> LocustMessage::decode(const QByteArray &payload, QString *error)
{
    QVariant root;
    if (!MsgpackReader::decode(payload, &root, error))
        return std::nullopt;
    const QVariantList parts = root.toList();
    if (root.typeId() != QMetaType::QVariantList || parts.size() != 3 ||
        parts[0].typeId() != QMetaType::QString) {
        *error = QStringLiteral("not a Locust message ([type, data, node_id] expected)");
        return std::nullopt;
    }
    LocustMessage message;
    message.type = parts[0].toString();
    message.data = parts[1];
    message.nodeId = parts[2].toString();
    return message;
}

} // namespace cicada
