// Fuzz target: the msgpack decoder and the Locust message envelope (what a master sends).
#include "distributed/locustmessage.h"
#include "distributed/msgpackreader.h"

#include <QVariant>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace cicada;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QVariant value;
    QString error;
    (void)MsgpackReader::decode(bytes, &value, &error);
    (void)LocustMessage::decode(bytes, &error);
    return 0;
}
