#include "targetoptions.h"

#include "distributed/hostoverride.h"

#include <QUrl>

namespace cicada {

TargetOptions::TargetOptions()
    : m_host({QStringLiteral("H"), QStringLiteral("host")},
             QStringLiteral("Run against this server: replaces target.baseUrl, and "
                            "target.brokerUrl when it pointed at the same server (its path "
                            "is kept), e.g. http://127.0.0.1:9000."),
             QStringLiteral("URL")),
      m_broker(QStringLiteral("broker"),
               QStringLiteral("Replaces target.brokerUrl (the WebSocket URL wsConnect opens by "
                              "default), e.g. ws://127.0.0.1:9000/broker."),
               QStringLiteral("URL"))
{}

bool TargetOptions::apply(const QCommandLineParser &parser, Target *target, QString *error) const
{
    Target changed = *target;
    if (parser.isSet(m_host)) {
        const QString host = parser.value(m_host);
        const QUrl url(host, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() ||
            (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
            *error = QStringLiteral("-H/--host takes an http:// or https:// URL with a host, "
                                    "got '%1'")
                         .arg(host);
            return false;
        }
        if (!HostOverride::apply(&changed, host, error))
            return false;
    }
    if (parser.isSet(m_broker)) {
        const QString broker = parser.value(m_broker);
        const QUrl url(broker, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() ||
            (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss"))) {
            *error = QStringLiteral("--broker takes a ws:// or wss:// URL with a host, got '%1'")
                         .arg(broker);
            return false;
        }
        changed.brokerUrl = broker;
    }
    *target = changed;
    return true;
}

QString TargetOptions::describe(const Target &target)
{
    QStringList urls;
    for (const QString &url : {target.baseUrl, target.brokerUrl}) {
        if (!url.isEmpty())
            urls.append(url);
    }
    return urls.join(QLatin1String(" and "));
}

} // namespace cicada
