#pragma once

#include <QDeadlineTimer>
#include <QDebug>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace cicada::test {

/**
 * @brief Starts one of the test servers under tests/servers/ with Debian's /usr/bin/python3
 * (the python3 on PATH may not see Debian's python3-* packages), waits (at most 15 s) for its
 * "LISTENING <port>" line and stops it on destruction (closing its stdin, which the scripts
 * exit on; killed after 2 s otherwise).
 *
 * @code
 * PythonServer broker(QStringLiteral("ws_broker.py"), {QStringLiteral("--login-required")});
 * QVERIFY(broker.isRunning());
 * QNetworkRequest request(broker.wsUrl());
 * request.setRawHeader("Cookie", PythonServer::kWsBrokerCookie);
 * @endcode
 * The script's stderr goes to the test's stderr; its own options (see each script's docstring,
 * e.g. --max-seconds, default 120) are passed in @p args unchanged.
 */
class PythonServer
{
public:
    /** The Cookie header value ws_broker.py accepts by default (its --session). */
    static constexpr const char *kWsBrokerCookie = "sessionid=test-session";

    PythonServer(const QString &script, const QStringList &args = {})
    {
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral("/usr/bin/python3"),
                        QStringList{QStringLiteral(CICADA_SOURCE_DIR "/tests/servers/") + script} +
                            args);
        QDeadlineTimer deadline(15000);
        while (!deadline.hasExpired() && m_process.state() != QProcess::NotRunning) {
            if (!m_process.canReadLine() && !m_process.waitForReadyRead(200))
                continue;
            const QByteArray line = m_process.readLine().trimmed();
            if (line.startsWith("LISTENING ")) {
                m_port = line.mid(10).toUShort();
                break;
            }
        }
        if (m_port == 0)
            qWarning() << script << args << "did not report its port:" << m_process.errorString();
    }
    ~PythonServer()
    {
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(2000)) {
            m_process.kill();
            m_process.waitForFinished(2000);
        }
    }
    PythonServer(const PythonServer &) = delete;
    PythonServer &operator=(const PythonServer &) = delete;

    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] bool isRunning() const { return m_port != 0; }
    /** ws://127.0.0.1:<port><path> */
    [[nodiscard]] QUrl wsUrl(const QString &path = QStringLiteral("/")) const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(m_port).arg(path));
    }
    /** http://127.0.0.1:<port><path> */
    [[nodiscard]] QUrl httpUrl(const QString &path = QStringLiteral("/")) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
    }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace cicada::test
