#pragma once

#include "wstransport.h"

#include <QByteArray>
#include <QHostAddress>

#include <memory>
#include <utility>

class QHostInfo;
class QSocketNotifier;
class QSslSocket;
class WsClientTest;

namespace cicada {

/**
 * @brief A lean RFC 6455 WebSocket client for virtual users, over a non-blocking socket of its
 *        own (ws://) or QSslSocket (wss://), with the subset of QWebSocket's API a session uses.
 *
 * Why not QWebSocket: each one carries a QWebSocketPrivate, a data processor, a handshake
 * object, timers and a QTcpSocket whose read and write buffers keep a 16-32 KiB chunk each for
 * the life of the connection (about 34 KiB of RSS and 60 KiB of heap per idle connection
 * measured here), converts every text message to UTF-16, and reports a TCP loss without a close
 * frame as code 1000 and received codes 1012-2999 as 1002. For ws:// this client holds one
 * QObject, a socket descriptor with a read and a write QSocketNotifier, and a few words: frames
 * are built and parsed in per-thread scratch buffers, so a connection owns buffer memory only
 * while a frame or fragmented message is incomplete or the kernel refused part of a write.
 * Frames sent while incoming data is handled (ws://: from inside messageReceived(), connected()
 * and the like) are queued and leave in one write when that read handler ends. It
 * has no timers at all (connect timeouts and keep-alive pings are the caller's, who can share one
 * timer between many connections). wss:// goes through QSslSocket and costs what it costs.
 *
 * Behaviour (RFC 6455 client side):
 * - open(): TCP (or TLS) connect — to each address the host name resolves to, in order, until
 *   one accepts (as QAbstractSocket does) — then the upgrade request with Host, the key, version
 * 13, the offered subprotocols, and the caller's headers (e.g. Cookie, Origin, Authorization)
 * verbatim. The response must be 101 with Upgrade/Connection, the right Sec-WebSocket-Accept, no
 *   extension, and either no subprotocol or one that was offered; else error() with a sentence
 *   ("WebSocket upgrade rejected: HTTP 403 Forbidden", httpStatus() 403) and disconnected().
 * - Frames sent are masked with a fresh 32-bit key each (a per-thread PRNG seeded from the OS),
 *   unfragmented. Frames received are reassembled across continuation frames (control frames may
 *   interleave); pings are answered with a pong carrying the same payload.
 * - Protocol violations by the server fail the connection with a close frame and the code as
 *   closeCode(): 1002 for a masked server frame, reserved bits or opcodes, a fragmented or
 *   oversized control frame, a stray continuation, or an invalid close code; 1007 for a text
 *   message (or close reason) that is not UTF-8; 1009 for a message larger than
 *   maxMessageBytes().
 * - A close frame from the server is answered (same code) and its code and reason are reported;
 *   an empty close frame reports 1005. A TCP connection that ends without a close frame reports
 *   1006 (also when it ends in the middle of a frame).
 *
 * Signals: connected() after the upgrade; messageReceived() per complete message (text is
 * delivered as the UTF-8 bytes received, already validated); pong(); error() with a sentence,
 * always followed by disconnected() when the client was not already unconnected; disconnected()
 * once per open(). Slots may delete the client with deleteLater(); abort() inside a slot stops
 * further delivery.
 *
 * Lives in, and must only be used from, the thread that created it. Not thread-safe.
 */
class WsClient final : public WsTransport
{
    Q_OBJECT
    friend class ::WsClientTest; ///< feeds onHostLookedUp() a chosen address list
public:
    enum class State : quint8
    {
        Unconnected,
        Connecting, ///< TCP/TLS connect or the upgrade is under way
        Open,
        Closing ///< a close frame was sent or received; waiting for the TCP connection to end
    };

    /** Close codes this client reports that are not sent on the wire by a peer. */
    static constexpr quint16 kCloseNormal = 1000;
    static constexpr quint16 kCloseProtocolError = 1002;
    static constexpr quint16 kCloseNoStatus = 1005;
    static constexpr quint16 kCloseAbnormal = 1006;
    static constexpr quint16 kCloseInvalidPayload = 1007;
    static constexpr quint16 kCloseTooBig = 1009;

    explicit WsClient(QObject *parent = nullptr);
    ~WsClient() override;

    /**
     * Connects to @p url (ws:// or wss://) with @p headers added to the upgrade request and
     * @p subprotocols offered in order. An open connection is aborted first.
     */
    void open(const QUrl &url, const Headers &headers = {}, const QStringList &subprotocols = {});
    /** WsTransport: applies @p options (limits, TLS, source address), then open() above. */
    void open(const QUrl &url, const Options &options) override;

    /** Incoming messages larger than this fail the connection with 1009. 0 = no limit. */
    void setMaxMessageBytes(qint64 bytes) { m_maxMessageBytes = bytes; }
    [[nodiscard]] qint64 maxMessageBytes() const { return m_maxMessageBytes; }
    /** wss:// only: accept certificates that do not verify (a profile's verifyTls: false). */
    void setVerifyPeer(bool verify) { m_verifyPeer = verify; }
    /** Bind to this local address before connecting (several source addresses lift the ~28k
     *  ephemeral ports of one source/destination pair; wss:// binds a port at once, so there
     *  the ports of an address are shared by all destinations). Null = the kernel's choice. */
    void setSourceAddress(const QHostAddress &address) { m_sourceAddress = address; }

    /** Sends one text frame; @p utf8 must be UTF-8. Returns payload bytes queued (0 if not open).
     */
    qint64 sendTextMessage(const QByteArray &utf8) override;
    qint64 sendTextMessage(const QString &text) { return sendTextMessage(text.toUtf8()); }
    qint64 sendBinaryMessage(const QByteArray &data) override;
    /** Sends a ping (at most 125 bytes of payload); pong() reports the round trip. */
    void ping(const QByteArray &payload = {}) override;
    /** Starts the closing handshake; disconnected() follows when the server ends the TCP
     *  connection (or at once when not open). */
    void close(quint16 code = kCloseNormal, const QByteArray &reasonUtf8 = {}) override;
    /** Drops the TCP connection without a close frame; disconnected() is emitted (code 1006). */
    void abort() override;

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool isOpen() const override { return m_state == State::Open; }
    /** The close code of the last connection (see the class doc), 0 while never closed. */
    [[nodiscard]] quint16 closeCode() const override { return m_closeCode; }
    [[nodiscard]] QString closeReason() const override { return QString::fromUtf8(m_closeReason); }
    /** The subprotocol the server selected, empty for none. */
    [[nodiscard]] QString subprotocol() const override { return QString::fromUtf8(m_subprotocol); }
    /** The last error's sentence, empty when none. */
    [[nodiscard]] QString errorString() const override { return m_errorString; }
    /** The HTTP status of a rejected upgrade, 0 otherwise. */
    [[nodiscard]] int httpStatus() const override { return m_httpStatus; }
    [[nodiscard]] bool failedLocally() const override { return m_failedLocally; }

private:
    struct Handshake;

    void connectTo(const QHostAddress &address);
    /** While connecting: drops the attempt in progress and connects to the next resolved
     *  address; false when none is left (then the caller fails the connection). */
    bool connectToNextAddress();
    void onHostLookedUp(const QHostInfo &info);
    void onTransportConnected();
    void onReadable();
    void onWritable();
    void onSslReadyRead();
    void onSslDisconnected();
    void onSslError();
    /** Bytes from the server: the upgrade response while connecting, frames afterwards. */
    void processIncoming(const char *data, qint64 size);
    bool readHandshakeResponse();
    /** Parses frames; keeps an incomplete tail in m_partial. */
    void parseFrames(const char *data, qint64 size);
    bool handleFrame(quint8 opcode, bool fin, const char *payload, qint64 length);
    void handleClose(const char *payload, qint64 length);
    void sendFrame(quint8 opcode, const char *payload, qint64 length);
    void transportWrite(const char *data, qint64 size);
    /** Sends m_outbox until it is empty (then releases it) or the kernel refuses more (then the
     *  write notifier waits). */
    void writeOutbox();
    /** The end of a batch: writes what was queued, unless it waits behind a full buffer. */
    void flushBatch();
    /** Ends our side once queued output is written; the peer's end of stream then finishes. */
    void transportShutdown();
    void transportClose();
    void setWriteNotifier(bool enabled);
    void failConnection(quint16 code, const QString &sentence);
    void endOfStream();
    void finish();

    int m_fd = -1; ///< ws:// socket
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QSslSocket *m_ssl = nullptr;            ///< wss:// socket
    std::unique_ptr<Handshake> m_handshake; ///< only while connecting
    QByteArray m_outbox;                    ///< bytes the kernel did not take yet (ws://)
    QByteArray m_partial;                   ///< an incomplete frame (empty between frames)
    QByteArray m_message;                   ///< fragments of an unfinished message
    QByteArray m_closeReason;
    QByteArray m_subprotocol;
    QString m_errorString;
    QHostAddress m_sourceAddress;
    qint64 m_maxMessageBytes = 0;
    qint64 m_pingSentNs = -1;
    int m_httpStatus = 0;
    quint16 m_port = 0;
    quint16 m_closeCode = 0;
    State m_state = State::Unconnected;
    quint8 m_messageOpcode = 0; ///< 1 text / 2 binary while m_message is being assembled
    bool m_verifyPeer = true;
    bool m_closeSent = false;
    bool m_closeReceived = false;
    bool m_failedLocally = false;
    bool m_shutdownPending = false; ///< shut down our side once m_outbox is empty
    bool m_connecting = false;      ///< ws:// TCP connect in progress
    bool m_batching = false; ///< in onReadable(): writes wait in m_outbox for one write at its end
};

} // namespace cicada
