#pragma once

// Shared inputs of the report tests: a profile full of secrets and a few seconds of statistics.
#include "profile/profileio.h"
#include "stats/stats.h"

#include <QJsonObject>
#include <QRandomGenerator>

namespace cicada::test {

inline constexpr qint64 kT0Ms = 1'700'000'000'000;
inline const QString kCookieSecret = QStringLiteral("cookie-s3cret-4711");
inline const QString kBearerSecret = QStringLiteral("Bearer tok-9f8e7d6c5b");
inline const QString kApiKeySecret = QStringLiteral("apikey-0a1b2c3d");
inline const QString kVariableSecret = QStringLiteral("var-secret-77aa");
inline const QString kEnvName = QStringLiteral("CICADA_TEST_REPORT_SECRET");
inline const QString kEnvSecret = QStringLiteral("env-secret-5150");

/// A valid profile whose cookies, credential headers, a variable and an environment variable
/// hold secrets.
inline Profile secretProfile()
{
    // Built in code rather than from JSON text: moc 6.4 misreads raw strings with quotes.
    Profile p;
    p.name = QStringLiteral("Secrets <&> demo");
    p.target.baseUrl = QStringLiteral("http://127.0.0.1:1");
    p.target.brokerUrl = QStringLiteral("ws://127.0.0.1:1/broker");
    p.cookies = {{QStringLiteral("sessionid"), kCookieSecret, {}},
                 {QStringLiteral("remember"), QStringLiteral("{{var.token}}"), {}}};
    p.headers = {{QStringLiteral("Authorization"), kBearerSecret, {}},
                 {QStringLiteral("X-Client"), QStringLiteral("cicada-test"), {}},
                 {QStringLiteral("X-Trace"), QStringLiteral("trace {{env.%1}}").arg(kEnvName), {}}};
    p.variables = {{QStringLiteral("token"), kVariableSecret, {}},
                   {QStringLiteral("room"), QStringLiteral("lobby"), {}}};
    PayloadTemplate chat;
    chat.name = QStringLiteral("chat");
    chat.json = QJsonObject{{QStringLiteral("id"), QStringLiteral("{{uuid}}")},
                            {QStringLiteral("room"), QStringLiteral("{{var.room}}")}};
    p.templates = {chat};
    HttpStep get;
    get.path = QStringLiteral("/api/items");
    get.headers = {{QStringLiteral("X-Api-Key"), kApiKeySecret, {}}};
    WsSendStep send;
    send.name = QStringLiteral("chat");
    send.bodyTemplate = QStringLiteral("chat");
    send.await = WsSendStep::Await::Match;
    UserType user;
    user.name = QStringLiteral("U");
    user.tasks = {{QStringLiteral("t"), 1, {Step(get), Step(WsConnectStep()), Step(send)}, {}}};
    p.userTypes = {user};
    p.load = {10, 5, 12'000, {}};
    p.thresholds = {QStringLiteral("p95 < 500ms")};
    return p;
}

/// The environment the run saw.
inline QHash<QString, QString> secretEnvironment()
{
    return {{kEnvName, kEnvSecret}, {QStringLiteral("HOME"), QStringLiteral("/root")}};
}

inline RequestOutcome outcome(const QString &type, const QString &name, qint64 us, qint64 atMs,
                              const QString &error = {}, qint64 bytes = 100)
{
    return RequestOutcome{.type = type,
                          .name = name,
                          .responseTimeUs = us,
                          .contentLength = bytes,
                          .error = error,
                          .timestampMs = atMs};
}

/// A message outcome: with @p us >= 0 it carries that time (a push's age), otherwise none.
inline RequestOutcome message(const QString &type, const QString &name, qint64 us, qint64 atMs,
                              const QString &error = {}, qint64 bytes = 40)
{
    RequestOutcome o = outcome(type, name, us < 0 ? 0 : us, atMs, error, bytes);
    o.kind = RequestOutcome::Kind::Message;
    o.hasTime = us >= 0;
    return o;
}

/**
 * @p seconds of statistics, one tick per second at kT0Ms + s·1000 with 10 users: GET /api/items
 * (50/s, 1-50 ms), WS send chat (20/s, 5-200 ms, every 10th times out), GET /api/profile (2/s,
 * failing with HTTP 500), WS recv push (messages, 1/s: the even seconds' carry an age of
 * 100 ms + s ms, the odd seconds' carry no time), WS emit typing (untimed messages, 3/s, the first
 * one lost). Deterministic.
 */
inline Stats sampleStats(int seconds = 12)
{
    Stats stats(kT0Ms);
    QRandomGenerator rng(42);
    for (int s = 0; s < seconds; ++s) {
        const qint64 base = kT0Ms + qint64(s) * 1000;
        for (int i = 0; i < 50; ++i)
            stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/api/items"),
                                 rng.bounded(1000, 50'000), base + i * 20, {}, 523));
        for (int i = 0; i < 20; ++i)
            stats.record(outcome(QStringLiteral("WS send"), QStringLiteral("chat"),
                                 rng.bounded(5000, 200'000), base + i * 50,
                                 i % 10 == 9
                                     ? QStringLiteral("No reply with matching 'id' within 5000 ms")
                                     : QString(),
                                 232));
        for (int i = 0; i < 2; ++i)
            stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/api/profile"),
                                 rng.bounded(500, 900), base + 300 + i, QStringLiteral("HTTP 500"),
                                 20));
        stats.record(message(QStringLiteral("WS recv"), QStringLiteral("push"),
                             s % 2 == 0 ? 100'000 + s * 1000 : -1, base + 500));
        for (int i = 0; i < 3; ++i)
            stats.record(message(
                QStringLiteral("WS emit"), QStringLiteral("typing"), -1, base + 600 + i,
                s == 0 && i == 0 ? QStringLiteral("Connection lost (code 1006)") : QString()));
        stats.tick(base + 1000, 10);
    }
    return stats;
}

} // namespace cicada::test
