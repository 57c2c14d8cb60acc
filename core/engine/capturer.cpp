#include "engine/capturer.h"

#include "engine/jsontext.h"
#include "engine/parsedmessage.h"
#include "engine/regexcache.h"
#include "http/httptransport.h"

#include <QNetworkCookie>
#include <QNetworkCookieJar>

#include <optional>

namespace cicada {

namespace {

bool fail(const Capture &c, QString *why, const QString &reason)
{
    if (why)
        *why = QStringLiteral("capture '%1': %2").arg(c.name, reason);
    return false;
}

QString where(const HttpResponse *response)
{
    return response ? QStringLiteral("the response") : QStringLiteral("the message");
}

} // namespace

bool Capturer::extract(const Capture &c, ParsedMessage &body, const HttpResponse *response,
                       const QNetworkCookieJar *jar, const QUrl &url, QString *value, QString *why)
{
    switch (c.source) {
    case Capture::Source::Json: {
        const QJsonValue v = body.value(c.expression);
        if (v.isUndefined()) {
            if (!body.isJson())
                return fail(c, why, QStringLiteral("%1 is not JSON").arg(where(response)));
            return fail(c, why,
                        QStringLiteral("%1 not found in %2").arg(c.expression, where(response)));
        }
        *value = JsonText::plain(v);
        return true;
    }
    case Capture::Source::Header: {
        if (!response)
            return fail(c, why, QStringLiteral("header captures need an HTTP response"));
        const QByteArray name = c.expression.toLatin1();
        for (const auto &[key, headerValue] : response->headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0) {
                *value = QString::fromUtf8(headerValue);
                return true;
            }
        }
        return fail(c, why,
                    QStringLiteral("header %1 not found in the response").arg(c.expression));
    }
    case Capture::Source::Regex: {
        const QRegularExpression &re = RegexCache::get(c.expression);
        if (!re.isValid())
            return fail(c, why, QStringLiteral("invalid regex: %1").arg(re.errorString()));
        const QRegularExpressionMatch match = re.match(body.text());
        if (!match.hasMatch()) {
            return fail(
                c, why,
                QStringLiteral("regex %1 did not match %2").arg(c.expression, where(response)));
        }
        *value = match.captured(re.captureCount() > 0 ? 1 : 0);
        return true;
    }
    case Capture::Source::Cookie: {
        if (!response && !jar)
            return fail(c, why, QStringLiteral("cookie captures need an HTTP response"));
        const QByteArray name = c.expression.toUtf8();
        if (response) {
            // The last Set-Cookie for a name wins, as in a browser's jar.
            std::optional<QByteArray> found;
            for (const auto &[key, headerValue] : response->headers) {
                if (key.compare("set-cookie", Qt::CaseInsensitive) != 0)
                    continue;
                for (const QNetworkCookie &cookie : QNetworkCookie::parseCookies(headerValue)) {
                    if (cookie.name() == name)
                        found = cookie.value();
                }
            }
            if (found) {
                *value = QString::fromUtf8(*found);
                return true;
            }
        }
        if (jar) {
            for (const QNetworkCookie &cookie : jar->cookiesForUrl(url)) {
                if (cookie.name() == name) {
                    *value = QString::fromUtf8(cookie.value());
                    return true;
                }
            }
        }
        return fail(c, why,
                    QStringLiteral("cookie %1 not set by the response nor in the session")
                        .arg(c.expression));
    }
    }
    return fail(c, why, QStringLiteral("unknown capture source"));
}

} // namespace cicada
