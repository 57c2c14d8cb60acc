#include "rawhttptransport.h"

#include "simpleresponseparser.h"
#include "versionedcookiejar.h"

#include <QDateTime>
#include <QNetworkCookie>
#include <QNetworkCookieJar>
#include <QSignalBlocker>
#include <QSslError>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimerEvent>

#include <array>
#include <charconv>
#include <chrono>
#include <limits>

namespace cicada {

namespace {

constexpr qsizetype kReadChunkBytes = 64 * 1024;
constexpr qsizetype kMaxBodyReserveBytes = 16 * 1024 * 1024;
constexpr qint64 kTlsReadBufferBytes = 4 * kReadChunkBytes;
constexpr int kDefaultHttpPort = 80;
constexpr int kDefaultHttpsPort = 443;
constexpr char kUserAgentLine[] = "User-Agent: cicada/" CICADA_VERSION "\r\n";

// One read buffer per thread: every transport of a thread runs on that thread's event loop, and a
// transport stops touching the buffer before it runs a callback, so sharing it is safe and saves
// 64 KiB per virtual user.
thread_local std::array<char, kReadChunkBytes> t_readBuffer;

bool isRedirectStatus(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool isHttpScheme(const QString &scheme)
{
    return scheme == QLatin1String("http") || scheme == QLatin1String("https");
}

bool nameIs(const QByteArray &name, QByteArrayView lowerName)
{
    // compare() orders, so it cannot stop at a length difference: check that first.
    return name.size() == lowerName.size() && name.compare(lowerName, Qt::CaseInsensitive) == 0;
}

constexpr qsizetype kExpectedHeaderCount = 12;

void appendNumber(QByteArray &out, qsizetype value)
{
    std::array<char, 24> digits{};
    const auto result = std::to_chars(digits.data(), digits.data() + digits.size(), value);
    out.append(digits.data(), result.ptr - digits.data());
}

} // namespace

const http_parser_settings RawHttpTransport::s_parserSettings = [] {
    http_parser_settings settings{};
    settings.on_header_field = &RawHttpTransport::onHeaderField;
    settings.on_header_value = &RawHttpTransport::onHeaderValue;
    settings.on_headers_complete = &RawHttpTransport::onHeadersComplete;
    settings.on_body = &RawHttpTransport::onBody;
    settings.on_message_complete = &RawHttpTransport::onMessageComplete;
    return settings;
}();

RawHttpTransport::RawHttpTransport(QObject *parent)
    : HttpTransport(parent), m_cookieJar(new VersionedCookieJar(this))
{
    m_parser.data = this;
}

RawHttpTransport::~RawHttpTransport()
{
    if (m_timerId != 0)
        killTimer(m_timerId);
    // The pending callback (if any) is dropped: callbacks never run after destruction.
    dropConnection();
}

QNetworkCookieJar *RawHttpTransport::cookieJar() const
{
    return m_cookieJar;
}

void RawHttpTransport::send(const HttpRequest &request, Callback done)
{
    if (m_pending) {
        rejectConcurrentSend(request, std::move(done));
        return;
    }
    m_pending = true;
    m_inSend = true;
    m_request = request;
    m_done = std::move(done);
    m_response = HttpResponse{};
    m_retried = false;
    m_sentClock.start();
    // A timer still running from an earlier request is kept when it fires before this request's
    // deadline: it re-arms itself for what is left then (see timerEvent).
    if (m_request.timeoutMs > 0 &&
        (m_timerId == 0 ||
         m_timerDueMs > m_sentClock.msecsSinceReference() + m_request.timeoutMs)) {
        if (m_timerId != 0) {
            killTimer(m_timerId);
            m_timerId = 0;
        }
        armTimeout();
    }

    resolveUrl(m_request.url);
    if (!m_url.valid)
        fail(QStringLiteral("Invalid URL: %1").arg(m_request.url.toString()));
    else
        startAttempt();
    m_inSend = false;
}

void RawHttpTransport::abort()
{
    dropConnection();
    if (m_pending)
        fail(QStringLiteral("Aborted"), true);
}

void RawHttpTransport::resolveUrl(const QUrl &url)
{
    // The executor hands the same shared QUrl for a constant path: compare the data first.
    if (const_cast<QUrl &>(url).data_ptr() == m_url.url.data_ptr() || url == m_url.url)
        return;
    UrlInfo info;
    info.url = url;
    info.valid = url.isValid() && isHttpScheme(url.scheme()) && !url.host().isEmpty();
    if (info.valid) {
        info.secure = url.scheme() == QLatin1String("https");
        info.host = url.host();
        const int defaultPort = info.secure ? kDefaultHttpsPort : kDefaultHttpPort;
        info.port = url.port(defaultPort);
        info.target =
            url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
        if (info.target.isEmpty() || info.target.front() != '/')
            info.target.prepend('/');
        const QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
        info.hostHeader = host.contains(':') ? '[' + host + ']' : host;
        if (url.port() != -1 && url.port() != defaultPort)
            info.hostHeader += ':' + QByteArray::number(url.port());
    }
    m_url = std::move(info);
}

bool RawHttpTransport::sameOrigin() const
{
    return m_url.secure == m_secure && m_url.port == m_port && m_url.host == m_host &&
           (!m_secure || m_verifyTls == m_request.verifyTls);
}

void RawHttpTransport::startAttempt()
{
    m_response.finalUrl = m_request.url;
    const bool reusable =
        m_socket && m_socket->state() == QAbstractSocket::ConnectedState && sameOrigin();
    if (reusable) {
        m_reusedConnection = m_requestsOnConnection > 0;
        writeRequest();
        return;
    }
    dropConnection();
    m_reusedConnection = false;
    openConnection(); // writes the request once connected
}

void RawHttpTransport::openConnection()
{
    m_secure = m_url.secure;
    m_host = m_url.host;
    m_port = m_url.port;
    m_verifyTls = m_request.verifyTls;
    m_tlsError.clear();
    m_requestsOnConnection = 0;

    // Sockets are not children: a socket may be dropped (or the transport destroyed) inside one
    // of the socket's own signals, so it is always released with deleteLater().
    if (m_secure) {
        if (!QSslSocket::supportsSsl()) {
            fail(QStringLiteral("TLS error: TLS is not available"));
            return;
        }
        auto *socket = new QSslSocket;
        // TLS sockets are always buffered (decrypted bytes wait in Qt's buffer), and that buffer
        // grows without limit by default: bound it so a fast endless body cannot outrun the
        // body limit checked in onBody(). Qt stops reading the socket while the buffer is full.
        socket->setReadBufferSize(kTlsReadBufferBytes);
        if (!m_verifyTls)
            socket->setPeerVerifyMode(QSslSocket::VerifyNone);
        connect(socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            QStringList texts;
            for (const QSslError &error : errors)
                texts.append(error.errorString());
            m_tlsError = texts.join(QLatin1String("; "));
        });
        connect(socket, &QAbstractSocket::connected, this,
                [socket] { socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
        connectSignals(socket);
        ++m_connectionsOpened;
        if (!bindSourceAddress(socket))
            return;
        socket->connectToHostEncrypted(m_host, quint16(m_port));
        // QSslSocket buffers what is written before the handshake completes.
        if (m_socket == socket)
            writeRequest();
        return;
    }

    auto *socket = new QTcpSocket;
    connect(socket, &QAbstractSocket::connected, this, [this, socket] {
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (m_pending)
            writeRequest();
    });
    connectSignals(socket);
    ++m_connectionsOpened;
    // Unbuffered: writes go straight to the kernel and reads come straight from it, which saves
    // a copy and, with the glib dispatcher, two wake-up writes per request (no write notifier).
    // It also means Qt keeps no read buffer of its own: onReadyRead() takes kReadChunkBytes at a
    // time and the kernel's receive window bounds the rest, so a body over the limit costs at
    // most the limit.
    if (!bindSourceAddress(socket))
        return;
    socket->connectToHost(m_host, quint16(m_port), QIODevice::ReadWrite | QIODevice::Unbuffered);
}

void RawHttpTransport::connectSignals(QTcpSocket *socket)
{
    connect(socket, &QIODevice::readyRead, this, &RawHttpTransport::onReadyRead);
    connect(socket, &QAbstractSocket::disconnected, this, &RawHttpTransport::onSocketClosed);
    connect(socket, &QAbstractSocket::errorOccurred, this, &RawHttpTransport::onSocketError);
    m_socket = socket;
}

bool RawHttpTransport::bindSourceAddress(QTcpSocket *socket)
{
    // target.sourceAddresses: bound before connecting, so the kernel picks the port per address.
    if (m_sourceAddress.isNull())
        return true;
    {
        // A failed bind also emits errorOccurred, whose handler would fail the request a first
        // time; it is failed once, below, with the address in the sentence.
        const QSignalBlocker quiet(socket);
        if (socket->bind(m_sourceAddress))
            return true;
    }
    const QString reason = socket->errorString();
    dropConnection();
    fail(QStringLiteral("Cannot bind to the source address %1: %2")
             .arg(m_sourceAddress.toString(), reason));
    return false;
}

void RawHttpTransport::dropConnection()
{
    if (!m_socket)
        return;
    QTcpSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void RawHttpTransport::writeRequest()
{
    if (!m_socket)
        return;
    const HttpRequest &request = m_request;

    enum UserHeader : quint8
    {
        Host = 1,
        Agent = 2,
        Accept = 4,
        Connection = 8,
        Cookie = 16,
    };
    quint8 userHeaders = 0;
    for (const auto &header : request.headers) {
        const QByteArray &name = header.first;
        userHeaders |=
            (nameIs(name, "host") ? Host : 0) | (nameIs(name, "user-agent") ? Agent : 0) |
            (nameIs(name, "accept") ? Accept : 0) | (nameIs(name, "connection") ? Connection : 0) |
            (nameIs(name, "cookie") ? Cookie : 0);
    }

    // The request line and the transport's own headers are the same for every request of one
    // method and URL: built once, then copied in one piece.
    UrlInfo &info = m_url;
    if (info.head.isEmpty() || info.headMethod != request.method ||
        info.headUserHeaders != userHeaders) {
        QByteArray head;
        head.append(request.method).append(' ').append(info.target).append(" HTTP/1.1\r\n");
        if (!(userHeaders & Host))
            head.append("Host: ").append(info.hostHeader).append("\r\n");
        if (!(userHeaders & Agent))
            head.append(kUserAgentLine);
        if (!(userHeaders & Accept))
            head.append("Accept: */*\r\n");
        if (!(userHeaders & Connection))
            head.append("Connection: keep-alive\r\n");
        info.head = head;
        info.headMethod = request.method;
        info.headUserHeaders = userHeaders;
    }

    QByteArray &out = m_out;
    out.resize(0); // keeps the capacity
    out.append(info.head);
    const QByteArray &method = request.method;
    if (!request.body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH") {
        out.append("Content-Length: ");
        appendNumber(out, request.body.size());
        out.append("\r\n");
    }
    if (!(userHeaders & Cookie))
        appendCookieHeader(out);
    for (const auto &header : request.headers) {
        if (nameIs(header.first, "content-length"))
            continue; // framing is the transport's job
        out.append(header.first).append(": ").append(header.second).append("\r\n");
    }
    out.append("\r\n");
    out.append(request.body);

    http_parser_init(&m_parser, HTTP_RESPONSE);
    m_parser.data = this;
    m_gotResponseBytes = false;
    m_messageComplete = false;
    m_headerValueLast = false;
    m_keepAlive = true;
    m_bodyTooLarge = false;
    m_sawSetCookie = false;

    // write(const char *, len) never keeps a reference to m_out, so its capacity is reused.
    // flush() matters for TLS sockets only (buffered): it sends now, not on the next loop pass.
    QTcpSocket *socket = m_socket;
    if (socket->write(out.constData(), out.size()) < 0) {
        // The kernel refused the bytes (e.g. the server reset an idle keep-alive connection).
        // Qt may already have reported it through errorOccurred(); then m_socket has changed.
        if (m_socket == socket)
            onSocketError();
        return;
    }
    if (m_secure && socket->state() == QAbstractSocket::ConnectedState)
        socket->flush();
}

void RawHttpTransport::appendCookieHeader(QByteArray &out)
{
    UrlInfo &info = m_url;
    if (!info.cookieCached || info.cookieVersion != m_cookieJar->version() ||
        (info.cookieValidUntilMs != std::numeric_limits<qint64>::max() &&
         QDateTime::currentMSecsSinceEpoch() >= info.cookieValidUntilMs)) {
        const QList<QNetworkCookie> cookies = m_cookieJar->cookiesForUrl(info.url);
        info.cookieLine.clear();
        info.cookieValidUntilMs = std::numeric_limits<qint64>::max();
        if (!cookies.isEmpty()) {
            info.cookieLine.append("Cookie: ");
            for (qsizetype i = 0; i < cookies.size(); ++i) {
                const QNetworkCookie &cookie = cookies[i];
                if (i > 0)
                    info.cookieLine.append("; ");
                info.cookieLine.append(cookie.name()).append('=').append(cookie.value());
                if (!cookie.isSessionCookie()) {
                    info.cookieValidUntilMs = std::min(info.cookieValidUntilMs,
                                                       cookie.expirationDate().toMSecsSinceEpoch());
                }
            }
            info.cookieLine.append("\r\n");
        }
        info.cookieCached = true;
        info.cookieVersion = m_cookieJar->version();
    }
    out.append(info.cookieLine);
}

void RawHttpTransport::onReadyRead()
{
    if (!m_pending) {
        // Bytes (or the end of stream) on an idle connection: nothing to deliver them to, and
        // the stream can no longer be trusted.
        dropConnection();
        return;
    }
    QTcpSocket *socket = m_socket;
    for (;;) {
        const qint64 n = socket->read(t_readBuffer.data(), kReadChunkBytes);
        if (n < 0) {
            // An unbuffered socket reports the end of stream (and read errors) here, without
            // emitting disconnected() or errorOccurred().
            if (socket->error() == QAbstractSocket::RemoteHostClosedError)
                onSocketClosed();
            else
                onSocketError();
            return;
        }
        if (n == 0)
            return;
        if (!feed(t_readBuffer.data(), n))
            return; // the request completed or failed; the transport may be gone
        if (n < kReadChunkBytes)
            return; // drained; level-triggered notifiers report anything that arrives later
    }
}

bool RawHttpTransport::feed(const char *data, qsizetype length)
{
    if (!m_gotResponseBytes && m_request.method != "HEAD") {
        // The usual keep-alive reply arrives whole in one read: parse it without http-parser.
        SimpleResponseParser::Result simple;
        const qint64 maxBody = m_request.maxBodyBytes;
        if (SimpleResponseParser::parse(data, length, simple, m_request.wantHeaders) &&
            (maxBody <= 0 || simple.contentLength <= maxBody)) {
            m_gotResponseBytes = true;
            m_response.status = simple.status;
            m_response.headers = std::move(simple.headers);
            m_response.body = std::move(simple.body);
            m_sawSetCookie = simple.setCookie;
            // Unexpected trailing bytes: do not reuse this stream (as below).
            m_keepAlive = simple.keepAlive && simple.consumed == length;
            m_messageComplete = true;
            onResponseComplete();
            return false;
        }
    }
    m_gotResponseBytes = true;
    const size_t parsed = http_parser_execute(&m_parser, &s_parserSettings, data, size_t(length));
    if (m_messageComplete) {
        if (parsed < size_t(length))
            m_keepAlive = false; // unexpected trailing bytes: do not reuse this stream
        onResponseComplete();
        return false;
    }
    if (m_bodyTooLarge) {
        // The rest of the body is never read: the connection cannot be reused.
        dropConnection();
        fail(bodyLimitError(m_request.maxBodyBytes));
        return false;
    }
    const auto error = http_errno(m_parser.http_errno);
    if (error != HPE_OK) {
        dropConnection();
        fail(QStringLiteral("Malformed HTTP response: %1")
                 .arg(QLatin1String(http_errno_description(error))));
        return false;
    }
    return true;
}

void RawHttpTransport::onSocketClosed()
{
    if (!m_pending) {
        dropConnection(); // an idle keep-alive connection closed by the server
        return;
    }
    QTcpSocket *socket = m_socket;
    while (socket->bytesAvailable() > 0) {
        const qint64 n = socket->read(t_readBuffer.data(), kReadChunkBytes);
        if (n <= 0)
            break;
        if (!feed(t_readBuffer.data(), n))
            return;
    }
    dropConnection();
    if (m_gotResponseBytes) {
        // End of stream completes a read-until-close body; anything else is a truncated response.
        http_parser_execute(&m_parser, &s_parserSettings, nullptr, 0);
        if (m_messageComplete) {
            m_keepAlive = false;
            onResponseComplete();
        } else {
            fail(QStringLiteral("Connection closed by server before end of response"));
        }
        return;
    }
    if (m_reusedConnection && !m_retried) {
        m_retried = true;
        ++m_retries;
        startAttempt();
        return;
    }
    fail(QStringLiteral("Connection closed by server before response"));
}

void RawHttpTransport::onSocketError()
{
    const QAbstractSocket::SocketError error = m_socket->error();
    if (error == QAbstractSocket::RemoteHostClosedError) {
        onSocketClosed();
        return;
    }
    if (!m_pending) {
        dropConnection();
        return;
    }
    const QString errorString = m_socket->errorString();
    dropConnection();
    if (m_reusedConnection && !m_gotResponseBytes && !m_retried) {
        // Typically a reset on a keep-alive connection the server had already given up on.
        m_retried = true;
        ++m_retries;
        startAttempt();
        return;
    }
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        fail(QStringLiteral("Connection refused"));
        break;
    case QAbstractSocket::HostNotFoundError:
        fail(QStringLiteral("Host not found"));
        break;
    case QAbstractSocket::SocketResourceError:
        // Qt says "Out of resources" for EMFILE/ENFILE/ENOBUFS/ENOMEM; the usual cause under
        // load is the open-file limit (see FdLimit's warning at start).
        fail(QStringLiteral("Too many open files or out of memory: cannot create a socket "
                            "(ulimit -n)"));
        break;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        fail(QStringLiteral("TLS error: %1").arg(m_tlsError.isEmpty() ? errorString : m_tlsError));
        break;
    default:
        if (!m_tlsError.isEmpty())
            fail(QStringLiteral("TLS error: %1").arg(m_tlsError));
        else
            fail(errorString);
        break;
    }
}

void RawHttpTransport::onResponseComplete()
{
    ++m_requestsOnConnection;
    if (!m_keepAlive)
        dropConnection();
    storeCookies();

    const int status = m_response.status;
    if (isRedirectStatus(status) && m_request.maxRedirects > 0) {
        const QByteArray location = m_response.header("location");
        if (!location.isEmpty()) {
            if (m_response.redirects >= m_request.maxRedirects) {
                fail(QStringLiteral("too many redirects (%1)").arg(m_request.maxRedirects));
                return;
            }
            const QUrl next = m_request.url.resolved(QUrl::fromEncoded(location));
            if (!next.isValid() || !isHttpScheme(next.scheme()) || next.host().isEmpty()) {
                fail(QStringLiteral("Unsupported redirect location: %1")
                         .arg(QString::fromLatin1(location)));
                return;
            }
            if (status == 301 || status == 302 || status == 303) {
                if (m_request.method != "HEAD")
                    m_request.method = QByteArrayLiteral("GET");
                if (!m_request.body.isEmpty()) {
                    m_request.body.clear();
                    m_request.headers.removeIf(
                        [](const auto &header) { return nameIs(header.first, "content-type"); });
                }
            }
            const int redirects = m_response.redirects + 1;
            m_response = HttpResponse{};
            m_response.redirects = redirects;
            m_request.url = next;
            resolveUrl(next);
            m_retried = false;
            startAttempt();
            return;
        }
    }
    finish();
}

void RawHttpTransport::storeCookies()
{
    if (!m_sawSetCookie)
        return;
    QList<QNetworkCookie> cookies;
    for (const auto &header : std::as_const(m_response.headers)) {
        if (nameIs(header.first, "set-cookie"))
            cookies += QNetworkCookie::parseCookies(header.second);
    }
    if (!cookies.isEmpty())
        m_cookieJar->setCookiesFromUrl(cookies, m_request.url);
}

void RawHttpTransport::armTimeout()
{
    if (m_request.timeoutMs <= 0)
        return;
    constexpr qint64 kNsPerMs = 1000000;
    const qint64 leftNs = qint64(m_request.timeoutMs) * kNsPerMs - m_sentClock.nsecsElapsed();
    // Round up: a timer that fires a fraction of a millisecond early would just be re-armed.
    const qint64 leftMs = std::max<qint64>(1, (leftNs + kNsPerMs - 1) / kNsPerMs);
    // A coarse timer (Qt's default) may fire up to 5 % early: 18 of 62 requests to a 2.9-s
    // endpoint failed "Timed out after 3000 ms" with one.
    m_timerId = startTimer(std::chrono::milliseconds(leftMs), Qt::PreciseTimer);
    m_timerDueMs = m_sentClock.msecsSinceReference() + m_sentClock.elapsed() + leftMs;
}

void RawHttpTransport::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timerId) {
        HttpTransport::timerEvent(event);
        return;
    }
    killTimer(m_timerId);
    m_timerId = 0;
    if (!m_pending)
        return; // idle: the next send() starts a timer again
    if (m_request.timeoutMs <= 0)
        return;
    if (m_sentClock.elapsed() < m_request.timeoutMs) {
        // A later request than the one the timer was started for, or a precise timer waking a
        // little early: measure, never trust it.
        armTimeout();
        return;
    }
    dropConnection();
    fail(QStringLiteral("Timed out after %1 ms").arg(m_request.timeoutMs));
}

void RawHttpTransport::fail(const QString &error, bool queued)
{
    m_response.status = 0;
    m_response.headers.clear();
    m_response.body.clear();
    m_response.error = error;
    finish(queued);
}

void RawHttpTransport::finish(bool queued)
{
    // The timeout timer keeps running (see timerEvent): killing and starting one per request
    // cost more than the request's own bookkeeping.
    m_pending = false;
    Callback done = std::move(m_done);
    m_done = nullptr;
    HttpResponse response = std::move(m_response);
    m_response = HttpResponse{};
    if (queued || m_inSend) {
        deliverLater(std::move(done), std::move(response));
        return;
    }
    // Last statement: the callback may send the next request or destroy the transport.
    done(response);
}

int RawHttpTransport::onHeaderField(http_parser *parser, const char *at, size_t length)
{
    auto *self = static_cast<RawHttpTransport *>(parser->data);
    HttpHeaders &headers = self->m_response.headers;
    if (self->m_headerValueLast || headers.isEmpty()) {
        if (headers.isEmpty())
            headers.reserve(kExpectedHeaderCount);
        headers.append({SimpleResponseParser::headerName(at, qsizetype(length)), QByteArray()});
        self->m_headerValueLast = false;
    } else {
        headers.last().first.append(at, qsizetype(length)); // name split across reads
    }
    return 0;
}

int RawHttpTransport::onHeaderValue(http_parser *parser, const char *at, size_t length)
{
    auto *self = static_cast<RawHttpTransport *>(parser->data);
    HttpHeaders &headers = self->m_response.headers;
    if (headers.isEmpty())
        return 0;
    if (self->m_headerValueLast) {
        headers.last().second.append(at, qsizetype(length)); // value split across reads
    } else {
        const QByteArray &name = headers.last().first;
        constexpr qsizetype kSetCookieLength = 10;
        if (name.size() == kSetCookieLength && nameIs(name, "set-cookie"))
            self->m_sawSetCookie = true;
        headers.last().second = QByteArray(at, qsizetype(length));
    }
    self->m_headerValueLast = true;
    return 0;
}

int RawHttpTransport::onHeadersComplete(http_parser *parser)
{
    auto *self = static_cast<RawHttpTransport *>(parser->data);
    self->m_response.status = int(parser->status_code);
    if (self->m_request.method == "HEAD")
        return 1; // no body follows, whatever Content-Length says
    const qint64 maxBody = self->m_request.maxBodyBytes;
    if (maxBody > 0 && (parser->flags & F_CONTENTLENGTH) &&
        parser->content_length > quint64(maxBody)) {
        self->m_bodyTooLarge = true; // announced too large: fail before reading any of it
        return -1;
    }
    if ((parser->flags & F_CONTENTLENGTH) && parser->content_length > 0 &&
        parser->content_length <= quint64(kMaxBodyReserveBytes)) {
        self->m_response.body.reserve(qsizetype(parser->content_length));
    }
    return 0;
}

int RawHttpTransport::onBody(http_parser *parser, const char *at, size_t length)
{
    auto *self = static_cast<RawHttpTransport *>(parser->data);
    const qint64 maxBody = self->m_request.maxBodyBytes;
    if (maxBody > 0 && self->m_response.body.size() + qint64(length) > maxBody) {
        // Stop before appending: an endless body must not grow memory past the limit.
        self->m_bodyTooLarge = true;
        return -1;
    }
    self->m_response.body.append(at, qsizetype(length));
    return 0;
}

int RawHttpTransport::onMessageComplete(http_parser *parser)
{
    auto *self = static_cast<RawHttpTransport *>(parser->data);
    const unsigned status = parser->status_code;
    if (status >= 100 && status < 200 && status != 101) {
        // An interim response (100 Continue, 103 Early Hints): the real one follows.
        self->m_response.status = 0;
        self->m_response.headers.clear();
        self->m_response.body.clear();
        self->m_headerValueLast = false;
        return 0;
    }
    self->m_messageComplete = true;
    self->m_keepAlive = http_should_keep_alive(parser) != 0;
    http_parser_pause(parser, 1); // stop at the end of this response
    return 0;
}

} // namespace cicada
