#include "nginxserver.h"

#include "httptestutil.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QTcpSocket>
#include <QThread>

namespace cicada {

namespace {

constexpr int kConnectProbeMs = 200;
constexpr int kProbeIntervalMs = 50;

} // namespace

NginxServer::~NginxServer()
{
    stop();
}

bool NginxServer::isAvailable()
{
    return QFileInfo(QString::fromLatin1(kBinary)).isExecutable();
}

bool NginxServer::start(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory: %1").arg(m_dir.errorString());
        return false;
    }
    const QString templatePath =
        QStringLiteral(CICADA_SOURCE_DIR "/tests/servers/nginx/nginx.conf.in");
    QFile templateFile(templatePath);
    if (!templateFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1").arg(templatePath);
        return false;
    }
    m_port = testutil::freeLocalPort();
    QByteArray config = templateFile.readAll();
    config.replace("@PREFIX@", QFile::encodeName(m_dir.path()));
    config.replace("@PORT@", QByteArray::number(m_port));
    const QString configPath = m_dir.filePath(QStringLiteral("nginx.conf"));
    QFile configFile(configPath);
    if (!configFile.open(QIODevice::WriteOnly) || configFile.write(config) != config.size()) {
        *error = QStringLiteral("cannot write %1").arg(configPath);
        return false;
    }
    configFile.close();

    m_process.setProcessChannelMode(QProcess::MergedChannels);
    // -e: the default error log (/var/log/nginx) is opened before the config is read.
    m_process.start(QString::fromLatin1(kBinary),
                    {QStringLiteral("-e"), m_dir.filePath(QStringLiteral("error.log")),
                     QStringLiteral("-p"), m_dir.path(), QStringLiteral("-c"), configPath});
    if (!m_process.waitForStarted(kStartTimeoutMs)) {
        *error = QStringLiteral("cannot start %1: %2")
                     .arg(QString::fromLatin1(kBinary), m_process.errorString());
        return false;
    }
    const QDeadlineTimer deadline(kStartTimeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process.state() != QProcess::Running) {
            *error = QStringLiteral("nginx exited: %1 %2")
                         .arg(QString::fromLocal8Bit(m_process.readAll()), errorLog());
            return false;
        }
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, quint16(m_port));
        if (probe.waitForConnected(kConnectProbeMs))
            return true;
        QThread::msleep(kProbeIntervalMs);
    }
    *error = QStringLiteral("nginx did not accept connections on port %1 within %2 ms: %3")
                 .arg(m_port)
                 .arg(kStartTimeoutMs)
                 .arg(errorLog());
    stop();
    return false;
}

void NginxServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate(); // SIGTERM: fast shutdown
    if (!m_process.waitForFinished(kStopTimeoutMs)) {
        m_process.kill();
        m_process.waitForFinished(kStopTimeoutMs);
    }
}

QUrl NginxServer::url(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(pathAndQuery));
}

QString NginxServer::errorLog() const
{
    QFile log(m_dir.filePath(QStringLiteral("error.log")));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLocal8Bit(log.readAll());
}

} // namespace cicada
