#include "demohttprequest.h"

namespace cicada {

namespace {

bool isToken(const QByteArray &text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (c <= ' ' || c >= 127 || c == ':')
            return false;
    }
    return true;
}

} // namespace

QByteArray DemoHttpRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool DemoHttpRequest::headerHasToken(const QByteArray &name, const QByteArray &token) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) != 0)
            continue;
        const QList<QByteArray> parts = value.split(',');
        for (const QByteArray &part : parts) {
            if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

QByteArray DemoHttpRequest::cookie(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare("cookie", Qt::CaseInsensitive) != 0)
            continue;
        const QList<QByteArray> pairs = value.split(';');
        for (const QByteArray &pair : pairs) {
            const qsizetype eq = pair.indexOf('=');
            if (eq < 0)
                continue;
            if (pair.left(eq).trimmed() == name)
                return pair.mid(eq + 1).trimmed();
        }
    }
    return {};
}

QByteArray DemoHttpRequest::path() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? target : target.left(q);
}

QByteArray DemoHttpRequest::query() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? QByteArray() : target.mid(q + 1);
}

bool DemoHttpRequest::keepAlive() const
{
    if (headerHasToken("connection", "close"))
        return false;
    if (version == "HTTP/1.0")
        return headerHasToken("connection", "keep-alive");
    return true;
}

bool DemoHttpRequest::isWebSocketUpgrade() const
{
    return headerHasToken("upgrade", "websocket");
}

bool DemoHttpRequest::parseHead(const QByteArray &head, DemoHttpRequest *request)
{
    const QList<QByteArray> lines = head.split('\n');
    if (lines.isEmpty())
        return false;
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !isToken(requestLine[0]) || requestLine[1].isEmpty() ||
        !requestLine[2].startsWith("HTTP/1.")) {
        return false;
    }
    request->method = requestLine[0];
    request->target = requestLine[1];
    request->version = requestLine[2];
    request->headers.clear();
    request->body.clear();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].endsWith('\r') ? lines[i].chopped(1) : lines[i];
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.left(colon)))
            return false;
        request->headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    return true;
}

} // namespace cicada
