#pragma once

#include <QJsonObject>
#include <QString>

namespace cicada {

/**
 * @brief One-line descriptions of a step as the profile JSON holds it (`{"wsSend": {...}}`), for
 * the outline and the wsConnect form's onConnect list: a summary ("WS send chat",
 * "WS await /type = price") and a detail ("await /type+/id · ×16 · 1 check").
 *
 * Works on JSON, not on the validated Step, so a step that does not validate yet is still
 * described as typed. Pure functions.
 */
class StepSummary
{
public:
    /** The kind key of @p step: its first key that is not "comment" ("" for an empty object). */
    [[nodiscard]] static QString kind(const QJsonObject &step);
    /** E.g. "POST /login", "WS connect broker", "WS send chat", "WS await first price",
     *  "think 1s–3s", "close WebSocket". */
    [[nodiscard]] static QString summary(const QJsonObject &step);
    /** What the summary leaves out, e.g. "await /id · ×16 · 2 replies · 1 capture"; may be "". */
    [[nodiscard]] static QString detail(const QJsonObject &step);
};

} // namespace cicada
