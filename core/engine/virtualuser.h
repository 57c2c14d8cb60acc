#pragma once

#include "engine/compiledprofile.h"
#include "http/httptransport.h"
#include "stats/requestoutcome.h"

#include <QElapsedTimer>
#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QWebSocket;

namespace cicada {

class UserHost;

/**
 * @brief One simulated user: runs its type's on-start steps, then weighted tasks separated by
 * the wait time, and on-stop steps when stopped. Lives in one worker thread; everything is
 * asynchronous (no blocking calls). Reports outcomes to its host and never touches statistics.
 *
 * WebSocket semantics (README "What the WebSocket rows measure"):
 *  - "WS connect": TCP (+TLS) connect and upgrade handshake, until the 101 is processed;
 *  - "WS send": a send that awaits a reply, from handing the frame to the socket until the
 *    matching reply (or the next message) arrives; fails after the step's timeout;
 *  - "WS emit": a fire-and-forget send (time to hand the frame to the socket);
 *  - "WS recv": a message nobody awaited (server push), counted with its size, time 0;
 *  - "WS disconnect": the server dropped the connection (a failure with the close code); the
 *    user reconnects with exponential backoff before its next send.
 */
class VirtualUser final : public QObject
{
    Q_OBJECT
public:
    VirtualUser(int index, const CompiledProfile &profile, const CompiledUserType &type,
                HttpTransport::Kind transport, UserHost *host);
    ~VirtualUser() override;

    [[nodiscard]] int index() const { return m_index; }
    /** Starts the on-start steps, then the task loop. */
    void start();
    /** Interrupts the current step, runs the on-stop steps (bounded by kStopTimeoutMs), then
     *  emits finished(). Idempotent. */
    void stop();

Q_SIGNALS:
    void finished(cicada::VirtualUser *user);

private:
    enum class Phase
    {
        Idle,
        OnStart,
        Task,
        Waiting,
        Reconnecting,
        OnStop,
        Done
    };

    void runList(const QList<CompiledStep> *steps, Phase phase);
    void advance();
    /** Executes the current step; returns true when it completed synchronously. */
    bool execute(const CompiledStep &step);
    void stepDone();
    void listDone();
    void nextIteration();
    void finish();

    bool executeHttp(const CompiledStep &step);
    bool executeWsConnect(const CompiledStep &step);
    bool executeWsSend(const CompiledStep &step);
    bool sendNow(const CompiledStep &step);
    void openWebSocket(const CompiledStep &step);
    void closeWebSocket();
    void onWsConnected();
    void onWsDisconnected();
    void onWsError();
    void onWsText(const QString &message);
    void onWsBinary(const QByteArray &message);
    void onTimer();
    void completeAwait(qint64 replyBytes);
    void failAwait(const QString &error);

    void report(const QString &type, const QString &name, qint64 timeUs, qint64 bytes,
                const QString &error = {});
    [[nodiscard]] TemplateContext context();
    [[nodiscard]] qint64 randomBetween(qint64 lo, qint64 hi);

    const int m_index;
    const CompiledProfile &m_profile;
    const CompiledUserType &m_type;
    UserHost *m_host;
    HttpTransport *m_http = nullptr;
    QWebSocket *m_ws = nullptr;
    QTimer m_timer;         ///< think/wait time, timeouts and reconnect backoff (one at a time)
    int m_timerPurpose = 0; ///< what m_timer is currently timing (see the .cpp)
    QTimer m_stopDeadline;

    Phase m_phase = Phase::Idle;
    const QList<CompiledStep> *m_steps = nullptr;
    qsizetype m_stepIndex = 0;
    bool m_inAdvance = false;
    bool m_stepPending = false;
    bool m_stopping = false;
    quint64 m_generation = 0; ///< bumps on stop so late callbacks are ignored
    qint64 m_sequence = 0;
    QElapsedTimer m_opTimer;
    QElapsedTimer m_iterationTimer;

    // WebSocket state
    enum class WsWait
    {
        None,
        Connect,
        Reply
    };
    WsWait m_wsWait = WsWait::None;
    bool m_wsOpen = false;
    bool m_wsClosingOnPurpose = false;
    const CompiledStep *m_connectStep = nullptr; ///< last wsConnect, used to reconnect
    const CompiledStep *m_pendingSend = nullptr; ///< send to run after a reconnect
    const CompiledStep *m_awaitStep = nullptr;
    QJsonValue m_awaitKey;
    qint64 m_backoffMs = 0;
    bool m_reconnectFailed = false;
};

} // namespace cicada
