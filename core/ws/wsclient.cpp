#include "wsclient.h"

#include "utf8validator.h"

#include <QCryptographicHash>
#include <QHostInfo>
#include <QPointer>
#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QSslSocket>
#include <QtEndian>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace cicada {

namespace {

constexpr quint8 kOpContinuation = 0x0;
constexpr quint8 kOpText = 0x1;
constexpr quint8 kOpBinary = 0x2;
constexpr quint8 kOpClose = 0x8;
constexpr quint8 kOpPing = 0x9;
constexpr quint8 kOpPong = 0xA;
constexpr qint64 kMaxControlPayloadBytes = 125;
constexpr qint64 kMaxHandshakeResponseBytes = 16 * 1024;
constexpr qint64 kScratchBytes = 64 * 1024;
constexpr int kMaxReadsPerWakeUp = 4; ///< then other connections of the thread get their turn
constexpr qint64 kMaxFrameHeaderBytes = 14;
constexpr const char *kAcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"; ///< RFC 6455 §1.3

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/**
 * Masking keys. RFC 6455 asks for unpredictable keys to protect intermediaries from cache
 * poisoning by hostile page scripts; a load generator sends its own payloads, so a per-thread
 * xorshift seeded from the OS is enough and costs no lock or syscall per frame.
 */
quint32 nextMaskKey()
{
    thread_local quint64 state = QRandomGenerator::system()->generate64() | 1;
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return quint32((state * 0x2545F4914F6CDD1DULL) >> 32);
}

/** Copies @p size bytes from @p in to @p out, XORed with the 4-byte @p key (8 bytes a step). */
void maskCopy(char *out, const char *in, qint64 size, const uchar key[4])
{
    quint64 wide = 0;
    for (int i = 0; i < 8; ++i)
        reinterpret_cast<uchar *>(&wide)[i] = key[i % 4];
    qint64 i = 0;
    for (; i + 8 <= size; i += 8) {
        quint64 chunk;
        std::memcpy(&chunk, in + i, 8);
        chunk ^= wide;
        std::memcpy(out + i, &chunk, 8);
    }
    for (; i < size; ++i)
        out[i] = char(uchar(in[i]) ^ key[i % 4]);
}

bool validCloseCode(quint16 code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
           (code >= 3000 && code <= 4999);
}

/**
 * Per-thread scratch buffers for receiving and for building frames: an idle connection owns no
 * buffer. A user takes one out while using it (std::exchange) and puts it back, since a slot may
 * spin a nested event loop in which another connection of the thread needs one.
 */
thread_local QByteArray t_readScratch;
thread_local QByteArray t_writeScratch;
/// Lent to a connection's outbox while it queues frames (a batch, or bytes the kernel refused)
/// and taken back once the outbox is written: a batch of one frame per wake-up, the closed-loop
/// case, allocates nothing.
thread_local QByteArray t_outboxScratch;

QByteArray takeScratch(QByteArray &slot, qint64 minBytes)
{
    QByteArray buffer = std::exchange(slot, QByteArray());
    if (buffer.size() < minBytes)
        buffer = QByteArray(qMax(minBytes, kScratchBytes), Qt::Uninitialized);
    return buffer;
}

void putScratch(QByteArray &slot, QByteArray &&buffer)
{
    if (slot.isEmpty() && buffer.size() <= 4 * kScratchBytes)
        slot = std::move(buffer);
}

bool toSockaddr(const QHostAddress &address, quint16 port, sockaddr_storage *out, socklen_t *length)
{
    std::memset(out, 0, sizeof *out);
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        auto *in = reinterpret_cast<sockaddr_in *>(out);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        in->sin_addr.s_addr = htonl(address.toIPv4Address());
        *length = sizeof(sockaddr_in);
        return true;
    }
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(out);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, 16);
        *length = sizeof(sockaddr_in6);
        return true;
    }
    return false;
}

} // namespace

struct WsClient::Handshake
{
    /// Resolved addresses not tried yet: a refused or unreachable one moves on to the next, as
    /// QAbstractSocket does ("localhost" is often ::1 first, and a server may listen on
    /// 127.0.0.1 only).
    QList<QHostAddress> untried;
    QByteArray request;
    QByteArray expectedAccept;
    QList<QByteArray> offered;
    QByteArray response;
};

WsClient::WsClient(QObject *parent) : WsTransport(parent) {}

void WsClient::open(const QUrl &url, const Options &options)
{
    m_maxMessageBytes = options.maxMessageBytes;
    m_verifyPeer = options.verifyPeer;
    m_sourceAddress = options.sourceAddress;
    open(url, options.headers, options.subprotocols);
}

WsClient::~WsClient()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void WsClient::open(const QUrl &url, const Headers &headers, const QStringList &subprotocols)
{
    if (m_state != State::Unconnected) {
        // Silently: the caller replaces this connection and expects no signal from it.
        const QSignalBlocker blocker(this);
        transportClose();
        finish();
    }
    m_handshake.reset();
    m_outbox.clear();
    m_partial.clear();
    m_message.clear();
    m_closeReason.clear();
    m_subprotocol.clear();
    m_errorString.clear();
    m_pingSentNs = -1;
    m_httpStatus = 0;
    m_closeCode = 0;
    m_messageOpcode = 0;
    m_closeSent = m_closeReceived = m_shutdownPending = m_connecting = m_failedLocally = false;

    const bool secure = url.scheme() == QLatin1String("wss");
    if (!url.isValid() || url.host().isEmpty() ||
        (!secure && url.scheme() != QLatin1String("ws"))) {
        m_errorString = QStringLiteral("'%1' is not a ws:// or wss:// URL").arg(url.toString());
        emit error(m_errorString);
        return;
    }
    m_port = quint16(url.port(secure ? 443 : 80));

    auto handshake = std::make_unique<Handshake>();
    QByteArray key(16, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(key.data()), 4);
    const QByteArray keyBase64 = key.toBase64();
    handshake->expectedAccept =
        QCryptographicHash::hash(keyBase64 + kAcceptGuid, QCryptographicHash::Sha1).toBase64();
    QByteArray target = url.path(QUrl::FullyEncoded).toUtf8();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    QByteArray host = url.host(QUrl::FullyEncoded).toUtf8();
    if (host.contains(':'))
        host = '[' + host + ']';
    if (url.port() != -1)
        host += ':' + QByteArray::number(m_port);
    QByteArray &r = handshake->request;
    r.reserve(256);
    r += "GET " + target + " HTTP/1.1\r\nHost: " + host +
         "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + keyBase64 +
         "\r\nSec-WebSocket-Version: 13\r\n";
    if (!subprotocols.isEmpty()) {
        r += "Sec-WebSocket-Protocol: ";
        for (qsizetype i = 0; i < subprotocols.size(); ++i) {
            handshake->offered.append(subprotocols[i].toUtf8());
            r += (i ? ", " : "") + handshake->offered.last();
        }
        r += "\r\n";
    }
    for (const auto &[name, value] : headers)
        r += name + ": " + value + "\r\n";
    r += "\r\n";
    m_handshake = std::move(handshake);
    m_state = State::Connecting;

    if (secure) {
        m_ssl = new QSslSocket(this);
        if (!m_verifyPeer)
            m_ssl->setPeerVerifyMode(QSslSocket::VerifyNone);
        // Bound before its signals are connected (a failed bind emits errorOccurred at once), and
        // with its port (QAbstractSocket has no IP_BIND_ADDRESS_NO_PORT): each source address
        // then has the ephemeral ports once, not per destination.
        if (!m_sourceAddress.isNull() && !m_ssl->bind(m_sourceAddress)) {
            const QString why = m_ssl->errorString();
            failConnection(kCloseAbnormal,
                           QStringLiteral("Cannot bind to the source address %1: %2")
                               .arg(m_sourceAddress.toString(), why));
            return;
        }
        connect(m_ssl, &QSslSocket::encrypted, this, &WsClient::onTransportConnected);
        connect(m_ssl, &QSslSocket::readyRead, this, &WsClient::onSslReadyRead);
        connect(m_ssl, &QSslSocket::disconnected, this, &WsClient::onSslDisconnected);
        connect(m_ssl, &QSslSocket::errorOccurred, this, &WsClient::onSslError);
        m_ssl->connectToHostEncrypted(url.host(), m_port);
        return;
    }
    const QHostAddress literal(url.host());
    if (!literal.isNull()) {
        connectTo(literal);
        return;
    }
    QHostInfo::lookupHost(url.host(), this, &WsClient::onHostLookedUp);
}

void WsClient::onHostLookedUp(const QHostInfo &info)
{
    if (m_state != State::Connecting || m_fd >= 0 || m_ssl)
        return; // a stale lookup of an earlier open()
    if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
        failConnection(kCloseAbnormal, QStringLiteral("Host %1 not found").arg(info.hostName()));
        return;
    }
    QList<QHostAddress> addresses = info.addresses();
    if (!m_sourceAddress.isNull()) {
        // A bound source address only reaches destinations of its own family.
        QList<QHostAddress> sameFamily;
        for (const QHostAddress &a : std::as_const(addresses))
            if (a.protocol() == m_sourceAddress.protocol())
                sameFamily.append(a);
        if (!sameFamily.isEmpty())
            addresses = std::move(sameFamily);
    }
    const QHostAddress first = addresses.takeFirst();
    if (m_handshake)
        m_handshake->untried = std::move(addresses);
    connectTo(first);
}

bool WsClient::connectToNextAddress()
{
    if (m_state != State::Connecting || !m_handshake || m_handshake->untried.isEmpty())
        return false;
    transportClose();
    connectTo(m_handshake->untried.takeFirst());
    return true;
}

void WsClient::connectTo(const QHostAddress &address)
{
    sockaddr_storage peer{};
    socklen_t peerLength = 0;
    if (!toSockaddr(address, m_port, &peer, &peerLength)) {
        failConnection(kCloseAbnormal,
                       QStringLiteral("Cannot connect to the address %1").arg(address.toString()));
        return;
    }
    m_fd = ::socket(peer.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        const int code = errno;
        if (code != EMFILE && code != ENFILE && connectToNextAddress())
            return; // e.g. no IPv6 here: the next address may be IPv4
        failConnection(kCloseAbnormal,
                       code == EMFILE
                           ? QStringLiteral("Cannot create a socket: %1: this process's open-file "
                                            "limit is reached (ulimit -n)")
                                 .arg(QString::fromLocal8Bit(strerror(code)))
                           : QStringLiteral("Cannot create a socket: %1")
                                 .arg(QString::fromLocal8Bit(strerror(code))));
        return;
    }
    // Request/reply latency matters more than packet count for a load generator.
    const int one = 1;
    setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (!m_sourceAddress.isNull()) {
        sockaddr_storage local{};
        socklen_t localLength = 0;
        // The port is chosen at connect(), per source/destination pair, not at bind() for the
        // address alone: else every address would be limited to one set of ephemeral ports.
        setsockopt(m_fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        if (!toSockaddr(m_sourceAddress, 0, &local, &localLength) ||
            ::bind(m_fd, reinterpret_cast<sockaddr *>(&local), localLength) != 0) {
            const int code = errno;
            if (connectToNextAddress())
                return;
            failConnection(
                kCloseAbnormal,
                QStringLiteral("Cannot bind to the source address %1: %2")
                    .arg(m_sourceAddress.toString(), QString::fromLocal8Bit(strerror(code))));
            return;
        }
    }
    m_readNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    m_readNotifier->setEnabled(false);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &WsClient::onReadable);
    m_writeNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &WsClient::onWritable);
    m_connecting = true;
    if (::connect(m_fd, reinterpret_cast<sockaddr *>(&peer), peerLength) == 0) {
        m_connecting = false;
        onTransportConnected();
        return;
    }
    if (errno != EINPROGRESS) {
        const int code = errno;
        if (connectToNextAddress())
            return;
        failConnection(kCloseAbnormal,
                       code == EADDRNOTAVAIL
                           ? QStringLiteral("%1: no free local port to %2 port %3 (each source "
                                            "address has the ports of "
                                            "net.ipv4.ip_local_port_range per destination; add "
                                            "addresses with target.sourceAddresses)")
                                 .arg(QString::fromLocal8Bit(strerror(code)), address.toString())
                                 .arg(m_port)
                           : QString::fromLocal8Bit(strerror(code)));
        return;
    }
    setWriteNotifier(true); // writable = the connect finished (see onWritable)
}

void WsClient::onTransportConnected()
{
    if (m_state != State::Connecting || !m_handshake)
        return;
    if (m_ssl) {
        m_ssl->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    } else {
        m_readNotifier->setEnabled(true);
    }
    const QByteArray request = std::exchange(m_handshake->request, QByteArray());
    transportWrite(request.constData(), request.size());
}

void WsClient::onWritable()
{
    if (m_connecting) {
        m_connecting = false;
        int error = 0;
        socklen_t length = sizeof error;
        getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length);
        setWriteNotifier(false);
        if (error != 0) {
            if (connectToNextAddress())
                return;
            failConnection(kCloseAbnormal, QString::fromLocal8Bit(strerror(error)));
            return;
        }
        onTransportConnected();
        return;
    }
    writeOutbox();
}

void WsClient::writeOutbox()
{
    while (!m_outbox.isEmpty()) {
        const ssize_t sent =
            ::send(m_fd, m_outbox.constData(), size_t(m_outbox.size()), MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                setWriteNotifier(true);
                return;
            }
            m_outbox.clear(); // the connection is gone; reading reports it
            break;
        }
        if (sent == m_outbox.size())
            m_outbox.resize(0); // keeps the capacity
        else
            m_outbox.remove(0, sent);
    }
    // Hand the capacity back to the thread (or release it): an idle connection owns no buffer.
    if (t_outboxScratch.capacity() == 0 && m_outbox.capacity() <= 4 * kScratchBytes) {
        m_outbox.resize(0);
        t_outboxScratch = std::move(m_outbox);
    }
    m_outbox = QByteArray();
    setWriteNotifier(false);
    if (m_shutdownPending) {
        m_shutdownPending = false;
        ::shutdown(m_fd, SHUT_WR);
    }
}

void WsClient::flushBatch()
{
    // Bytes queued behind a full kernel buffer keep waiting for the write notifier.
    if (m_fd >= 0 && !m_connecting && !m_outbox.isEmpty() &&
        !(m_writeNotifier && m_writeNotifier->isEnabled()))
        writeOutbox();
}

void WsClient::setWriteNotifier(bool enabled)
{
    if (m_writeNotifier && m_writeNotifier->isEnabled() != enabled)
        m_writeNotifier->setEnabled(enabled);
}

void WsClient::transportWrite(const char *data, qint64 size)
{
    if (m_ssl) {
        m_ssl->write(data, size);
        return;
    }
    if (m_fd < 0)
        return;
    if (!m_outbox.isEmpty() || m_connecting || m_batching) {
        if (m_outbox.capacity() == 0)
            m_outbox = std::exchange(t_outboxScratch, QByteArray());
        m_outbox.append(data, size);
        return;
    }
    qint64 done = 0;
    while (done < size) {
        const ssize_t sent = ::send(m_fd, data + done, size_t(size - done), MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            return; // the connection is gone; reading reports it (1006)
        }
        done += sent;
    }
    if (done < size) {
        m_outbox.append(data + done, size - done);
        setWriteNotifier(true);
    }
}

void WsClient::transportShutdown()
{
    if (m_ssl) {
        m_ssl->disconnectFromHost();
        return;
    }
    if (m_fd < 0)
        return;
    if (m_outbox.isEmpty())
        ::shutdown(m_fd, SHUT_WR);
    else
        m_shutdownPending = true;
}

void WsClient::transportClose()
{
    if (m_batching) {
        m_batching = false;
        flushBatch(); // frames sent before the close or abort still leave, as unbatched ones do
    }
    if (m_ssl) {
        QSslSocket *ssl = std::exchange(m_ssl, nullptr);
        ssl->disconnect(this);
        ssl->abort();
        ssl->deleteLater();
    }
    // Disabled (unregistered) now, deleted later: this may run inside the notifier's own
    // activated() signal, and the descriptor number may be reused at once.
    for (QSocketNotifier *notifier :
         {std::exchange(m_readNotifier, nullptr), std::exchange(m_writeNotifier, nullptr)}) {
        if (!notifier)
            continue;
        notifier->setEnabled(false);
        notifier->disconnect(this);
        notifier->deleteLater();
    }
    if (m_fd >= 0)
        ::close(std::exchange(m_fd, -1));
    m_outbox = QByteArray();
    m_connecting = m_shutdownPending = false;
}

void WsClient::onReadable()
{
    QPointer<WsClient> alive(this);
    // Frames sent while the incoming ones are handled (a pipelining user answers each reply with
    // the next send) leave in one write after the reads: one syscall per wake-up, not per frame.
    m_batching = true;
    for (int i = 0; i < kMaxReadsPerWakeUp && alive && m_fd >= 0; ++i) {
        QByteArray buffer = takeScratch(t_readScratch, kScratchBytes);
        const qint64 capacity = buffer.size(); // buffer is moved back to the scratch slot below
        const ssize_t got = ::recv(m_fd, buffer.data(), size_t(capacity), 0);
        const int error = errno;
        if (got > 0)
            processIncoming(buffer.constData(), got);
        putScratch(t_readScratch, std::move(buffer));
        if (got == 0) {
            if (alive)
                endOfStream();
            break;
        }
        if (got < 0) {
            if (error == EINTR)
                continue;
            if (error != EAGAIN && error != EWOULDBLOCK && alive) {
                if (m_errorString.isEmpty())
                    m_errorString = QString::fromLocal8Bit(strerror(error));
                endOfStream();
            }
            break;
        }
        if (got < capacity)
            break; // drained: level-triggered notifiers call again when more arrives
    }
    if (!alive)
        return;
    m_batching = false;
    flushBatch();
}

void WsClient::onSslReadyRead()
{
    QPointer<WsClient> alive(this);
    while (alive && m_ssl && m_ssl->bytesAvailable() > 0) {
        QByteArray buffer = takeScratch(t_readScratch, kScratchBytes);
        const qint64 got = m_ssl->read(buffer.data(), buffer.size());
        if (got > 0)
            processIncoming(buffer.constData(), got);
        putScratch(t_readScratch, std::move(buffer));
        if (got <= 0)
            return;
    }
}

void WsClient::onSslDisconnected()
{
    endOfStream();
}

void WsClient::onSslError()
{
    if (m_state == State::Connecting) {
        failConnection(kCloseAbnormal, m_ssl->errorString());
        return;
    }
    if (m_errorString.isEmpty())
        m_errorString = m_ssl->errorString();
    if (m_ssl->state() == QAbstractSocket::UnconnectedState)
        endOfStream();
}

void WsClient::endOfStream()
{
    if (m_state == State::Connecting) {
        failConnection(kCloseAbnormal,
                       QStringLiteral("The server closed the connection during the upgrade"));
        return;
    }
    transportClose();
    finish();
}

void WsClient::processIncoming(const char *data, qint64 size)
{
    if (m_state == State::Connecting) {
        if (!m_handshake)
            return;
        m_handshake->response.append(data, size);
        readHandshakeResponse();
        return;
    }
    if (m_state != State::Open && m_state != State::Closing)
        return;
    if (m_closeReceived)
        return; // RFC 6455 §5.5.1: nothing after the close frame counts
    if (m_partial.isEmpty()) {
        parseFrames(data, size);
        return;
    }
    QByteArray joined = std::exchange(m_partial, QByteArray());
    joined.append(data, size);
    parseFrames(joined.constData(), joined.size());
}

bool WsClient::readHandshakeResponse()
{
    QByteArray &response = m_handshake->response;
    const qsizetype end = response.indexOf("\r\n\r\n");
    if (end < 0) {
        if (response.size() > kMaxHandshakeResponseBytes)
            failConnection(kCloseAbnormal, QStringLiteral("The upgrade response headers exceed "
                                                          "%1 bytes")
                                               .arg(kMaxHandshakeResponseBytes));
        return false;
    }
    const QList<QByteArray> lines = response.left(end).split('\n');
    const QList<QByteArray> status = lines.value(0).trimmed().split(' ');
    const int code = status.value(1).toInt();
    if (!status.value(0).startsWith("HTTP/1.") || code == 0) {
        failConnection(kCloseAbnormal,
                       QStringLiteral("The server's upgrade response is not HTTP: '%1'")
                           .arg(QString::fromLatin1(lines.value(0).trimmed().left(80))));
        return false;
    }
    if (code != 101) {
        m_httpStatus = code;
        const QByteArray phrase = status.mid(2).join(' ');
        failConnection(kCloseAbnormal, QStringLiteral("WebSocket upgrade rejected: HTTP %1 %2")
                                           .arg(code)
                                           .arg(QString::fromLatin1(phrase))
                                           .trimmed());
        return false;
    }
    QByteArray upgrade, connection, accept, protocol, extensions;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "upgrade")
            upgrade = value.toLower();
        else if (name == "connection")
            connection = value.toLower();
        else if (name == "sec-websocket-accept")
            accept = value;
        else if (name == "sec-websocket-protocol")
            protocol = value;
        else if (name == "sec-websocket-extensions")
            extensions = value;
    }
    QString problem;
    if (upgrade != "websocket")
        problem = QStringLiteral("has no 'Upgrade: websocket'");
    else if (!connection.contains("upgrade"))
        problem = QStringLiteral("has no 'Connection: Upgrade'");
    else if (accept != m_handshake->expectedAccept)
        problem = QStringLiteral("has a wrong Sec-WebSocket-Accept");
    else if (!extensions.isEmpty())
        problem = QStringLiteral("selects the extension '%1', which was not offered")
                      .arg(QString::fromLatin1(extensions));
    else if (!protocol.isEmpty() && !m_handshake->offered.contains(protocol))
        problem = QStringLiteral("selects the subprotocol '%1', which was not offered")
                      .arg(QString::fromUtf8(protocol));
    if (!problem.isEmpty()) {
        failConnection(kCloseAbnormal, QStringLiteral("The server's upgrade response ") + problem);
        return false;
    }
    m_subprotocol = protocol;
    const QByteArray rest = response.mid(end + 4);
    m_handshake.reset();
    m_state = State::Open;
    QPointer<WsClient> alive(this);
    emit connected();
    if (!alive || m_state != State::Open)
        return false;
    if (!rest.isEmpty())
        parseFrames(rest.constData(), rest.size());
    return alive != nullptr;
}

void WsClient::parseFrames(const char *data, qint64 size)
{
    QPointer<WsClient> alive(this);
    qint64 pos = 0;
    while (pos < size && (m_state == State::Open || m_state == State::Closing) &&
           !m_closeReceived) {
        const auto *p = reinterpret_cast<const uchar *>(data + pos);
        const qint64 available = size - pos;
        if (available < 2)
            break;
        const bool fin = p[0] & 0x80;
        const quint8 opcode = p[0] & 0x0F;
        const bool masked = p[1] & 0x80;
        qint64 header = 2;
        qint64 length = p[1] & 0x7F;
        if (length == 126) {
            if (available < 4)
                break;
            length = qFromBigEndian<quint16>(p + 2);
            header = 4;
        } else if (length == 127) {
            if (available < 10)
                break;
            const quint64 wide = qFromBigEndian<quint64>(p + 2);
            if (wide >> 63) {
                failConnection(kCloseProtocolError,
                               QStringLiteral("The server sent a frame length over 2^63"));
                return;
            }
            length = qint64(wide);
            header = 10;
        }
        // Checked before the payload arrives: an oversized or bad frame is refused without
        // buffering it.
        const bool control = opcode & 0x8;
        if (p[0] & 0x70) {
            failConnection(kCloseProtocolError,
                           QStringLiteral("The server set reserved bits (no extension agreed)"));
            return;
        }
        if (masked) {
            failConnection(kCloseProtocolError, QStringLiteral("The server sent a masked frame"));
            return;
        }
        if (control && (length > kMaxControlPayloadBytes || !fin)) {
            failConnection(kCloseProtocolError,
                           QStringLiteral("The server sent a fragmented or oversized control "
                                          "frame"));
            return;
        }
        if (!control && m_maxMessageBytes > 0 && m_message.size() + length > m_maxMessageBytes) {
            failConnection(
                kCloseTooBig,
                QStringLiteral("The server sent a message over %1 bytes").arg(m_maxMessageBytes));
            return;
        }
        if (available < header + length)
            break;
        pos += header + length;
        if (!handleFrame(opcode, fin, data + pos - length, length) || !alive)
            return;
    }
    if (alive && pos < size && (m_state == State::Open || m_state == State::Closing) &&
        !m_closeReceived)
        m_partial = QByteArray(data + pos, size - pos);
}

bool WsClient::handleFrame(quint8 opcode, bool fin, const char *payload, qint64 length)
{
    QPointer<WsClient> alive(this);
    QByteArray message;
    quint8 messageOpcode = 0;
    switch (opcode) {
    case kOpContinuation:
        if (m_messageOpcode == 0) {
            failConnection(kCloseProtocolError,
                           QStringLiteral("The server sent a continuation frame outside a "
                                          "message"));
            return false;
        }
        m_message.append(payload, length);
        if (!fin)
            return true;
        message = std::exchange(m_message, QByteArray());
        messageOpcode = std::exchange(m_messageOpcode, 0);
        break;
    case kOpText:
    case kOpBinary:
        if (m_messageOpcode != 0) {
            failConnection(kCloseProtocolError,
                           QStringLiteral("The server started a message inside a fragmented "
                                          "one"));
            return false;
        }
        if (!fin) {
            m_message = QByteArray(payload, length);
            m_messageOpcode = opcode;
            return true;
        }
        message = QByteArray(payload, length);
        messageOpcode = opcode;
        break;
    case kOpClose:
        handleClose(payload, length);
        return false;
    case kOpPing:
        if (!m_closeSent)
            sendFrame(kOpPong, payload, length);
        return true;
    case kOpPong: {
        const quint64 elapsedMs =
            m_pingSentNs >= 0 ? quint64((nowNs() - std::exchange(m_pingSentNs, -1)) / 1000000) : 0;
        emit pong(elapsedMs, QByteArray(payload, length));
        return alive && m_state != State::Unconnected;
    }
    default:
        failConnection(kCloseProtocolError,
                       QStringLiteral("The server sent the reserved opcode %1").arg(opcode));
        return false;
    }
    if (messageOpcode == kOpText && !isValidUtf8(message.constData(), message.size())) {
        failConnection(kCloseInvalidPayload,
                       QStringLiteral("The server sent a text message that is not UTF-8"));
        return false;
    }
    emit messageReceived(message, messageOpcode == kOpBinary);
    return alive && m_state != State::Unconnected;
}

void WsClient::handleClose(const char *payload, qint64 length)
{
    quint16 code = kCloseNoStatus;
    QByteArray reason;
    if (length == 1) {
        failConnection(kCloseProtocolError, QStringLiteral("The server sent a 1-byte close frame"));
        return;
    }
    if (length >= 2) {
        code = qFromBigEndian<quint16>(payload);
        if (!validCloseCode(code)) {
            failConnection(kCloseProtocolError,
                           QStringLiteral("The server sent the invalid close code %1").arg(code));
            return;
        }
        reason = QByteArray(payload + 2, length - 2);
        if (!isValidUtf8(reason.constData(), reason.size())) {
            failConnection(kCloseInvalidPayload,
                           QStringLiteral("The server's close reason is not UTF-8"));
            return;
        }
    }
    m_closeReceived = true;
    m_closeCode = code;
    m_closeReason = reason;
    if (!m_closeSent) {
        m_closeSent = true;
        uchar echo[2];
        qToBigEndian<quint16>(code, echo);
        sendFrame(kOpClose, reinterpret_cast<const char *>(echo), code == kCloseNoStatus ? 0 : 2);
    }
    m_state = State::Closing;
    m_partial = QByteArray();
    m_message = QByteArray();
    m_messageOpcode = 0;
    // The server ends the TCP connection first (RFC 6455 §7.1.1); our half-close tells it we
    // are done, and its end of stream finishes.
    transportShutdown();
}

void WsClient::sendFrame(quint8 opcode, const char *payload, qint64 length)
{
    const int lengthBytes = length < 126 ? 0 : (length <= 0xFFFF ? 2 : 8);
    const qint64 header = 2 + lengthBytes + 4;
    QByteArray frame = takeScratch(t_writeScratch, header + length);
    auto *out = reinterpret_cast<uchar *>(frame.data());
    out[0] = uchar(0x80 | opcode);
    if (lengthBytes == 0) {
        out[1] = uchar(0x80 | length);
    } else if (lengthBytes == 2) {
        out[1] = 0x80 | 126;
        qToBigEndian<quint16>(quint16(length), out + 2);
    } else {
        out[1] = 0x80 | 127;
        qToBigEndian<quint64>(quint64(length), out + 2);
    }
    const quint32 key = nextMaskKey();
    uchar *keyBytes = out + 2 + lengthBytes;
    std::memcpy(keyBytes, &key, 4);
    maskCopy(frame.data() + header, payload, length, keyBytes);
    static_assert(kMaxFrameHeaderBytes == 2 + 8 + 4);
    transportWrite(frame.constData(), header + length);
    putScratch(t_writeScratch, std::move(frame));
}

qint64 WsClient::sendTextMessage(const QByteArray &utf8)
{
    if (m_state != State::Open)
        return 0;
    sendFrame(kOpText, utf8.constData(), utf8.size());
    return utf8.size();
}

qint64 WsClient::sendBinaryMessage(const QByteArray &data)
{
    if (m_state != State::Open)
        return 0;
    sendFrame(kOpBinary, data.constData(), data.size());
    return data.size();
}

void WsClient::ping(const QByteArray &payload)
{
    if (m_state != State::Open)
        return;
    m_pingSentNs = nowNs();
    sendFrame(kOpPing, payload.constData(), qMin<qint64>(payload.size(), kMaxControlPayloadBytes));
}

void WsClient::close(quint16 code, const QByteArray &reasonUtf8)
{
    if (m_state == State::Connecting) {
        abort();
        return;
    }
    if (m_state != State::Open)
        return;
    QByteArray payload(2, Qt::Uninitialized);
    qToBigEndian<quint16>(code, payload.data());
    payload += reasonUtf8.left(kMaxControlPayloadBytes - 2);
    m_closeSent = true;
    m_state = State::Closing;
    sendFrame(kOpClose, payload.constData(), payload.size());
}

void WsClient::abort()
{
    if (m_state == State::Unconnected)
        return;
    transportClose();
    finish();
}

void WsClient::failConnection(quint16 code, const QString &sentence)
{
    if (m_state == State::Unconnected)
        return;
    m_errorString = sentence;
    m_closeCode = code;
    const bool connecting = m_state == State::Connecting;
    m_failedLocally = !connecting;
    if (!connecting && !m_closeSent) {
        m_closeSent = true;
        QByteArray payload(2, Qt::Uninitialized);
        qToBigEndian<quint16>(code, payload.data());
        sendFrame(kOpClose, payload.constData(), payload.size());
    }
    m_state = State::Closing;
    m_partial = QByteArray();
    m_message = QByteArray();
    m_messageOpcode = 0;
    QPointer<WsClient> alive(this);
    emit error(sentence);
    if (!alive || m_state == State::Unconnected)
        return;
    // The connection is not trusted any more: no waiting for the server's side of the close.
    transportClose();
    finish();
}

void WsClient::finish()
{
    if (m_state == State::Unconnected)
        return;
    m_state = State::Unconnected;
    if (m_closeCode == 0)
        m_closeCode = kCloseAbnormal;
    m_handshake.reset();
    m_partial = QByteArray();
    m_message = QByteArray();
    m_messageOpcode = 0;
    transportClose();
    emit disconnected();
}

} // namespace cicada
