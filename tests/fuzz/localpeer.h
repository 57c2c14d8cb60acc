#pragma once

// A local TCP peer for the socket fuzz targets: accepts one connection at a time on 127.0.0.1,
// reads the request head and answers with the fuzz input, then closes.
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QTcpServer>
#include <QTcpSocket>

#include <functional>

namespace cicada::fuzz {

/// The QCoreApplication the targets need (libFuzzer's main does not make one).
inline void ensureApplication()
{
    static int argc = 1;
    static char name[] = "fuzz";
    static char *argv[] = {name, nullptr};
    if (!QCoreApplication::instance())
        new QCoreApplication(argc, argv);
}

/**
 * @brief Answers each connection's request head (up to "\r\n\r\n") with head(request) followed by
 *        the current payload, then closes the connection.
 */
class LocalPeer
{
public:
    using Head = std::function<QByteArray(const QByteArray &request)>;

    explicit LocalPeer(Head head) : m_head(std::move(head))
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                auto request = std::make_shared<QByteArray>();
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, request] {
                    if (request->contains("\r\n\r\n")) {
                        socket->readAll(); // answered already
                        return;
                    }
                    *request += socket->readAll();
                    if (!request->contains("\r\n\r\n"))
                        return;
                    socket->write(m_head(*request) + m_payload);
                    socket->disconnectFromHost();
                });
            }
        });
    }

    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    void setPayload(const QByteArray &payload) { m_payload = payload; }

    /// Sec-WebSocket-Accept for the Sec-WebSocket-Key of @p request (RFC 6455).
    static QByteArray websocketAccept(const QByteArray &request)
    {
        QByteArray key;
        for (const QByteArray &line : request.split('\n')) {
            if (line.toLower().startsWith("sec-websocket-key:"))
                key = line.mid(18).trimmed();
        }
        return QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
                                        QCryptographicHash::Sha1)
            .toBase64();
    }

private:
    QTcpServer m_server;
    Head m_head;
    QByteArray m_payload;
};

} // namespace cicada::fuzz
