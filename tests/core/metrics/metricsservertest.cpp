#include "metrics/metricsserver.h"
#include "stats/stats.h"

#include <QTcpSocket>
#include <QTest>

using namespace cicada;

class MetricsServerTest : public QObject
{
    Q_OBJECT

private:
    /// Sends @p request without blocking (the server answers on this thread's event loop) and
    /// returns everything read once the server closed the connection.
    static QByteArray exchange(quint16 port, const QByteArray &request)
    {
        QTcpSocket socket;
        QByteArray response;
        bool closed = false;
        QObject::connect(&socket, &QTcpSocket::connected, [&] { socket.write(request); });
        QObject::connect(&socket, &QTcpSocket::readyRead, [&] { response += socket.readAll(); });
        QObject::connect(&socket, &QTcpSocket::disconnected, [&] { closed = true; });
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!QTest::qWaitFor([&] { return closed; }, 10'000))
            return {};
        return response + socket.readAll();
    }

private Q_SLOTS:
    void samplesOncePerScrapeAndAnswersInTheAskedFormat()
    {
        Stats stats;
        RequestOutcome o;
        o.type = QStringLiteral("GET");
        o.name = QStringLiteral("/x");
        o.responseTimeUs = 100;
        stats.record(o);
        int samples = 0;
        MetricsServer server([&] {
            ++samples;
            MetricsSample sample;
            sample.stats = &stats;
            sample.users = 7;
            return sample;
        });
        QString error;
        QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        QVERIFY(server.url().startsWith(QStringLiteral("http://127.0.0.1:")));

        const QByteArray response =
            exchange(server.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n"
                                    "Accept: application/openmetrics-text\r\n\r\n");
        QVERIFY(response.startsWith("HTTP/1.1 200 OK\r\n"));
        QVERIFY(response.contains("Content-Type: application/openmetrics-text; version=1.0.0"));
        QVERIFY(response.contains("\r\n\r\n# TYPE cicada_requests counter\n"));
        QVERIFY(response.contains("\ncicada_users 7\n"));
        QVERIFY(response.endsWith("# EOF\n"));
        QCOMPARE(samples, 1);
        QCOMPARE(server.scrapeCount(), 1);

        QVERIFY(exchange(server.port(), "GET /other HTTP/1.1\r\n\r\n")
                    .startsWith("HTTP/1.1 404 Not Found\r\n"));
        QVERIFY(exchange(server.port(), "POST /metrics HTTP/1.1\r\n\r\n")
                    .startsWith("HTTP/1.1 405 Method Not Allowed\r\n"));
        const QByteArray plain = exchange(server.port(), "GET /metrics HTTP/1.1\r\n\r\n");
        QVERIFY(plain.contains("Content-Type: text/plain; version=0.0.4"));
        QVERIFY(plain.contains("# TYPE cicada_requests_total counter\n"));
        QCOMPARE(samples, 2);
    }
};

QTEST_GUILESS_MAIN(MetricsServerTest)
#include "metricsservertest.moc"
