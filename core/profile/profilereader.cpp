#include "profile/profilereader.h"

#include "profile/profileio.h"
#include "profile/sourceaddresses.h"
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
               QStringLiteral("thresholdOptions"), QStringLiteral("feeders")});

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
    checkFixedCounts(root);
    checkLoadModel();
    readThresholds(root);
    checkCaptureUses();
    checkSourceAddresses(root);
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
    if (QJsonObject options;
        readObject(root, QStringLiteral("thresholdOptions"), QStringLiteral("$"), &options)) {
        const QString path = QStringLiteral("$.thresholdOptions");
        checkKeys(options, path, {QStringLiteral("maxErrorRate")});
        readNumber(options, QStringLiteral("maxErrorRate"), path, 0, false, 1,
                   QStringLiteral("(a fraction of requests: 0.1 = 10 %)"),
                   &m_profile.thresholdsMaxErrorRate);
    }
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
               QStringLiteral("maxBodySize"), QStringLiteral("maxMessageSize"),
               QStringLiteral("sourceAddresses"), kComment},
              {QStringLiteral("maxBodySize"), QStringLiteral("maxMessageSize"),
               QStringLiteral("sourceAddresses")});
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
    QStringList sources;
    if (readStringList(o, QStringLiteral("sourceAddresses"), path, true, &sources)) {
        SourceAddresses::Error sourceError;
        if (SourceAddresses::expand(sources, &sourceError).isEmpty() && !sources.isEmpty()) {
            const QString p = childPath(path, QStringLiteral("sourceAddresses"));
            error(o.value(QLatin1String("sourceAddresses")).isArray()
                      ? indexPath(p, sourceError.entry)
                      : p,
                  sourceError.message);
        } else {
            target->sourceAddresses = sources;
        }
    }
}

void ProfileReader::checkSourceAddresses(const QJsonObject &root)
{
    if (m_profile.target.sourceAddresses.isEmpty())
        return;
    // The kinds of connection the users open; the qt transports cannot bind a source address
    // (QNetworkAccessManager has no API for it, QWebSocket opens its own socket).
    const auto [http, ws] = ProfileIo::connectionKinds(root.value(QLatin1String("userTypes")));
    const QString path = QStringLiteral("$.target.sourceAddresses");
    if (ws && m_profile.target.wsTransport != QLatin1String("lean"))
        error(path, QStringLiteral("source addresses need Cicada's WebSocket client: remove "
                                   "\"wsTransport\": \"qt\" from target (QWebSocket, the \"qt\" "
                                   "transport, cannot bind a local address)"));
    if (http && m_profile.target.transport != QLatin1String("raw"))
        error(path, QStringLiteral("source addresses need Cicada's HTTP client: set "
                                   "\"transport\": \"raw\" in target (QNetworkAccessManager, the "
                                   "\"qt\" transport, cannot bind a local address)"));
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
               kComment, QStringLiteral("arrivalRate"), QStringLiteral("fixedCount")},
              {QStringLiteral("arrivalRate")});
    if (!readString(o, QStringLiteral("name"), path, &ut.name) &&
        !o.contains(QLatin1String("name")))
        error(path, QStringLiteral("a user type needs a \"name\""));
    else if (o.value(QLatin1String("name")).isString() && ut.name.trimmed().isEmpty())
        error(path + QLatin1String(".name"), QStringLiteral("a user type name cannot be empty"));
    readInt(o, QStringLiteral("weight"), path, 1, ProfileIo::kMaxWeight, &ut.weight);
    readInt(o, QStringLiteral("fixedCount"), path, 0, ProfileIo::kMaxUsers, &ut.fixedCount);
    ut.comment = readComment(o, path);
    if (o.contains(QLatin1String("wait")))
        ut.wait = readWait(o.value(QLatin1String("wait")), path + QLatin1String(".wait"));

    ut.arrivalRate = readArrivalRate(o, path);

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
               kComment, QStringLiteral("arrivalRate"), QStringLiteral("stages"),
               QStringLiteral("stopTimeout")},
              {QStringLiteral("arrivalRate"), QStringLiteral("stages")});
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
    readDuration(o, QStringLiteral("stopTimeout"), path, &load->stopTimeoutMs);
    load->arrivalRate = readArrivalRate(o, path);
    readStages(o, path, load);
}

bool ProfileReader::readNumber(const QJsonObject &o, const QString &key, const QString &path,
                               double min, bool minExclusive, double max, const QString &unit,
                               double *out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return false;
    const QString p = childPath(path, key);
    const double d = v.toDouble();
    if (!v.isDouble()) {
        wrongType(p, key, QStringLiteral("a number of %1").arg(unit), v);
        return false;
    }
    if (!std::isfinite(d) || (minExclusive ? d <= min : d < min) || d > max) {
        error(p,
              QStringLiteral("%1 must be %2 %3 and at most %4 %5, got %6")
                  .arg(key, minExclusive ? QStringLiteral("more than") : QStringLiteral("at least"),
                       numberText(min), numberText(max), unit, numberText(d)));
        return false;
    }
    *out = d;
    return true;
}

std::optional<ArrivalRate> ProfileReader::readArrivalRate(const QJsonObject &parent,
                                                          const QString &parentPath)
{
    QJsonObject o;
    if (!readObject(parent, QStringLiteral("arrivalRate"), parentPath, &o))
        return std::nullopt;
    const QString path = childPath(parentPath, QStringLiteral("arrivalRate"));
    checkKeys(o, path,
              {QStringLiteral("rate"), QStringLiteral("to"), QStringLiteral("over"),
               QStringLiteral("maxConcurrent"), QStringLiteral("dropAfter"), kComment});
    ArrivalRate a;
    a.comment = readComment(o, path);
    const QString perSecond = QStringLiteral("iterations per second");
    readNumber(o, QStringLiteral("rate"), path, 0, false, ProfileIo::kMaxArrivalRate, perSecond,
               &a.rate);
    double to = 0;
    if (readNumber(o, QStringLiteral("to"), path, 0, false, ProfileIo::kMaxArrivalRate, perSecond,
                   &to))
        a.toRate = to;
    const bool hasTo = o.contains(QLatin1String("to"));
    const bool hasOver = readDuration(o, QStringLiteral("over"), path, &a.overMs);
    if (hasTo && !o.contains(QLatin1String("over")))
        error(childPath(path, QStringLiteral("to")),
              QStringLiteral("\"to\" ramps the rate and needs \"over\": how long the ramp "
                             "takes, e.g. \"over\": \"60s\""));
    if (o.contains(QLatin1String("over")) && !hasTo)
        error(childPath(path, QStringLiteral("over")),
              QStringLiteral("\"over\" is the duration of a ramp and needs \"to\": the rate "
                             "to reach"));
    if (hasOver && a.overMs <= 0)
        error(childPath(path, QStringLiteral("over")),
              QStringLiteral("over must be longer than 0"));
    readInt(o, QStringLiteral("maxConcurrent"), path, 1, ProfileIo::kMaxUsers, &a.maxConcurrent);
    readDuration(o, QStringLiteral("dropAfter"), path, &a.dropAfterMs);
    return a;
}

void ProfileReader::readStages(const QJsonObject &o, const QString &path, LoadSettings *load)
{
    QJsonArray stages;
    if (!readArray(o, QStringLiteral("stages"), path, &stages))
        return;
    const QString stagesPath = childPath(path, QStringLiteral("stages"));
    QString firstModelPath; // the first stage that set users or rate
    bool firstIsOpen = false;
    for (qsizetype i = 0; i < stages.size(); ++i) {
        const QString p = indexPath(stagesPath, i);
        const QJsonValue v = stages.at(i);
        if (!v.isObject()) {
            wrongType(p, QStringLiteral("a stage"),
                      QStringLiteral("an object like {\"duration\": \"30s\", \"users\": "
                                     "100} or {\"duration\": \"30s\", \"rate\": 200}"),
                      v);
            continue;
        }
        const QJsonObject so = v.toObject();
        checkKeys(so, p,
                  {QStringLiteral("duration"), QStringLiteral("users"), QStringLiteral("spawnRate"),
                   QStringLiteral("rate"), kComment});
        LoadStage stage;
        stage.comment = readComment(so, p);
        if (!so.contains(QLatin1String("duration")))
            error(p, QStringLiteral("a stage needs a \"duration\", e.g. \"30s\""));
        else if (readDuration(so, QStringLiteral("duration"), p, &stage.durationMs) &&
                 stage.durationMs <= 0)
            error(childPath(p, QStringLiteral("duration")),
                  QStringLiteral("duration must be longer than 0"));
        const bool hasUsers = so.contains(QLatin1String("users"));
        const bool hasRate = so.contains(QLatin1String("rate"));
        if (hasUsers == hasRate) {
            error(p, hasUsers ? QStringLiteral("a stage sets \"users\" (closed model) or "
                                               "\"rate\" (open model), not both")
                              : QStringLiteral("a stage needs \"users\" (closed model) or "
                                               "\"rate\" (open model, iterations per second)"));
        } else if (firstModelPath.isEmpty()) {
            firstModelPath = p;
            firstIsOpen = hasRate;
        } else if (firstIsOpen != hasRate) {
            error(p, QStringLiteral("this stage sets \"%1\" but %2 sets \"%3\": a stage list "
                                    "uses one model, users (closed) or rate (open)")
                         .arg(hasRate ? QStringLiteral("rate") : QStringLiteral("users"),
                              firstModelPath,
                              hasRate ? QStringLiteral("users") : QStringLiteral("rate")));
        }
        int users = 0;
        if (readInt(so, QStringLiteral("users"), p, 0, ProfileIo::kMaxUsers, &users))
            stage.users = users;
        double rate = 0;
        if (readNumber(so, QStringLiteral("rate"), p, 0, false, ProfileIo::kMaxArrivalRate,
                       QStringLiteral("iterations per second"), &rate))
            stage.rate = rate;
        double spawnRate = 0;
        if (readNumber(so, QStringLiteral("spawnRate"), p, 0, true, ProfileIo::kMaxSpawnRate,
                       QStringLiteral("users per second"), &spawnRate))
            stage.spawnRate = spawnRate;
        if (hasRate && so.contains(QLatin1String("spawnRate")))
            error(childPath(p, QStringLiteral("spawnRate")),
                  QStringLiteral("spawnRate belongs to closed-model stages (with \"users\"); an "
                                 "open-model stage ramps its rate over its duration"));
        load->stages.append(stage);
    }
}

void ProfileReader::checkLoadModel()
{
    const LoadSettings &load = m_profile.load;
    bool closedStages = false;
    bool openStages = false;
    for (const LoadStage &stage : load.stages) {
        closedStages = closedStages || stage.users.has_value();
        openStages = openStages || stage.rate.has_value();
    }
    const bool profileRate = load.arrivalRate.has_value() || openStages;
    if (profileRate && closedStages) {
        error(QStringLiteral("$.load.stages"),
              QStringLiteral("these stages set \"users\" (closed model) but load.arrivalRate "
                             "makes the profile open: use \"rate\" in the stages, or remove "
                             "load.arrivalRate"));
    }
    bool anyTypeRate = false;
    for (const UserType &type : m_profile.userTypes)
        anyTypeRate = anyTypeRate || type.arrivalRate.has_value();
    if (anyTypeRate && closedStages)
        error(QStringLiteral("$.load.stages"),
              QStringLiteral("these stages set \"users\" (closed model) but a user type has an "
                             "arrivalRate (open model); a profile uses one model"));
    if (!anyTypeRate && !profileRate)
        return;
    for (qsizetype i = 0; i < m_profile.userTypes.size(); ++i) {
        const UserType &type = m_profile.userTypes.at(i);
        const QString p = indexPath(QStringLiteral("$.userTypes"), i);
        if (!type.arrivalRate && !profileRate)
            error(p, QStringLiteral("user type '%1' has no arrivalRate, but another user type has "
                                    "one (open model): give it one too, or set load.arrivalRate "
                                    "for the types without their own")
                         .arg(type.name));
        if (type.arrivalRate && type.arrivalRate->rate <= 0 &&
            type.arrivalRate->toRate.value_or(0) <= 0)
            error(p + QLatin1String(".arrivalRate"),
                  QStringLiteral("an arrival rate of 0 starts no iterations: set \"rate\" (or "
                                 "\"to\") above 0"));
    }
    if (load.arrivalRate && openStages && load.arrivalRate->toRate)
        error(QStringLiteral("$.load.arrivalRate.to"),
              QStringLiteral("the stages shape the rate: with stages, arrivalRate gives only the "
                             "start rate, maxConcurrent and dropAfter; remove \"to\" and "
                             "\"over\""));
    if (load.arrivalRate && !openStages && load.arrivalRate->rate <= 0 &&
        load.arrivalRate->toRate.value_or(0) <= 0)
        error(QStringLiteral("$.load.arrivalRate"),
              QStringLiteral("an arrival rate of 0 starts no iterations: set \"rate\" (or "
                             "\"to\") above 0, or add stages with a rate"));
}

void ProfileReader::checkFixedCounts(const QJsonObject &root)
{
    // Like Locust's fixed_count: fixed users come out of the total first, so a total below their
    // sum leaves some fixed types short, and a profile of fixed types only never runs more users
    // than their sum. Both are legal, and both surprise: warnings. The open model has no users.
    if (m_profile.isOpenModel())
        return;
    int fixed = 0;
    bool allFixed = !m_profile.userTypes.isEmpty();
    for (const UserType &type : std::as_const(m_profile.userTypes)) {
        fixed += type.fixedCount;
        allFixed = allFixed && type.fixedCount > 0;
    }
    const int users = m_profile.load.users;
    const QString path =
        root.value(QLatin1String("load")).toObject().contains(QLatin1String("users"))
            ? QStringLiteral("$.load.users")
            : QStringLiteral("$.userTypes");
    if (fixed > users)
        warning(path, QStringLiteral("the user types' fixedCount values add up to %1 users, more "
                                     "than load.users (%2): some fixed types get fewer users")
                          .arg(fixed)
                          .arg(users));
    else if (allFixed && fixed < users)
        warning(path, QStringLiteral("every user type has a fixedCount and they add up to %1 "
                                     "users: only %1 of load.users (%2) run")
                          .arg(fixed)
                          .arg(users));
}

} // namespace cicada
