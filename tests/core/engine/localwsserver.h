#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QPointer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <functional>

namespace cicada::test {

/**
 * @brief A QWebSocketServer on 127.0.0.1 (free port) whose behaviour a test sets with
 * callbacks. Keeps its sockets and deletes them before the server (Qt 6.4 teardown rule).
 */
class LocalWsServer : public QObject
{
public:
    LocalWsServer() : m_server(QStringLiteral("test"), QWebSocketServer::NonSecureMode)
    {
        m_clock.start();
        QObject::connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *socket = m_server.nextPendingConnection()) {
                m_sockets.append(socket);
                connectTimesMs.append(m_clock.elapsed());
                QObject::connect(socket, &QWebSocket::textMessageReceived, this,
                                 [this, socket](const QString &m) {
                                     ++messages;
                                     if (onText)
                                         onText(socket, m);
                                 });
                QObject::connect(socket, &QWebSocket::binaryMessageReceived, this,
                                 [socket](const QByteArray &m) { socket->sendBinaryMessage(m); });
                if (onConnection)
                    onConnection(socket);
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    ~LocalWsServer() override
    {
        for (const QPointer<QWebSocket> &s : std::as_const(m_sockets))
            delete s.data();
        m_server.close();
    }

    [[nodiscard]] QUrl url() const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(m_server.serverPort()));
    }
    [[nodiscard]] QWebSocketServer &server() { return m_server; }
    [[nodiscard]] QList<QWebSocket *> openSockets() const
    {
        QList<QWebSocket *> out;
        for (const QPointer<QWebSocket> &s : m_sockets)
            if (s && s->state() == QAbstractSocket::ConnectedState)
                out.append(s);
        return out;
    }

    std::function<void(QWebSocket *, const QString &)> onText;
    std::function<void(QWebSocket *)> onConnection;
    int messages = 0;
    QList<qint64> connectTimesMs;

private:
    QWebSocketServer m_server;
    QList<QPointer<QWebSocket>> m_sockets;
    QElapsedTimer m_clock;
};

} // namespace cicada::test
