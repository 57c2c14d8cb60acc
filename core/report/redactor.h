#pragma once

#include "profile/profile.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace cicada {

struct RunResult;

/**
 * @brief Keeps secrets of a profile out of results and reports.
 *
 * What counts as a secret:
 * - every cookie value;
 * - the value of every credential header (profile-wide and per step): `Authorization`, `Cookie`,
 *   `Proxy-Authorization`, `X-Api-Key` and any header whose name contains auth, token, secret,
 *   key, session, password or credential (case-insensitive);
 * - the values of profile variables that a cookie or credential header uses (`{{var.NAME}}`);
 * - the value of every environment variable the profile uses (`{{env.NAME}}`), as found in the
 *   environment given to the constructor.
 *
 * redactedProfile() replaces cookie values, credential header values, the variables they use and
 * every string that holds an `{{env.NAME}}` placeholder by kRedacted. scrub() replaces every
 * occurrence of a secret's text (cookie values and credential header values without placeholders,
 * those variables' values, the environment values) in any text — error messages, stats names —
 * so that a server echoing a token cannot leak it into a report. Secrets shorter than
 * kMinSecretLength characters are not scrubbed from free text (they would match everywhere), but
 * are still redacted in the profile.
 */
class Redactor
{
public:
    /// What replaces a secret.
    static inline const QString kRedacted = QStringLiteral("«redacted»");
    /// Shortest secret (characters) that scrub() replaces in free text.
    static constexpr int kMinSecretLength = 4;

    /// @p environment: the environment the run used (CompiledProfile::environment).
    Redactor(const Profile &profile, const QHash<QString, QString> &environment);

    /// True when a header with this name carries credentials (see the class comment).
    [[nodiscard]] static bool isCredentialHeader(const QString &name);

    /// ProfileIo::toJson() of the profile with the secrets replaced by kRedacted.
    [[nodiscard]] QJsonObject redactedProfile() const { return m_redactedProfile; }
    /// @p text with every secret replaced by kRedacted.
    [[nodiscard]] QString scrub(const QString &text) const;
    /// Scrubs every free text of @p result: names, error messages, verdicts, the end detail and
    /// the strings of the stored profile.
    void scrub(RunResult *result) const;
    /// The secret texts scrub() replaces, longest first.
    [[nodiscard]] const QStringList &secrets() const { return m_secrets; }

private:
    void addSecret(const QString &text);

    QJsonObject m_redactedProfile;
    QStringList m_secrets;
};

} // namespace cicada
