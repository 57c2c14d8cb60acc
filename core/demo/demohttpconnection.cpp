#include "demohttpconnection.h"

#include <QTcpSocket>

namespace cicada {

DemoHttpConnection::DemoHttpConnection(QTcpSocket *socket, QObject *parent)
    : QObject(parent), m_socket(socket)
{
    m_socket->setParent(this);
    connect(m_socket, &QTcpSocket::readyRead, this, &DemoHttpConnection::processInput);
    connect(m_socket, &QTcpSocket::disconnected, this, &DemoHttpConnection::finish);
    // Data may have arrived before the connections above existed.
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &DemoHttpConnection::processInput, Qt::QueuedConnection);
}

DemoHttpConnection::~DemoHttpConnection()
{
    if (m_socket)
        m_socket->disconnect(this);
}

void DemoHttpConnection::respond(const DemoHttpResponse &response)
{
    if (m_state != State::AwaitingResponse || !m_socket)
        return;
    // An unread upgrade head would be framed again: never keep such a connection.
    const bool keepAlive = m_request.keepAlive() && !response.closeConnection && !m_headUnread;
    m_socket->write(response.serialize(keepAlive, m_request.method == "HEAD"));
    if (!keepAlive) {
        m_state = State::Closing;
        // Flushes what was written, then emits disconnected(), which deletes this connection.
        m_socket->disconnectFromHost();
        return;
    }
    m_state = State::ReadingHead;
    m_request = {};
    if (!m_processing && m_socket->bytesAvailable() > 0)
        processInput();
}

QTcpSocket *DemoHttpConnection::takeSocket()
{
    QTcpSocket *socket = m_socket;
    if (!socket)
        return nullptr;
    socket->disconnect(this);
    socket->setParent(nullptr);
    m_socket = nullptr;
    m_state = State::Detached;
    finish();
    return socket;
}

void DemoHttpConnection::abort()
{
    if (m_socket) {
        m_state = State::Closing;
        m_socket->abort();
    }
    finish();
}

void DemoHttpConnection::processInput()
{
    if (m_processing)
        return;
    m_processing = true;
    // Each pass frames at most one request; the loop ends when more bytes are needed or the
    // current request waits for its response.
    bool progress = true;
    while (progress && m_socket) {
        progress = false;
        switch (m_state) {
        case State::ReadingHead:
            progress = readHead();
            break;
        case State::ReadingBody: {
            const qint64 available = m_socket->bytesAvailable();
            if (available <= 0)
                break;
            const QByteArray chunk = m_socket->read(qMin(available, m_bodyRemaining));
            m_request.body += chunk;
            m_bodyRemaining -= chunk.size();
            if (m_bodyRemaining == 0)
                dispatch();
            progress = true;
            break;
        }
        case State::AwaitingResponse:
        case State::Closing:
        case State::Detached:
            break;
        }
    }
    m_processing = false;
}

bool DemoHttpConnection::readHead()
{
    // Empty lines before a request line are allowed (RFC 9112 §2.2).
    while (m_socket->bytesAvailable() >= 2 && m_socket->peek(2) == "\r\n")
        m_socket->skip(2);
    const qint64 available = m_socket->bytesAvailable();
    if (available <= 0)
        return false;
    // peek, not read: an upgrade request must stay in the socket for QWebSocketServer.
    const QByteArray bytes = m_socket->peek(qMin(available, kMaxHeadBytes + 4));
    const qsizetype end = bytes.indexOf("\r\n\r\n");
    if (end < 0) {
        if (available > kMaxHeadBytes)
            fail(431, "request head too large");
        return false;
    }
    if (!DemoHttpRequest::parseHead(bytes.left(end), &m_request)) {
        fail(400, "malformed request");
        return false;
    }
    if (m_request.isWebSocketUpgrade()) {
        m_state = State::AwaitingResponse;
        m_headUnread = true;
        emit upgradeRequested(this, m_request);
        return false;
    }
    m_socket->skip(end + 4);
    if (!m_request.header("transfer-encoding").isEmpty()) {
        fail(501, "chunked request bodies are not supported; send Content-Length");
        return false;
    }
    const QByteArray lengthText = m_request.header("content-length");
    bool ok = true;
    const qint64 length = lengthText.isEmpty() ? 0 : lengthText.toLongLong(&ok);
    if (!ok || length < 0) {
        fail(400, "invalid Content-Length");
        return false;
    }
    if (length > kMaxBodyBytes) {
        fail(413, "request body too large");
        return false;
    }
    if (length > 0) {
        m_bodyRemaining = length;
        m_request.body.reserve(length);
        m_state = State::ReadingBody;
        return true;
    }
    dispatch();
    return true;
}

void DemoHttpConnection::dispatch()
{
    m_state = State::AwaitingResponse;
    emit requestReceived(this, m_request);
}

void DemoHttpConnection::fail(int status, const QByteArray &message)
{
    m_state = State::AwaitingResponse;
    DemoHttpResponse response = DemoHttpResponse::error(status, message);
    response.closeConnection = true;
    respond(response);
}

void DemoHttpConnection::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    emit finished(this);
    deleteLater();
}

} // namespace cicada
