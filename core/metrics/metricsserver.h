#pragma once

#include "metricssample.h"

#include <QHostAddress>
#include <QObject>
#include <QTcpServer>

#include <functional>

class QTcpSocket;

namespace cicada {

/**
 * @brief A small HTTP/1.1 endpoint for Prometheus: `GET /metrics` answers the current sample as
 *        OpenMetrics (when the `Accept` header asks for it, as Prometheus does) or as the
 *        Prometheus 0.0.4 text format.
 *
 * One request per connection (the response says `Connection: close`). `GET /` answers a line
 * pointing at /metrics, other paths 404, other methods 405, a request head larger than
 * kMaxRequestBytes 431. A connection that sends no complete head within kIdleTimeoutMs is closed.
 *
 * The sampler is called once per scrape, in the thread this object lives in — the thread that
 * owns the statistics it reads (the runner's), so a scrape needs no lock and sees the stats as
 * merged at the last second tick. Listens on loopback unless told otherwise.
 */
class MetricsServer final : public QObject
{
    Q_OBJECT
public:
    using Sampler = std::function<MetricsSample()>;

    /// Largest request head read (bytes).
    static constexpr qint64 kMaxRequestBytes = 16 * 1024;
    /// An idle connection is closed after this long (ms).
    static constexpr int kIdleTimeoutMs = 10'000;

    explicit MetricsServer(Sampler sampler, QObject *parent = nullptr);
    ~MetricsServer() override;

    /// Starts listening; port 0 picks a free port. False with @p error when it cannot.
    [[nodiscard]] bool listen(const QHostAddress &address, quint16 port, QString *error);
    /// The port listened on, 0 before listen().
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    /// `http://ADDRESS:PORT/metrics` of the listening endpoint.
    [[nodiscard]] QString url() const;
    /// Scrapes answered with 200 so far.
    [[nodiscard]] qint64 scrapeCount() const { return m_scrapes; }

Q_SIGNALS:
    /// A `GET /metrics` was answered.
    void scraped();

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void respond(QTcpSocket *socket, int status, const QByteArray &reason,
                 const QByteArray &contentType, const QByteArray &body);

    Sampler m_sampler;
    QTcpServer m_server;
    qint64 m_scrapes = 0;
};

} // namespace cicada
