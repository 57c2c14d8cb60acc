#pragma once

#include <QDeadlineTimer>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace cicada::test {

/**
 * @brief Starts one of the test servers under tests/servers/ with Debian's /usr/bin/python3
 * (the python3 on PATH may not see Debian's python3-* packages), waits for its
 * "LISTENING <port>" line and stops it on destruction.
 */
class PythonServer
{
public:
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

private:
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace cicada::test
