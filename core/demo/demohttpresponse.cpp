#include "demohttpresponse.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace cicada {

DemoHttpResponse DemoHttpResponse::json(int status, const QJsonDocument &document)
{
    DemoHttpResponse response;
    response.status = status;
    response.body = document.toJson(QJsonDocument::Compact);
    return response;
}

DemoHttpResponse DemoHttpResponse::error(int status, const QByteArray &message)
{
    return json(status,
                QJsonDocument(QJsonObject{{QStringLiteral("error"), QString::fromUtf8(message)},
                                          {QStringLiteral("status"), status}}));
}

QByteArray DemoHttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 426:
        return "Upgrade Required";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

QByteArray DemoHttpResponse::serialize(bool keepAlive, bool headOnly) const
{
    // RFC 9110: 1xx, 204 and 304 responses carry no body and 1xx/204 no Content-Length.
    const bool bodyless = (status >= 100 && status < 200) || status == 204 || status == 304;
    QByteArray out;
    out.reserve(160 + body.size());
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    out += "Server: cicada-demo\r\n";
    if (!bodyless) {
        if (!contentType.isEmpty())
            out += "Content-Type: " + contentType + "\r\n";
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    }
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    out += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    if (!bodyless && !headOnly)
        out += body;
    return out;
}

} // namespace cicada
