#include "metricsserver.h"

#include "openmetricstext.h"

#include <QTcpSocket>
#include <QTimer>

namespace cicada {

MetricsServer::MetricsServer(Sampler sampler, QObject *parent)
    : QObject(parent), m_sampler(std::move(sampler))
{
    connect(&m_server, &QTcpServer::newConnection, this, &MetricsServer::onNewConnection);
}

MetricsServer::~MetricsServer()
{
    // Accepted sockets are children of the server: delete them before the server goes.
    m_server.close();
    qDeleteAll(m_server.findChildren<QTcpSocket *>());
}

bool MetricsServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (m_server.listen(address, port))
        return true;
    *error = QStringLiteral("cannot listen on %1:%2: %3")
                 .arg(address.toString())
                 .arg(port)
                 .arg(m_server.errorString());
    return false;
}

QString MetricsServer::url() const
{
    const QHostAddress address = m_server.serverAddress();
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("[%1]").arg(address.toString())
                             : address.toString();
    return QStringLiteral("http://%1:%2/metrics").arg(host).arg(m_server.serverPort());
}

void MetricsServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        // A client that never finishes its request must not hold a socket forever.
        QTimer::singleShot(kIdleTimeoutMs, socket, [socket] { socket->abort(); });
    }
}

void MetricsServer::onReadyRead(QTcpSocket *socket)
{
    if (socket->property("answered").toBool()) {
        socket->readAll();
        return;
    }
    const QByteArray head = socket->peek(kMaxRequestBytes + 1);
    const qsizetype end = head.indexOf("\r\n\r\n");
    if (end < 0) {
        if (head.size() > kMaxRequestBytes)
            respond(socket, 431, "Request Header Fields Too Large", "text/plain", "too large\n");
        return;
    }
    socket->read(end + 4);
    const QList<QByteArray> lines = head.left(end).split('\n');
    const QList<QByteArray> request = lines.constFirst().trimmed().split(' ');
    QByteArray accept;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.toLower().startsWith("accept:"))
            accept = line.mid(7).trimmed();
    }
    if (request.size() != 3) {
        respond(socket, 400, "Bad Request", "text/plain", "bad request\n");
        return;
    }
    const QByteArray path = request.at(1).split('?').constFirst();
    if (request.at(0) != "GET") {
        respond(socket, 405, "Method Not Allowed", "text/plain", "only GET\n");
        return;
    }
    if (path == "/metrics") {
        const OpenMetricsText::Format format = OpenMetricsText::negotiate(accept);
        const QByteArray body = OpenMetricsText::render(m_sampler(), format);
        ++m_scrapes;
        respond(socket, 200, "OK", OpenMetricsText::contentType(format), body);
        Q_EMIT scraped();
        return;
    }
    if (path == "/") {
        respond(socket, 200, "OK", "text/plain", "Cicada metrics: GET /metrics\n");
        return;
    }
    respond(socket, 404, "Not Found", "text/plain", "not found; try /metrics\n");
}

void MetricsServer::respond(QTcpSocket *socket, int status, const QByteArray &reason,
                            const QByteArray &contentType, const QByteArray &body)
{
    socket->setProperty("answered", true);
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    response += "Content-Type: " + contentType + "\r\n";
    response += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    response += "Connection: close\r\n\r\n";
    response += body;
    socket->write(response);
    socket->disconnectFromHost();
}

} // namespace cicada
