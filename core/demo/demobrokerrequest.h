#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace cicada {

/**
 * @brief One text message to the demo broker, parsed once: what it asks for and its arguments.
 *
 * The ops mirror tests/servers/ws_broker.py so that tests can run the same conversation against
 * both brokers (X is the message's "id", any JSON value):
 * - not a JSON object → EchoText (echoed verbatim); a JSON object without "id" and without an op
 *   below → Ack (`{"type":"ack"}`);
 * - `{"id":X, ...}` with no op or an unknown op → Reply; `"nested": true` moves the reply's id to
 *   `/meta/requestId` (also for Delay and Parts);
 * - `{"id":X,"op":"delay","ms":D}` → Delay (0 ≤ D ≤ kMaxDelayMs);
 * - `{"id":X,"op":"parts","n":N}` → Parts (1 ≤ N ≤ kMaxParts);
 * - `{"id":X,"op":"subscribe","topic":T,"interval_ms":M,"count":K,"gap_every":G}` → Subscribe
 *   (id optional; T default "price", M default kDefaultIntervalMs, K 0 = until the connection
 *   closes, G absent = the broker's setting; M = 0 needs a K);
 * - `{"id":X,"op":"login","user":U}` → Login (id optional, U default "user");
 * - `{"op":"forget-sessions","code":C}` → ForgetSessions (C optional: 1000-1003, 1007-1014 or
 *   3000-4999, else kDefaultForgetCloseCode); `{"op":"drop-all"}` → DropAll.
 * Parts and Delay without an id are Ack. Malformed arguments give Invalid with error() set.
 */
struct DemoBrokerRequest
{
    enum class Kind
    {
        EchoText,
        Ack,
        Reply,
        Delay,
        Parts,
        Subscribe,
        Login,
        ForgetSessions,
        DropAll,
        Invalid,
    };

    static constexpr qint64 kMaxDelayMs = 60'000;
    static constexpr qint64 kMaxParts = 100'000;
    static constexpr qint64 kDefaultIntervalMs = 50;
    static constexpr qint64 kMaxIntervalMs = 60'000;
    /** forget-sessions' close code: Service Restart (Qt 6.4 clients report it as 1002). */
    static constexpr int kDefaultForgetCloseCode = 1012;

    Kind kind = Kind::EchoText;
    QJsonObject message;                               ///< the parsed message (empty for EchoText)
    QJsonValue id = QJsonValue(QJsonValue::Undefined); ///< Undefined when the message has none
    bool nested = false;
    qint64 delayMs = 0;    ///< Delay
    qint64 count = 0;      ///< Parts: number of parts; Subscribe: pushes to send, 0 = unbounded
    qint64 intervalMs = 0; ///< Subscribe: push period, milliseconds
    qint64 gapEvery = -1;  ///< Subscribe: skip every G-th seq; -1 = the broker's setting
    int closeCode = kDefaultForgetCloseCode; ///< ForgetSessions
    QString topic;                           ///< Subscribe: the pushes' "type"
    QString user;                            ///< Login
    QString error;                           ///< Invalid: what is wrong, naming the field

    [[nodiscard]] bool hasId() const { return !id.isUndefined(); }

    /** Parses @p text (never fails: anything that is not a request is EchoText or Ack). */
    [[nodiscard]] static DemoBrokerRequest parse(const QString &text);
};

} // namespace cicada
