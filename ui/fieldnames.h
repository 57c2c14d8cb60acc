#pragma once

#include <QJsonValue>
#include <QString>

namespace cicada {

/**
 * @brief Names a JSON path of a profile for people:
 * `$.userTypes[0].tasks[1].steps[2].wsSend.timeout` becomes "User type “ChatUser” › task “say” ›
 * step 3 (WebSocket send) › timeout".
 *
 * The profile editor shows these in its problem list and Edit menu, with the raw path as
 * secondary text. User types, tasks, feeders and headers are named by their "name" (read from
 * @p root), templates and variables by their key, steps by position and kind; other keys are
 * spelled out from camelCase ("requestTimeout" → "request timeout"). Pure; never fails (an
 * unparsable path is returned as it is).
 */
class FieldNames
{
public:
    /** The whole path, from the outermost node to the field, joined by " › ". */
    [[nodiscard]] static QString describe(const QJsonValue &root, const QString &path);
    /** Only the last part of describe(), e.g. "timeout" or "step 3 (WebSocket send)". */
    [[nodiscard]] static QString last(const QJsonValue &root, const QString &path);
    /** A JSON key for people: "requestTimeout" → "request timeout", "baseUrl" → "base URL". */
    [[nodiscard]] static QString spellKey(const QString &key);
};

} // namespace cicada
