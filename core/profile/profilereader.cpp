#include "profile/profilereader.h"

#include "profile/profileio.h"
#include "profile/threshold.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <cmath>
#include <limits>

namespace cicada {

namespace {

const QString kComment = QStringLiteral("comment");

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("true/false");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

bool isIdentifier(const QString &s)
{
    static const QRegularExpression kIdentifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return kIdentifier.match(s).hasMatch();
}

// RFC 9110 token: header names, HTTP methods and cookie names.
bool isToken(const QString &s)
{
    static const QRegularExpression kToken(QStringLiteral(R"(^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$)"));
    return kToken.match(s).hasMatch();
}

// Optimal string alignment distance, case-insensitive: "nmae" is one edit from "name".
int editDistance(const QString &a0, const QString &b0)
{
    const QString a = a0.toLower();
    const QString b = b0.toLower();
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    QList<QList<int>> d(n + 1, QList<int>(m + 1, 0));
    for (qsizetype i = 0; i <= n; ++i)
        d[i][0] = int(i);
    for (qsizetype j = 0; j <= m; ++j)
        d[0][j] = int(j);
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

QString quotedList(const QStringList &items)
{
    QStringList quoted;
    for (const QString &s : items)
        quoted.append(QLatin1Char('\'') + s + QLatin1Char('\''));
    return quoted.join(QLatin1String(", "));
}

// Schema 1's "matchField" names a top-level field; the model keeps RFC 6901 pointers.
QString jsonPointerForField(QString field)
{
    field.replace(QLatin1Char('~'), QLatin1String("~0"));
    field.replace(QLatin1Char('/'), QLatin1String("~1"));
    return QLatin1Char('/') + field;
}

const QStringList kStepKinds = {QStringLiteral("http"), QStringLiteral("wsConnect"),
                                QStringLiteral("wsSend"), QStringLiteral("think"),
                                QStringLiteral("close")};

} // namespace

ProfileReader::ProfileReader(QList<ProfileIssue> *issues) : m_issues(issues) {}

QString ProfileReader::childPath(const QString &path, const QString &key)
{
    if (isIdentifier(key))
        return path + QLatin1Char('.') + key;
    QString escaped = key;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('"'), QLatin1String("\\\""));
    return path + QLatin1String("[\"") + escaped + QLatin1String("\"]");
}

QString ProfileReader::closest(const QString &key, const QStringList &known)
{
    QString best;
    int bestDistance = std::numeric_limits<int>::max();
    for (const QString &candidate : known) {
        const int d = editDistance(key, candidate);
        if (d < bestDistance) {
            bestDistance = d;
            best = candidate;
        }
    }
    const int allowed = key.size() >= 5 ? 2 : 1;
    return bestDistance <= allowed ? best : QString();
}

void ProfileReader::error(const QString &path, const QString &message)
{
    m_issues->append({path, message, ProfileIssue::Severity::Error, 0});
}

void ProfileReader::warning(const QString &path, const QString &message)
{
    m_issues->append({path, message, ProfileIssue::Severity::Warning, 0});
}

void ProfileReader::wrongType(const QString &path, const QString &what, const QString &expected,
                              const QJsonValue &value)
{
    error(path, QStringLiteral("%1 must be %2, not %3").arg(what, expected, typeName(value)));
}

int ProfileReader::checkKeys(const QJsonObject &object, const QString &path,
                             const QStringList &known)
{
    int unknown = 0;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (known.contains(it.key()))
            continue;
        ++unknown;
        const QString suggestion = closest(it.key(), known);
        error(
            childPath(path, it.key()),
            suggestion.isEmpty()
                ? QStringLiteral("unknown key '%1'; expected one of: %2")
                      .arg(it.key(), quotedList(known))
                : QStringLiteral("unknown key '%1'; did you mean '%2'?").arg(it.key(), suggestion));
    }
    return unknown;
}

bool ProfileReader::readString(const QJsonObject &o, const QString &key, const QString &path,
                               QString *out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return false;
    if (!v.isString()) {
        wrongType(childPath(path, key), key, QStringLiteral("a string"), v);
        return false;
    }
    *out = v.toString();
    return true;
}

bool ProfileReader::readBool(const QJsonObject &o, const QString &key, const QString &path,
                             bool *out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return false;
    if (!v.isBool()) {
        wrongType(childPath(path, key), key, QStringLiteral("true or false"), v);
        return false;
    }
    *out = v.toBool();
    return true;
}

bool ProfileReader::readInt(const QJsonObject &o, const QString &key, const QString &path, int min,
                            int *out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return false;
    const QString p = childPath(path, key);
    if (!v.isDouble()) {
        wrongType(p, key, QStringLiteral("a whole number"), v);
        return false;
    }
    const double d = v.toDouble();
    if (d != std::floor(d) || d > std::numeric_limits<int>::max() ||
        d < std::numeric_limits<int>::min()) {
        error(p, QStringLiteral("%1 must be a whole number, got %2").arg(key).arg(d));
        return false;
    }
    if (d < min) {
        error(p, QStringLiteral("%1 must be at least %2, got %3").arg(key).arg(min).arg(d));
        return false;
    }
    *out = int(d);
    return true;
}

bool ProfileReader::readDuration(const QJsonValue &v, const QString &what, const QString &path,
                                 qint64 *out)
{
    bool ok = false;
    QString why;
    const qint64 ms = ProfileIo::parseDuration(v, &ok, &why);
    if (!ok) {
        error(path, QStringLiteral("%1: %2").arg(what, why));
        return false;
    }
    *out = ms;
    return true;
}

bool ProfileReader::readDuration(const QJsonObject &o, const QString &key, const QString &path,
                                 qint64 *out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return false;
    return readDuration(v, key, childPath(path, key), out);
}

bool ProfileReader::readObject(const QJsonObject &o, const QString &key, const QString &path,
                               QJsonObject *out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return false;
    if (!v.isObject()) {
        wrongType(childPath(path, key), key, QStringLiteral("an object"), v);
        return false;
    }
    *out = v.toObject();
    return true;
}

bool ProfileReader::readArray(const QJsonObject &o, const QString &key, const QString &path,
                              QJsonArray *out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return false;
    if (!v.isArray()) {
        wrongType(childPath(path, key), key, QStringLiteral("an array"), v);
        return false;
    }
    *out = v.toArray();
    return true;
}

QString ProfileReader::readComment(const QJsonObject &o, const QString &path)
{
    QString comment;
    readString(o, kComment, path, &comment);
    return comment;
}

void ProfileReader::checkTemplate(const QString &text, const QString &path,
                                  Template::Escaping escaping, const QString &prefix)
{
    QStringList errors;
    const Template t = Template::parse(text, &errors, escaping);
    for (const QString &e : std::as_const(errors))
        error(path, prefix + e);
    const QStringList vars = t.varNames();
    for (const QString &name : vars) {
        bool defined = false;
        for (const NameValue &v : std::as_const(m_profile.variables))
            defined = defined || v.name == name;
        if (!defined)
            error(path, QStringLiteral("%1{{var.%2}} uses an undefined variable; define \"%2\" in "
                                       "$.variables")
                            .arg(prefix, name));
    }
    const QStringList envs = t.envNames();
    for (const QString &name : envs) {
        if (!m_environment.contains(name))
            warning(path, QStringLiteral("%1environment variable %2 is not set; {{env.%2}} will be "
                                         "empty")
                              .arg(prefix, name));
    }
}

void ProfileReader::checkJsonTemplate(const QJsonValue &value, const QString &path)
{
    // Every placeholder of a JSON payload sits inside one string, so checking the strings one by
    // one gives the same verdict as parsing the compact source, with a precise path.
    if (value.isString()) {
        checkTemplate(value.toString(), path, Template::Escaping::Json);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            checkJsonTemplate(array.at(i), path + QStringLiteral("[%1]").arg(i));
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString p = childPath(path, it.key());
            checkTemplate(it.key(), p, Template::Escaping::Json, QStringLiteral("in the key: "));
            checkJsonTemplate(it.value(), p);
        }
    }
}

void ProfileReader::checkUrl(const QString &url, const QString &path, const QString &what,
                             const QStringList &schemes)
{
    const QUrl parsed(url, QUrl::StrictMode);
    QStringList examples;
    for (const QString &s : schemes)
        examples.append(s + QLatin1String("://"));
    if (url.contains(QLatin1String("{{"))) {
        error(path, QStringLiteral("%1 cannot hold placeholders; write a literal %2 URL")
                        .arg(what, examples.join(QLatin1String(" or "))));
        return;
    }
    if (!parsed.isValid() || !schemes.contains(parsed.scheme()) || parsed.host().isEmpty())
        error(path, QStringLiteral("%1 must be %2 %3 URL with a host; got '%4'")
                        .arg(what,
                             schemes.front().startsWith(u'h') ? QStringLiteral("an")
                                                              : QStringLiteral("a"),
                             examples.join(QLatin1String(" or ")), url));
}

void ProfileReader::checkTemplateReference(const QString &name, const QString &path)
{
    if (m_profile.findTemplate(name))
        return;
    QStringList names;
    for (const PayloadTemplate &t : std::as_const(m_profile.templates))
        names.append(t.name);
    const QString suggestion = closest(name, names);
    if (!suggestion.isEmpty())
        error(path,
              QStringLiteral("unknown template '%1'; did you mean '%2'?").arg(name, suggestion));
    else if (names.isEmpty())
        error(path, QStringLiteral("unknown template '%1'; no templates are defined in $.templates")
                        .arg(name));
    else
        error(path, QStringLiteral("unknown template '%1'; defined templates: %2")
                        .arg(name, quotedList(names)));
}

Profile ProfileReader::read(const QJsonObject &root)
{
    m_profile = Profile();
    m_hasBaseUrl = false;
    m_hasBrokerUrl = false;
    m_environment = Template::environmentSnapshot();
    const QString path = QStringLiteral("$");
    checkKeys(root, path,
              {QStringLiteral("schema"), QStringLiteral("name"), kComment, QStringLiteral("target"),
               QStringLiteral("cookies"), QStringLiteral("headers"), QStringLiteral("variables"),
               QStringLiteral("templates"), QStringLiteral("userTypes"), QStringLiteral("load"),
               QStringLiteral("thresholds")});

    const QJsonValue schema = root.value(QLatin1String("schema"));
    if (schema.isUndefined()) {
        error(QStringLiteral("$.schema"),
              QStringLiteral("missing \"schema\": add \"schema\": %1 to the top-level object")
                  .arg(kProfileSchema));
    } else if (!schema.isDouble() || schema.toDouble() != std::floor(schema.toDouble())) {
        error(QStringLiteral("$.schema"),
              QStringLiteral("schema must be the number %1, not %2")
                  .arg(kProfileSchema)
                  .arg(schema.isDouble() ? QString::number(schema.toDouble()) : typeName(schema)));
    } else if (schema.toDouble() > kProfileSchema) {
        error(QStringLiteral("$.schema"),
              QStringLiteral("this profile uses schema %1, but this Cicada supports schema %2; "
                             "open it with a newer Cicada")
                  .arg(schema.toDouble())
                  .arg(kProfileSchema));
    } else if (schema.toDouble() != kProfileSchema) {
        error(QStringLiteral("$.schema"),
              QStringLiteral("unsupported schema %1; this Cicada supports schema %2")
                  .arg(schema.toDouble())
                  .arg(kProfileSchema));
    }

    readString(root, QStringLiteral("name"), path, &m_profile.name);
    m_profile.comment = readComment(root, path);

    QJsonObject target;
    if (readObject(root, QStringLiteral("target"), path, &target))
        readTarget(target, QStringLiteral("$.target"), &m_profile.target);

    // Variables first: templates, cookies and headers may refer to them.
    readVariables(root);
    m_profile.cookies = readNameValues(root, QStringLiteral("cookies"), path, true);
    m_profile.headers = readNameValues(root, QStringLiteral("headers"), path, false);
    readTemplates(root);

    QJsonArray userTypes;
    const bool hasUserTypes = readArray(root, QStringLiteral("userTypes"), path, &userTypes);
    if (!root.contains(QLatin1String("userTypes")) || (hasUserTypes && userTypes.isEmpty()))
        error(QStringLiteral("$.userTypes"),
              QStringLiteral("the profile has no user types; add at least one to \"userTypes\""));
    QHash<QString, QString> userTypePaths;
    for (qsizetype i = 0; i < userTypes.size(); ++i) {
        const QString p = QStringLiteral("$.userTypes[%1]").arg(i);
        UserType ut = readUserType(userTypes.at(i), p);
        if (!ut.name.isEmpty()) {
            if (userTypePaths.contains(ut.name))
                error(p + QLatin1String(".name"),
                      QStringLiteral("duplicate user type name '%1' (also used at %2)")
                          .arg(ut.name, userTypePaths.value(ut.name)));
            else
                userTypePaths.insert(ut.name, p);
        }
        m_profile.userTypes.append(ut);
    }

    QJsonObject load;
    if (readObject(root, QStringLiteral("load"), path, &load))
        readLoad(load, QStringLiteral("$.load"), &m_profile.load);
    readThresholds(root);
    return m_profile;
}

void ProfileReader::readThresholds(const QJsonObject &root)
{
    QJsonArray thresholds;
    if (!readArray(root, QStringLiteral("thresholds"), QStringLiteral("$"), &thresholds))
        return;
    for (qsizetype i = 0; i < thresholds.size(); ++i) {
        const QString p = QStringLiteral("$.thresholds[%1]").arg(i);
        const QJsonValue v = thresholds.at(i);
        if (!v.isString()) {
            wrongType(p, QStringLiteral("a threshold"),
                      QStringLiteral("a string like \"p95 < 200ms\""), v);
            continue;
        }
        // Kept as written even when broken, so that nothing the user wrote is lost.
        m_profile.thresholds.append(v.toString());
        Threshold::ParseError parseError;
        if (!Threshold::parse(v.toString(), &parseError))
            error(p, parseError.toString(v.toString()));
    }
}

void ProfileReader::readTarget(const QJsonObject &o, const QString &path, Target *target)
{
    checkKeys(o, path,
              {QStringLiteral("baseUrl"), QStringLiteral("brokerUrl"), QStringLiteral("verifyTls"),
               QStringLiteral("connectTimeout"), QStringLiteral("requestTimeout"),
               QStringLiteral("transport"), kComment});
    target->comment = readComment(o, path);
    if (readString(o, QStringLiteral("baseUrl"), path, &target->baseUrl) &&
        !target->baseUrl.isEmpty())
        checkUrl(target->baseUrl, path + QLatin1String(".baseUrl"), QStringLiteral("baseUrl"),
                 {QStringLiteral("http"), QStringLiteral("https")});
    if (readString(o, QStringLiteral("brokerUrl"), path, &target->brokerUrl) &&
        !target->brokerUrl.isEmpty())
        checkUrl(target->brokerUrl, path + QLatin1String(".brokerUrl"), QStringLiteral("brokerUrl"),
                 {QStringLiteral("ws"), QStringLiteral("wss")});
    // A present but broken URL was reported above; steps should not report it again.
    const auto given = [&o](QLatin1String key) {
        const QJsonValue v = o.value(key);
        return !v.isUndefined() && !(v.isString() && v.toString().isEmpty());
    };
    m_hasBaseUrl = given(QLatin1String("baseUrl"));
    m_hasBrokerUrl = given(QLatin1String("brokerUrl"));
    readBool(o, QStringLiteral("verifyTls"), path, &target->verifyTls);
    for (const auto &[key, field] :
         {std::pair{QStringLiteral("connectTimeout"), &target->connectTimeoutMs},
          std::pair{QStringLiteral("requestTimeout"), &target->requestTimeoutMs}}) {
        qint64 ms = 0;
        if (!readDuration(o, key, path, &ms))
            continue;
        if (ms <= 0)
            error(childPath(path, key), QStringLiteral("%1 must be longer than 0").arg(key));
        else
            *field = ms;
    }
    QString transport;
    if (readString(o, QStringLiteral("transport"), path, &transport)) {
        if (transport == QLatin1String("raw") || transport == QLatin1String("qt"))
            target->transport = transport;
        else
            error(path + QLatin1String(".transport"),
                  QStringLiteral("transport must be \"raw\" (Cicada's HTTP/1.1 client) or \"qt\" "
                                 "(QNetworkAccessManager), not '%1'")
                      .arg(transport));
    }
}

QList<NameValue> ProfileReader::readNameValues(const QJsonObject &parent, const QString &key,
                                               const QString &parentPath, bool cookies)
{
    QList<NameValue> out;
    QJsonArray array;
    if (!readArray(parent, key, parentPath, &array))
        return out;
    const QString what = cookies ? QStringLiteral("cookie") : QStringLiteral("header");
    QStringList known = {QStringLiteral("name"), QStringLiteral("value"), kComment};
    if (cookies)
        known.insert(2, QStringLiteral("domain"));
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = childPath(parentPath, key) + QStringLiteral("[%1]").arg(i);
        if (!array.at(i).isObject()) {
            wrongType(path, QStringLiteral("a %1").arg(what),
                      QStringLiteral("an object like {\"name\": \"...\", \"value\": \"...\"}"),
                      array.at(i));
            continue;
        }
        const QJsonObject o = array.at(i).toObject();
        checkKeys(o, path, known);
        NameValue nv;
        if (!o.contains(QLatin1String("name")))
            error(path, QStringLiteral("a %1 needs a \"name\"").arg(what));
        if (readString(o, QStringLiteral("name"), path, &nv.name) && !isToken(nv.name))
            error(
                path + QLatin1String(".name"),
                QStringLiteral("'%1' is not a valid %2 name (letters, digits and !#$%&'*+-.^_`|~, "
                               "no spaces)")
                    .arg(nv.name, what));
        if (!o.contains(QLatin1String("value")))
            error(path, QStringLiteral("a %1 needs a \"value\"").arg(what));
        if (readString(o, QStringLiteral("value"), path, &nv.value))
            checkTemplate(nv.value, path + QLatin1String(".value"));
        if (cookies)
            readString(o, QStringLiteral("domain"), path, &nv.domain);
        nv.comment = readComment(o, path);
        out.append(nv);
    }
    return out;
}

void ProfileReader::readVariables(const QJsonObject &root)
{
    QJsonObject variables;
    if (!readObject(root, QStringLiteral("variables"), QStringLiteral("$"), &variables))
        return;
    for (auto it = variables.begin(); it != variables.end(); ++it) {
        const QString path = childPath(QStringLiteral("$.variables"), it.key());
        if (!isIdentifier(it.key()))
            error(path, QStringLiteral("variable name '%1' cannot be used as {{var.NAME}}: use "
                                       "letters, digits and '_', not starting with a digit")
                            .arg(it.key()));
        if (!it.value().isString()) {
            wrongType(path, QStringLiteral("a variable"), QStringLiteral("a string"), it.value());
            continue;
        }
        m_profile.variables.append({it.key(), it.value().toString(), {}});
    }
}

void ProfileReader::readTemplates(const QJsonObject &root)
{
    QJsonObject templates;
    if (!readObject(root, QStringLiteral("templates"), QStringLiteral("$"), &templates))
        return;
    for (auto it = templates.begin(); it != templates.end(); ++it) {
        const QString path = childPath(QStringLiteral("$.templates"), it.key());
        PayloadTemplate t;
        t.name = it.key();
        if (t.name.trimmed().isEmpty())
            error(path, QStringLiteral("a template needs a non-empty name"));
        if (!it.value().isObject()) {
            wrongType(path, QStringLiteral("a template"),
                      QStringLiteral("an object like {\"json\": {...}} or {\"text\": \"...\"}"),
                      it.value());
            continue;
        }
        const QJsonObject o = it.value().toObject();
        checkKeys(o, path, {QStringLiteral("json"), QStringLiteral("text"), kComment});
        t.comment = readComment(o, path);
        const bool hasJson = o.contains(QLatin1String("json"));
        const bool hasText = o.contains(QLatin1String("text"));
        if (hasJson && hasText) {
            error(path, QStringLiteral("a template has either \"json\" or \"text\", not both"));
        } else if (!hasJson && !hasText) {
            error(path, QStringLiteral("a template needs \"json\" (a JSON payload) or \"text\""));
        } else if (hasJson) {
            t.kind = PayloadTemplate::Kind::Json;
            t.json = o.value(QLatin1String("json"));
            checkJsonTemplate(t.json, path + QLatin1String(".json"));
        } else if (readString(o, QStringLiteral("text"), path, &t.text)) {
            t.kind = PayloadTemplate::Kind::Text;
            checkTemplate(t.text, path + QLatin1String(".text"));
        } else {
            t.kind = PayloadTemplate::Kind::Text;
        }
        m_profile.templates.append(t);
    }
}

UserType ProfileReader::readUserType(const QJsonValue &value, const QString &path)
{
    UserType ut;
    if (!value.isObject()) {
        wrongType(path, QStringLiteral("a user type"), QStringLiteral("an object"), value);
        return ut;
    }
    const QJsonObject o = value.toObject();
    checkKeys(o, path,
              {QStringLiteral("name"), QStringLiteral("weight"), QStringLiteral("wait"),
               QStringLiteral("onStart"), QStringLiteral("tasks"), QStringLiteral("onStop"),
               kComment});
    if (!readString(o, QStringLiteral("name"), path, &ut.name) &&
        !o.contains(QLatin1String("name")))
        error(path, QStringLiteral("a user type needs a \"name\""));
    else if (o.value(QLatin1String("name")).isString() && ut.name.trimmed().isEmpty())
        error(path + QLatin1String(".name"), QStringLiteral("a user type name cannot be empty"));
    readInt(o, QStringLiteral("weight"), path, 1, &ut.weight);
    ut.comment = readComment(o, path);
    if (o.contains(QLatin1String("wait")))
        ut.wait = readWait(o.value(QLatin1String("wait")), path + QLatin1String(".wait"));

    bool connected = false;
    ut.onStart = readSteps(o, QStringLiteral("onStart"), path, &connected, false);
    const bool connectedAfterStart = connected;

    QJsonArray tasks;
    const bool hasTasks = readArray(o, QStringLiteral("tasks"), path, &tasks);
    if (!o.contains(QLatin1String("tasks")) || (hasTasks && tasks.isEmpty()))
        error(path + QLatin1String(".tasks"),
              QStringLiteral("user type '%1' has no tasks; add at least one task").arg(ut.name));
    QHash<QString, QString> taskPaths;
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        const QString p = path + QStringLiteral(".tasks[%1]").arg(i);
        connected = connectedAfterStart;
        Task task = readTask(tasks.at(i), p, &connected);
        if (!task.name.isEmpty()) {
            if (taskPaths.contains(task.name))
                error(p + QLatin1String(".name"),
                      QStringLiteral("duplicate task name '%1' in user type '%2' (also used at %3)")
                          .arg(task.name, ut.name, taskPaths.value(task.name)));
            else
                taskPaths.insert(task.name, p);
        }
        ut.tasks.append(task);
    }

    connected = connectedAfterStart;
    ut.onStop = readSteps(o, QStringLiteral("onStop"), path, &connected, false);
    return ut;
}

WaitTime ProfileReader::readWait(const QJsonValue &value, const QString &path)
{
    WaitTime wait;
    const QString expected =
        QStringLiteral("an object like {\"between\": [\"1s\", \"2s\"]}, {\"constant\": \"1s\"} or "
                       "{\"constantPacing\": \"1s\"}");
    if (!value.isObject()) {
        wrongType(path, QStringLiteral("wait"), expected, value);
        return wait;
    }
    const QJsonObject o = value.toObject();
    const QStringList kinds = {QStringLiteral("between"), QStringLiteral("constant"),
                               QStringLiteral("constantPacing")};
    const int unknown = checkKeys(o, path, QStringList(kinds) << kComment);
    wait.comment = readComment(o, path);
    QStringList present;
    for (const QString &k : kinds) {
        if (o.contains(k))
            present.append(k);
    }
    if (present.size() > 1) {
        error(path, QStringLiteral("wait has exactly one of 'between', 'constant' or "
                                   "'constantPacing'; found %1")
                        .arg(quotedList(present)));
        return wait;
    }
    if (present.isEmpty()) {
        if (unknown == 0)
            error(path, QStringLiteral("wait needs one of 'between', 'constant' or "
                                       "'constantPacing'"));
        return wait;
    }
    const QString kind = present.front();
    const QString p = childPath(path, kind);
    const QJsonValue v = o.value(kind);
    if (kind == QLatin1String("between")) {
        wait.kind = WaitTime::Kind::Between;
        const QJsonArray range = v.toArray();
        if (!v.isArray() || range.size() != 2) {
            error(p, QStringLiteral("between must be two durations like [\"1s\", \"2s\"]"));
            return wait;
        }
        const bool okMin = readDuration(range.at(0), QStringLiteral("between"),
                                        p + QLatin1String("[0]"), &wait.minMs);
        const bool okMax = readDuration(range.at(1), QStringLiteral("between"),
                                        p + QLatin1String("[1]"), &wait.maxMs);
        if (okMin && okMax && wait.minMs > wait.maxMs)
            error(p, QStringLiteral("between needs the shorter time first; got [%1, %2]")
                         .arg(ProfileIo::durationToJson(wait.minMs).toString(),
                              ProfileIo::durationToJson(wait.maxMs).toString()));
    } else {
        wait.kind = kind == QLatin1String("constant") ? WaitTime::Kind::Constant
                                                      : WaitTime::Kind::ConstantPacing;
        readDuration(v, kind, p, &wait.minMs);
    }
    return wait;
}

Task ProfileReader::readTask(const QJsonValue &value, const QString &path, bool *connected)
{
    Task task;
    if (!value.isObject()) {
        wrongType(path, QStringLiteral("a task"), QStringLiteral("an object"), value);
        return task;
    }
    const QJsonObject o = value.toObject();
    checkKeys(
        o, path,
        {QStringLiteral("name"), QStringLiteral("weight"), QStringLiteral("steps"), kComment});
    if (!readString(o, QStringLiteral("name"), path, &task.name) &&
        !o.contains(QLatin1String("name")))
        error(path, QStringLiteral("a task needs a \"name\""));
    else if (o.value(QLatin1String("name")).isString() && task.name.trimmed().isEmpty())
        error(path + QLatin1String(".name"), QStringLiteral("a task name cannot be empty"));
    readInt(o, QStringLiteral("weight"), path, 1, &task.weight);
    task.comment = readComment(o, path);
    task.steps = readSteps(o, QStringLiteral("steps"), path, connected, true);
    return task;
}

QList<Step> ProfileReader::readSteps(const QJsonObject &o, const QString &key, const QString &path,
                                     bool *connected, bool required)
{
    QList<Step> steps;
    QJsonArray array;
    const bool present = readArray(o, key, path, &array);
    if (required && (!o.contains(key) || (present && array.isEmpty())))
        error(childPath(path, key), QStringLiteral("a task needs at least one step"));
    for (qsizetype i = 0; i < array.size(); ++i)
        steps.append(
            readStep(array.at(i), childPath(path, key) + QStringLiteral("[%1]").arg(i), connected));
    return steps;
}

Step ProfileReader::readStep(const QJsonValue &value, const QString &path, bool *connected)
{
    Step step;
    if (!value.isObject()) {
        wrongType(path, QStringLiteral("a step"),
                  QStringLiteral("an object with one of 'http', 'wsConnect', 'wsSend', 'think' or "
                                 "'close'"),
                  value);
        return step;
    }
    const QJsonObject o = value.toObject();
    const int unknown = checkKeys(o, path, QStringList(kStepKinds) << kComment);
    step.comment = readComment(o, path);
    QStringList present;
    for (const QString &k : kStepKinds) {
        if (o.contains(k))
            present.append(k);
    }
    if (present.size() > 1) {
        error(path,
              QStringLiteral("a step has exactly one kind; found %1").arg(quotedList(present)));
        return step;
    }
    if (present.isEmpty()) {
        if (unknown == 0)
            error(path,
                  QStringLiteral("a step needs exactly one of: %1").arg(quotedList(kStepKinds)));
        return step;
    }
    const QString kind = present.front();
    const QString p = childPath(path, kind);
    const QJsonValue v = o.value(kind);
    if (kind == QLatin1String("think")) {
        ThinkStep think;
        readThink(v, p, &think);
        step.spec = think;
        return step;
    }
    if (!v.isObject()) {
        wrongType(p, kind,
                  kind == QLatin1String("close") ? QStringLiteral("an object ({})")
                                                 : QStringLiteral("an object"),
                  v);
        return step;
    }
    const QJsonObject inner = v.toObject();
    // A comment may sit on the step or inside its kind object; the model keeps one.
    if (inner.contains(kComment)) {
        if (o.contains(kComment))
            error(
                childPath(p, kComment),
                QStringLiteral("this step already has a comment next to '%1'; keep one").arg(kind));
        else
            step.comment = readComment(inner, p);
    }
    if (kind == QLatin1String("http")) {
        HttpStep http;
        readHttp(inner, p, &http);
        step.spec = http;
    } else if (kind == QLatin1String("wsConnect")) {
        WsConnectStep connect;
        readWsConnect(inner, p, &connect);
        step.spec = connect;
        *connected = true;
    } else if (kind == QLatin1String("wsSend")) {
        if (!*connected)
            error(p, QStringLiteral("wsSend needs a wsConnect earlier in onStart or in the same "
                                    "task"));
        WsSendStep send;
        readWsSend(inner, p, &send);
        step.spec = send;
    } else if (kind == QLatin1String("close")) {
        checkKeys(inner, p, {kComment});
        step.spec = CloseStep();
        *connected = false;
    }
    return step;
}

void ProfileReader::readBody(const QJsonObject &o, const QString &path, QString *bodyTemplate,
                             QString *body, bool required)
{
    const bool hasTemplate = readString(o, QStringLiteral("template"), path, bodyTemplate);
    const bool hasBody = readString(o, QStringLiteral("body"), path, body);
    if (hasTemplate && hasBody && !bodyTemplate->isEmpty() && !body->isEmpty()) {
        error(path, QStringLiteral("use either \"template\" or \"body\", not both"));
        return;
    }
    if (hasTemplate && !bodyTemplate->isEmpty())
        checkTemplateReference(*bodyTemplate, path + QLatin1String(".template"));
    if (hasBody && !body->isEmpty())
        checkTemplate(*body, path + QLatin1String(".body"));
    if (required && bodyTemplate->isEmpty() && body->isEmpty() &&
        !o.value(QLatin1String("template")).isString() &&
        !o.value(QLatin1String("body")).isString())
        error(path, QStringLiteral("wsSend needs a \"template\" (a name from $.templates) or a "
                                   "\"body\" (text)"));
    else if (required && bodyTemplate->isEmpty() && body->isEmpty())
        error(path, QStringLiteral("wsSend needs a non-empty \"template\" or \"body\""));
}

void ProfileReader::readHttp(const QJsonObject &o, const QString &path, HttpStep *step)
{
    checkKeys(o, path,
              {QStringLiteral("name"), QStringLiteral("method"), QStringLiteral("path"),
               QStringLiteral("headers"), QStringLiteral("template"), QStringLiteral("body"),
               QStringLiteral("expect"), kComment});
    readString(o, QStringLiteral("name"), path, &step->name);
    QString method;
    if (readString(o, QStringLiteral("method"), path, &method)) {
        static const QRegularExpression kMethod(QStringLiteral("^[A-Za-z]+$"));
        if (kMethod.match(method).hasMatch())
            step->method = method;
        else
            error(path + QLatin1String(".method"),
                  QStringLiteral("method must be an HTTP method such as GET or POST, not '%1'")
                      .arg(method));
    }
    if (!o.contains(QLatin1String("path"))) {
        error(path, QStringLiteral("an http step needs a \"path\" (like \"/api/items\") or an "
                                   "absolute http(s) URL"));
    } else if (readString(o, QStringLiteral("path"), path, &step->path)) {
        const QString p = path + QLatin1String(".path");
        const bool absolute = step->path.startsWith(QLatin1String("http://")) ||
                              step->path.startsWith(QLatin1String("https://"));
        checkTemplate(step->path, p);
        if (absolute) {
            if (!step->path.contains(QLatin1String("{{")) &&
                !QUrl(step->path, QUrl::StrictMode).isValid())
                error(p, QStringLiteral("'%1' is not a valid URL").arg(step->path));
        } else if (!step->path.startsWith(QLatin1Char('/'))) {
            error(p, QStringLiteral("path must start with '/' or be an absolute http:// or "
                                    "https:// URL; got '%1'")
                         .arg(step->path));
        } else if (!m_hasBaseUrl) {
            error(p, QStringLiteral("the relative path '%1' needs $.target.baseUrl; set it or use "
                                    "an absolute URL")
                         .arg(step->path));
        }
    }
    step->headers = readNameValues(o, QStringLiteral("headers"), path, false);
    readBody(o, path, &step->bodyTemplate, &step->body, false);
    const QJsonValue expect = o.value(QLatin1String("expect"));
    if (!expect.isUndefined()) {
        const QString p = path + QLatin1String(".expect");
        const QJsonArray list = expect.isArray() ? expect.toArray() : QJsonArray{expect};
        if (list.isEmpty())
            error(p, QStringLiteral("expect needs at least one status code; leave it out to "
                                    "accept any status below 400"));
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QJsonValue s = list.at(i);
            const double d = s.toDouble(-1);
            if (!s.isDouble() || d != std::floor(d) || d < 100 || d > 599) {
                error(expect.isArray() ? p + QStringLiteral("[%1]").arg(i) : p,
                      QStringLiteral("expect takes HTTP status codes from 100 to 599, like 200 or "
                                     "[200, 201]"));
                continue;
            }
            step->expectStatus.append(int(d));
        }
    }
}

void ProfileReader::readWsConnect(const QJsonObject &o, const QString &path, WsConnectStep *step)
{
    checkKeys(o, path, {QStringLiteral("name"), QStringLiteral("url"), kComment});
    readString(o, QStringLiteral("name"), path, &step->name);
    if (readString(o, QStringLiteral("url"), path, &step->url) && !step->url.isEmpty())
        checkUrl(step->url, path + QLatin1String(".url"), QStringLiteral("url"),
                 {QStringLiteral("ws"), QStringLiteral("wss")});
    else if (step->url.isEmpty() && !m_hasBrokerUrl)
        error(path, QStringLiteral("wsConnect without \"url\" connects to $.target.brokerUrl, "
                                   "which is not set"));
}

void ProfileReader::readWsSend(const QJsonObject &o, const QString &path, WsSendStep *step)
{
    checkKeys(o, path,
              {QStringLiteral("name"), QStringLiteral("template"), QStringLiteral("body"),
               QStringLiteral("await"), QStringLiteral("matchField"), QStringLiteral("timeout"),
               kComment});
    readString(o, QStringLiteral("name"), path, &step->name);
    readBody(o, path, &step->bodyTemplate, &step->body, true);
    QString await;
    if (readString(o, QStringLiteral("await"), path, &await)) {
        if (await == QLatin1String("none"))
            step->await = WsSendStep::Await::None;
        else if (await == QLatin1String("next"))
            step->await = WsSendStep::Await::NextMessage;
        else if (await == QLatin1String("match"))
            step->await = WsSendStep::Await::Match;
        else
            error(path + QLatin1String(".await"),
                  QStringLiteral("await must be \"none\" (fire and forget), \"next\" (the next "
                                 "message) or \"match\" (the reply whose matchField equals the "
                                 "sent one), not '%1'")
                      .arg(await));
    }
    QString matchField;
    if (readString(o, QStringLiteral("matchField"), path, &matchField)) {
        if (step->await == WsSendStep::Await::Match && matchField.trimmed().isEmpty())
            error(path + QLatin1String(".matchField"),
                  QStringLiteral("await \"match\" needs a non-empty matchField: the JSON field of "
                                 "the reply that must equal the sent one, e.g. \"id\""));
        else
            step->matchPointers = {jsonPointerForField(matchField)};
    }
    qint64 timeout = 0;
    if (readDuration(o, QStringLiteral("timeout"), path, &timeout)) {
        if (timeout <= 0)
            error(path + QLatin1String(".timeout"),
                  QStringLiteral("timeout must be longer than 0; leave it out to use "
                                 "$.target.requestTimeout"));
        else
            step->timeoutMs = timeout;
    }
}

void ProfileReader::readThink(const QJsonValue &v, const QString &path, ThinkStep *step)
{
    if (v.isArray()) {
        const QJsonArray range = v.toArray();
        if (range.size() != 2) {
            error(path, QStringLiteral("think takes one duration like \"1s\" or a range like "
                                       "[\"1s\", \"3s\"]"));
            return;
        }
        const bool okMin = readDuration(range.at(0), QStringLiteral("think"),
                                        path + QLatin1String("[0]"), &step->minMs);
        const bool okMax = readDuration(range.at(1), QStringLiteral("think"),
                                        path + QLatin1String("[1]"), &step->maxMs);
        if (okMin && okMax && step->minMs > step->maxMs)
            error(path, QStringLiteral("think needs the shorter time first; got [%1, %2]")
                            .arg(ProfileIo::durationToJson(step->minMs).toString(),
                                 ProfileIo::durationToJson(step->maxMs).toString()));
        return;
    }
    if (!v.isString() && !v.isDouble()) {
        wrongType(path, QStringLiteral("think"),
                  QStringLiteral("a duration like \"1s\" or a range like [\"1s\", \"3s\"]"), v);
        return;
    }
    if (readDuration(v, QStringLiteral("think"), path, &step->minMs))
        step->maxMs = step->minMs;
}

void ProfileReader::readLoad(const QJsonObject &o, const QString &path, LoadSettings *load)
{
    checkKeys(o, path,
              {QStringLiteral("users"), QStringLiteral("spawnRate"), QStringLiteral("runTime"),
               kComment});
    load->comment = readComment(o, path);
    readInt(o, QStringLiteral("users"), path, 1, &load->users);
    const QJsonValue rate = o.value(QLatin1String("spawnRate"));
    if (!rate.isUndefined()) {
        if (!rate.isDouble())
            wrongType(path + QLatin1String(".spawnRate"), QStringLiteral("spawnRate"),
                      QStringLiteral("a number of users per second"), rate);
        else if (rate.toDouble() <= 0)
            error(path + QLatin1String(".spawnRate"),
                  QStringLiteral("spawnRate must be more than 0 users per second, got %1")
                      .arg(rate.toDouble()));
        else
            load->spawnRate = rate.toDouble();
    }
    readDuration(o, QStringLiteral("runTime"), path, &load->runTimeMs);
}

} // namespace cicada
