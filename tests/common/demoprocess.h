#pragma once

#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace cicada::test {

/** The cicada-cli binary under test: $CICADA_CLI, else the one this test was built with. */
inline QString cicadaCli()
{
    const QString fromEnv = qEnvironmentVariable("CICADA_CLI");
    return fromEnv.isEmpty() ? QStringLiteral(CICADA_CLI_PATH) : fromEnv;
}

/**
 * @brief `cicada-cli serve-demo --port 0 ARGS...` in a child process: waits (at most 10 s) for
 *        the line with its URL and terminates it on destruction. port() is 0 when it did not start.
 */
class DemoProcess
{
public:
    explicit DemoProcess(const QStringList &extraArgs = {})
    {
        m_process.start(cicadaCli(), QStringList{QStringLiteral("serve-demo"),
                                                 QStringLiteral("--port"), QStringLiteral("0")} +
                                         extraArgs);
        static const QRegularExpression re(QStringLiteral("http://127\\.0\\.0\\.1:(\\d+)"));
        for (int i = 0; i < 100 && m_port == 0; ++i) {
            m_process.waitForReadyRead(100);
            const QRegularExpressionMatch m = re.match(QString::fromUtf8(m_process.peek(4096)));
            if (m.hasMatch())
                m_port = m.captured(1).toUShort();
        }
    }
    ~DemoProcess()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(2000);
    }
    DemoProcess(const DemoProcess &) = delete;
    DemoProcess &operator=(const DemoProcess &) = delete;

    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] QProcess &process() { return m_process; }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace cicada::test
