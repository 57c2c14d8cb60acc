#pragma once

#include "demohttprequest.h"
#include "demohttpresponse.h"

#include <QObject>

class QTcpSocket;

namespace cicada {

/**
 * @brief One accepted HTTP/1.1 connection of the demo server: frames requests, one at a time.
 *
 * Request heads are only peek()ed until they are known not to be WebSocket upgrades, so an upgrade
 * request is still unread in the socket when upgradeRequested() fires and the socket can be handed
 * to a QWebSocketServer untouched (takeSocket()). Pipelined requests are answered in order: the
 * next request is framed only after respond() for the current one. Bodies need Content-Length
 * (chunked request bodies are answered with 501).
 *
 * The connection owns its socket and deletes itself (deleteLater) when the socket disconnects.
 */
class DemoHttpConnection final : public QObject
{
    Q_OBJECT
public:
    /** Largest accepted request head (request line + headers), bytes. */
    static constexpr qint64 kMaxHeadBytes = 16 * 1024;
    /** Largest accepted request body, bytes. */
    static constexpr qint64 kMaxBodyBytes = 8 * 1024 * 1024;

    /** Takes ownership of @p socket (reparented to this connection). */
    explicit DemoHttpConnection(QTcpSocket *socket, QObject *parent = nullptr);
    ~DemoHttpConnection() override;

    /**
     * @brief Sends the response to the current request, then frames the next one.
     * Ignored when no request is waiting for a response or the connection is closing.
     */
    void respond(const DemoHttpResponse &response);
    /**
     * @brief Detaches the socket, with the current (upgrade) request still unread in it, and
     * schedules this connection's deletion. The caller owns the returned socket (no parent).
     */
    [[nodiscard]] QTcpSocket *takeSocket();
    /** Aborts the socket; the connection deletes itself later. */
    void abort();

signals:
    /** A complete non-upgrade request; answer with respond(), now or later. */
    void requestReceived(cicada::DemoHttpConnection *connection,
                         const cicada::DemoHttpRequest &request);
    /** A complete upgrade request head; answer with respond() or takeSocket(). */
    void upgradeRequested(cicada::DemoHttpConnection *connection,
                          const cicada::DemoHttpRequest &request);
    /** The socket disconnected or was taken; this object is about to be deleted. */
    void finished(cicada::DemoHttpConnection *connection);

private:
    enum class State
    {
        ReadingHead,
        ReadingBody,
        AwaitingResponse,
        Closing,
        Detached
    };

    void processInput();
    bool readHead();
    void dispatch();
    void fail(int status, const QByteArray &message);
    void finish();

    QTcpSocket *m_socket = nullptr;
    State m_state = State::ReadingHead;
    DemoHttpRequest m_request;
    qint64 m_bodyRemaining = 0;
    bool m_headUnread = false; ///< the current (upgrade) request head is still in the socket
    bool m_processing = false; ///< inside processInput(): respond() must not recurse into it
    bool m_finished = false;
};

} // namespace cicada
