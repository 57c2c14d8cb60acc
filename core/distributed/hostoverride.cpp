#include "distributed/hostoverride.h"

#include <QUrl>

namespace cicada {

namespace {

QString httpScheme(const QString &scheme)
{
    if (scheme == QLatin1String("wss") || scheme == QLatin1String("https"))
        return QStringLiteral("https");
    return QStringLiteral("http");
}

QString wsScheme(const QString &scheme)
{
    return httpScheme(scheme) == QLatin1String("https") ? QStringLiteral("wss")
                                                        : QStringLiteral("ws");
}

int effectivePort(const QUrl &url)
{
    return url.port(httpScheme(url.scheme()) == QLatin1String("https") ? 443 : 80);
}

} // namespace

bool HostOverride::apply(Target *target, const QString &host, QString *error)
{
    const QString trimmed = host.trimmed();
    if (trimmed.isEmpty())
        return true;
    const QUrl url(trimmed, QUrl::StrictMode);
    static const QStringList kSchemes = {QStringLiteral("http"), QStringLiteral("https"),
                                         QStringLiteral("ws"), QStringLiteral("wss")};
    if (!url.isValid() || url.host().isEmpty() || !kSchemes.contains(url.scheme())) {
        *error = QStringLiteral("the master's host '%1' is not an http://, https://, ws:// or "
                                "wss:// URL; keeping the profile's target")
                     .arg(host);
        return false;
    }

    const QUrl oldBase(target->baseUrl);
    const QUrl oldBroker(target->brokerUrl);
    QUrl base = url;
    base.setScheme(httpScheme(url.scheme()));
    // The master's host never carries credentials (the generated locustfile strips them): the
    // same server keeps the profile's own userinfo.
    if (url.userInfo().isEmpty() && url.host() == oldBase.host() &&
        effectivePort(url) == effectivePort(oldBase))
        base.setUserInfo(oldBase.userInfo());
    if (base.path() == QLatin1String("/"))
        base.setPath(QString()); // StripTrailingSlash keeps a lone "/"
    target->baseUrl = base.toString(QUrl::StripTrailingSlash);

    const bool sameServer = oldBroker.isValid() && !oldBroker.host().isEmpty() &&
                            oldBroker.host() == oldBase.host() &&
                            effectivePort(oldBroker) == effectivePort(oldBase);
    if (sameServer) {
        QUrl broker = oldBroker;
        broker.setScheme(wsScheme(url.scheme()));
        broker.setHost(url.host());
        broker.setPort(url.port());
        target->brokerUrl = broker.toString();
    }
    return true;
}

} // namespace cicada
