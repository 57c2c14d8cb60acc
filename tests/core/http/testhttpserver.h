#pragma once

#include <QProcess>
#include <QString>
#include <QUrl>

namespace cicada {

/**
 * @brief Runs tests/servers/http_server.py (stdlib Python, /usr/bin/python3) on a free port of
 * 127.0.0.1 for the duration of a test case.
 */
class TestHttpServer
{
public:
    static constexpr int kStartTimeoutMs = 10000;
    static constexpr int kMaxLifetimeS = 230; ///< the server exits on its own after this

    TestHttpServer() = default;
    ~TestHttpServer();
    TestHttpServer(const TestHttpServer &) = delete;
    TestHttpServer &operator=(const TestHttpServer &) = delete;

    /**
     * Starts the server with extra command-line @p arguments (e.g. --tls-cert/--tls-key for
     * HTTPS) and waits for its LISTENING line; on failure @p error says why.
     */
    [[nodiscard]] bool start(QString *error, const QStringList &arguments = {});
    void stop();

    [[nodiscard]] int port() const { return m_port; }
    /** http(s)://127.0.0.1:<port><pathAndQuery> */
    [[nodiscard]] QUrl url(const QString &pathAndQuery) const;

private:
    QProcess m_process;
    QString m_scheme = QStringLiteral("http");
    int m_port = 0;
};

} // namespace cicada
