#include "qtwstransport.h"

#include <QNetworkRequest>
#include <QPointer>
#include <QRegularExpression>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

namespace cicada {

namespace {

constexpr quint16 kCloseAbnormal = 1006;

/** Qt's handshake error as the WsTransport sentence; the HTTP status goes to @p status. */
QString describeUpgradeError(const QString &qtError, int *status)
{
    static const QRegularExpression statusPattern(
        QStringLiteral("status code: (\\d+)(?: \\(([^)]*)\\))?"));
    const QRegularExpressionMatch m = statusPattern.match(qtError);
    if (!m.hasMatch())
        return qtError;
    *status = m.captured(1).toInt();
    const QString reason = m.captured(2);
    return QStringLiteral("WebSocket upgrade rejected: HTTP %1%2")
        .arg(m.captured(1), reason.isEmpty() ? QString() : QLatin1Char(' ') + reason);
}

/** The sentence for a failed connect or upgrade of @p socket. */
QString describeConnectError(const QWebSocket &socket, int *status)
{
    // Qt says "Out of resources" for EMFILE/ENFILE/ENOBUFS/ENOMEM; under load the usual cause
    // is the open-file limit (FdLimit warns at start), as the raw HTTP client says too.
    if (socket.error() == QAbstractSocket::SocketResourceError)
        return QStringLiteral("Too many open files or out of memory: cannot create a socket "
                              "(ulimit -n)");
    return describeUpgradeError(socket.errorString(), status);
}

} // namespace

QtWsTransport::QtWsTransport(QObject *parent) : WsTransport(parent) {}

QtWsTransport::~QtWsTransport() = default;

void QtWsTransport::discard()
{
    if (!m_socket)
        return;
    QWebSocket *socket = std::exchange(m_socket, nullptr);
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void QtWsTransport::open(const QUrl &url, const Options &options)
{
    discard();
    m_errorString.clear();
    m_closeReason.clear();
    m_httpStatus = 0;
    m_closeCode = 0;
    m_closeHandshake = m_wasConnected = m_errorReported = m_failedLocally = false;
    m_finished = false;
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss"))) {
        m_finished = true;
        m_errorString = QStringLiteral("'%1' is not a ws:// or wss:// URL").arg(url.toString());
        emit error(m_errorString);
        return;
    }
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket = socket;
    connect(socket, &QWebSocket::connected, this, [this] {
        m_wasConnected = true;
        emit connected();
    });
    connect(socket, &QWebSocket::disconnected, this, &QtWsTransport::onDisconnected);
    connect(socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
            &QtWsTransport::onError);
    // aboutToClose comes only from a close handshake; a bare TCP loss never emits it.
    // (abort() emits it too, hence m_aborting.)
    connect(socket, &QWebSocket::aboutToClose, this, [this] { m_closeHandshake = !m_aborting; });
    connect(socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &message) { emit messageReceived(message.toUtf8(), false); });
    connect(socket, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &message) { emit messageReceived(message, true); });
    connect(socket, &QWebSocket::pong, this, &QtWsTransport::pong);
    if (!options.verifyPeer)
        connect(socket, &QWebSocket::sslErrors, socket,
                [socket](const QList<QSslError> &) { socket->ignoreSslErrors(); });
    if (options.maxMessageBytes > 0) {
        socket->setMaxAllowedIncomingMessageSize(quint64(options.maxMessageBytes));
        socket->setMaxAllowedIncomingFrameSize(quint64(options.maxMessageBytes));
    }
    QNetworkRequest request(url);
    for (const auto &[name, value] : options.headers)
        request.setRawHeader(name, value);
    QWebSocketHandshakeOptions handshake;
    handshake.setSubprotocols(options.subprotocols);
    socket->open(request, handshake);
}

void QtWsTransport::onError()
{
    if (!m_socket)
        return;
    if (m_wasConnected) {
        // After the upgrade an error ends the connection; disconnected() reports it.
        if (m_errorString.isEmpty())
            m_errorString = m_socket->errorString();
        return;
    }
    if (m_errorReported)
        return;
    m_errorReported = true;
    m_errorString = describeConnectError(*m_socket, &m_httpStatus);
    QPointer<QtWsTransport> alive(this);
    emit error(m_errorString);
    // Qt does not always follow a failed connect with disconnected(); the contract does.
    if (alive && m_socket && m_socket->state() == QAbstractSocket::UnconnectedState)
        onDisconnected();
}

void QtWsTransport::onDisconnected()
{
    if (m_finished || !m_socket)
        return;
    m_finished = true;
    if (!m_wasConnected && !m_errorReported) {
        m_errorReported = true;
        // QAbstractSocket changes state (our disconnected()) before it emits errorOccurred(),
        // but the error is already set: a refused or unreachable connect says so, not "closed".
        const QAbstractSocket::SocketError socketError = m_socket->error();
        m_errorString = socketError == QAbstractSocket::UnknownSocketError ||
                                socketError == QAbstractSocket::RemoteHostClosedError
                            ? QStringLiteral("The server closed the connection during the upgrade")
                            : describeConnectError(*m_socket, &m_httpStatus);
        QPointer<QtWsTransport> alive(this);
        emit error(m_errorString);
        if (!alive)
            return;
    }
    m_closeCode = m_closeHandshake ? quint16(m_socket->closeCode()) : kCloseAbnormal;
    m_closeReason = m_closeHandshake ? m_socket->closeReason() : QString();
    // Qt closes for its own size limits with these reasons (a server's 1009 has its own).
    m_failedLocally =
        m_closeCode == 1009 && (m_closeReason == QLatin1String("Maximum framesize exceeded.") ||
                                m_closeReason == QLatin1String("Received message is too big."));
    emit disconnected();
}

qint64 QtWsTransport::sendTextMessage(const QByteArray &utf8)
{
    return isOpen() ? m_socket->sendTextMessage(QString::fromUtf8(utf8)) : 0;
}

qint64 QtWsTransport::sendBinaryMessage(const QByteArray &data)
{
    return isOpen() ? m_socket->sendBinaryMessage(data) : 0;
}

void QtWsTransport::ping(const QByteArray &payload)
{
    if (isOpen())
        m_socket->ping(payload);
}

void QtWsTransport::close(quint16 code, const QByteArray &reasonUtf8)
{
    if (!m_socket || m_finished)
        return;
    m_socket->close(QWebSocketProtocol::CloseCode(code), QString::fromUtf8(reasonUtf8));
}

void QtWsTransport::abort()
{
    if (!m_socket || m_finished)
        return;
    QPointer<QtWsTransport> alive(this);
    m_aborting = true;
    m_closeHandshake = false;
    m_socket->abort();
    if (!alive)
        return;
    m_aborting = false;
    onDisconnected(); // no-op when Qt already reported it
}

QString QtWsTransport::subprotocol() const
{
    return m_socket ? m_socket->subprotocol() : QString();
}

bool QtWsTransport::isOpen() const
{
    return m_socket && !m_finished && m_socket->state() == QAbstractSocket::ConnectedState;
}

} // namespace cicada
