#pragma once

#include "profile/profile.h"
#include "redact/secretscrubber.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace cicada {

struct RunResult;

/**
 * @brief Keeps secrets of a profile out of results and reports.
 *
 * What a secret is, and how free text is scrubbed, is SecretScrubber's (the one redaction point
 * every output goes through); this class applies it to what a result stores.
 *
 * redactedProfile() is ProfileIo::toJson() of the profile with every cookie value, every
 * credential header value, every JSON field with a credential-like name and every string that
 * holds an `{{env.NAME}}` placeholder replaced by kRedacted, and every other string scrubbed
 * (URL passwords, query tokens, the variables behind secrets). scrub(RunResult *) scrubs every
 * free text of a result. The profile is walked in its JSON form, so every step kind is covered.
 */
class Redactor
{
public:
    /// What replaces a secret.
    static inline const QString kRedacted = SecretScrubber::kRedacted;
    /// Shortest secret (characters) that scrub() replaces in free text.
    static constexpr int kMinSecretLength = SecretScrubber::kMinSecretLength;

    /// @p environment: the environment the run used (CompiledProfile::environment).
    Redactor(const Profile &profile, const QHash<QString, QString> &environment);

    /// True when a header with this name carries credentials (SecretScrubber::isCredentialHeader).
    [[nodiscard]] static bool isCredentialHeader(const QString &name)
    {
        return SecretScrubber::isCredentialHeader(name);
    }

    /// ProfileIo::toJson() of the profile with the secrets replaced by kRedacted.
    [[nodiscard]] QJsonObject redactedProfile() const { return m_redactedProfile; }
    /// @p text with every secret replaced by kRedacted.
    [[nodiscard]] QString scrub(const QString &text) const { return m_scrubber.scrub(text); }
    /// Scrubs every free text of @p result: names, error messages, verdicts, the end detail and
    /// the strings of the stored profile.
    void scrub(RunResult *result) const;
    /// The known secret texts scrub() replaces, longest first.
    [[nodiscard]] const QStringList &secrets() const { return m_scrubber.secrets(); }
    [[nodiscard]] const SecretScrubber &scrubber() const { return m_scrubber; }

private:
    SecretScrubber m_scrubber;
    QJsonObject m_redactedProfile;
};

} // namespace cicada
