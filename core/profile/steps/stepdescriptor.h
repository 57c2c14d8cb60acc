#pragma once

#include "profile/steps/step.h"
#include "profile/steps/stepkey.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace cicada {

class StepReader;

/**
 * @brief Everything the program knows about one step kind's JSON, in one place (DESIGN §11):
 * ProfileReader, ProfileWriter (via ProfileIo::toJson), the GUI's ProfileDocument and outline, and
 * the JSON Schema all go through the registry below instead of spelling out keys.
 *
 * A step in JSON is an object with exactly one kind key (plus an optional "comment"):
 * `{"http": {...}}`, `{"think": "1s"}`. `read` gets the value under the kind key.
 */
struct StepDescriptor
{
    Step::Kind kind = Step::Kind::Http;
    QString key;   ///< the JSON key, e.g. "wsSend"
    QString title; ///< for people, e.g. "WebSocket send"
    /** Reads the value under the kind key; problems go to @p reader with JSON paths under @p path.
     */
    std::function<Step(const QJsonValue &value, const QString &path, StepReader &reader)> read;
    /** The value under the kind key, keys in a stable reading order. */
    std::function<QJsonValue(const Step &step)> write;
    /** The value under the kind key of a new step in the editor. */
    std::function<QJsonValue()> editorDefault;
    /** One line for the outline, e.g. "POST /login → 200". */
    std::function<QString(const Step &step)> summary;
    /**
     * The keys of the kind's object in writing order ("comment" included), with the schema that
     * introduced each; empty when the value is not an object (think).
     */
    QList<StepKey> keys;
    /** JSON Schema of the value under the kind key. */
    QJsonObject jsonSchema;

    /** The names of keys, in writing order. */
    [[nodiscard]] QStringList keyNames() const;
    /** The names of the keys new in schema 2. */
    [[nodiscard]] QStringList schema2KeyNames() const;
    /** The StepKey called @p name, or nullptr. */
    [[nodiscard]] const StepKey *findKey(const QString &name) const;
};

/** Every step kind, in Step::Kind order. */
[[nodiscard]] const QList<StepDescriptor> &stepDescriptors();
/** The descriptor for JSON key @p key, or nullptr. */
[[nodiscard]] const StepDescriptor *findStepDescriptor(const QString &key);
/** The descriptor of @p kind. */
[[nodiscard]] const StepDescriptor &stepDescriptor(Step::Kind kind);

} // namespace cicada
