#pragma once

#include "metrics/metricsserver.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>

#include <memory>

namespace cicada {

/**
 * @brief `--metrics-port P` and `--metrics-bind ADDRESS`, shared by `run` and `worker`: declares
 *        the options, checks them and starts the OpenMetrics endpoint (core/metrics).
 */
class MetricsOptions
{
public:
    MetricsOptions();

    /// The options to add to a command's parser.
    [[nodiscard]] QList<QCommandLineOption> options() const { return {m_port, m_bind}; }
    /// True when --metrics-port was given.
    [[nodiscard]] bool isSet(const QCommandLineParser &parser) const
    {
        return parser.isSet(m_port);
    }
    /**
     * Starts the endpoint when --metrics-port was given (nullptr otherwise, or on error with
     * @p error set). @p sampler runs on the calling thread once per scrape.
     */
    [[nodiscard]] std::unique_ptr<MetricsServer>
    start(const QCommandLineParser &parser, MetricsServer::Sampler sampler, QString *error) const;

private:
    QCommandLineOption m_port;
    QCommandLineOption m_bind;
};

} // namespace cicada
