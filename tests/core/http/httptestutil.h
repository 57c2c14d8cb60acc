#pragma once

// Helpers shared by the HTTP transport tests and the raw transport benchmark.

#include "http/httptransport.h"

#include <QEventLoop>
#include <QHostAddress>
#include <QTcpServer>
#include <QTimer>

#include <memory>

namespace cicada::testutil {

constexpr int kDefaultWaitMs = 15000;

/** A TCP port on 127.0.0.1 that was free a moment ago (nothing listens on it now). */
inline int freeLocalPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

/**
 * Sends @p request and runs a local event loop until the callback ran or @p waitMs passed
 * (then the response carries a "test: ..." error). Safe if the callback comes later.
 */
inline HttpResponse sendAndWait(HttpTransport &transport, const HttpRequest &request,
                                int waitMs = kDefaultWaitMs)
{
    struct State
    {
        HttpResponse response;
        bool done = false;
        QEventLoop loop;
    };
    auto state = std::make_shared<State>();
    std::weak_ptr<State> weak = state;
    transport.send(request, [weak](const HttpResponse &response) {
        if (auto s = weak.lock()) {
            s->response = response;
            s->done = true;
            s->loop.quit();
        }
    });
    if (!state->done) {
        QTimer::singleShot(waitMs, &state->loop, &QEventLoop::quit);
        state->loop.exec();
    }
    if (!state->done)
        state->response.error = QStringLiteral("test: no callback within %1 ms").arg(waitMs);
    return state->response;
}

/** A GET request for @p url with the transport defaults. */
inline HttpRequest get(const QUrl &url)
{
    HttpRequest request;
    request.url = url;
    return request;
}

} // namespace cicada::testutil
