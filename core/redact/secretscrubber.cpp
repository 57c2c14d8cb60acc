#include "redact/secretscrubber.h"

#include "profile/profileio.h"
#include "stats/statsdelta.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrlQuery>

#include <algorithm>
#include <functional>

namespace cicada {

namespace {

constexpr int kMaxVariableDepth = 8;

using Rewrite = std::function<QString(const QRegularExpressionMatch &)>;

const QRegularExpression &placeholder()
{
    static const QRegularExpression re(QStringLiteral(R"(\{\{\s*(\w+)\.?([\w.-]*)\s*\}\})"));
    return re;
}

// "Bearer TOK" → "TOK"; the scheme word is not a secret, what follows it is.
const QRegularExpression &schemePrefix()
{
    static const QRegularExpression re(
        QStringLiteral(R"(^\s*(?:bearer|basic|digest|token|negotiate|ntlm|apikey)\s+(.+)$)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

// scheme://user:password@ and scheme://token@ (no password: the user part is the credential).
const QRegularExpression &userinfoShape()
{
    static const QRegularExpression re(
        QStringLiteral(R"(\b([a-z][a-z0-9+.-]*://)([^\s/?#@:"'<>]*)(:[^\s/?#@"'<>]*)?@)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

// A cookie header's value runs to the end of the line (or a quote, inside JSON).
const QRegularExpression &cookieShape()
{
    static const QRegularExpression re(
        QStringLiteral(R"(\b((?:set-)?cookie"?\s*[:=]\s*"?)([^"\r\n]+))"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

// NAME: VALUE / NAME=VALUE / "NAME": "VALUE" where NAME looks like a credential. VALUE is one
// token, with its scheme word when it has one ("Authorization: Bearer xyz").
const QRegularExpression &fieldShape()
{
    static const QRegularExpression re(
        QStringLiteral(R"(([\w.-]*(?:authori[sz]ation|auth|token|secret|passw(?:or)?d|pwd|)"
                       R"(api[-_]?key|access[-_]?key|private[-_]?key|credential|session|)"
                       R"(signature)[\w.-]*)("?\s*[:=]\s*"?))"
                       R"(((?:(?:bearer|basic|digest|negotiate|ntlm|token)\s+)?)"
                       R"([^\s"'&;,<>)\]}]+))"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

// The credential after a scheme word.
const QRegularExpression &schemeShape()
{
    static const QRegularExpression re(
        QStringLiteral(R"(\b(bearer|basic|digest|negotiate|ntlm)\s+([A-Za-z0-9\-._~+/]+=*))"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

QString rewrite(const QString &text, const QRegularExpression &re, const Rewrite &fn)
{
    QString out;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = re.globalMatch(text);
    if (!it.hasNext())
        return text;
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        out += fn(m);
        last = m.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out;
}

// "Basic realm" and "basic checks" are words, not credentials: a Basic/Digest credential is
// long and has a digit or a symbol. Bearer, Negotiate and NTLM are always followed by one.
bool looksLikeCredential(const QString &scheme, const QString &value)
{
    const QString s = scheme.toLower();
    if (s == QLatin1String("bearer") || s == QLatin1String("negotiate") ||
        s == QLatin1String("ntlm"))
        return true;
    return value.size() >= 8 && std::any_of(value.cbegin(), value.cend(), [](QChar c) {
               return c.isDigit() || QStringLiteral("-._~+/=").contains(c);
           });
}

// Every string of a JSON tree with the key (or array parent key) it sits under.
void forEachString(const QJsonValue &value, const QString &key,
                   const std::function<void(const QString &key, const QString &text)> &fn)
{
    if (value.isString()) {
        fn(key, value.toString());
    } else if (value.isArray()) {
        for (const QJsonValue &v : value.toArray())
            forEachString(v, key, fn);
    } else if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            forEachString(it.value(), it.key(), fn);
    }
}

// Calls @p fn with every {name, value} element of every "cookies" and "headers" array.
void forEachNameValue(const QJsonValue &value,
                      const std::function<void(const QString &list, const QJsonObject &nv)> &fn)
{
    if (value.isArray()) {
        for (const QJsonValue &v : value.toArray())
            forEachNameValue(v, fn);
        return;
    }
    if (!value.isObject())
        return;
    const QJsonObject o = value.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if ((it.key() == QLatin1String("cookies") || it.key() == QLatin1String("headers")) &&
            it.value().isArray()) {
            for (const QJsonValue &nv : it.value().toArray()) {
                if (nv.isObject())
                    fn(it.key(), nv.toObject());
            }
        }
        forEachNameValue(it.value(), fn);
    }
}

} // namespace

SecretScrubber::SecretScrubber(const Profile &profile, const QHash<QString, QString> &environment)
{
    // The JSON form, not the structs: the same walk finds secrets in every step kind, whatever
    // fields steps grow, as long as cookies and headers keep their {name, value} form.
    const QJsonObject json = ProfileIo::toJson(profile);
    forEachNameValue(json, [&](const QString &list, const QJsonObject &nv) {
        const QString name = nv.value(QLatin1String("name")).toString();
        if (list == QLatin1String("cookies") || isCredentialHeader(name))
            addSecretValue(nv.value(QLatin1String("value")).toString(), profile, environment);
    });
    forEachString(json, QString(), [&](const QString &key, const QString &text) {
        if (isCredentialField(key))
            addSecretValue(text, profile, environment);
        // Every environment value the profile uses is a secret, wherever it is used.
        QRegularExpressionMatchIterator it = placeholder().globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            if (m.captured(1) == QLatin1String("env"))
                addSecret(environment.value(m.captured(2)));
        }
        QRegularExpressionMatchIterator users = userinfoShape().globalMatch(text);
        while (users.hasNext()) {
            const QRegularExpressionMatch m = users.next();
            addSecretValue(m.captured(3).isEmpty() ? m.captured(2) : m.captured(3).mid(1), profile,
                           environment);
        }
        const qsizetype query = text.indexOf(QLatin1Char('?'));
        if (query >= 0) {
            const QUrlQuery q(text.mid(query + 1).section(QLatin1Char('#'), 0, 0));
            for (const auto &[name, value] : q.queryItems(QUrl::FullyDecoded)) {
                if (isCredentialField(name))
                    addSecretValue(value, profile, environment);
            }
        }
    });
}

void SecretScrubber::addSecretValue(const QString &value, const Profile &profile,
                                    const QHash<QString, QString> &environment, int depth)
{
    // Variables may name each other (even in a loop); real profiles nest one or two deep.
    if (depth > kMaxVariableDepth)
        return;
    QStringList literals;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = placeholder().globalMatch(value);
    const bool templated = it.hasNext();
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        literals << value.mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        const QString kind = m.captured(1);
        const QString name = m.captured(2);
        if (kind == QLatin1String("env")) {
            addSecret(environment.value(name));
        } else if (kind == QLatin1String("var")) {
            for (const NameValue &v : profile.variables) {
                if (v.name == name)
                    addSecretValue(v.value, profile, environment, depth + 1);
            }
        }
    }
    literals << value.mid(last);
    if (!templated)
        addSecret(value);
    for (const QString &literal : std::as_const(literals)) {
        const QString trimmed = literal.trimmed();
        const QRegularExpressionMatch scheme = schemePrefix().match(trimmed);
        addSecret(scheme.hasMatch() ? scheme.captured(1).trimmed() : trimmed);
        // "sessionid=abc; theme=dark": each cookie value on its own.
        if (trimmed.contains(QLatin1Char('='))) {
            const QStringList pairs = trimmed.split(QLatin1Char(';'));
            for (const QString &pair : pairs)
                addSecret(pair.section(QLatin1Char('='), 1).trimmed());
        }
    }
}

bool SecretScrubber::isCredentialHeader(const QString &name)
{
    static const QStringList kExact = {QStringLiteral("authorization"), QStringLiteral("cookie"),
                                       QStringLiteral("proxy-authorization"),
                                       QStringLiteral("x-api-key")};
    static const QStringList kParts = {QStringLiteral("auth"),      QStringLiteral("token"),
                                       QStringLiteral("secret"),    QStringLiteral("key"),
                                       QStringLiteral("session"),   QStringLiteral("password"),
                                       QStringLiteral("credential")};
    const QString lower = name.toLower();
    return kExact.contains(lower) ||
           std::any_of(kParts.cbegin(), kParts.cend(),
                       [&](const QString &part) { return lower.contains(part); });
}

bool SecretScrubber::isCredentialField(const QString &name)
{
    static const QRegularExpression re(
        QStringLiteral(
            R"(passw(or)?d|pwd|token|secret|api[-_]?key|access[-_]?key|)"
            R"(private[-_]?key|credential|authori[sz]ation|session[-_]?id|^auth$|^sid$)"),
        QRegularExpression::CaseInsensitiveOption);
    return !name.isEmpty() && re.match(name).hasMatch();
}

QString SecretScrubber::scrub(const QString &text) const
{
    // One pass can expose a shape the previous rules did not see (a redacted query value ends
    // what then reads as URL userinfo): repeat until nothing changes, so scrub() is idempotent.
    // Each changing pass only turns text into the marker, so this ends within a few passes.
    constexpr int kMaxPasses = 4;
    QString out = text;
    for (int pass = 0; pass < kMaxPasses; ++pass) {
        QString next = scrubOnce(out);
        if (next == out)
            break;
        out = std::move(next);
    }
    return out;
}

QString SecretScrubber::scrubOnce(const QString &text) const
{
    if (text.isEmpty())
        return text;
    QString out = text;
    for (const QString &secret : m_secrets)
        out.replace(secret, kRedacted);
    out = rewrite(out, userinfoShape(), [](const QRegularExpressionMatch &m) {
        return m.captured(3).isEmpty() ? m.captured(1) + kRedacted + QLatin1Char('@')
                                       : m.captured(1) + m.captured(2) + QLatin1Char(':') +
                                             kRedacted + QLatin1Char('@');
    });
    out = rewrite(out, cookieShape(),
                  [](const QRegularExpressionMatch &m) { return m.captured(1) + kRedacted; });
    out = rewrite(out, fieldShape(), [](const QRegularExpressionMatch &m) {
        return m.captured(1) + m.captured(2) + kRedacted;
    });
    out = rewrite(out, schemeShape(), [](const QRegularExpressionMatch &m) {
        return looksLikeCredential(m.captured(1), m.captured(2))
                   ? m.captured(1) + QLatin1Char(' ') + kRedacted
                   : m.captured(0);
    });
    return out;
}

void SecretScrubber::scrub(StatsDelta *delta) const
{
    QHash<StatsKey, StatsEntry> entries;
    entries.reserve(delta->entries.size());
    for (auto it = delta->entries.begin(); it != delta->entries.end(); ++it) {
        const StatsKey key{scrub(it.key().type), scrub(it.key().name)};
        auto found = entries.find(key);
        if (found == entries.end() && key == it.key())
            entries.insert(key, std::move(it.value()));
        else if (found == entries.end())
            entries.insert(key, StatsEntry(key.type, key.name)).value().merge(it.value());
        else
            found.value().merge(it.value());
    }
    delta->entries = std::move(entries);
    QHash<ErrorKey, qint64> errors;
    errors.reserve(delta->errors.size());
    for (auto it = delta->errors.cbegin(); it != delta->errors.cend(); ++it)
        errors[ErrorKey{scrub(it.key().type), scrub(it.key().name), scrub(it.key().error)}] +=
            it.value();
    delta->errors = std::move(errors);
}

void SecretScrubber::addSecret(const QString &text)
{
    // kRedacted itself (what a result file read back holds) and its parts are no secrets.
    if (text.size() < kMinSecretLength || m_secrets.contains(text) || text.contains(kRedacted) ||
        kRedacted.contains(text))
        return;
    // Longest first, so that a secret containing another is replaced whole.
    const auto at = std::find_if(m_secrets.begin(), m_secrets.end(),
                                 [&](const QString &s) { return s.size() < text.size(); });
    m_secrets.insert(at, text);
}

} // namespace cicada
