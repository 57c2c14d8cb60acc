#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QString>

class QThread;

namespace cicada {

class DemoServer;

/**
 * @brief "Try the demo": the embedded DemoServer, started in-process on 127.0.0.1 in a thread
 *        of its own (so serving a heavy run never stalls the window).
 *
 * start() listens on DemoServer::kDefaultPort, or on a free port when that one is taken.
 */
class DemoService : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool running READ isRunning NOTIFY runningChanged)
    Q_PROPERTY(int port READ port NOTIFY runningChanged)
    Q_PROPERTY(QString baseUrl READ baseUrl NOTIFY runningChanged)
    Q_PROPERTY(QString brokerUrl READ brokerUrl NOTIFY runningChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY runningChanged)
    Q_PROPERTY(
        int preferredPort READ preferredPort WRITE setPreferredPort NOTIFY preferredPortChanged)
public:
    explicit DemoService(QObject *parent = nullptr);
    ~DemoService() override;

    [[nodiscard]] bool isRunning() const { return m_port != 0; }
    [[nodiscard]] int port() const { return m_port; }
    [[nodiscard]] QString baseUrl() const;
    [[nodiscard]] QString brokerUrl() const;
    [[nodiscard]] QString errorString() const { return m_errorString; }
    /** The port tried first; 0 = any free port. Default DemoServer::kDefaultPort. */
    [[nodiscard]] int preferredPort() const { return m_preferredPort; }
    void setPreferredPort(int port);

    /** Starts the server (no-op when running). @return false with errorString() on failure. */
    Q_INVOKABLE bool start();
    /** Stops the server and its thread. Idempotent. */
    Q_INVOKABLE void stop();

Q_SIGNALS:
    void runningChanged();
    void preferredPortChanged();

private:
    QThread *m_thread = nullptr;
    DemoServer *m_server = nullptr; ///< lives in m_thread
    int m_port = 0;
    int m_preferredPort;
    QString m_errorString;
};

} // namespace cicada
