#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QUrl>

#include <functional>

class QNetworkCookieJar;

namespace cicada {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

/** @brief One HTTP request as a virtual user issues it. */
struct HttpRequest
{
    QByteArray method = "GET";
    QUrl url;            ///< absolute http:// or https:// URL
    HttpHeaders headers; ///< extra headers; Host, Content-Length, Cookie are added by the transport
    QByteArray body;
    /** Whole request (connect, redirects, response), milliseconds, measured on a monotonic
     *  clock from send(); never fires early. 0 = none. */
    int timeoutMs = 30000;
    int maxRedirects = 5; ///< 301/302/303/307/308 followed up to this many times; 0 = none
    bool verifyTls = true;
    /** Largest decoded response body accepted, bytes; 0 = unlimited. A larger body fails the
     *  request with "Response body exceeds N MiB limit" and drops the connection. */
    qint64 maxBodyBytes = 0;
    /** false: the response's headers list may hold only what the transport itself needs
     *  (Set-Cookie, Location), which saves copying every header when no one reads them. Cookies
     *  are stored and redirects followed either way. */
    bool wantHeaders = true;
};

/** @brief The result of one request. A transport error leaves status 0 and sets error. */
struct HttpResponse
{
    int status = 0;
    HttpHeaders headers; ///< headers of the final response (after redirects)
    QByteArray body;     ///< decoded body (chunked framing removed)
    QString error;       ///< empty when a response was received; e.g. "Connection refused"
    QUrl finalUrl;       ///< URL of the final response after redirects
    int redirects = 0;

    /** Value of the first header named @p name (case-insensitive); empty when absent. */
    [[nodiscard]] QByteArray header(const QByteArray &name) const;
};

/**
 * @brief A per-user HTTP session: its own connection(s) and its own cookie jar, like a Locust
 * HttpSession. Lives in, and must only be used from, the thread that created it.
 *
 * At most one request is in flight per transport (a virtual user is sequential).
 */
class HttpTransport : public QObject
{
    Q_OBJECT
public:
    enum class Kind
    {
        Raw,
        Qt
    };
    using Callback = std::function<void(const HttpResponse &)>;

    using QObject::QObject;
    ~HttpTransport() override = default;

    /** Sends the request; @p done is called exactly once, later, from the event loop. */
    virtual void send(const HttpRequest &request, Callback done) = 0;
    /** Cookies received so far and sent with matching requests; owned by the transport. */
    [[nodiscard]] virtual QNetworkCookieJar *cookieJar() const = 0;
    /** Drops the connection(s); a pending request completes with an error. */
    virtual void abort() = 0;

    /** Creates the raw (QTcpSocket + http-parser) or the Qt (QNetworkAccessManager) transport. */
    [[nodiscard]] static HttpTransport *create(Kind kind, QObject *parent = nullptr);
    [[nodiscard]] static bool parseKind(const QString &text, Kind *kind);
    /** The error of a body over HttpRequest::maxBodyBytes, with the limit in the largest whole
     *  unit: "Response body exceeds 16 MiB limit", "... 1500 bytes limit". */
    [[nodiscard]] static QString bodyLimitError(qint64 maxBodyBytes);

protected:
    /** Calls @p done with @p response from the event loop; dropped if this transport is
     *  destroyed first (this object is the call's context). */
    void deliverLater(Callback done, HttpResponse response);
    /** Answers a send() made while a request is in flight (one request at a time per transport)
     *  without disturbing that request. */
    void rejectConcurrentSend(const HttpRequest &request, Callback done);
};

} // namespace cicada
