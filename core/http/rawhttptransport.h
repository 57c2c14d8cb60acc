#pragma once

#include "httptransport.h"

#include <QElapsedTimer>
#include <QHostAddress>

#include <http_parser.h>

class QTcpSocket;
class QTimerEvent;

namespace cicada {

class VersionedCookieJar;

/**
 * @brief Cicada's own HTTP/1.1 client: one QTcpSocket (http) or QSslSocket (https) per transport,
 * driven by the owning thread's event loop, responses parsed with http-parser.
 *
 * The connection is kept alive and reused for the next request to the same scheme, host and port.
 * If a request on a reused connection fails before any response byte arrived (the server closed
 * an idle keep-alive connection), it is retried once on a fresh connection. Redirects are
 * followed up to HttpRequest::maxRedirects; cookies are kept in the transport's own jar.
 * The timeout is a precise timer checked against a monotonic clock started in send(), so it
 * never fires early; the timer is left running between requests and re-armed for what is left
 * when it fires, so a keep-alive loop starts and kills no timer per request. A body over
 * HttpRequest::maxBodyBytes (announced by Content-Length or streamed) fails the request and drops
 * the connection; the body held never exceeds the limit and the socket is read in bounded pieces
 * (no unbounded Qt read buffer, TLS included).
 *
 * The callback runs exactly once per send(), never inside send() and never after the transport
 * is destroyed. Destroying the transport inside its own callback is allowed.
 */
class RawHttpTransport final : public HttpTransport
{
    Q_OBJECT
public:
    explicit RawHttpTransport(QObject *parent = nullptr);
    ~RawHttpTransport() override;

    void send(const HttpRequest &request, Callback done) override;
    [[nodiscard]] QNetworkCookieJar *cookieJar() const override;
    void abort() override;

    /** Binds every new connection to this local address (target.sourceAddresses); null = the
     *  kernel's choice. */
    void setSourceAddress(const QHostAddress &address) { m_sourceAddress = address; }

    /** Number of TCP connections this transport has opened so far (keep-alive diagnostics). */
    [[nodiscard]] int connectionsOpened() const { return m_connectionsOpened; }
    /** Requests re-sent on a fresh connection because a reused one failed before any response. */
    [[nodiscard]] int retries() const { return m_retries; }

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    // http-parser callbacks; parser->data points at the transport.
    static int onHeaderField(http_parser *parser, const char *at, size_t length);
    static int onHeaderValue(http_parser *parser, const char *at, size_t length);
    static int onHeadersComplete(http_parser *parser);
    static int onBody(http_parser *parser, const char *at, size_t length);
    static int onMessageComplete(http_parser *parser);

    /** Sends m_request on the current connection, opening one when needed. */
    void startAttempt();
    /** Opens a connection for m_request; the request is written as soon as it can be. */
    void openConnection();
    void connectSignals(QTcpSocket *socket);
    /** Disconnects, aborts and schedules deletion of the socket; safe inside its signals. */
    void dropConnection();
    /** Binds @p socket (already m_socket) to the source address, if any; on failure drops the
     *  connection, fails the request and returns false. */
    bool bindSourceAddress(QTcpSocket *socket);
    void writeRequest();
    void onReadyRead();
    void onSocketClosed();
    void onSocketError();
    /** Feeds bytes to the parser; returns false when the request was completed (or failed). */
    bool feed(const char *data, qsizetype length);
    void onResponseComplete();
    /** Clears the request state and runs the callback, queued while inside send(). */
    void finish(bool queued = false);
    void fail(const QString &error, bool queued = false);
    /** Starts the timeout timer for what is left of m_request.timeoutMs. */
    void armTimeout();
    void storeCookies();
    /** Fills m_url for @p url unless it already describes it (the usual case: the same URL as
     *  the request before, often the same shared QUrl). */
    void resolveUrl(const QUrl &url);
    /** Whether the current connection goes to m_url's scheme, host and port. */
    [[nodiscard]] bool sameOrigin() const;
    /** Appends the Cookie header line for m_url (cached while the jar does not change). */
    void appendCookieHeader(QByteArray &out);

    static const http_parser_settings s_parserSettings;

    /** What a request needs from its URL, computed once per distinct URL. */
    struct UrlInfo
    {
        QUrl url;
        bool valid = false; ///< http(s) with a host
        bool secure = false;
        QString host;
        int port = 0;
        QByteArray target;     ///< path?query, starting with '/'
        QByteArray hostHeader; ///< host[:port] as the Host header wants it
        QByteArray head;       ///< request line and default headers for headMethod
        QByteArray headMethod;
        quint8 headUserHeaders = 0; ///< which default headers the request gave itself
        // The Cookie header line for url, valid while the jar's version is cookieVersion and
        // the clock is before cookieValidUntilMs (the first expiry among its cookies).
        bool cookieCached = false;
        quint64 cookieVersion = 0;
        qint64 cookieValidUntilMs = 0;
        QByteArray cookieLine;
    };

    VersionedCookieJar *m_cookieJar = nullptr;
    QTcpSocket *m_socket = nullptr; ///< current connection; not a child (see dropConnection)
    bool m_secure = false;          ///< current connection is TLS
    bool m_verifyTls = true;        ///< current connection verified the peer
    QHostAddress m_sourceAddress;   ///< local address to bind, null = any
    QString m_host;                 ///< host of the current connection
    int m_port = 0;                 ///< port of the current connection
    int m_connectionsOpened = 0;
    int m_retries = 0;
    int m_requestsOnConnection = 0; ///< completed responses on the current connection

    // The request in flight.
    bool m_pending = false;
    bool m_inSend = false;
    bool m_retried = false;
    bool m_reusedConnection = false; ///< the current attempt went out on a used connection
    bool m_gotResponseBytes = false;
    bool m_messageComplete = false;
    bool m_headerValueLast = false;
    bool m_keepAlive = true;
    bool m_bodyTooLarge = false; ///< set by the parser callbacks; the request fails
    bool m_sawSetCookie = false; ///< the response has a Set-Cookie header
    int m_timerId = 0;           ///< the timeout timer; may outlive the request it was armed for
    qint64 m_timerDueMs = 0;     ///< when m_timerId fires, on m_sentClock's reference clock
    QElapsedTimer m_sentClock;   ///< monotonic, started in send(): the timeout's reference
    HttpRequest m_request;
    Callback m_done;
    HttpResponse m_response;
    QString m_tlsError;

    http_parser m_parser{};
    QByteArray m_out; ///< serialized request; capacity reused across requests
    UrlInfo m_url;    ///< of m_request.url
};

} // namespace cicada
