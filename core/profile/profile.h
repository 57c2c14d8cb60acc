#pragma once

#include "profile/namevalue.h"
#include "profile/steps/step.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <optional>

namespace cicada {

/**
 * @brief The in-memory form of a `*.cicada.json` profile, schema 2 (DESIGN §3).
 *
 * Plain values only: ProfileIo converts to and from JSON and validates; the engine reads it.
 * Durations are milliseconds. Every object in the file may carry a free-text "comment", kept here
 * so that load → save → load is lossless.
 */

constexpr int kProfileSchema = 2; ///< the schema this Cicada writes; it reads 1 and 2
/// The default "$schema" of saved profiles: where the installed package keeps the JSON Schema
/// (resources/schema/cicada-profile.schema.json), so editors find it without a network.
inline constexpr char kProfileJsonSchemaUri[] =
    "file:///usr/share/cicada/schema/cicada-profile.schema.json";
/// Default limits on what a target may send (issue 9): larger bodies/messages fail and drop.
constexpr qint64 kDefaultMaxBodyBytes = 16LL * 1024 * 1024;
constexpr qint64 kDefaultMaxMessageBytes = 16LL * 1024 * 1024;

/** @brief A named payload with placeholders, parsed once and rendered per send. */
struct PayloadTemplate
{
    enum class Kind
    {
        Json,
        Text,
        Binary ///< schema 2: `{"base64": "..."}` or `{"hex": "..."}`, sent as a binary frame
    };
    QString name;
    Kind kind = Kind::Json;
    QJsonValue json;   ///< Kind::Json: the body as written (strings may hold placeholders)
    QString text;      ///< Kind::Text: the body as written
    QByteArray binary; ///< Kind::Binary: the bytes (no placeholders)
    bool hex = false;  ///< Kind::Binary: written as "hex" (else "base64"), kept for a lossless save
    QString comment;
    /** The text that is rendered: compact JSON for Kind::Json, text for Kind::Text; empty for
     * Kind::Binary (use binary). */
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

/** @brief A weighted list of steps; one iteration runs the steps in order. */
struct Task
{
    QString name;
    int weight = 1;
    QList<Step> steps;
    QString comment;
    bool operator==(const Task &) const = default;
};

/// Open model defaults (issue 10): the cap on iterations running at once, and how long an
/// iteration may wait for a free user before it is dropped.
constexpr int kDefaultMaxConcurrent = 1000;
constexpr qint64 kDefaultDropAfterMs = 5000;

/**
 * @brief Open model (issue 10): task iterations started per second, whatever the target's
 * latency — `{"rate": 50, "to": 200, "over": "60s", "maxConcurrent": 500, "dropAfter": "5s"}`.
 *
 * The rate is constant when toRate is absent, else it ramps linearly from rate to toRate over
 * overMs and then stays at toRate. Iterations run on a pool of users (each runs its onStart once,
 * then takes iterations; the wait time is not used) of at most maxConcurrent users. An iteration
 * whose time has come while every pooled user is busy and the pool is full waits for a user: it
 * is a *late start* when it starts, a *dropped iteration* when it has waited dropAfterMs without
 * starting (dropAfterMs = 0 drops at once, like k6's dropped_iterations).
 */
struct ArrivalRate
{
    double rate = 0;                           ///< "rate": iterations per second (at the start)
    std::optional<double> toRate = {};         ///< "to": the rate reached after overMs
    qint64 overMs = 0;                         ///< "over": the ramp's duration (with "to" only)
    int maxConcurrent = kDefaultMaxConcurrent; ///< "maxConcurrent": cap on running iterations
    qint64 dropAfterMs = kDefaultDropAfterMs;  ///< "dropAfter": longest wait before a drop
    QString comment = {};
    /** Iterations per second at @p elapsedMs after the start (the ramp, then toRate). */
    [[nodiscard]] double rateAt(qint64 elapsedMs) const;
    bool operator==(const ArrivalRate &) const = default;
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
    /// "arrivalRate": this type's own open model (else it shares load.arrivalRate by weight)
    std::optional<ArrivalRate> arrivalRate = {};
    /// Locust's fixed_count: this many users of the type, taken out of the total before the
    /// weights spread the rest (0 = by weight). Filled first when spawning, stopped last.
    int fixedCount = 0;
    bool operator==(const UserType &) const = default;
};

/**
 * @brief One step of a load shape (`load.stages`, issue 10): `{"duration": "30s", "users": 100,
 * "spawnRate": 10}` (closed model) or `{"duration": "30s", "rate": 200}` (open model).
 *
 * Closed: when the stage begins, the target becomes users, reached at spawnRate users per second
 * (default load.spawnRate) — what a Locust LoadTestShape tick does. Open: the profile's arrival
 * rate ramps linearly from the previous stage's final rate (the first stage: load.arrivalRate's
 * rate, else 0) to rate over the stage (k6's ramping-arrival-rate); a stage with the same rate as
 * the one before holds it. A list uses one model.
 */
struct LoadStage
{
    qint64 durationMs = 0;                ///< "duration", more than 0
    std::optional<int> users = {};        ///< "users": closed model, 0 to ProfileIo::kMaxUsers
    std::optional<double> spawnRate = {}; ///< "spawnRate": closed only; absent = load.spawnRate
    std::optional<double> rate = {};      ///< "rate": open model, iterations per second at the end
    QString comment = {};
    bool operator==(const LoadStage &) const = default;
};

/**
 * @brief How much load: the closed model (users, spawn rate) or the open model (arrivalRate, or
 * per user type UserType::arrivalRate), optionally shaped by stages, and the run time.
 *
 * runTimeMs 0 = until stopped, or the sum of the stages' durations when there are stages. In the
 * open model users and spawnRate are not used.
 */
struct LoadSettings
{
    int users = 1;
    double spawnRate = 1.0;
    qint64 runTimeMs = 0;
    QString comment = {};
    std::optional<ArrivalRate> arrivalRate = {}; ///< "arrivalRate": the whole profile's open model
    QList<LoadStage> stages = {};                ///< "stages": the load shape, one model per list
    /// Locust's --stop-timeout: when users stop, an iteration in flight may finish for up to this
    /// long before it is interrupted (0 = interrupt at once). onStop steps run after it.
    qint64 stopTimeoutMs = 0;
    bool operator==(const LoadSettings &) const = default;

    /** Sum of the stages' durations (ms); 0 without stages. */
    [[nodiscard]] qint64 stagesDurationMs() const;
    /** runTimeMs, or stagesDurationMs() when runTimeMs is 0. */
    [[nodiscard]] qint64 effectiveRunTimeMs() const;
};

struct Target
{
    QString baseUrl;   ///< e.g. http://127.0.0.1:8765
    QString brokerUrl; ///< e.g. ws://127.0.0.1:8765/broker
    bool verifyTls = true;
    qint64 connectTimeoutMs = 10000;
    qint64 requestTimeoutMs = 30000;                  ///< HTTP request and default WS reply timeout
    QString transport = QStringLiteral("raw");        ///< HTTP transport: "raw" or "qt"
    QString wsTransport = QStringLiteral("lean");     ///< WebSocket transport: "lean" or "qt"
    qint64 maxBodyBytes = kDefaultMaxBodyBytes;       ///< HTTP response bodies (schema 2)
    qint64 maxMessageBytes = kDefaultMaxMessageBytes; ///< incoming WS messages (schema 2)
    /// Local addresses users bind round-robin, as written: addresses or IPv4 ranges "A-B"
    /// (SourceAddresses expands them); empty = the kernel's choice (schema 2).
    QStringList sourceAddresses = {};
    QString comment = {};
    bool operator==(const Target &) const = default;
};

/**
 * @brief A data feeder (schema 2): rows of a CSV or JSON file, used as `{{feed.NAME.column}}`.
 *
 * The file is resolved relative to the profile's directory and loaded once per run; rows are
 * handed out by the strategy (see core/feed/FeedSet for the exact semantics).
 */
struct Feeder
{
    enum class Format
    {
        Auto, ///< from the file's extension: ".json" is JSON, anything else CSV
        Csv,  ///< RFC 4180, UTF-8, a header row first
        Json  ///< an array of objects with scalar values
    };
    enum class Strategy
    {
        Sequential, ///< each row once across all users and threads, then onExhausted
        Circular,   ///< in order across all users, wrapping to the first row
        Random,     ///< a uniformly random row (the user's generator)
        PerUser     ///< the row with the user's index, fixed for its life; onExhausted beyond
    };
    enum class OnExhausted
    {
        StopUser, ///< the user that finds no row stops (counted as a "feed" message row)
        Fail      ///< the step fails with an error naming the feeder; the user goes on
    };
    QString name;
    QString file;
    Format format = Format::Auto;
    Strategy strategy = Strategy::Sequential;
    OnExhausted onExhausted = OnExhausted::StopUser;
    QString comment = {};
    bool operator==(const Feeder &) const = default;

    /** The format used: format, or the one the file's extension implies. */
    [[nodiscard]] Format effectiveFormat() const;
    /** True when rows can run out (sequential, perUser): onExhausted applies. */
    [[nodiscard]] bool canRunOut() const
    {
        return strategy == Strategy::Sequential || strategy == Strategy::PerUser;
    }
};

struct Profile
{
    int schema = kProfileSchema; ///< as read (1 or 2); files are always saved as kProfileSchema
    /// "$schema": the JSON Schema URI editors use; kept as read, kProfileJsonSchemaUri by default
    QString jsonSchemaUri = QString::fromLatin1(kProfileJsonSchemaUri);
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
    /// Default of thresholdsMaxErrorRate: 10 % failures.
    static constexpr double kDefaultThresholdsMaxErrorRate = 0.10;
    /// `"thresholdOptions": {"maxErrorRate": 0.1}` (0..1): above this error rate of its rows, a
    /// percentile threshold is unreliable and does not pass (ThresholdEvaluator).
    double thresholdsMaxErrorRate = kDefaultThresholdsMaxErrorRate;
    /// Data feeders (schema 2), `{{feed.NAME.column}}`; files relative to the profile's directory
    QList<Feeder> feeders;
    bool operator==(const Profile &) const = default;

    [[nodiscard]] const PayloadTemplate *findTemplate(const QString &name) const;
    [[nodiscard]] const Feeder *findFeeder(const QString &name) const;
    /** True for the open model: load.arrivalRate, a user type's arrivalRate or a stage with a
     *  rate. */
    [[nodiscard]] bool isOpenModel() const;
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
