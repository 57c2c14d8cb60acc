#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace cicada {

/**
 * @brief The JSON Schema (draft 2020-12) of `*.cicada.json` profiles, for editors (completion,
 * inline errors) and other tools.
 *
 * Generated, never written by hand: the step kinds come from the StepDescriptor registry (each
 * kind's keys and their value schemas), so the schema cannot drift from what ProfileReader reads.
 * It checks structure — types, known keys, required keys, enumerations, number ranges and the
 * shape of durations and JSON pointers — but not what needs the whole profile (template
 * references, `{{var.NAME}}` definitions, a wsSend without a wsConnect): `cicada-cli validate`
 * remains the full check. Every profile ProfileReader accepts is valid under this schema.
 *
 * `resources/schema/cicada-profile.schema.json` is this text, committed; a test keeps them equal.
 * `cicada-cli schema` prints it.
 */
class ProfileSchema
{
public:
    /** The schema as a JSON object. */
    [[nodiscard]] static QJsonObject build();
    /** build() as indented UTF-8 JSON text ending with a newline; the same bytes every time. */
    [[nodiscard]] static QByteArray text();
};

} // namespace cicada
