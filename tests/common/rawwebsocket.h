#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QList>
#include <QTcpSocket>
#include <QTest>
#include <QtEndian>

#include <optional>

namespace cicada::test {

/**
 * @brief A byte-level WebSocket client for tests that must see what is on the wire:
 *        the close frame's code (Qt 6.4's QWebSocket turns codes 1012-2999 into 1002) or the
 *        absence of any close frame before the TCP connection ends (QWebSocket reports that as
 *        1000).
 *
 * Loopback only. Frames sent are masked (as a client must); frames read are expected unmasked
 * and unfragmented (the test servers send them so). Waits run the event loop (QTest::qWaitFor), so
 * an in-process server and other sockets keep working meanwhile; every wait is bounded by its
 * timeout.
 */
class RawWebSocket
{
public:
    /** One frame from the server. */
    struct Frame
    {
        int opcode = 0; ///< 0x1 text, 0x2 binary, 0x8 close, 0x9 ping, 0xA pong
        QByteArray payload;

        /** The close code of a close frame (0 when it carries none). */
        [[nodiscard]] int closeCode() const
        {
            if (opcode != kOpClose || payload.size() < 2)
                return 0;
            return qFromBigEndian<quint16>(payload.constData());
        }
        /** The close reason of a close frame, UTF-8 bytes. */
        [[nodiscard]] QByteArray closeReason() const
        {
            return opcode == kOpClose ? payload.mid(2) : QByteArray();
        }
    };

    static constexpr int kOpText = 0x1;
    static constexpr int kOpBinary = 0x2;
    static constexpr int kOpClose = 0x8;

    /**
     * Connects to 127.0.0.1:@p port and sends an upgrade request for @p path with
     * @p extraHeaderLines (each "Name: value"). Returns the response's status code (101 on
     * success), 0 when no response came within @p timeoutMs.
     */
    int open(quint16 port, const QList<QByteArray> &extraHeaderLines = {},
             const QByteArray &path = "/", int timeoutMs = 10000)
    {
        const QDeadlineTimer deadline(timeoutMs);
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        if (!QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState; },
                             int(deadline.remainingTime())))
            return 0;
        QByteArray request = "GET " + path +
                             " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                             "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
        for (const QByteArray &line : extraHeaderLines)
            request += line + "\r\n";
        m_socket.write(request + "\r\n");
        while (!m_buffer.contains("\r\n\r\n")) {
            if (!readMore(deadline))
                return 0;
        }
        const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n") + 4;
        m_responseHead = m_buffer.left(headerEnd);
        m_buffer.remove(0, headerEnd);
        const QList<QByteArray> statusLine =
            m_responseHead.left(m_responseHead.indexOf('\r')).split(' ');
        return statusLine.size() >= 2 ? statusLine.at(1).toInt() : 0;
    }

    /** The handshake response's status line and headers. */
    [[nodiscard]] const QByteArray &responseHead() const { return m_responseHead; }

    void sendText(const QByteArray &utf8) { sendFrame(kOpText, utf8); }
    void sendBinary(const QByteArray &bytes) { sendFrame(kOpBinary, bytes); }

    /** The next frame, or nothing when the connection ended or @p timeoutMs passed first. */
    std::optional<Frame> readFrame(int timeoutMs = 10000)
    {
        const QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            if (std::optional<Frame> frame = takeFrame())
                return frame;
            if (!readMore(deadline))
                return std::nullopt;
        }
    }

    /** True once the server ended the TCP connection (seen by a read that found no more data). */
    [[nodiscard]] bool ended() const { return m_ended; }

private:
    bool readMore(const QDeadlineTimer &deadline)
    {
        (void)QTest::qWaitFor(
            [this] {
                return m_socket.bytesAvailable() > 0 ||
                       m_socket.state() != QAbstractSocket::ConnectedState;
            },
            int(deadline.remainingTime()));
        if (m_socket.bytesAvailable() > 0) {
            m_buffer += m_socket.readAll();
            return true;
        }
        m_ended = m_socket.state() != QAbstractSocket::ConnectedState;
        return false;
    }

    std::optional<Frame> takeFrame()
    {
        if (m_buffer.size() < 2)
            return std::nullopt;
        const auto *bytes = reinterpret_cast<const uchar *>(m_buffer.constData());
        qsizetype headerSize = 2;
        quint64 length = bytes[1] & 0x7f;
        if (length == 126) {
            headerSize = 4;
            if (m_buffer.size() < headerSize)
                return std::nullopt;
            length = qFromBigEndian<quint16>(bytes + 2);
        } else if (length == 127) {
            headerSize = 10;
            if (m_buffer.size() < headerSize)
                return std::nullopt;
            length = qFromBigEndian<quint64>(bytes + 2);
        }
        if (quint64(m_buffer.size() - headerSize) < length)
            return std::nullopt;
        Frame frame{bytes[0] & 0x0f, m_buffer.mid(headerSize, qsizetype(length))};
        m_buffer.remove(0, headerSize + qsizetype(length));
        return frame;
    }

    void sendFrame(int opcode, const QByteArray &payload)
    {
        static constexpr uchar kMask[4] = {0x12, 0x34, 0x56, 0x78};
        QByteArray frame;
        frame += char(0x80 | opcode);
        if (payload.size() < 126) {
            frame += char(0x80 | payload.size());
        } else if (payload.size() <= 0xffff) {
            frame += char(0x80 | 126);
            uchar length[2];
            qToBigEndian<quint16>(quint16(payload.size()), length);
            frame.append(reinterpret_cast<const char *>(length), 2);
        } else {
            frame += char(0x80 | 127);
            uchar length[8];
            qToBigEndian<quint64>(quint64(payload.size()), length);
            frame.append(reinterpret_cast<const char *>(length), 8);
        }
        frame.append(reinterpret_cast<const char *>(kMask), 4);
        for (qsizetype i = 0; i < payload.size(); ++i)
            frame += char(uchar(payload.at(i)) ^ kMask[i % 4]);
        m_socket.write(frame);
        m_socket.flush();
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_responseHead;
    bool m_ended = false;
};

} // namespace cicada::test
