#pragma once

#include "httptransport.h"

#include <QElapsedTimer>
#include <QTimer>

class QNetworkAccessManager;
class QNetworkReply;

namespace cicada {

/**
 * @brief The optional `qt` transport: HttpTransport over a QNetworkAccessManager (one per
 * transport, with its own cookie jar), for HTTP/2, system proxies and cross-checking the raw
 * transport in tests.
 *
 * Redirects use QNetworkRequest::NoLessSafeRedirectPolicy (none when maxRedirects is 0). The
 * timeout covers the whole request, like the raw transport's: a precise timer checked against a
 * monotonic clock started in send(), so it never fires early. The body is read as it arrives
 * through a bounded read buffer (Qt's HTTP thread waits for this thread instead of queueing without
 * limit) and a body over HttpRequest::maxBodyBytes aborts the reply (at most that many bytes, plus
 * the read buffer, are held).
 * Errors carry the same plain messages as RawHttpTransport where Qt reports the same condition.
 * Much slower than the raw transport (each QNetworkAccessManager also starts its own thread).
 */
class QtHttpTransport final : public HttpTransport
{
    Q_OBJECT
public:
    explicit QtHttpTransport(QObject *parent = nullptr);
    ~QtHttpTransport() override;

    void send(const HttpRequest &request, Callback done) override;
    [[nodiscard]] QNetworkCookieJar *cookieJar() const override;
    void abort() override;

private:
    void onFinished();
    void onReadyRead();
    void onTimeout();
    /** Aborts the reply; onFinished() reports @p error (queued). */
    void failReply(const QString &error);
    [[nodiscard]] QString errorMessage() const;
    void complete(const HttpResponse &response, bool queued);

    QNetworkAccessManager *m_manager = nullptr;
    QNetworkCookieJar *m_cookieJar = nullptr;
    QNetworkReply *m_reply = nullptr;
    HttpRequest m_request;
    Callback m_done;
    QString m_tlsError;
    QString m_failure;     ///< set before aborting the reply: the request's error
    QByteArray m_body;     ///< read as it arrives, so maxBodyBytes bounds memory
    QTimer m_timeoutTimer; ///< precise, single shot
    QElapsedTimer m_sentClock;
    int m_redirects = 0;
    bool m_inSend = false;
    bool m_aborted = false;
};

} // namespace cicada
