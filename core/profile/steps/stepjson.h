#pragma once

#include "profile/namevalue.h"
#include "profile/steps/capture.h"
#include "profile/steps/condition.h"
#include "profile/steps/stepkey.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace cicada::stepjson {

// The JSON forms of the parts several step kinds share, for the descriptors' write() and
// jsonSchema; reading them is StepReader's job.

/** Cookies (with domain) or headers as written in a profile. */
[[nodiscard]] QJsonArray nameValues(const QList<NameValue> &list, bool cookies);
/** `{"NAME": {"json": "/ptr"}, ...}` */
[[nodiscard]] QJsonObject captures(const QList<Capture> &captures);
/** `[{"json": "/status", "equals": "ok"}, ...]` */
[[nodiscard]] QJsonArray conditions(const QList<Condition> &conditions);
/** One condition, e.g. `{"json": "/type", "equals": "price"}`. */
[[nodiscard]] QJsonObject condition(const Condition &condition);
/** "/type = price", "contains 'abc'", for summaries. */
[[nodiscard]] QString conditionText(const Condition &condition);
/** One pointer as a string, several as a list. */
[[nodiscard]] QJsonValue stringOrList(const QStringList &items);
/** Inserts "comment" when @p comment is not empty. */
void insertComment(QJsonObject *o, const QString &comment);

/** JSON Schema of an object with exactly @p keys (no others) of which @p required are needed. */
[[nodiscard]] QJsonObject objectSchema(const QList<StepKey> &keys,
                                       const QStringList &required = {});
/** `{"type": "string"}` (with a description when given). */
[[nodiscard]] QJsonObject stringSchema(const QString &description = {});

} // namespace cicada::stepjson
