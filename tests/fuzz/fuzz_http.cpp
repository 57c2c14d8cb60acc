// Fuzz target: HTTP response parsing glue — RawHttpTransport (http-parser, chunked framing,
// headers, cookies, redirects) reading any bytes a server sends, through a real local socket.
#include "http/httptransport.h"
#include "localpeer.h"

#include <QEventLoop>
#include <QTimer>

#include <cstddef>
#include <cstdint>
#include <memory>

namespace {
constexpr int kRequestTimeoutMs = 2000;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace cicada;
    fuzz::ensureApplication();
    static fuzz::LocalPeer peer([](const QByteArray &) { return QByteArray(); });
    peer.setPayload(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));

    std::unique_ptr<HttpTransport> transport(HttpTransport::create(HttpTransport::Kind::Raw));
    HttpRequest request;
    request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/fuzz").arg(peer.port()));
    request.timeoutMs = kRequestTimeoutMs;
    request.maxRedirects = 0;
    QEventLoop loop;
    bool done = false;
    transport->send(request, [&](const HttpResponse &response) {
        (void)response.header("content-type");
        done = true;
        loop.quit();
    });
    if (!done)
        loop.exec();
    return 0;
}
