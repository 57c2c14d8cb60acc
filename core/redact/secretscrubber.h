#pragma once

#include "profile/profile.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace cicada {

struct StatsDelta;

/**
 * @brief The one redaction point: decides what a secret is and replaces it in any text.
 *
 * Every output of a run is built from text that went through scrub(): the runner scrubs each
 * stats delta before it reaches Stats (so the console tables, the error report, CSV, JSON, HTML,
 * the GUI and the Locust worker's reports all see scrubbed names and messages), and free texts
 * (end details, threshold messages, worker log lines) are scrubbed where they are made.
 *
 * Two kinds of secrets are replaced by kRedacted wherever they occur as a substring:
 * - **Known values**, found in the profile (and the environment the run used): every cookie
 *   value; the value of every credential header (isCredentialHeader()), and that value without
 *   its scheme word ("TOK" of "Bearer TOK"); the profile variables such values use through
 *   `{{var.NAME}}`; the value of every environment variable the profile uses anywhere
 *   (`{{env.NAME}}`); the password of a URL's userinfo; the values of query parameters and JSON
 *   fields whose names look like credentials (password, token, secret, api key, ...). Values
 *   shorter than kMinSecretLength characters are not replaced in free text (they would match
 *   everywhere); the literal parts of a value with placeholders are secrets on their own.
 * - **Shapes**, for values only known at run time (a captured token, a cookie the server set):
 *   the credential after a scheme word (`Bearer xyz`, `Basic dXNlcjpwdw==`), URL userinfo
 *   (`scheme://user:«redacted»@`), `Cookie:`/`Set-Cookie:` values up to the end of the line,
 *   and the value after a credential-like name followed by `:` or `=` (`access_token=…`,
 *   `"password": "…"`, `sessionid=…`).
 *
 * Scrubbing is idempotent. Thread-safe for concurrent const use.
 */
class SecretScrubber
{
public:
    /// What replaces a secret.
    static inline const QString kRedacted = QStringLiteral("«redacted»");
    /// Shortest known secret (characters) that scrub() replaces in free text.
    static constexpr int kMinSecretLength = 4;

    /// Only the shapes (no known values).
    SecretScrubber() = default;
    /// The profile's known secrets; @p environment: what `{{env.NAME}}` rendered from.
    SecretScrubber(const Profile &profile, const QHash<QString, QString> &environment);

    /// True when a header with this name carries credentials: `Authorization`, `Cookie`,
    /// `Proxy-Authorization`, `X-Api-Key` and any name containing auth, token, secret, key,
    /// session, password or credential (case-insensitive).
    [[nodiscard]] static bool isCredentialHeader(const QString &name);
    /// True when a JSON field or query parameter with this name holds a credential (password,
    /// passwd, token, secret, api key, credential, authorization, session id; case-insensitive).
    [[nodiscard]] static bool isCredentialField(const QString &name);

    /// @p text with every known secret and every secret shape replaced by kRedacted.
    [[nodiscard]] QString scrub(const QString &text) const;
    /// Scrubs the types, names and error messages of @p delta; rows or error groups whose
    /// scrubbed keys coincide are merged.
    void scrub(StatsDelta *delta) const;

    /// Adds a known secret (ignored when shorter than kMinSecretLength or already known).
    void addSecret(const QString &text);
    /// The known secrets, longest first.
    [[nodiscard]] const QStringList &secrets() const { return m_secrets; }

private:
    /** One pass of every rule; scrub() repeats it until the text is stable. */
    [[nodiscard]] QString scrubOnce(const QString &text) const;
    /// A value that is a secret: itself (without placeholders), its literal parts, the
    /// variables and environment values it uses, and itself without a scheme word.
    void addSecretValue(const QString &value, const Profile &profile,
                        const QHash<QString, QString> &environment, int depth = 0);

    QStringList m_secrets;
};

} // namespace cicada
