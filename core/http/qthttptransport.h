#pragma once

#include "httptransport.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace cicada {

/**
 * @brief The optional `qt` transport: HttpTransport over a QNetworkAccessManager (one per
 * transport, with its own cookie jar), for HTTP/2, system proxies and cross-checking the raw
 * transport in tests.
 *
 * Redirects use QNetworkRequest::NoLessSafeRedirectPolicy (none when maxRedirects is 0); the
 * timeout is QNetworkRequest's transfer timeout (no bytes for timeoutMs aborts the request).
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
    [[nodiscard]] QString errorMessage() const;
    void complete(const HttpResponse &response, bool queued);

    QNetworkAccessManager *m_manager = nullptr;
    QNetworkCookieJar *m_cookieJar = nullptr;
    QNetworkReply *m_reply = nullptr;
    HttpRequest m_request;
    Callback m_done;
    QString m_tlsError;
    int m_redirects = 0;
    bool m_inSend = false;
    bool m_aborted = false;
};

} // namespace cicada
