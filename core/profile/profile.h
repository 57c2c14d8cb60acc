#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace cicada {

/**
 * @brief The in-memory form of a `*.cicada.json` profile, schema 1 (DESIGN §3).
 *
 * Plain values only: ProfileIo converts to and from JSON and validates; the engine reads it.
 * Durations are milliseconds. Every object in the file may carry a free-text "comment", kept here
 * so that load → save → load is lossless.
 */

constexpr int kProfileSchema = 1;

/** @brief A cookie (domain may be empty: the host of the base/broker URL) or a header. */
struct NameValue
{
    QString name;
    QString value;  ///< may contain placeholders, e.g. "{{env.SESSION_ID}}"
    QString domain; ///< cookies only
    QString comment = {};
    bool operator==(const NameValue &) const = default;
};

/** @brief A named payload with placeholders, parsed once and rendered per send. */
struct PayloadTemplate
{
    enum class Kind
    {
        Json,
        Text
    };
    QString name;
    Kind kind = Kind::Json;
    QJsonValue json; ///< Kind::Json: the body as written (strings may hold placeholders)
    QString text;    ///< Kind::Text: the body as written
    QString comment;
    /** The text that is rendered: compact JSON for Kind::Json, text otherwise. */
    [[nodiscard]] QString source() const;
    bool operator==(const PayloadTemplate &) const = default;
};

/** @brief Pause after each task iteration, like Locust's wait_time functions. */
struct WaitTime
{
    enum class Kind
    {
        Constant,
        Between,
        ConstantPacing
    };
    Kind kind = Kind::Constant;
    qint64 minMs = 0; ///< Constant / ConstantPacing: the time; Between: lower bound
    qint64 maxMs = 0; ///< Between: upper bound
    QString comment = {};
    bool operator==(const WaitTime &) const = default;
};

/** @brief One step of a task or of on-start/on-stop. Fields not used by a kind stay default. */
struct Step
{
    enum class Kind
    {
        Http,
        WsConnect,
        WsSend,
        Think,
        Close
    };
    enum class Await
    {
        None,
        NextMessage,
        JsonMatch
    };

    Kind kind = Kind::Http;
    QString name; ///< stats name; defaults: Http → path, WsConnect → "connect", WsSend → template
    QString comment;

    // Http
    QString method = QStringLiteral("GET");
    QString path; ///< relative to target.baseUrl, or an absolute URL (placeholders allowed)
    QList<NameValue> headers; ///< per-request headers (placeholders allowed)
    QString bodyTemplate;     ///< name of a PayloadTemplate, or empty
    QString body; ///< inline body text (placeholders allowed), used when bodyTemplate is empty
    QList<int> expectStatus; ///< empty = any status < 400 is a success

    // WsConnect
    QString url; ///< empty = target.brokerUrl

    // WsSend (template as bodyTemplate / body above)
    Await await = Await::None;
    QString matchField = QStringLiteral("id"); ///< JsonMatch: reply[matchField] == sent[matchField]
    qint64 timeoutMs = 0;                      ///< 0 = target.requestTimeoutMs

    // Think
    qint64 thinkMinMs = 0;
    qint64 thinkMaxMs = 0; ///< == thinkMinMs for a fixed pause

    bool operator==(const Step &) const = default;
};

/** @brief A weighted list of steps; one iteration runs the steps in order. */
struct Task
{
    QString name;
    int weight = 1;
    QList<Step> steps;
    QString comment;
    bool operator==(const Task &) const = default;
};

/** @brief Like a Locust user class. */
struct UserType
{
    QString name;
    int weight = 1;
    WaitTime wait;
    QList<Step> onStart;
    QList<Task> tasks;
    QList<Step> onStop;
    QString comment;
    bool operator==(const UserType &) const = default;
};

/** @brief Closed model: users, spawn rate (users/s) and run time (0 = until stopped). */
struct LoadSettings
{
    int users = 1;
    double spawnRate = 1.0;
    qint64 runTimeMs = 0;
    QString comment = {};
    bool operator==(const LoadSettings &) const = default;
};

struct Target
{
    QString baseUrl;   ///< e.g. http://127.0.0.1:8765
    QString brokerUrl; ///< e.g. ws://127.0.0.1:8765/broker
    bool verifyTls = true;
    qint64 connectTimeoutMs = 10000;
    qint64 requestTimeoutMs = 30000;           ///< HTTP request and default WS reply timeout
    QString transport = QStringLiteral("raw"); ///< HTTP transport: "raw" or "qt"
    QString comment = {};
    bool operator==(const Target &) const = default;
};

struct Profile
{
    int schema = kProfileSchema;
    QString name;
    QString comment;
    Target target;
    QList<NameValue> cookies;
    QList<NameValue> headers;
    QList<NameValue> variables; ///< name → value, in file order
    QList<PayloadTemplate> templates;
    QList<UserType> userTypes;
    LoadSettings load;
    /// Pass/fail rules checked at the end of a run, as written (see Threshold for the syntax),
    /// e.g. "p95(WS send:chat) < 200ms", "error_rate < 1%".
    QStringList thresholds;
    bool operator==(const Profile &) const = default;

    [[nodiscard]] const PayloadTemplate *findTemplate(const QString &name) const;
};

/** @brief One problem found while loading: where (JSON path like `$.userTypes[0].tasks[1]`) and
 * what. */
struct ProfileIssue
{
    enum class Severity
    {
        Error,
        Warning
    };
    QString path;
    QString message;
    Severity severity = Severity::Error;
    int line = 0; ///< 1-based line in the file for JSON syntax errors, else 0
    /** "file:line: $.path: message" style text, for the CLI. */
    [[nodiscard]] QString toString(const QString &file = {}) const;
};

} // namespace cicada
