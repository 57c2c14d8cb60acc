#include "report/redactor.h"

#include "profile/profileio.h"
#include "report/runresult.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <functional>

namespace cicada {

namespace {

using StringMap = std::function<QString(const QString &key, const QString &text)>;

bool usesEnvironment(const QString &text)
{
    static const QRegularExpression re(QStringLiteral(R"(\{\{\s*env\.)"));
    return re.match(text).hasMatch();
}

// Replaces every string (not key) of a JSON tree through @p map, which also sees the key the
// string sits under. {name, value} elements of "cookies" and "headers" arrays are decided here:
// a cookie's value and a credential header's value are secrets whatever they hold.
QJsonValue mapStrings(const QJsonValue &value, const QString &key, const StringMap &map)
{
    if (value.isString())
        return map(key, value.toString());
    if (value.isArray()) {
        const bool cookies = key == QLatin1String("cookies");
        const bool headers = key == QLatin1String("headers");
        QJsonArray out;
        for (const QJsonValue &v : value.toArray()) {
            QJsonValue mapped = mapStrings(v, key, map);
            if ((cookies || headers) && mapped.isObject()) {
                QJsonObject nv = mapped.toObject();
                if (nv.contains(QLatin1String("value")) &&
                    (cookies ||
                     Redactor::isCredentialHeader(nv.value(QLatin1String("name")).toString())))
                    nv.insert(QLatin1String("value"), Redactor::kRedacted);
                mapped = nv;
            }
            out.append(mapped);
        }
        return out;
    }
    if (value.isObject()) {
        QJsonObject out;
        const QJsonObject o = value.toObject();
        const QStringList keys = o.keys();
        for (const QString &k : keys)
            out.insert(k, mapStrings(o.value(k), k, map));
        return out;
    }
    return value;
}

} // namespace

Redactor::Redactor(const Profile &profile, const QHash<QString, QString> &environment)
    : m_scrubber(profile, environment)
{
    // A string that renders an environment variable is redacted whole: the placeholder itself is
    // harmless, but the rule for results is "nothing that came from the environment".
    m_redactedProfile =
        mapStrings(ProfileIo::toJson(profile), QString(),
                   [this](const QString &key, const QString &text) {
                       if (usesEnvironment(text) || SecretScrubber::isCredentialField(key))
                           return kRedacted;
                       return m_scrubber.scrub(text);
                   })
            .toObject();
}

void Redactor::scrub(RunResult *result) const
{
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
        mapStrings(result->profile, QString(), [this](const QString &, const QString &text) {
            return scrub(text);
        }).toObject();
}

} // namespace cicada
