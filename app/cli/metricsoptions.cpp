#include "metricsoptions.h"

#include <QHostAddress>

namespace cicada {

MetricsOptions::MetricsOptions()
    : m_port(QStringLiteral("metrics-port"),
             QStringLiteral("Serve live OpenMetrics/Prometheus metrics at "
                            "http://ADDRESS:P/metrics (0 = a free port, printed at start)."),
             QStringLiteral("P")),
      m_bind(QStringLiteral("metrics-bind"),
             QStringLiteral("Address the metrics endpoint listens on (default 127.0.0.1; "
                            "0.0.0.0 = every interface)."),
             QStringLiteral("ADDRESS"), QStringLiteral("127.0.0.1"))
{}

std::unique_ptr<MetricsServer> MetricsOptions::start(const QCommandLineParser &parser,
                                                     MetricsServer::Sampler sampler,
                                                     QString *error) const
{
    if (!parser.isSet(m_port))
        return nullptr;
    bool ok = false;
    const int port = parser.value(m_port).toInt(&ok);
    if (!ok || port < 0 || port > 65535) {
        *error =
            QStringLiteral("--metrics-port must be 0..65535, got '%1'").arg(parser.value(m_port));
        return nullptr;
    }
    const QHostAddress address(parser.value(m_bind));
    if (address.isNull()) {
        *error = QStringLiteral("--metrics-bind must be an IP address, got '%1'")
                     .arg(parser.value(m_bind));
        return nullptr;
    }
    auto server = std::make_unique<MetricsServer>(std::move(sampler));
    if (!server->listen(address, quint16(port), error))
        return nullptr;
    return server;
}

} // namespace cicada
