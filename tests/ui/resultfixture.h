#pragma once

// Writes small result files for the Reports-page tests: synthetic statistics captured with the
// same ResultBuilder/ResultFile the CLI and the GUI use.
#include "profile/profileio.h"
#include "profile/threshold.h"
#include "report/resultbuilder.h"
#include "report/resultfile.h"
#include "stats/stats.h"

#include <QFile>

namespace cicada::testing {

/// @p thresholds are evaluated like a run's; @p end is how the run ended.
inline bool writeResult(const QString &path, qint64 startMs, qint64 latencyUs, int requests,
                        int failures, const QStringList &thresholds = {},
                        RunResult::EndReason end = RunResult::EndReason::Completed)
{
    Profile profile;
    QList<ProfileIssue> issues;
    ProfileIo::loadFile(
        QStringLiteral(CICADA_SOURCE_DIR "/resources/profiles/demo-chat.cicada.json"), &profile,
        &issues);
    Stats stats(startMs);
    for (int i = 0; i < requests; ++i) {
        const qint64 t = startMs + 1000 + i * 10;
        stats.record(RequestOutcome{
            .type = QStringLiteral("WS send"),
            .name = QStringLiteral("chat"),
            .responseTimeUs = latencyUs + i,
            .contentLength = 120,
            .error = i < failures ? QStringLiteral("No reply with matching 'id' within 5000 ms")
                                  : QString(),
            .timestampMs = t});
        stats.record(RequestOutcome{.type = QStringLiteral("GET"),
                                    .name = QStringLiteral("/api/items"),
                                    .responseTimeUs = 2 * latencyUs,
                                    .contentLength = 500,
                                    .error = {},
                                    .timestampMs = t});
        // A push every other request (messages: never in Aggregated), every 4th with an age.
        if (i % 2 == 0)
            stats.record(RequestOutcome{.type = QStringLiteral("WS recv"),
                                        .name = QStringLiteral("price"),
                                        .responseTimeUs = i % 4 == 0 ? latencyUs : 0,
                                        .contentLength = 40,
                                        .error = {},
                                        .timestampMs = t,
                                        .kind = RequestOutcome::Kind::Message,
                                        .hasTime = i % 4 == 0});
        if (i % 100 == 0)
            stats.tick(t, 10);
    }
    ResultBuilder builder(profile, {});
    builder.setLoad(profile.load, 1, QStringLiteral("raw"));
    QList<Threshold> parsed;
    for (const QString &text : thresholds)
        parsed.append(*Threshold::parse(text));
    builder.setThresholds(parsed);
    builder.setEnd(end);
    const RunResult result = builder.build(stats, startMs + 1000 + requests * 10);
    QString error;
    return ResultFile::save(path, result, &error);
}

} // namespace cicada::testing
