#include "report/redactor.h"

#include "profile/profileio.h"
#include "report/runresult.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>
#include <functional>

namespace cicada {

namespace {

const QRegularExpression &envPlaceholder()
{
    static const QRegularExpression re(
        QStringLiteral(R"(\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\})"));
    return re;
}

const QRegularExpression &varPlaceholder()
{
    static const QRegularExpression re(
        QStringLiteral(R"(\{\{\s*var\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\})"));
    return re;
}

bool hasPlaceholder(const QString &text)
{
    return text.contains(QLatin1String("{{"));
}

// Replaces every string (not key) of a JSON tree through @p map.
QJsonValue mapStrings(const QJsonValue &value, const std::function<QString(const QString &)> &map)
{
    if (value.isString())
        return map(value.toString());
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(mapStrings(v, map));
        return out;
    }
    if (value.isObject()) {
        QJsonObject out;
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            out.insert(it.key(), mapStrings(it.value(), map));
        return out;
    }
    return value;
}

void collectEnvNames(const QJsonValue &value, QStringList *names)
{
    mapStrings(value, [names](const QString &s) {
        QRegularExpressionMatchIterator it = envPlaceholder().globalMatch(s);
        while (it.hasNext()) {
            const QString name = it.next().captured(1);
            if (!names->contains(name))
                names->append(name);
        }
        return s;
    });
}

// The profile variables that @p value uses through {{var.NAME}}.
void collectVariables(const QString &value, const Profile &profile, QList<NameValue> *variables)
{
    QRegularExpressionMatchIterator it = varPlaceholder().globalMatch(value);
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        for (const NameValue &v : profile.variables) {
            if (v.name == name)
                variables->append(v);
        }
    }
}

} // namespace

Redactor::Redactor(const Profile &profile, const QHash<QString, QString> &environment)
{
    Profile redacted = profile;
    QList<NameValue> secretVariables;
    const auto redactValue = [&](NameValue *nv) {
        collectVariables(nv->value, profile, &secretVariables);
        if (!hasPlaceholder(nv->value))
            addSecret(nv->value);
        nv->value = kRedacted;
    };
    for (NameValue &cookie : redacted.cookies)
        redactValue(&cookie);
    const auto redactHeaders = [&](QList<NameValue> *headers) {
        for (NameValue &header : *headers) {
            if (isCredentialHeader(header.name))
                redactValue(&header);
        }
    };
    redactHeaders(&redacted.headers);
    std::function<void(QList<Step> *)> redactSteps = [&](QList<Step> *steps) {
        for (Step &step : *steps) {
            if (auto *http = step.get<HttpStep>()) {
                redactHeaders(&http->headers);
            } else if (auto *connect = step.get<WsConnectStep>()) {
                redactHeaders(&connect->headers);
                redactSteps(&connect->onConnect);
            }
        }
    };
    for (UserType &userType : redacted.userTypes) {
        redactSteps(&userType.onStart);
        redactSteps(&userType.onStop);
        for (Task &task : userType.tasks)
            redactSteps(&task.steps);
    }
    for (NameValue &variable : redacted.variables) {
        const bool secret =
            std::any_of(secretVariables.cbegin(), secretVariables.cend(),
                        [&](const NameValue &v) { return v.name == variable.name; });
        if (secret) {
            addSecret(variable.value);
            variable.value = kRedacted;
        }
    }

    // Environment variables used anywhere, also in the values redacted above.
    QStringList envNames;
    collectEnvNames(ProfileIo::toJson(profile), &envNames);
    for (const QString &name : std::as_const(envNames))
        addSecret(environment.value(name));
    std::sort(m_secrets.begin(), m_secrets.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });

    // Strings that render an environment variable are redacted whole: the placeholder itself is
    // harmless, but the brief for results is "nothing that came from the environment".
    m_redactedProfile = mapStrings(ProfileIo::toJson(redacted), [this](const QString &s) {
                            return envPlaceholder().match(s).hasMatch() ? kRedacted : scrub(s);
                        }).toObject();
}

bool Redactor::isCredentialHeader(const QString &name)
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

QString Redactor::scrub(const QString &text) const
{
    QString out = text;
    for (const QString &secret : m_secrets)
        out.replace(secret, kRedacted);
    return out;
}

void Redactor::scrub(RunResult *result) const
{
    if (m_secrets.isEmpty())
        return;
    const auto scrubEntry = [this](ResultEntry *entry) {
        entry->type = scrub(entry->type);
        entry->name = scrub(entry->name);
    };
    for (ResultEntry &entry : result->entries)
        scrubEntry(&entry);
    scrubEntry(&result->aggregated);
    for (StatsError &error : result->errors) {
        error.type = scrub(error.type);
        error.name = scrub(error.name);
        error.error = scrub(error.error);
    }
    for (ThresholdVerdict &verdict : result->verdicts) {
        verdict.expression = scrub(verdict.expression);
        verdict.detail = scrub(verdict.detail);
    }
    result->endDetail = scrub(result->endDetail);
    result->profilePath = scrub(result->profilePath);
    result->profile =
        mapStrings(result->profile, [this](const QString &s) { return scrub(s); }).toObject();
}

void Redactor::addSecret(const QString &text)
{
    if (text.size() >= kMinSecretLength && !m_secrets.contains(text))
        m_secrets.append(text);
}

} // namespace cicada
