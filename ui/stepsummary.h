#pragma once

#include <QJsonObject>
#include <QString>

namespace cicada {

/**
 * @brief One-line descriptions of a step as the profile JSON holds it (`{"wsSend": {...}}`), for
 * the outline and the wsConnect form's onConnect list.
 *
 * A step that validates is summarised by its StepDescriptor (ProfileDocument::stepSummary); this
 * summary, in the same wording, describes one that does not validate yet as it is typed (the
 * descriptor would see the defaults its reader fell back to). The detail names what summaries
 * leave out: the stats name and how many captures and checks. Pure functions.
 */
class StepSummary
{
public:
    /** The kind key of @p step: its first key that is not "comment" ("" for an empty object). */
    [[nodiscard]] static QString kind(const QJsonObject &step);
    /** E.g. "POST /login → 200", "connect target.brokerUrl, then 2 steps",
     *  "send chat → reply matching /id", "await /type = price", "think 1s–3s". */
    [[nodiscard]] static QString summary(const QJsonObject &step);
    /** E.g. "chat · 1 capture · 2 checks"; may be "". */
    [[nodiscard]] static QString detail(const QJsonObject &step);
};

} // namespace cicada
