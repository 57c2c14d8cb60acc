#include "profile/profilereader.h"

#include "profile/profileio.h"
#include "profile/threshold.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>

namespace cicada {

namespace {

const QString kComment = QStringLiteral("comment");
const QString kSchemaKey = QStringLiteral("schema");

QString numberText(double d)
{
    return QString::number(d, 'g', 12);
}

} // namespace

ProfileReader::ProfileReader(QList<ProfileIssue> *issues) : StepReader(issues) {}

void ProfileReader::readSchema(const QJsonObject &root)
{
    const QString path = QStringLiteral("$.schema");
    const QJsonValue schema = root.value(kSchemaKey);
    // Until the schema is known, schema-2 keys are not reported: one clear error is enough.
    m_declaredSchema = kProfileSchema;
    if (schema.isUndefined()) {
        error(path, QStringLiteral("missing \"schema\": add \"schema\": %1 to the top-level object")
                        .arg(kProfileSchema));
        return;
    }
    const double d = schema.toDouble();
    if (!schema.isDouble() || d != std::floor(d)) {
        error(path, QStringLiteral("schema must be the number 1 or %1, not %2")
                        .arg(kProfileSchema)
                        .arg(schema.isDouble() ? numberText(d) : typeName(schema)));
        return;
    }
    if (d > kProfileSchema) {
        error(path,
              QStringLiteral("this profile uses schema %1, but this Cicada supports schemas 1 "
                             "to %2; open it with a newer Cicada")
                  .arg(numberText(d))
                  .arg(kProfileSchema));
        return;
    }
    if (d < 1) {
        error(path, QStringLiteral("unsupported schema %1; this Cicada supports schemas 1 to %2")
                        .arg(numberText(d))
                        .arg(kProfileSchema));
        return;
    }
    m_declaredSchema = int(d);
}

Profile ProfileReader::read(const QJsonObject &root)
{
    m_profile = Profile();
    m_hasBaseUrl = false;
    m_hasBrokerUrl = false;
    m_environment = Template::environmentSnapshot();
    const QString path = QStringLiteral("$");
    readSchema(root);
    m_profile.schema = m_declaredSchema;
    checkKeys(root, path,
              {QStringLiteral("$schema"), kSchemaKey, QStringLiteral("name"), kComment,
               QStringLiteral("target"), QStringLiteral("cookies"), QStringLiteral("headers"),
               QStringLiteral("variables"), QStringLiteral("templates"),
               QStringLiteral("userTypes"), QStringLiteral("load"), QStringLiteral("thresholds"),
               QStringLiteral("feeders")});

    // An empty "$schema" says nothing: the default is kept, so that it is saved.
    QString jsonSchemaUri;
    if (readString(root, QStringLiteral("$schema"), path, &jsonSchemaUri) &&
        !jsonSchemaUri.isEmpty())
        m_profile.jsonSchemaUri = jsonSchemaUri;
    readString(root, QStringLiteral("name"), path, &m_profile.name);
    m_profile.comment = readComment(root, path);

    QJsonObject target;
    if (readObject(root, QStringLiteral("target"), path, &target))
        readTarget(target, QStringLiteral("$.target"), &m_profile.target);

    // Variables and feeders first: templates, cookies and headers may refer to them.
    readVariables(root);
    readFeeders(root);
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
        const QString p = indexPath(QStringLiteral("$.userTypes"), i);
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
    checkCaptureUses();
    return m_profile;
}

void ProfileReader::readFeeders(const QJsonObject &root)
{
    QJsonArray feeders;
    if (!readArray(root, QStringLiteral("feeders"), QStringLiteral("$"), &feeders))
        return;
    requireSchema2(QStringLiteral("$.feeders"), QStringLiteral("\"feeders\""));
    QHash<QString, QString> paths;
    for (qsizetype i = 0; i < feeders.size(); ++i) {
        const QString path = indexPath(QStringLiteral("$.feeders"), i);
        const QJsonValue value = feeders.at(i);
        if (!value.isObject()) {
            wrongType(path, QStringLiteral("a feeder"),
                      QStringLiteral("an object like {\"name\": \"users\", \"file\": "
                                     "\"users.csv\"}"),
                      value);
            continue;
        }
        Feeder feeder = readFeeder(value.toObject(), path);
        if (!feeder.name.isEmpty()) {
            if (paths.contains(feeder.name))
                error(path + QLatin1String(".name"),
                      QStringLiteral("duplicate feeder name '%1' (also used at %2)")
                          .arg(feeder.name, paths.value(feeder.name)));
            else
                paths.insert(feeder.name, path);
        }
        m_profile.feeders.append(feeder);
    }
}

Feeder ProfileReader::readFeeder(const QJsonObject &o, const QString &path)
{
    Feeder feeder;
    checkKeys(o, path,
              {QStringLiteral("name"), QStringLiteral("file"), QStringLiteral("format"),
               QStringLiteral("strategy"), QStringLiteral("onExhausted"), kComment});
    feeder.comment = readComment(o, path);
    if (!o.contains(QLatin1String("name")))
        error(path, QStringLiteral("a feeder needs a \"name\", used as {{feed.NAME.column}}"));
    else if (readString(o, QStringLiteral("name"), path, &feeder.name) &&
             !isIdentifier(feeder.name))
        error(path + QLatin1String(".name"),
              QStringLiteral("feeder name '%1' cannot be used as {{feed.NAME.column}}: use "
                             "letters, digits and '_', not starting with a digit")
                  .arg(feeder.name));
    if (!o.contains(QLatin1String("file")))
        error(path, QStringLiteral("a feeder needs a \"file\" (CSV or JSON, relative to the "
                                   "profile's directory)"));
    else if (readString(o, QStringLiteral("file"), path, &feeder.file) &&
             feeder.file.trimmed().isEmpty())
        error(path + QLatin1String(".file"), QStringLiteral("a feeder's file cannot be empty"));

    // One table per enum: the JSON word, the value, and the words listed in messages.
    const auto readWord = [&](const QString &key, const auto &words, auto *out) {
        QString word;
        if (!readString(o, key, path, &word))
            return;
        QStringList known;
        for (const auto &[text, value] : words) {
            known.append(text);
            if (word == text) {
                *out = value;
                return;
            }
        }
        const QString suggestion = closest(word, known);
        error(
            childPath(path, key),
            suggestion.isEmpty()
                ? QStringLiteral("%1 must be one of %2, not '%3'").arg(key, quotedList(known), word)
                : QStringLiteral("%1 must be one of %2, not '%3'; did you mean '%4'?")
                      .arg(key, quotedList(known), word, suggestion));
    };
    readWord(QStringLiteral("format"),
             QList<QPair<QString, Feeder::Format>>{{QStringLiteral("csv"), Feeder::Format::Csv},
                                                   {QStringLiteral("json"), Feeder::Format::Json}},
             &feeder.format);
    readWord(QStringLiteral("strategy"),
             QList<QPair<QString, Feeder::Strategy>>{
                 {QStringLiteral("sequential"), Feeder::Strategy::Sequential},
                 {QStringLiteral("circular"), Feeder::Strategy::Circular},
                 {QStringLiteral("random"), Feeder::Strategy::Random},
                 {QStringLiteral("perUser"), Feeder::Strategy::PerUser}},
             &feeder.strategy);
    readWord(QStringLiteral("onExhausted"),
             QList<QPair<QString, Feeder::OnExhausted>>{
                 {QStringLiteral("stopUser"), Feeder::OnExhausted::StopUser},
                 {QStringLiteral("fail"), Feeder::OnExhausted::Fail}},
             &feeder.onExhausted);
    if (o.contains(QLatin1String("onExhausted")) && !feeder.canRunOut())
        warning(path + QLatin1String(".onExhausted"),
                QStringLiteral("onExhausted applies to sequential and perUser feeders; a %1 "
                               "feeder never runs out")
                    .arg(feeder.strategy == Feeder::Strategy::Circular ? QStringLiteral("circular")
                                                                       : QStringLiteral("random")));
    return feeder;
}

void ProfileReader::readThresholds(const QJsonObject &root)
{
    QJsonArray thresholds;
    if (!readArray(root, QStringLiteral("thresholds"), QStringLiteral("$"), &thresholds))
        return;
    for (qsizetype i = 0; i < thresholds.size(); ++i) {
        const QString p = indexPath(QStringLiteral("$.thresholds"), i);
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
               QStringLiteral("transport"), QStringLiteral("wsTransport"),
               QStringLiteral("maxBodySize"), QStringLiteral("maxMessageSize"), kComment},
              {QStringLiteral("maxBodySize"), QStringLiteral("maxMessageSize")});
    target->comment = readComment(o, path);
    // Secrets and per-environment hosts stay out of files: {{env.NAME}} is allowed (issue 11).
    for (const auto &[key, field, schemes] :
         {std::tuple{QStringLiteral("baseUrl"), &target->baseUrl,
                     QStringList{QStringLiteral("http"), QStringLiteral("https")}},
          std::tuple{QStringLiteral("brokerUrl"), &target->brokerUrl,
                     QStringList{QStringLiteral("ws"), QStringLiteral("wss")}}}) {
        if (!readString(o, key, path, field) || field->isEmpty())
            continue;
        const QString p = childPath(path, key);
        if (field->contains(QLatin1String("{{")))
            requireSchema2(p, QStringLiteral("a placeholder in %1").arg(key));
        checkUrl(*field, p, key, schemes, UrlPlaceholders::EnvOnly);
    }
    // A present but broken URL was reported above; steps should not report it again.
    const auto given = [&o](QLatin1String key) {
        const QJsonValue v = o.value(key);
        return !v.isUndefined() && !(v.isString() && v.toString().isEmpty());
    };
    m_hasBaseUrl = given(QLatin1String("baseUrl"));
    m_hasBrokerUrl = given(QLatin1String("brokerUrl"));
    readBool(o, QStringLiteral("verifyTls"), path, &target->verifyTls);
    readTimeout(o, QStringLiteral("connectTimeout"), path, {}, &target->connectTimeoutMs);
    readTimeout(o, QStringLiteral("requestTimeout"), path, {}, &target->requestTimeoutMs);
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
    QString wsTransport;
    if (readString(o, QStringLiteral("wsTransport"), path, &wsTransport)) {
        if (wsTransport == QLatin1String("qt") || wsTransport == QLatin1String("lean"))
            target->wsTransport = wsTransport;
        else
            error(path + QLatin1String(".wsTransport"),
                  QStringLiteral("wsTransport must be \"qt\" (QWebSocket) or \"lean\" "
                                 "(Cicada's WebSocket client), not '%1'")
                      .arg(wsTransport));
    }
    readSize(o, QStringLiteral("maxBodySize"), path, &target->maxBodyBytes);
    readSize(o, QStringLiteral("maxMessageSize"), path, &target->maxMessageBytes);
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
        readTemplate(it.value().toObject(), path, &t);
        m_profile.templates.append(t);
    }
}

void ProfileReader::readTemplate(const QJsonObject &o, const QString &path, PayloadTemplate *t)
{
    const QStringList kinds = {QStringLiteral("json"), QStringLiteral("text"),
                               QStringLiteral("base64"), QStringLiteral("hex")};
    checkKeys(o, path, QStringList(kinds) << kComment,
              {QStringLiteral("base64"), QStringLiteral("hex")});
    t->comment = readComment(o, path);
    QStringList present;
    for (const QString &k : kinds) {
        if (o.contains(k))
            present.append(k);
    }
    if (present.size() > 1) {
        error(path, present == QStringList{QStringLiteral("json"), QStringLiteral("text")}
                        ? QStringLiteral("a template has either \"json\" or \"text\", not both")
                        : QStringLiteral("a template has exactly one of 'json', 'text', 'base64' "
                                         "or 'hex'; found %1")
                              .arg(quotedList(present)));
        return;
    }
    if (present.isEmpty()) {
        error(path, QStringLiteral("a template needs \"json\" (a JSON payload), \"text\", or "
                                   "\"base64\" / \"hex\" (binary)"));
        return;
    }
    const QString kind = present.front();
    const QString p = childPath(path, kind);
    if (kind == QLatin1String("json")) {
        t->kind = PayloadTemplate::Kind::Json;
        t->json = o.value(kind);
        checkJsonTemplate(t->json, p);
        return;
    }
    t->kind =
        kind == QLatin1String("text") ? PayloadTemplate::Kind::Text : PayloadTemplate::Kind::Binary;
    if (!readString(o, kind, path, &t->text))
        return;
    if (kind == QLatin1String("text")) {
        checkTemplate(t->text, p);
        return;
    }
    t->hex = kind == QLatin1String("hex");
    QString compact = t->text;
    compact.remove(QRegularExpression(QStringLiteral("\\s")));
    static const QRegularExpression kHex(QStringLiteral("^([0-9A-Fa-f]{2})*$"));
    static const QRegularExpression kBase64(
        QStringLiteral("^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"));
    if (t->hex && kHex.match(compact).hasMatch()) {
        t->binary = QByteArray::fromHex(compact.toLatin1());
    } else if (!t->hex && kBase64.match(compact).hasMatch()) {
        t->binary = QByteArray::fromBase64(compact.toLatin1());
    } else {
        error(p, t->hex ? QStringLiteral("hex must be pairs of hex digits like \"001fff\" (spaces "
                                         "allowed)")
                        : QStringLiteral("base64 must be base64 text (A-Z, a-z, 0-9, '+', '/', "
                                         "'=' padding; spaces allowed)"));
    }
    // The bytes are the model; text is not kept for binary payloads.
    t->text.clear();
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
    readInt(o, QStringLiteral("weight"), path, 1, ProfileIo::kMaxWeight, &ut.weight);
    ut.comment = readComment(o, path);
    if (o.contains(QLatin1String("wait")))
        ut.wait = readWait(o.value(QLatin1String("wait")), path + QLatin1String(".wait"));

    setConnected(false);
    // A user type without a name still has its own captures: its path tells it apart.
    setCaptureScope(ut.name.isEmpty() ? path : ut.name);
    ut.onStart = readSteps(o, QStringLiteral("onStart"), path, false);
    const bool connectedAfterStart = connected();

    QJsonArray tasks;
    const bool hasTasks = readArray(o, QStringLiteral("tasks"), path, &tasks);
    if (!o.contains(QLatin1String("tasks")) || (hasTasks && tasks.isEmpty()))
        error(path + QLatin1String(".tasks"),
              QStringLiteral("user type '%1' has no tasks; add at least one task").arg(ut.name));
    QHash<QString, QString> taskPaths;
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        const QString p = indexPath(path + QLatin1String(".tasks"), i);
        setConnected(connectedAfterStart);
        Task task = readTask(tasks.at(i), p);
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

    setConnected(connectedAfterStart);
    ut.onStop = readSteps(o, QStringLiteral("onStop"), path, false);
    setCaptureScope({});
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
        const bool okMin = readDuration(range.at(0), kind, indexPath(p, 0), &wait.minMs);
        const bool okMax = readDuration(range.at(1), kind, indexPath(p, 1), &wait.maxMs);
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

Task ProfileReader::readTask(const QJsonValue &value, const QString &path)
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
    readInt(o, QStringLiteral("weight"), path, 1, ProfileIo::kMaxWeight, &task.weight);
    task.comment = readComment(o, path);
    task.steps = readSteps(o, QStringLiteral("steps"), path, true);
    return task;
}

void ProfileReader::readLoad(const QJsonObject &o, const QString &path, LoadSettings *load)
{
    checkKeys(o, path,
              {QStringLiteral("users"), QStringLiteral("spawnRate"), QStringLiteral("runTime"),
               kComment});
    load->comment = readComment(o, path);
    readInt(o, QStringLiteral("users"), path, 1, ProfileIo::kMaxUsers, &load->users);
    const QJsonValue rate = o.value(QLatin1String("spawnRate"));
    if (!rate.isUndefined()) {
        const QString p = path + QLatin1String(".spawnRate");
        const double r = rate.toDouble();
        if (!rate.isDouble())
            wrongType(p, QStringLiteral("spawnRate"),
                      QStringLiteral("a number of users per second"), rate);
        else if (!std::isfinite(r) || r <= 0 || r > ProfileIo::kMaxSpawnRate)
            error(p, QStringLiteral("spawnRate must be more than 0 and at most %1 users per "
                                    "second, got %2")
                         .arg(numberText(ProfileIo::kMaxSpawnRate), numberText(r)));
        else
            load->spawnRate = r;
    }
    readDuration(o, QStringLiteral("runTime"), path, &load->runTimeMs);
}

} // namespace cicada
