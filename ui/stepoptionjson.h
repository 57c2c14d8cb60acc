#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace cicada {

/**
 * @brief The JSON shapes of the options a step form edits field by field: conditions (checks,
 * `until`, a wsAwait's `match`), captures, and "loose" JSON values.
 *
 * The formats are those documented in core/profile/steps/condition.h and capture.h. A condition
 * is one object with an optional "json" pointer and exactly one operator key; a capture is one
 * object with exactly one source key. The forms show the operator / source as a choice and the
 * operand as a text field; these functions switch the choice without losing what was typed.
 * All functions are pure.
 */
class StepOptionJson
{
public:
    /** Operators as the forms name them: equals, contains, exists, notExists, regex. */
    [[nodiscard]] static QStringList conditionOps();
    /** The operator of @p condition ("notExists" for `"exists": false`), or "" when it has none.
     */
    [[nodiscard]] static QString conditionOp(const QJsonObject &condition);
    /** @p condition with operator @p op; the pointer, a comment and the operand (as text for
     *  contains / regex) are kept. */
    [[nodiscard]] static QJsonObject withConditionOp(const QJsonObject &condition,
                                                     const QString &op);

    /** One line for people, in the core's wording (`/type = price`, `/items exists`); a condition
     *  that does not read cleanly is shown as its JSON. */
    [[nodiscard]] static QString conditionSummary(const QJsonObject &condition);

    /** Sources of a capture: json, header, regex, cookie. */
    [[nodiscard]] static QStringList captureSources();
    /** The source key of @p capture, or "" when it has none. */
    [[nodiscard]] static QString captureSource(const QJsonObject &capture);
    /** @p capture reading from @p source, with the same expression. */
    [[nodiscard]] static QJsonObject withCaptureSource(const QJsonObject &capture,
                                                       const QString &source);

    /**
     * A JSON value as a user types it: `42`, `true`, `null`, `[1]` and `"quoted"` are JSON; any
     * other text is the string itself (`ok` → "ok").
     */
    [[nodiscard]] static QJsonValue parseLoose(const QString &text);
    /** The text that parseLoose() reads back as @p value (strings unquoted unless they would
     *  read as another JSON value). Undefined gives "". */
    [[nodiscard]] static QString looseText(const QJsonValue &value);
};

} // namespace cicada
