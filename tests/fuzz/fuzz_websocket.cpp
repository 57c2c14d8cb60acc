// Fuzz target: WebSocket message handling — QWebSocket reading any frames a server sends after a
// valid handshake (through a real local socket), and what the engine does with a text message:
// parse it as JSON, read its type and scrub it for an error message.
#include "localpeer.h"
#include "redact/secretscrubber.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QWebSocket>

#include <cstddef>
#include <cstdint>

namespace {
constexpr int kSessionTimeoutMs = 2000;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace cicada;
    fuzz::ensureApplication();
    static fuzz::LocalPeer peer([](const QByteArray &request) {
        return QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                          "Connection: Upgrade\r\nSec-WebSocket-Accept: ") +
               fuzz::LocalPeer::websocketAccept(request) + "\r\n\r\n";
    });
    static const SecretScrubber scrubber;
    peer.setPayload(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));

    QWebSocket ws;
    QEventLoop loop;
    QObject::connect(&ws, &QWebSocket::textMessageReceived, &ws, [](const QString &message) {
        const QJsonDocument doc = QJsonDocument::fromJson(message.toUtf8());
        const QString type = doc.object().value(QLatin1String("type")).toString();
        (void)scrubber.scrub(type);
        (void)scrubber.scrub(message);
    });
    QObject::connect(&ws, &QWebSocket::disconnected, &loop, &QEventLoop::quit);
    QTimer::singleShot(kSessionTimeoutMs, &loop, &QEventLoop::quit);
    ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/fuzz").arg(peer.port())));
    loop.exec();
    ws.abort();
    return 0;
}
