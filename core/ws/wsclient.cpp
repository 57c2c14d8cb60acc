#include "wsclient.h"

#include "utf8validator.h"

#include <QCryptographicHash>
#include <QPointer>
#include <QRandomGenerator>
#include <QSslSocket>
#include <QTcpSocket>
#include <QtEndian>

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

/** Frames from the worker's sockets are parsed here when they arrive whole; see onReadyRead(). */
thread_local QByteArray t_scratch;

} // namespace

struct WsClient::Handshake
{
    QByteArray request;
    QByteArray expectedAccept;
    QList<QByteArray> offered;
    QByteArray response;
};

WsClient::WsClient(QObject *parent) : QObject(parent) {}

WsClient::~WsClient() = default;

void WsClient::open(const QUrl &url, const Headers &headers, const QStringList &subprotocols)
{
    if (m_socket) {
        QTcpSocket *old = std::exchange(m_socket, nullptr);
        old->disconnect(this);
        old->abort();
        old->deleteLater();
    }
    m_state = State::Unconnected;
    m_handshake.reset();
    m_partial.clear();
    m_message.clear();
    m_closeReason.clear();
    m_subprotocol.clear();
    m_errorString.clear();
    m_pingSentNs = -1;
    m_httpStatus = 0;
    m_closeCode = 0;
    m_messageOpcode = 0;
    m_closeSent = m_closeReceived = false;

    const bool secure = url.scheme() == QLatin1String("wss");
    if (!url.isValid() || url.host().isEmpty() ||
        (!secure && url.scheme() != QLatin1String("ws"))) {
        m_errorString = QStringLiteral("'%1' is not a ws:// or wss:// URL").arg(url.toString());
        emit error(m_errorString);
        return;
    }
    const quint16 port = quint16(url.port(secure ? 443 : 80));

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
        host += ':' + QByteArray::number(port);
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
        auto *ssl = new QSslSocket(this);
        m_socket = ssl;
        if (!m_verifyPeer)
            ssl->setPeerVerifyMode(QSslSocket::VerifyNone);
        connect(ssl, &QSslSocket::encrypted, this, &WsClient::onTcpConnected);
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &WsClient::onTcpConnected);
    }
    connect(m_socket, &QTcpSocket::readyRead, this, &WsClient::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &WsClient::onTcpDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &WsClient::onSocketError);
    if (secure)
        static_cast<QSslSocket *>(m_socket)->connectToHostEncrypted(url.host(), port);
    else
        m_socket->connectToHost(url.host(), port);
}

void WsClient::onTcpConnected()
{
    if (m_state != State::Connecting || !m_handshake)
        return;
    // Request/reply latency matters more than packet count for a load generator.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket->write(m_handshake->request);
    m_handshake->request = QByteArray();
}

void WsClient::onReadyRead()
{
    QPointer<WsClient> alive(this);
    if (m_state == State::Connecting) {
        QByteArray &response = m_handshake->response;
        response += m_socket->readAll();
        if (!readHandshakeResponse(response) || !alive)
            return;
    }
    while (alive && m_socket && m_socket->bytesAvailable() > 0 &&
           (m_state == State::Open || m_state == State::Closing) && !m_closeReceived) {
        if (m_partial.isEmpty()) {
            // Whole frames are parsed straight from a per-thread buffer: an idle connection
            // holds no receive buffer. Taken out while in use, since a slot may spin a nested
            // event loop that reads another connection of this thread.
            QByteArray buffer = std::exchange(t_scratch, QByteArray());
            if (buffer.size() < kScratchBytes)
                buffer = QByteArray(kScratchBytes, Qt::Uninitialized);
            const qint64 got = m_socket->read(buffer.data(), buffer.size());
            if (got > 0)
                parseFrames(buffer.constData(), got);
            if (t_scratch.isEmpty())
                t_scratch = std::move(buffer);
            if (got <= 0)
                return;
        } else {
            const QByteArray data = std::exchange(m_partial, QByteArray()) + m_socket->readAll();
            parseFrames(data.constData(), data.size());
        }
    }
}

bool WsClient::readHandshakeResponse(QByteArray &response)
{
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
    m_partial.clear();
    m_message.clear();
    m_messageOpcode = 0;
    m_socket->disconnectFromHost();
}

void WsClient::sendFrame(quint8 opcode, const char *payload, qint64 length)
{
    const int lengthBytes = length < 126 ? 0 : (length <= 0xFFFF ? 2 : 8);
    const qint64 header = 2 + lengthBytes + 4;
    QByteArray frame(header + length, Qt::Uninitialized);
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
    m_socket->write(frame);
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
    QPointer<WsClient> alive(this);
    m_socket->abort(); // emits disconnected() (-> finish()) when the TCP connection was up
    if (alive)
        finish();
}

void WsClient::failConnection(quint16 code, const QString &sentence)
{
    if (m_state == State::Unconnected)
        return;
    m_errorString = sentence;
    m_closeCode = code;
    if ((m_state == State::Open || m_state == State::Closing) && !m_closeSent) {
        m_closeSent = true;
        QByteArray payload(2, Qt::Uninitialized);
        qToBigEndian<quint16>(code, payload.data());
        sendFrame(kOpClose, payload.constData(), payload.size());
    }
    const bool connecting = m_state == State::Connecting;
    m_state = State::Closing;
    m_partial.clear();
    m_message.clear();
    m_messageOpcode = 0;
    QPointer<WsClient> alive(this);
    emit error(sentence);
    if (!alive || m_state == State::Unconnected)
        return;
    if (!m_socket)
        return;
    if (connecting)
        m_socket->abort();
    else
        m_socket->disconnectFromHost();
    if (alive && m_socket && m_socket->state() == QAbstractSocket::UnconnectedState)
        finish();
}

void WsClient::onTcpDisconnected()
{
    if (m_state == State::Connecting) {
        failConnection(kCloseAbnormal,
                       QStringLiteral("The server closed the connection during the upgrade"));
        return;
    }
    finish();
}

void WsClient::onSocketError()
{
    if (m_state != State::Connecting) {
        // After the upgrade a socket error ends the connection; disconnected() follows and
        // reports 1006 unless a close frame came first.
        if (m_errorString.isEmpty())
            m_errorString = m_socket->errorString();
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            finish();
        return;
    }
    failConnection(kCloseAbnormal, m_socket->errorString());
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
    if (m_socket) {
        QTcpSocket *socket = std::exchange(m_socket, nullptr);
        socket->disconnect(this);
        socket->deleteLater();
    }
    emit disconnected();
}

} // namespace cicada
