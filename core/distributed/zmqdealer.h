#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <memory>

namespace cicada {

/**
 * @brief A ZeroMQ DEALER socket (cppzmq) driven by the Qt event loop of the thread it lives in.
 *
 * The socket's ZMQ_FD is watched by a QSocketNotifier. That descriptor is edge-triggered and only
 * says "ZMQ_EVENTS may have changed", so every notification (and every send, which can consume
 * an edge) drains ZMQ_EVENTS in a loop until nothing is readable; a light 100 ms poll guards
 * against a missed edge. Nothing here blocks: sends use ZMQ_DONTWAIT and reads happen only when
 * ZMQ_EVENTS says a message is there, so the thread's event loop (and the engine's worker
 * threads, which never touch this object) keep running whatever the master does.
 *
 * ZMQ_IMMEDIATE is set: messages are queued only on a completed connection, so nothing piles up
 * while the master is away (send() returns false instead). Connection state comes from a socket
 * monitor: a completed ZMTP handshake means connected, a dropped TCP connection disconnected.
 * libzmq reconnects on its own (every 200 ms up to 1 s).
 */
class ZmqDealer final : public QObject
{
    Q_OBJECT
public:
    /** @p identity: the ZMQ routing id (Locust's node id); @p endpoint: e.g. tcp://127.0.0.1:5557
     */
    ZmqDealer(QString identity, QString endpoint, QObject *parent = nullptr);
    ~ZmqDealer() override;

    /** Creates the socket and starts connecting. Returns false and sets @p error on failure. */
    [[nodiscard]] bool open(QString *error);
    /**
     * @brief Closes the socket and, kReopenDelayMs later, opens a new one with the same identity
     * (Locust's `reconnect`). The pause lets the master's ROUTER drop the old connection first:
     * without ZMQ_ROUTER_HANDOVER (Locust does not set it) a ROUTER ignores a second connection
     * that claims a routing id still in use. Does not emit connectedChanged(false); emits
     * failed() if the new socket cannot be opened.
     */
    void reopen();

    /// Pause between closing and reopening in reopen().
    static constexpr int kReopenDelayMs = 300;
    /** Queues one single-frame message without blocking. False when not connected (or the
     *  queue is full); the caller decides whether to retry. */
    [[nodiscard]] bool send(const QByteArray &payload);
    /** A connection to the master completed its handshake and has not dropped since. */
    [[nodiscard]] bool isConnected() const;
    /** Gives queued messages up to @p lingerMs to leave, then closes the socket for good
     *  (blocks at most that long). */
    void close(int lingerMs);

    [[nodiscard]] const QString &endpoint() const { return m_endpoint; }
    [[nodiscard]] const QString &identity() const { return m_identity; }

Q_SIGNALS:
    /** One message from the master (a DEALER receives the payload frame only). */
    void received(const QByteArray &payload);
    /** The connection to the master came up (handshake done) or went down. */
    void connectedChanged(bool connected);
    /** reopen() could not open the new socket. */
    void failed(const QString &error);

private:
    void drain();
    void scheduleDrain();
    void closeSocket(int lingerMs);

    struct Private;
    std::unique_ptr<Private> d;
    QString m_identity;
    QString m_endpoint;
};

} // namespace cicada
