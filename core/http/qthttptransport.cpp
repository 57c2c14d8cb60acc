#include "qthttptransport.h"

#include <QNetworkAccessManager>
#include <QNetworkCookieJar>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslError>

namespace cicada {

namespace {

constexpr char kUserAgent[] = "cicada/" CICADA_VERSION;
/// Body bytes Qt's HTTP thread may hand over before this thread has read them (flow control).
constexpr qint64 kReplyReadBufferBytes = 256 * 1024;

bool nameIs(const QByteArray &name, QByteArrayView lowerName)
{
    return name.compare(lowerName, Qt::CaseInsensitive) == 0;
}

} // namespace

QtHttpTransport::QtHttpTransport(QObject *parent)
    : HttpTransport(parent), m_manager(new QNetworkAccessManager(this)),
      m_cookieJar(new QNetworkCookieJar(m_manager))
{
    m_manager->setCookieJar(m_cookieJar);
    m_timeoutTimer.setSingleShot(true);
    // A coarse timer (Qt's default) may fire up to 5 % early.
    m_timeoutTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_timeoutTimer, &QTimer::timeout, this, &QtHttpTransport::onTimeout);
}

QtHttpTransport::~QtHttpTransport()
{
    // Callbacks never run after destruction: forget the reply before aborting it.
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

QNetworkCookieJar *QtHttpTransport::cookieJar() const
{
    return m_cookieJar;
}

void QtHttpTransport::send(const HttpRequest &request, Callback done)
{
    if (m_reply) {
        rejectConcurrentSend(request, std::move(done));
        return;
    }
    m_inSend = true;
    m_request = request;
    m_done = std::move(done);
    m_redirects = 0;
    m_aborted = false;
    m_tlsError.clear();
    m_failure.clear();
    m_body.clear();
    m_sentClock.start();

    QNetworkRequest networkRequest(request.url);
    bool userAgent = false;
    bool userAccept = false;
    bool contentType = false;
    for (const auto &header : request.headers) {
        userAgent = userAgent || nameIs(header.first, "user-agent");
        contentType = contentType || nameIs(header.first, "content-type");
        userAccept = userAccept || nameIs(header.first, "accept");
        if (!nameIs(header.first, "content-length"))
            networkRequest.setRawHeader(header.first, header.second);
    }
    if (!userAgent)
        networkRequest.setRawHeader(QByteArrayLiteral("User-Agent"), QByteArray(kUserAgent));
    if (!userAccept)
        networkRequest.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("*/*"));
    // QNAM would label an untyped body application/x-www-form-urlencoded (with a warning per
    // request); octet-stream claims nothing about the bytes, which is the honest default.
    if (!contentType && !request.body.isEmpty())
        networkRequest.setRawHeader(QByteArrayLiteral("Content-Type"),
                                    QByteArrayLiteral("application/octet-stream"));
    if (request.maxRedirects > 0) {
        networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                    QNetworkRequest::NoLessSafeRedirectPolicy);
        networkRequest.setMaximumRedirectsAllowed(request.maxRedirects);
    } else {
        networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                    QNetworkRequest::ManualRedirectPolicy);
    }

    const QByteArray &method = request.method;
    QNetworkReply *reply = nullptr;
    if (method == "GET" && request.body.isEmpty())
        reply = m_manager->get(networkRequest);
    else if (method == "HEAD")
        reply = m_manager->head(networkRequest);
    else if (method == "POST")
        reply = m_manager->post(networkRequest, request.body);
    else if (method == "PUT")
        reply = m_manager->put(networkRequest, request.body);
    else if (method == "DELETE" && request.body.isEmpty())
        reply = m_manager->deleteResource(networkRequest);
    else
        reply = m_manager->sendCustomRequest(networkRequest, method, request.body);
    m_reply = reply;
    // Without a read buffer size Qt's HTTP thread reads the socket as fast as it can and queues
    // every piece to this thread, however slowly this thread reads: on a loaded machine an
    // endless body queued 450 MiB before onReadyRead() could see the limit, and an aborted
    // reply's queue took more than 30 s to drain, starving the next request. With a size set,
    // the HTTP thread stops reading until this thread has read what it was given, so memory
    // stays bounded, and nothing is left queued (or still downloading) once the reply is
    // aborted. Set before the event loop runs, so it applies from the first byte.
    reply->setReadBufferSize(kReplyReadBufferBytes);

    connect(reply, &QNetworkReply::redirected, this, [this] {
        ++m_redirects;
        m_body.clear();
    });
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] {
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        const qint64 maxBody = m_request.maxBodyBytes;
        if (maxBody > 0 && length.isValid() && length.toLongLong() > maxBody &&
            !reply->attribute(QNetworkRequest::RedirectionTargetAttribute).isValid())
            failReply(bodyLimitError(maxBody));
    });
    connect(reply, &QIODevice::readyRead, this, &QtHttpTransport::onReadyRead);
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &errors) {
        if (!m_request.verifyTls) {
            reply->ignoreSslErrors();
            return;
        }
        QStringList texts;
        for (const QSslError &error : errors)
            texts.append(error.errorString());
        m_tlsError = texts.join(QLatin1String("; "));
    });
    connect(reply, &QNetworkReply::finished, this, &QtHttpTransport::onFinished);
    if (request.timeoutMs > 0)
        m_timeoutTimer.start(request.timeoutMs);
    m_inSend = false;
}

void QtHttpTransport::onReadyRead()
{
    if (!m_reply || !m_failure.isEmpty())
        return;
    const qint64 maxBody = m_request.maxBodyBytes;
    if (maxBody > 0 && m_body.size() + m_reply->bytesAvailable() > maxBody) {
        failReply(bodyLimitError(maxBody));
        return;
    }
    m_body.append(m_reply->readAll());
}

void QtHttpTransport::onTimeout()
{
    if (!m_reply)
        return;
    const qint64 leftMs = m_request.timeoutMs - m_sentClock.elapsed();
    if (leftMs > 0) {
        m_timeoutTimer.start(int(leftMs)); // woke early: measure, never trust the timer
        return;
    }
    failReply(QStringLiteral("Timed out after %1 ms").arg(m_request.timeoutMs));
}

void QtHttpTransport::failReply(const QString &error)
{
    if (!m_reply || !m_failure.isEmpty())
        return;
    m_failure = error;
    m_reply->abort(); // emits finished(); onFinished() queues the callback
}

void QtHttpTransport::abort()
{
    if (!m_reply)
        return;
    m_aborted = true;
    m_reply->abort(); // emits finished(); onFinished() queues the callback
}

QString QtHttpTransport::errorMessage() const
{
    switch (m_reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("Connection refused");
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("Host not found");
    case QNetworkReply::RemoteHostClosedError:
        return QStringLiteral("Connection closed by server before response");
    case QNetworkReply::TimeoutError:
        return QStringLiteral("Timed out after %1 ms").arg(m_request.timeoutMs);
    case QNetworkReply::OperationCanceledError:
        return QStringLiteral("Aborted");
    case QNetworkReply::TooManyRedirectsError:
        return QStringLiteral("too many redirects (%1)").arg(m_request.maxRedirects);
    case QNetworkReply::SslHandshakeFailedError:
        return QStringLiteral("TLS error: %1")
            .arg(m_tlsError.isEmpty() ? m_reply->errorString() : m_tlsError);
    default:
        return m_reply->errorString();
    }
}

void QtHttpTransport::onFinished()
{
    QNetworkReply *reply = m_reply;
    m_timeoutTimer.stop();
    HttpResponse response;
    response.finalUrl = reply->url();
    response.redirects = m_redirects;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    // Errors from 200 up are Qt's names for HTTP statuses (content, protocol, server): a
    // response arrived, so they are not transport errors. Below 200 the network failed.
    if (!m_failure.isEmpty()) {
        response.error = m_failure;
    } else if (status > 0 && (error == QNetworkReply::NoError || int(error) >= 200)) {
        response.status = status;
        response.headers = reply->rawHeaderPairs();
        const QByteArray rest = reply->readAll(); // what arrived since the last readyRead()
        const qint64 maxBody = m_request.maxBodyBytes;
        if (maxBody > 0 && m_body.size() + rest.size() > maxBody) {
            response.status = 0;
            response.headers.clear();
            response.error = bodyLimitError(maxBody);
        } else {
            m_body.append(rest);
            response.body = std::move(m_body);
        }
        m_body = QByteArray();
    } else {
        response.error = errorMessage();
        if (response.error.isEmpty())
            response.error = QStringLiteral("Network error %1").arg(int(error));
    }
    const bool queued = m_aborted || m_inSend || !m_failure.isEmpty();
    m_reply = nullptr;
    reply->disconnect(this);
    reply->deleteLater();
    complete(response, queued);
}

void QtHttpTransport::complete(const HttpResponse &response, bool queued)
{
    Callback done = std::move(m_done);
    m_done = nullptr;
    if (queued) {
        deliverLater(std::move(done), response);
        return;
    }
    done(response); // last statement: the callback may destroy the transport
}

} // namespace cicada
