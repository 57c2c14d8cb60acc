#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <utility>

namespace cicada {

/**
 * @brief One WebSocket connection of a virtual user, behind the interface a session needs, so
 *        the engine can switch between Cicada's lean client (WsClient, the default candidate)
 *        and QWebSocket (QtWsTransport: the `qt` transport and the oracle in tests), as
 *        HttpTransport does for HTTP.
 *
 * Contract for both kinds:
 * - open() starts a connection; connected() follows the upgrade, or error(sentence) then
 *   disconnected() (a bad URL gives error() alone). A rejected upgrade's sentence is "WebSocket
 *   upgrade rejected: HTTP <status> <reason>" and httpStatus() is the status.
 * - messageReceived(payload, binary): text arrives as UTF-8 bytes.
 * - disconnected() once per connection; closeCode() then says why: the server's close code,
 *   1005 for a close frame without one, 1006 when the TCP connection ended without a close frame.
 * - Lives in, and must only be used from, the thread that created it.
 * Known differences of the `qt` kind (Qt 6.4): received codes 1012-2999 read as 1002, and a
 * message over maxMessageBytes is refused with 1009 only once its frames exceed the limit.
 */
class WsTransport : public QObject
{
    Q_OBJECT
public:
    enum class Kind
    {
        Lean, ///< WsClient
        Qt    ///< QWebSocket
    };
    using Headers = QList<std::pair<QByteArray, QByteArray>>;

    /** Per-connection settings, read by open(). */
    struct Options
    {
        Headers headers;            ///< added verbatim to the upgrade request (Cookie, Origin, ...)
        QStringList subprotocols;   ///< offered in order
        qint64 maxMessageBytes = 0; ///< incoming messages over this fail with 1009; 0 = no limit
        bool verifyPeer = true;     ///< wss:// certificate verification
        QHostAddress sourceAddress; ///< local address to bind (lean only); null = any
    };

    using QObject::QObject;

    /** A new transport of @p kind. */
    [[nodiscard]] static WsTransport *create(Kind kind, QObject *parent = nullptr);
    /** "lean" or "qt" (a profile's target.wsTransport); false for anything else. */
    [[nodiscard]] static bool parseKind(const QString &text, Kind *kind);

    virtual void open(const QUrl &url, const Options &options) = 0;
    /** Returns payload bytes queued, 0 when not open. */
    virtual qint64 sendTextMessage(const QByteArray &utf8) = 0;
    virtual qint64 sendBinaryMessage(const QByteArray &data) = 0;
    virtual void ping(const QByteArray &payload = {}) = 0;
    virtual void close(quint16 code = 1000, const QByteArray &reasonUtf8 = {}) = 0;
    virtual void abort() = 0;

    [[nodiscard]] virtual bool isOpen() const = 0;
    [[nodiscard]] virtual quint16 closeCode() const = 0;
    [[nodiscard]] virtual QString closeReason() const = 0;
    [[nodiscard]] virtual QString subprotocol() const = 0;
    [[nodiscard]] virtual QString errorString() const = 0;
    [[nodiscard]] virtual int httpStatus() const = 0;
    /** True when this client failed the connection itself (a message over maxMessageBytes:
     *  1009; a protocol violation by the server: 1002/1007) rather than the server closing it;
     *  closeCode() says which and errorString() why. */
    [[nodiscard]] virtual bool failedLocally() const = 0;

signals:
    void connected();
    void disconnected();
    /** One complete message: text as UTF-8 bytes, or binary. */
    void messageReceived(const QByteArray &payload, bool binary);
    /** A pong: @p elapsedMs since the latest ping(). */
    void pong(quint64 elapsedMs, const QByteArray &payload);
    void error(const QString &sentence);
};

} // namespace cicada
