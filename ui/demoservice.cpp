#include "demoservice.h"

#include "demo/demoserver.h"

#include <QThread>

namespace cicada {

DemoService::DemoService(QObject *parent)
    : QObject(parent), m_preferredPort(DemoServer::kDefaultPort)
{}

DemoService::~DemoService()
{
    stop();
}

QString DemoService::baseUrl() const
{
    return m_port ? QStringLiteral("http://127.0.0.1:%1").arg(m_port) : QString();
}

QString DemoService::brokerUrl() const
{
    return m_port ? QStringLiteral("ws://127.0.0.1:%1/broker").arg(m_port) : QString();
}

void DemoService::setPreferredPort(int port)
{
    if (m_preferredPort == port)
        return;
    m_preferredPort = port;
    Q_EMIT preferredPortChanged();
}

bool DemoService::start()
{
    if (isRunning())
        return true;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("cicada-demo-server"));
    m_server = new DemoServer;
    m_server->moveToThread(m_thread);
    m_thread->start();
    quint16 port = 0;
    QString error;
    DemoServer *server = m_server;
    const quint16 preferred = quint16(m_preferredPort);
    QMetaObject::invokeMethod(
        m_server,
        [server, preferred, &port, &error] {
            // The preferred port may be taken (e.g. a `cicada-cli serve-demo` is running): any
            // free port will do, the profile is pointed at it.
            if ((preferred != 0 && server->listen(preferred)) || server->listen(0))
                port = server->port();
            else
                error = server->errorString();
        },
        Qt::BlockingQueuedConnection);
    if (port == 0) {
        m_errorString = tr("The demo server could not start: %1").arg(error);
        stop();
        Q_EMIT runningChanged();
        return false;
    }
    m_port = port;
    m_errorString.clear();
    Q_EMIT runningChanged();
    return true;
}

void DemoService::stop()
{
    if (!m_thread)
        return;
    DemoServer *server = m_server;
    QMetaObject::invokeMethod(
        server,
        [server] {
            server->close();
            delete server;
        },
        Qt::BlockingQueuedConnection);
    m_server = nullptr;
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    const bool wasRunning = m_port != 0;
    m_port = 0;
    if (wasRunning)
        Q_EMIT runningChanged();
}

} // namespace cicada
