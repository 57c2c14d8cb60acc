#include "distributed/zmqdealer.h"

#include <QSocketNotifier>
#include <QTimer>

#include <zmq.hpp>

#include <cstring>

namespace cicada {

namespace {
constexpr int kReconnectIntervalMs = 200;
constexpr int kReconnectIntervalMaxMs = 1000;
constexpr int kTcpKeepaliveIdleS = 30; ///< as Locust sets on both sides
constexpr int kSafetyPollIntervalMs = 100;
constexpr std::size_t kMonitorEventFrameBytes = 6; ///< uint16 event + uint32 value
} // namespace

struct ZmqDealer::Private
{
    zmq::context_t context{1};
    std::unique_ptr<zmq::socket_t> socket;
    std::unique_ptr<zmq::socket_t> monitor; ///< PAIR end of the socket monitor
    QSocketNotifier *socketNotifier = nullptr;
    QSocketNotifier *monitorNotifier = nullptr;
    QTimer safetyPoll;
    int generation = 0;
    bool connected = false;
    bool draining = false;
    bool drainScheduled = false;
    bool closed = false;
};

ZmqDealer::ZmqDealer(QString identity, QString endpoint, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>()), m_identity(std::move(identity)),
      m_endpoint(std::move(endpoint))
{
    d->safetyPoll.setInterval(kSafetyPollIntervalMs);
    connect(&d->safetyPoll, &QTimer::timeout, this, &ZmqDealer::drain);
}

ZmqDealer::~ZmqDealer()
{
    close(0);
}

bool ZmqDealer::open(QString *error)
{
    if (d->closed) {
        *error = QStringLiteral("the socket was closed");
        return false;
    }
    try {
        auto socket = std::make_unique<zmq::socket_t>(d->context, zmq::socket_type::dealer);
        socket->set(zmq::sockopt::routing_id, m_identity.toStdString());
        socket->set(zmq::sockopt::tcp_keepalive, 1);
        socket->set(zmq::sockopt::tcp_keepalive_idle, kTcpKeepaliveIdleS);
        socket->set(zmq::sockopt::immediate, 1);
        socket->set(zmq::sockopt::linger, 0);
        socket->set(zmq::sockopt::reconnect_ivl, kReconnectIntervalMs);
        socket->set(zmq::sockopt::reconnect_ivl_max, kReconnectIntervalMaxMs);

        const std::string monitorAddress = "inproc://cicada-dealer-monitor-" +
                                           std::to_string(reinterpret_cast<quintptr>(this)) + "-" +
                                           std::to_string(++d->generation);
        if (zmq_socket_monitor(socket->handle(), monitorAddress.c_str(),
                               ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_DISCONNECTED) != 0)
            throw zmq::error_t();
        auto monitor = std::make_unique<zmq::socket_t>(d->context, zmq::socket_type::pair);
        monitor->set(zmq::sockopt::linger, 0);
        monitor->connect(monitorAddress);
        socket->connect(m_endpoint.toStdString());

        d->socketNotifier = new QSocketNotifier(qintptr(socket->get(zmq::sockopt::fd)),
                                                QSocketNotifier::Read, this);
        d->monitorNotifier = new QSocketNotifier(qintptr(monitor->get(zmq::sockopt::fd)),
                                                 QSocketNotifier::Read, this);
        connect(d->socketNotifier, &QSocketNotifier::activated, this, &ZmqDealer::drain);
        connect(d->monitorNotifier, &QSocketNotifier::activated, this, &ZmqDealer::drain);
        d->socket = std::move(socket);
        d->monitor = std::move(monitor);
    } catch (const zmq::error_t &e) {
        *error = QStringLiteral("cannot open a ZeroMQ DEALER socket to %1: %2")
                     .arg(m_endpoint, QString::fromUtf8(e.what()));
        return false;
    }
    d->connected = false;
    d->safetyPoll.start();
    scheduleDrain();
    return true;
}

void ZmqDealer::reopen()
{
    closeSocket(0);
    QTimer::singleShot(kReopenDelayMs, this, [this] {
        if (d->closed || d->socket)
            return;
        QString error;
        if (!open(&error))
            Q_EMIT failed(error);
    });
}

bool ZmqDealer::send(const QByteArray &payload)
{
    if (!d->socket)
        return false;
    bool queued = false;
    try {
        const zmq::send_result_t result =
            d->socket->send(zmq::const_buffer(payload.constData(), std::size_t(payload.size())),
                            zmq::send_flags::dontwait);
        queued = result.has_value();
    } catch (const zmq::error_t &) {
        queued = false;
    }
    // A send can consume the edge of ZMQ_FD that announced an incoming message.
    scheduleDrain();
    return queued;
}

bool ZmqDealer::isConnected() const
{
    return d->socket && d->connected;
}

void ZmqDealer::close(int lingerMs)
{
    if (d->closed)
        return;
    closeSocket(lingerMs);
    d->closed = true;
    // Blocks until queued messages left or the linger time ran out.
    d->context.close();
}

void ZmqDealer::closeSocket(int lingerMs)
{
    d->safetyPoll.stop();
    // This can run inside a notifier's activated() handler: disable now, delete later.
    for (QSocketNotifier *notifier : {d->socketNotifier, d->monitorNotifier}) {
        if (notifier) {
            notifier->setEnabled(false);
            notifier->deleteLater();
        }
    }
    d->socketNotifier = nullptr;
    d->monitorNotifier = nullptr;
    if (d->socket) {
        zmq_socket_monitor(d->socket->handle(), nullptr, 0);
        d->socket->set(zmq::sockopt::linger, lingerMs);
    }
    d->monitor.reset();
    d->socket.reset();
    d->connected = false;
}

void ZmqDealer::scheduleDrain()
{
    if (d->drainScheduled)
        return;
    d->drainScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            d->drainScheduled = false;
            drain();
        },
        Qt::QueuedConnection);
}

void ZmqDealer::drain()
{
    if (d->draining)
        return;
    d->draining = true;
    bool more = true;
    while (more) {
        more = false;
        // Connection events first, so a message is never handled against a stale state.
        while (d->monitor && (d->monitor->get(zmq::sockopt::events) & ZMQ_POLLIN)) {
            zmq::message_t event;
            if (!d->monitor->recv(event, zmq::recv_flags::dontwait))
                break;
            zmq::message_t address;
            if (event.more())
                (void)d->monitor->recv(address, zmq::recv_flags::dontwait);
            if (event.size() < kMonitorEventFrameBytes)
                continue;
            quint16 id = 0;
            std::memcpy(&id, event.data(), sizeof id);
            const bool up = id == ZMQ_EVENT_HANDSHAKE_SUCCEEDED;
            if ((up || id == ZMQ_EVENT_DISCONNECTED) && up != d->connected) {
                d->connected = up;
                Q_EMIT connectedChanged(up);
            }
            more = true;
        }
        while (d->socket && (d->socket->get(zmq::sockopt::events) & ZMQ_POLLIN)) {
            zmq::message_t frame;
            if (!d->socket->recv(frame, zmq::recv_flags::dontwait))
                break;
            const QByteArray payload(static_cast<const char *>(frame.data()),
                                     qsizetype(frame.size()));
            // Locust sends single-frame payloads to a DEALER; drop any extra frames.
            while (d->socket && frame.more()) {
                if (!d->socket->recv(frame, zmq::recv_flags::dontwait))
                    break;
            }
            Q_EMIT received(payload); // may send, reopen() or close(): re-check d->socket
            more = true;
        }
    }
    d->draining = false;
}

} // namespace cicada
