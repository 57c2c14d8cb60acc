#pragma once

#include "engine/compiledprofile.h"
#include "engine/runner.h"
#include "profile/profileio.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>

namespace cicada::test {

constexpr int kRunnerFinishTimeoutMs = 20000;

/** Reads and compiles a profile given as JSON text; nullptr (with warnings) on any error. */
inline std::shared_ptr<const CompiledProfile> compileJson(const QString &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &parseError);
    if (!doc.isObject()) {
        qWarning() << "bad test JSON:" << parseError.errorString() << json;
        return nullptr;
    }
    QList<ProfileIssue> issues;
    const Profile profile = ProfileIo::fromJson(doc.object(), &issues);
    for (const ProfileIssue &issue : std::as_const(issues))
        qWarning().noquote() << issue.toString();
    if (ProfileIo::hasErrors(issues))
        return nullptr;
    QStringList errors;
    auto compiled = CompiledProfile::compile(profile, &errors);
    if (!errors.isEmpty())
        qWarning() << errors;
    return compiled;
}

/** Starts @p runner with @p users for @p runMs; false when it did not finish in time. */
inline bool runFor(Runner *runner, int users, qint64 runMs, double spawnRate = 100)
{
    QSignalSpy finished(runner, &Runner::finished);
    LoadSettings load;
    load.users = users;
    load.spawnRate = spawnRate;
    load.runTimeMs = runMs;
    runner->start(load);
    return finished.wait(int(runMs) + kRunnerFinishTimeoutMs);
}

inline qint64 requests(const Runner &runner, const QString &type, const QString &name)
{
    const StatsEntry *e = runner.stats().entry(type, name);
    return e ? e->numRequests() : 0;
}

inline qint64 failures(const Runner &runner, const QString &type, const QString &name)
{
    const StatsEntry *e = runner.stats().entry(type, name);
    return e ? e->numFailures() : 0;
}

/** Every error as "type name: error (count)", one per line. */
inline QString errorsText(const Runner &runner)
{
    QStringList lines;
    for (const StatsError &e : runner.stats().errors())
        lines << QStringLiteral("%1 %2: %3 (%4)").arg(e.type, e.name, e.error).arg(e.occurrences);
    return lines.join(QLatin1Char('\n'));
}

/** Occurrences of errors of @p type whose message contains @p text. */
inline qint64 errorCount(const Runner &runner, const QString &type, const QString &text)
{
    qint64 n = 0;
    for (const StatsError &e : runner.stats().errors())
        if (e.type == type && e.error.contains(text))
            n += e.occurrences;
    return n;
}

} // namespace cicada::test
