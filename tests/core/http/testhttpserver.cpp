#include "testhttpserver.h"

#include <QDeadlineTimer>

namespace cicada {

TestHttpServer::~TestHttpServer()
{
    stop();
}

bool TestHttpServer::start(QString *error, const QStringList &arguments)
{
    if (arguments.contains(QLatin1String("--tls-cert")))
        m_scheme = QStringLiteral("https");
    const QString script = QStringLiteral(CICADA_SOURCE_DIR "/tests/servers/http_server.py");
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(
        QStringLiteral("/usr/bin/python3"),
        QStringList{script, QStringLiteral("--max-seconds"), QString::number(kMaxLifetimeS)} +
            arguments);
    if (!m_process.waitForStarted(kStartTimeoutMs)) {
        *error = QStringLiteral("cannot start /usr/bin/python3 %1: %2")
                     .arg(script, m_process.errorString());
        return false;
    }
    QByteArray output;
    const QDeadlineTimer deadline(kStartTimeoutMs);
    while (!output.contains('\n') && !deadline.hasExpired() &&
           m_process.state() == QProcess::Running) {
        m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        output += m_process.readAllStandardOutput();
    }
    const QByteArray line = output.left(output.indexOf('\n')).trimmed();
    if (!line.startsWith("LISTENING ")) {
        *error = QStringLiteral("http_server.py did not report LISTENING: '%1'")
                     .arg(QString::fromUtf8(line));
        stop();
        return false;
    }
    m_port = line.mid(int(qstrlen("LISTENING "))).toInt();
    return m_port > 0;
}

void TestHttpServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.closeWriteChannel(); // the server exits when stdin closes
    if (!m_process.waitForFinished(3000)) {
        m_process.kill();
        m_process.waitForFinished(3000);
    }
}

QUrl TestHttpServer::url(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2%3").arg(m_scheme).arg(m_port).arg(pathAndQuery));
}

} // namespace cicada
