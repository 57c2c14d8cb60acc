#pragma once

#include "feed/feedcursor.h"
#include "http/httptransport.h"
#include "profile/template.h"

#include <QHash>
#include <QString>
#include <QUrl>
#include <QtGlobal>

#include <functional>
#include <optional>

class QObject;
class QRandomGenerator;

namespace cicada {

struct CompiledProfile;
struct RequestOutcome;
class UserHost;
class WsRateBoard;
class WsSession;

/**
 * @brief What one virtual user owns besides its step sequencing: its index, variables and
 * captures (`{{capture.NAME}}`), sequence number, random generator, HTTP transport (with the
 * user's cookie jar) and WebSocket session. Executors get it by reference.
 *
 * Lives in the user's worker thread; not thread-safe. The outcome sink is the user's host (or,
 * in tests, any function): users report outcomes and never touch statistics.
 */
class UserContext
{
public:
    using Sink = std::function<void(const RequestOutcome &)>;

    /**
     * @param owner  the user's QObject: parent of the transport and session, context of timers
     * @param random the worker thread's generator (must outlive this context)
     */
    UserContext(int index, const CompiledProfile &profile, HttpTransport::Kind transport,
                QObject *owner, QRandomGenerator *random, Sink sink);
    /** With a given transport (e.g. a test's fake); the context takes ownership. */
    UserContext(int index, const CompiledProfile &profile, HttpTransport *transport, QObject *owner,
                QRandomGenerator *random, Sink sink);
    ~UserContext();
    UserContext(const UserContext &) = delete;
    UserContext &operator=(const UserContext &) = delete;

    [[nodiscard]] int index() const { return m_index; }
    [[nodiscard]] const CompiledProfile &profile() const { return m_profile; }
    [[nodiscard]] QObject *owner() const { return m_owner; }
    [[nodiscard]] HttpTransport &http() { return *m_http; }
    [[nodiscard]] WsSession &ws() { return *m_ws; }

    /** Counts one more message or request ({{user.seq}}) and returns the new value. */
    qint64 nextSequence() { return ++m_sequence; }
    /** Values for templates: the current sequence, variables, environment, captures, RNG. */
    [[nodiscard]] TemplateContext templateContext() const;
    void setCapture(const QString &name, const QString &value) { m_captures.insert(name, value); }
    [[nodiscard]] const QHash<QString, QString> &captures() const { return m_captures; }

    [[nodiscard]] QRandomGenerator &random() { return *m_random; }
    /** Uniform in [lo, hi] (lo when hi <= lo). */
    [[nodiscard]] qint64 randomBetween(qint64 lo, qint64 hi);

    /**
     * Open model: the current iteration started @p lagUs after its intended start (-1 = closed
     * model, the default). While set, timed operations record responseTimeUs from the intended
     * start (time + lag) and serviceTimeUs from the actual send (time).
     */
    void setIntendedStartLagUs(qint64 lagUs) { m_intendedStartLagUs = lagUs; }
    /** A timed operation row (HTTP, WS connect/send/first/await/ping/reconnect);
     *  @p serviceTimeUs (RequestOutcome::serviceTimeUs) when @p timeUs counts from an intended
     *  start, else -1. */
    void reportOperation(const QString &type, const QString &name, qint64 timeUs, qint64 bytes,
                         const QString &error = {}, qint64 serviceTimeUs = -1);
    /** A message row (WS recv/emit/late/disconnect); @p timeUs when it has a latency (age). */
    void reportMessage(const QString &type, const QString &name, qint64 bytes,
                       const QString &error = {}, std::optional<qint64> timeUs = std::nullopt);

    /** Set by the step runner: the WebSocket upgrade was refused with 401/403 while
     *  reconnecting, so the session cookie is stale and the user should log in again. */
    std::function<void()> onAuthRejected;

    /** Set by the user's host: the board it shares with the Runner for rate-scheduled WebSocket
     *  sends (nullptr: none, e.g. in tests) and this user's type (index in the profile). */
    void setWsRateBoard(WsRateBoard *board, int userType)
    {
        m_wsRateBoard = board;
        m_userType = userType;
    }
    [[nodiscard]] WsRateBoard *wsRateBoard() const { return m_wsRateBoard; }
    [[nodiscard]] int userType() const { return m_userType; }

    /** The URL @p make builds for @p key (an http step with a constant path), built once and
     *  kept while the user sends the same step: no URL parse per request, and the transport
     *  recognises the same shared URL at once. */
    template <typename Make> [[nodiscard]] const QUrl &cachedUrl(const void *key, Make make)
    {
        if (m_cachedUrlKey != key) {
            m_cachedUrl = make();
            m_cachedUrlKey = key;
        }
        return m_cachedUrl;
    }
    /** The rows this user's feeders selected ({{feed.NAME.column}}). */
    [[nodiscard]] FeedCursor &feeds() { return m_feeds; }
    /** Set by the step runner: a feeder with onExhausted "stopUser" had no row left. Returns
     *  true when the user will stop (soon, from the event loop), false when it cannot (it is
     *  already stopping): then the step fails instead. */
    std::function<bool()> onFeedExhausted;

private:
    void insertProfileCookies();

    const int m_index;
    const CompiledProfile &m_profile;
    QObject *m_owner;
    QRandomGenerator *m_random;
    Sink m_sink;
    HttpTransport *m_http; ///< child of m_owner
    WsSession *m_ws;       ///< child of m_owner
    qint64 m_sequence = 0;
    QHash<QString, QString> m_captures;
    WsRateBoard *m_wsRateBoard = nullptr;
    int m_userType = 0;
    FeedCursor m_feeds;
    qint64 m_intendedStartLagUs = -1; ///< open model, see setIntendedStartLagUs()
    const void *m_cachedUrlKey = nullptr;
    QUrl m_cachedUrl;
};

} // namespace cicada
