#include "wstransport.h"

#include "qtwstransport.h"
#include "wsclient.h"

namespace cicada {

WsTransport *WsTransport::create(Kind kind, QObject *parent)
{
    if (kind == Kind::Qt)
        return new QtWsTransport(parent);
    return new WsClient(parent);
}

bool WsTransport::parseKind(const QString &text, Kind *kind)
{
    if (text == QLatin1String("lean")) {
        *kind = Kind::Lean;
        return true;
    }
    if (text == QLatin1String("qt")) {
        *kind = Kind::Qt;
        return true;
    }
    return false;
}

} // namespace cicada
