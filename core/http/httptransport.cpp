#include "httptransport.h"

#include "qthttptransport.h"
#include "rawhttptransport.h"

namespace cicada {

QByteArray HttpResponse::header(const QByteArray &name) const
{
    for (const auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return {};
}

HttpTransport *HttpTransport::create(Kind kind, QObject *parent)
{
    switch (kind) {
    case Kind::Raw:
        return new RawHttpTransport(parent);
    case Kind::Qt:
        return new QtHttpTransport(parent);
    }
    return nullptr;
}

void HttpTransport::deliverLater(Callback done, HttpResponse response)
{
    QMetaObject::invokeMethod(
        this, [done = std::move(done), response = std::move(response)] { done(response); },
        Qt::QueuedConnection);
}

void HttpTransport::rejectConcurrentSend(const HttpRequest &request, Callback done)
{
    HttpResponse response;
    response.finalUrl = request.url;
    response.error = QStringLiteral("Another request is already in flight on this transport");
    deliverLater(std::move(done), std::move(response));
}

QString HttpTransport::bodyLimitError(qint64 maxBodyBytes)
{
    constexpr qint64 kKiB = 1024;
    constexpr qint64 kMiB = 1024 * kKiB;
    constexpr qint64 kGiB = 1024 * kMiB;
    QString limit;
    if (maxBodyBytes >= kGiB && maxBodyBytes % kGiB == 0)
        limit = QStringLiteral("%1 GiB").arg(maxBodyBytes / kGiB);
    else if (maxBodyBytes >= kMiB && maxBodyBytes % kMiB == 0)
        limit = QStringLiteral("%1 MiB").arg(maxBodyBytes / kMiB);
    else if (maxBodyBytes >= kKiB && maxBodyBytes % kKiB == 0)
        limit = QStringLiteral("%1 KiB").arg(maxBodyBytes / kKiB);
    else
        limit = QStringLiteral("%1 bytes").arg(maxBodyBytes);
    return QStringLiteral("Response body exceeds %1 limit").arg(limit);
}

bool HttpTransport::parseKind(const QString &text, Kind *kind)
{
    const QString trimmed = text.trimmed();
    Kind parsed;
    if (trimmed.compare(QLatin1String("raw"), Qt::CaseInsensitive) == 0)
        parsed = Kind::Raw;
    else if (trimmed.compare(QLatin1String("qt"), Qt::CaseInsensitive) == 0)
        parsed = Kind::Qt;
    else
        return false;
    if (kind)
        *kind = parsed;
    return true;
}

} // namespace cicada
