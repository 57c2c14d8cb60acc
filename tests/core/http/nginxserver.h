#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

namespace cicada {

/**
 * @brief Runs Debian's nginx in the foreground on a free port of 127.0.0.1, configured from
 * tests/servers/nginx/nginx.conf.in with every file (pid, logs, temp dirs) in a temporary
 * directory. Serves `/` ("hello\n") and `/echo` (a small JSON object).
 */
class NginxServer
{
public:
    static constexpr const char *kBinary = "/usr/sbin/nginx";
    static constexpr int kStartTimeoutMs = 10000;
    static constexpr int kStopTimeoutMs = 3000;

    NginxServer() = default;
    ~NginxServer();
    NginxServer(const NginxServer &) = delete;
    NginxServer &operator=(const NginxServer &) = delete;

    /** Whether nginx is installed at kBinary. */
    [[nodiscard]] static bool isAvailable();

    /** Starts nginx and waits until it accepts connections; on failure @p error says why. */
    [[nodiscard]] bool start(QString *error);
    void stop();

    [[nodiscard]] int port() const { return m_port; }
    /** http://127.0.0.1:<port><pathAndQuery> */
    [[nodiscard]] QUrl url(const QString &pathAndQuery) const;

private:
    [[nodiscard]] QString errorLog() const;

    QTemporaryDir m_dir;
    QProcess m_process;
    int m_port = 0;
};

} // namespace cicada
