#pragma once

#include "profile/profile.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace cicada {

/**
 * @brief Reads, validates and writes `*.cicada.json` profiles (schema 2; schema 1 files load
 * unchanged and are saved as schema 2).
 *
 * # Profile format, schema 2
 *
 * One UTF-8 JSON object (at most kMaxFileBytes). Every object may carry a free-text `"comment"`,
 * kept on save, except the name maps `variables`, `templates` and `capture`, where every key is a
 * name. `resources/schema/cicada-profile.schema.json` (ProfileSchema) is the same format as a JSON
 * Schema for editors.
 *
 * ```
 * {
 *   "$schema": "file:///usr/share/cicada/schema/cicada-profile.schema.json", // for editors; kept
 *   "schema": 2,                              // required; 1 or 2 (see "Schema 1" below)
 *   "name": "Chat broker demo",
 *   "comment": "free text",
 *   "target": {
 *     "baseUrl": "http://127.0.0.1:8765",     // http/https; needed by http steps with a relative
 *                                             // path; may be "{{env.BASE_URL}}" (env only)
 *     "brokerUrl": "ws://127.0.0.1:8765/broker", // ws/wss; needed by wsConnect without "url";
 *                                             // {{env.NAME}} allowed
 *     "verifyTls": true,                      // default true
 *     "connectTimeout": "10s",                // default 10s
 *     "requestTimeout": "30s",                // default 30s; also the default reply timeout
 *     "transport": "raw",                     // "raw" (default) or "qt"
 *     "wsTransport": "lean",                  // "lean" (Cicada's, default) or "qt" (QWebSocket)
 *     "maxBodySize": 16777216,                // bytes, 1 to 2 GiB, default 16 MiB: a larger
 *     "maxMessageSize": 16777216,             // response body / WS message fails and drops
 *     "sourceAddresses": "127.0.0.1-127.0.0.4" // or a list of addresses and IPv4 ranges: users
 *                                             // bind them round-robin (past ~28k ports per
 *                                             // address pair); needs the raw and lean clients
 *   },
 *   "cookies": [ { "name": "sessionid", "value": "{{env.SESSION_ID}}", "domain": "127.0.0.1" } ],
 *   "headers": [ { "name": "X-Client", "value": "cicada" } ],  // sent on HTTP and the WS upgrade
 *   "variables": { "room": "lobby" },         // literal strings, used as {{var.room}}
 *   "templates": {                            // named payloads
 *     "chat": { "json": { "type": "chat", "id": "{{uuid}}" } },   // any JSON value
 *     "ping": { "text": "ping {{user.seq}}" },                    // or text
 *     "raw":  { "base64": "AAECAw==" }, "raw2": { "hex": "00 01 02" } // or fixed bytes (binary
 *                                             // frames); saved canonical: base64, or hex digits
 *   },
 *   "userTypes": [ {                          // at least one
 *     "name": "ChatUser",                     // required, unique
 *     "weight": 3,                            // default 1, 1 to 1,000,000
 *     "wait": { "between": ["1s", "2s"] },    // or {"constant": "1s"} or {"constantPacing": "1s"};
 *                                             // default: no wait
 *     "onStart": [ STEP, ... ],               // optional, run once per user
 *     "tasks": [ { "name": "say", "weight": 5, "steps": [ STEP, ... ] } ], // at least one; names
 *                                             // unique within the user type; weight default 1
 *     "onStop": [ STEP, ... ],                // optional
 *     "arrivalRate": { "rate": 20 }           // optional: this type's own open model (below)
 *   } ],
 *   "load": { "users": 10, "spawnRate": 2, "runTime": "30s" }, // users 1 to 10,000,000;
 *                                             // spawnRate > 0 and ≤ 1,000,000 users/s;
 *                                             // runTime "0s" (default) = until stopped, or the
 *                                             // sum of the stages' durations
 *   // or, open model: iterations started per second whatever the target's latency
 *   "load": { "arrivalRate": { "rate": 50, "to": 200, "over": "60s", "maxConcurrent": 500,
 *                              "dropAfter": "5s" }, "runTime": "2m" },
 *   // and a load shape, for either model (one model per list):
 *   "load": { "stages": [ { "duration": "30s", "users": 100, "spawnRate": 10 },
 *                         { "duration": "1m", "users": 100 },
 *                         { "duration": "10s", "users": 0 } ] },
 *   "load": { "arrivalRate": { "rate": 10, "maxConcurrent": 200 },
 *             "stages": [ { "duration": "30s", "rate": 200 },
 *                         { "duration": "1m", "rate": 200 } ] },
 *   "thresholds": [ "p95(WS send:chat) < 200ms", "error_rate < 1%", "rps > 100" ],
 *                                             // optional pass/fail rules (see Threshold); a run
 *                                             // that breaks one exits with code 1
 *   "feeders": [ {                            // optional data feeders (schema 2), see below
 *     "name": "users",                        // required, unique; used as {{feed.users.COLUMN}}
 *     "file": "data/users.csv",               // required; relative to the profile's directory
 *     "format": "csv",                        // "csv" or "json"; default: ".json" → json, else csv
 *     "strategy": "sequential",               // "sequential" (default), "circular", "random",
 *                                             // "perUser"
 *     "onExhausted": "stopUser"               // sequential/perUser: "stopUser" (default) or "fail"
 *   } ]
 * }
 * ```
 *
 * A STEP is an object with exactly one kind key (and optionally "comment"). Each kind's keys are
 * documented on its struct (the headers in profile/steps/) and read, written and described by its
 * StepDescriptor — nothing else lists them:
 * - `{"http": {...}}` HttpStep: method, path, headers, template/body, expect, timeout, capture,
 *   check.
 * - `{"wsConnect": {...}}` WsConnectStep: url (placeholders allowed), subprotocols, headers,
 *   timeout, onConnect (steps run after every (re)connect), ping, maxMessageSize, pushes.
 * - `{"wsSend": {...}}` WsSendStep: template/body, await none/next/match, match (JSON pointers;
 *   schema 1's "matchField": "id" reads as "/id"), timeout, inFlight, replies, until, capture,
 *   check. Needs a wsConnect earlier in onStart, in the same task, or an enclosing onConnect.
 * - `{"wsAwait": {...}}` WsAwaitStep: match (conditions), timeout, capture, check.
 * - `{"think": "1s"}` or `{"think": ["1s", "3s"]}` (random in the range).
 * - `{"close": {}}` — closes the WebSocket.
 * Captures (Capture) fill `{{capture.NAME}}`; using a NAME no step captures is an error.
 * Conditions (Condition) are used by check, until and wsAwait's match.
 *
 * Load models (issue 10; schema 2). Closed (default): `users` run their tasks in a loop, started at
 * `spawnRate`. Open: `arrivalRate` starts task iterations at intended times — `rate` iterations per
 * second (0 to 1,000,000), ramping linearly to `to` over `over` when given (both or neither), then
 * staying at `to` — on a pool of at most `maxConcurrent` users (default 1000) per user type; a
 * pooled user runs onStart once, then one iteration at a time (the wait time is not used). Per
 * user type, `userTypes[].arrivalRate` gives a type its own rate; types without one share
 * `load.arrivalRate` (rate and maxConcurrent) by weight; a profile where some types have one and
 * there is no profile-level rate is an error. An iteration whose intended start comes while every
 * pooled user is busy and the pool is full waits: it is a *late start* when a user frees up, a
 * *dropped iteration* when it waited `dropAfter` (default "5s"; "0s" = drop at once, like k6).
 * Timed operations of an iteration record their time from the intended start (responseTimeUs,
 * the main figures) and from the actual send (serviceTimeUs, shown beside them).
 * `stages` (each `duration` > 0, then `users` (0 to 10,000,000) with optional `spawnRate`, or
 * `rate`): closed — at each stage's start the target becomes `users`, reached at `spawnRate`
 * (default load.spawnRate), like a Locust LoadTestShape; open — the profile-level rate ramps
 * linearly from the previous stage's final rate (the first stage: arrivalRate.rate, else 0) to
 * `rate` over the stage, like k6's ramping-arrival-rate. After the last stage its value holds.
 * Closed stages with an arrival rate, or users and rate in one list, are errors.
 *
 * Durations: a string of number+unit parts, largest unit first — "250ms", "10s", "1.5s", "2m",
 * "1h", "1m30s" — or a JSON number of seconds; whole milliseconds, at most 24 days
 * (kMaxDurationMs: Qt timers take at most 2^31 − 1 ms). Saved as the shortest exact form: "250ms",
 * "90s", "2m", "1h". Counts (inFlight, replies) are at most 100,000.
 *
 * Placeholders (see Template): `{{user.index}}`, `{{user.seq}}`, `{{uuid}}`,
 * `{{randomInt(A,B)}}`, `{{randomString(N)}}`, `{{timestamp}}`, `{{timestamp.s}}`,
 * `{{timestamp.iso}}`, `{{env.NAME}}`, `{{var.NAME}}`, `{{capture.NAME}}`,
 * `{{feed.NAME.column}}`; allowed in template
 * payloads, cookie and header values, http paths and bodies, wsSend bodies and wsConnect urls;
 * target URLs take `{{env.NAME}}` only (a URL that is only a placeholder is checked when the run
 * starts). In JSON templates a placeholder is substituted inside its JSON string, escaped
 * (Template::Escaping::Json). An unset `{{env.NAME}}` is a warning (it renders empty); an
 * undefined `{{var.NAME}}` is an error.
 *
 * Feeders: a CSV file is UTF-8 with a header row (RFC 4180 quoting, CRLF or LF); a JSON file is
 * an array of objects with scalar values (see FeedFileReader). The file is loaded once per run.
 * Rows: a step that uses `{{feed.NAME.column}}` selects a row of NAME when it runs, and every
 * placeholder of NAME reads that row until the iteration ends (one row per task iteration;
 * onStart's row is kept for onStop and a re-login; see FeedCursor). sequential: each row once
 * across all users and threads; circular: in order, wrapping; random: any row; perUser: the row
 * with the user's index, fixed for its life. When a sequential feeder has no row left (or a
 * perUser feeder has none for the user), onExhausted "stopUser" stops that user (it runs onStop;
 * counted as a "feed" message row with the reason, and said on the console) and "fail" fails the
 * step with an error naming the feeder (nothing is sent; the user goes on). Values are inserted
 * as they are (no URL encoding), JSON-escaped in JSON templates. An undefined feeder is a load
 * error; the file, its syntax and its columns are checked by `cicada-cli validate`, the GUI and
 * before a run (FeedLoader), each error with the file, the placeholder's JSON path and the CSV
 * line. `{{feed...}}` is not allowed in cookies (set before any row is chosen) or target URLs.
 *
 * Schema 1 is schema 2 without: wsAwait, capture, check, {{capture.NAME}}, match, inFlight,
 * replies, until, wsConnect's subprotocols/headers/timeout/onConnect/ping/maxMessageSize/pushes
 * and url placeholders, http timeout, binary templates, target size limits and URL placeholders,
 * arrivalRate and stages.
 * A schema-1 file using one of them gets an error saying to set "schema": 2.
 *
 * Saving writes schema 2, two-space indented JSON with keys in a fixed reading order; unknown keys
 * are errors on load (with a did-you-mean suggestion), never silently dropped.
 */
class ProfileIo
{
public:
    /// Every duration: 24 days, below 2^31 ms, the longest interval a Qt timer takes.
    static constexpr qint64 kMaxDurationMs = qint64(24) * 24 * 60 * 60 * 1000;
    static constexpr int kMaxUsers = 10'000'000;
    static constexpr double kMaxSpawnRate = 1e6;   ///< users per second
    static constexpr double kMaxArrivalRate = 1e6; ///< iterations per second
    static constexpr int kMaxWeight = 1'000'000;
    /// loadFile() refuses larger files (a profile is a few KiB; /dev/zero must not eat memory).
    static constexpr qint64 kMaxFileBytes = qint64(16) * 1024 * 1024;

    /**
     * Converts and validates @p root. Best effort: returns everything that could be read and
     * appends every problem found to @p issues (may be nullptr). Never crashes on bad input.
     */
    static Profile fromJson(const QJsonObject &root, QList<ProfileIssue> *issues);
    /** The JSON form of @p profile; fromJson(toJson(p)) == p for any loaded profile. */
    static QJsonObject toJson(const Profile &profile);
    /** The exact bytes saveFile() writes for @p profile. */
    static QByteArray toText(const Profile &profile);

    /** Which kinds of connection a profile's users open. */
    struct ConnectionKinds
    {
        bool http = false; ///< some step is an "http" request
        bool ws = false;   ///< some step is a "wsConnect"
    };
    /** The connections opened by the steps anywhere under @p userTypes (the JSON "userTypes"
     *  array: onStart, tasks, onStop and nested onConnect steps alike). */
    static ConnectionKinds connectionKinds(const QJsonValue &userTypes);

    /**
     * Reads @p path into @p out (best effort, as fromJson). Unreadable files, files that are not
     * regular files (devices, pipes: refused before opening), files over kMaxFileBytes (never read
     * whole) and JSON syntax errors (with ProfileIssue::line set) become issues. Returns true when
     * no issue is an Error.
     */
    static bool loadFile(const QString &path, Profile *out, QList<ProfileIssue> *issues);
    /**
     * Writes @p profile atomically (QSaveFile): on failure the previous file is untouched and no
     * partial file is left; @p error (may be nullptr) gets a sentence with the OS error.
     */
    static bool saveFile(const QString &path, const Profile &profile, QString *error);

    /** True when one of @p issues has Error severity. */
    static bool hasErrors(const QList<ProfileIssue> &issues);

    /**
     * Parses a duration ("250ms", "1.5s", "1m30s", or a JSON number of seconds) into
     * milliseconds. @p ok (may be nullptr) tells success; @p error (may be nullptr) says why not.
     */
    static qint64 parseDuration(const QJsonValue &value, bool *ok, QString *error = nullptr);
    /** The shortest exact string for @p ms: "0s", "250ms", "90s", "2m", "1h". */
    static QJsonValue durationToJson(qint64 ms);
};

} // namespace cicada
