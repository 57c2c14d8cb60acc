#include "profile/profileio.h"
#include "profile/sourceaddresses.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#ifndef Q_MOC_RUN // moc's preprocessor trips over glibc's resource.h macros
#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>
#endif

using namespace cicada;

namespace {

const QString kExample =
    QStringLiteral(CICADA_SOURCE_DIR "/resources/profiles/demo-chat.cicada.json");
const QString kBroken = QStringLiteral(CICADA_TEST_DATA_DIR "/profiles/broken/");
const QString kSchema1Demo =
    QStringLiteral(CICADA_TEST_DATA_DIR "/profiles/schema1-demo.cicada.json");
const QString kEveryKey = QStringLiteral(CICADA_TEST_DATA_DIR "/profiles/every-key.cicada.json");

QJsonObject parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad JSON in the test itself: %s in %s", qPrintable(error.errorString()),
               json.constData());
    return doc.object();
}

// A small valid profile; every broken case is a JSON merge patch (RFC 7386) applied to it.
QJsonObject minimalProfile()
{
    return parse(R"({
      "schema": 1,
      "name": "minimal",
      "target": { "baseUrl": "http://127.0.0.1:1", "brokerUrl": "ws://127.0.0.1:1/ws" },
      "templates": { "msg": { "json": { "id": "{{uuid}}" } } },
      "userTypes": [ { "name": "U", "tasks": [ { "name": "t", "steps": [
          { "wsConnect": {} }, { "wsSend": { "template": "msg" } } ] } ] } ],
      "load": { "users": 1, "spawnRate": 1 }
    })");
}

QJsonValue mergePatch(const QJsonValue &target, const QJsonValue &patch)
{
    if (!patch.isObject())
        return patch;
    QJsonObject result = target.isObject() ? target.toObject() : QJsonObject();
    const QJsonObject p = patch.toObject();
    for (auto it = p.begin(); it != p.end(); ++it) {
        if (it.value().isNull())
            result.remove(it.key());
        else
            result.insert(it.key(), mergePatch(result.value(it.key()), it.value()));
    }
    return result;
}

QString describe(const QList<ProfileIssue> &issues)
{
    QStringList lines;
    for (const ProfileIssue &i : issues)
        lines.append(i.toString());
    return lines.join(u'\n');
}

const ProfileIssue *findIssue(const QList<ProfileIssue> &issues, const QString &path,
                              const QString &message)
{
    for (const ProfileIssue &i : issues) {
        if (i.path == path && i.message.contains(message))
            return &i;
    }
    return nullptr;
}

// Calls @p visit with a copy of @p root where the value at one position is replaced, for every
// position in the tree.
void forEachReplacement(const QJsonValue &root, const QJsonValue &replacement,
                        const std::function<void(const QJsonValue &)> &visit)
{
    visit(replacement);
    if (root.isObject()) {
        const QJsonObject o = root.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            forEachReplacement(it.value(), replacement, [&](const QJsonValue &child) {
                QJsonObject copy = o;
                copy.insert(it.key(), child);
                visit(copy);
            });
        }
    } else if (root.isArray()) {
        const QJsonArray a = root.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            forEachReplacement(a.at(i), replacement, [&](const QJsonValue &child) {
                QJsonArray copy = a;
                copy.replace(i, child);
                visit(copy);
            });
        }
    }
}

// Every field set to something other than its default.
Profile fullProfile()
{
    Profile p;
    p.name = QStringLiteral("everything");
    p.comment = QStringLiteral("root comment");
    p.target.baseUrl = QStringLiteral("https://example.com:8443/base");
    p.target.brokerUrl = QStringLiteral("wss://example.com/ws");
    p.target.verifyTls = false;
    p.target.connectTimeoutMs = 1500;
    p.target.requestTimeoutMs = 90000;
    p.target.transport = QStringLiteral("qt");
    p.target.maxBodyBytes = 1234;
    p.target.maxMessageBytes = qint64(2) * 1024 * 1024 * 1024;
    p.target.comment = QStringLiteral("target comment");
    p.jsonSchemaUri = QStringLiteral("https://example.com/my-profile.schema.json");
    p.cookies = {{QStringLiteral("sid"), QStringLiteral("{{var.token}}"),
                  QStringLiteral("example.com"), QStringLiteral("cookie comment")}};
    p.headers = {{QStringLiteral("X-A"), QStringLiteral("a"), {}, QStringLiteral("header comment")},
                 {QStringLiteral("X-B"), QStringLiteral("b {{user.index}}"), {}},
                 {QStringLiteral("Authorization"), QStringLiteral("Bearer {{capture.token}}"), {}}};
    p.variables = {{QStringLiteral("room"), QStringLiteral("lobby"), {}},
                   {QStringLiteral("token"), QStringLiteral("t\"0k\\en"), {}}};
    PayloadTemplate json;
    json.name = QStringLiteral("a json");
    json.json = parse(R"({"nested": {"list": [1, 2.5, true, null, "{{uuid}}"]}, "z": "x"})");
    json.comment = QStringLiteral("template comment");
    PayloadTemplate scalar;
    scalar.name = QStringLiteral("b");
    scalar.json = QStringLiteral("just a string {{user.seq}}");
    PayloadTemplate text;
    text.name = QStringLiteral("c");
    text.kind = PayloadTemplate::Kind::Text;
    text.text = QStringLiteral("line 1\nline 2 {{randomString(8)}}");
    PayloadTemplate base64;
    base64.name = QStringLiteral("d");
    base64.kind = PayloadTemplate::Kind::Binary;
    base64.binary = QByteArray("\x00\x01\xfe\xff binary", 11);
    PayloadTemplate hex = base64;
    hex.name = QStringLiteral("e");
    hex.hex = true;
    hex.comment = QStringLiteral("written as hex");
    p.templates = {json, scalar, text, base64, hex};

    HttpStep loginHttp;
    loginHttp.name = QStringLiteral("login");
    loginHttp.method = QStringLiteral("PUT");
    loginHttp.path = QStringLiteral("/login?x={{randomInt(-3,3)}}");
    loginHttp.headers = {{QStringLiteral("X-Step"), QStringLiteral("1"), {}}};
    loginHttp.bodyTemplate = QStringLiteral("a json");
    loginHttp.expectStatus = {200, 201};
    loginHttp.timeoutMs = 7000;
    loginHttp.captures = {
        {QStringLiteral("cookieValue"), Capture::Source::Cookie, QStringLiteral("sessionid")},
        {QStringLiteral("room"), Capture::Source::Regex, QStringLiteral("room=(\\w+)"),
         QStringLiteral("capture comment")},
        {QStringLiteral("token"), Capture::Source::Json, QStringLiteral("/auth/token")},
        {QStringLiteral("trace"), Capture::Source::Header, QStringLiteral("X-Trace")}};
    loginHttp.checks = {{QStringLiteral("/ok"), Condition::Op::Equals, QJsonValue(true)},
                        {QStringLiteral("/items"), Condition::Op::Equals,
                         parse(R"({"a": [1, {"b": null}]})"), QStringLiteral("check comment")},
                        {QStringLiteral("/name"), Condition::Op::Contains, QStringLiteral("x")},
                        {QStringLiteral("/id"), Condition::Op::Exists, {}},
                        {QStringLiteral("/error"), Condition::Op::NotExists, {}},
                        {QStringLiteral("/id"), Condition::Op::Regex, QStringLiteral("^[0-9]+$")},
                        {{}, Condition::Op::Contains, QStringLiteral("whole body")},
                        {{}, Condition::Op::Regex, QStringLiteral("^\\{")}};
    const Step login(loginHttp, QStringLiteral("step comment"));
    HttpStep absoluteHttp;
    absoluteHttp.path = QStringLiteral("https://other.example.com/x");
    absoluteHttp.body = QStringLiteral("inline {{timestamp}}");
    absoluteHttp.expectStatus = {204};
    const Step absolute = absoluteHttp;
    WsConnectStep connectWs;
    connectWs.url = QStringLiteral("ws://127.0.0.1:9/other");
    connectWs.name = QStringLiteral("other");
    connectWs.url = QStringLiteral("wss://{{var.room}}.example.com/ws?t={{capture.token}}");
    connectWs.subprotocols = {QStringLiteral("v2.chat"), QStringLiteral("v1.chat")};
    connectWs.headers = {{QStringLiteral("X-Room"), QStringLiteral("{{capture.room}}"), {}}};
    connectWs.timeoutMs = 4000;
    connectWs.pingIntervalMs = 15000;
    connectWs.maxMessageBytes = 65536;
    connectWs.pushes = {QStringLiteral("/kind"), QStringLiteral("/meta/ts"),
                        QStringLiteral("/meta/seq"), QStringLiteral("pushes comment")};
    WsSendStep relogin;
    relogin.name = QStringLiteral("relogin");
    relogin.body = QStringLiteral(R"({"op": "login", "id": "{{uuid}}"})");
    relogin.await = WsSendStep::Await::Match;
    relogin.captures = {{QStringLiteral("wsToken"), Capture::Source::Json, QStringLiteral("/t")}};
    relogin.checks = {{QStringLiteral("/type"), Condition::Op::Equals, QStringLiteral("reply")}};
    WsAwaitStep firstPush;
    firstPush.match = {{QStringLiteral("/type"), Condition::Op::Equals, QStringLiteral("price")}};
    connectWs.onConnect = {Step(relogin, QStringLiteral("runs after every reconnect")), firstPush};
    const Step connect = connectWs;
    WsSendStep sendWs;
    sendWs.bodyTemplate = QStringLiteral("b");
    sendWs.await = WsSendStep::Await::Match;
    sendWs.matchPointers = {QStringLiteral("/requestId")};
    sendWs.timeoutMs = 2500;
    sendWs.matchPointers = {QStringLiteral("/type"), QStringLiteral("/meta/request~1id")};
    sendWs.inFlight = 16;
    sendWs.captures = {{QStringLiteral("second"), Capture::Source::Regex, QStringLiteral("x")}};
    sendWs.checks = {{QStringLiteral("/n"), Condition::Op::Equals, QJsonValue(3.5)}};
    WsSendStep multiWs;
    multiWs.bodyTemplate = QStringLiteral("e");
    multiWs.await = WsSendStep::Await::Match;
    multiWs.replies = 3;
    WsSendStep untilWs;
    untilWs.body = QStringLiteral("{{capture.wsToken}} {{capture.second}}");
    untilWs.await = WsSendStep::Await::NextMessage;
    untilWs.until = {{QStringLiteral("/last"), Condition::Op::Equals, QJsonValue(true)}};
    WsSendStep rateWs;
    rateWs.bodyTemplate = QStringLiteral("e");
    rateWs.await = WsSendStep::Await::Match;
    rateWs.rate.mode = WsSendStep::Rate::Mode::Total;
    rateWs.rate.perSecond = 1000.5;
    rateWs.rate.count = 600;
    WsSendStep rateEmitWs;
    rateEmitWs.body = QStringLiteral("tick");
    rateEmitWs.rate.mode = WsSendStep::Rate::Mode::PerConnection;
    rateEmitWs.rate.perSecond = 0.25;
    WsAwaitStep awaitWs;
    awaitWs.name = QStringLiteral("await");
    awaitWs.timeoutMs = 60000;
    awaitWs.match = {{QStringLiteral("/type"), Condition::Op::Regex, QStringLiteral("^pr")},
                     {QStringLiteral("/seq"), Condition::Op::Exists, {}}};
    awaitWs.captures = {{QStringLiteral("price"), Capture::Source::Json, QStringLiteral("/p")}};
    awaitWs.checks = {{{}, Condition::Op::Contains, QStringLiteral("price")}};
    const Step send = sendWs;
    WsSendStep sendNextWs;
    sendNextWs.body = QStringLiteral("ping");
    sendNextWs.await = WsSendStep::Await::NextMessage;
    const Step sendNext = sendNextWs;
    WsSendStep sendOddFieldWs;
    sendOddFieldWs.bodyTemplate = QStringLiteral("c");
    sendOddFieldWs.matchPointers = {QStringLiteral("/ref")};
    const Step sendOddField = sendOddFieldWs;
    const Step think = ThinkStep{250, 90000};
    const Step thinkFixed = ThinkStep{3600000, 3600000};
    const Step close(CloseStep(), QStringLiteral("bye"));

    UserType a;
    a.name = QStringLiteral("A");
    a.weight = 7;
    a.comment = QStringLiteral("user comment");
    a.wait = {WaitTime::Kind::ConstantPacing, 1500, 0, QStringLiteral("wait comment")};
    a.onStart = {login, connect};
    a.tasks = {{QStringLiteral("t1"),
                2,
                {send, sendNext, think, multiWs, untilWs, Step(awaitWs, QStringLiteral("await")),
                 rateWs, rateEmitWs},
                QStringLiteral("task comment")},
               {QStringLiteral("t2"), 1, {absolute, thinkFixed, sendOddField}, {}}};
    a.onStop = {close};
    UserType b;
    b.name = QStringLiteral("B");
    b.wait = {WaitTime::Kind::Between, 0, 120000, {}};
    b.tasks = {{QStringLiteral("only"), 1, {absolute}, {}}};
    UserType c;
    c.name = QStringLiteral("C");
    c.wait = {WaitTime::Kind::Constant, 1, 0, {}};
    c.tasks = {{QStringLiteral("only"), 1, {thinkFixed}, {}}};
    c.fixedCount = 4;
    p.userTypes = {a, b, c};
    p.load = {1000, 0.25, 5400000, QStringLiteral("load comment")};
    p.load.stopTimeoutMs = 2500;
    p.thresholds = {QStringLiteral("p95(WS send:chat) < 200ms"), QStringLiteral("error_rate < 1%"),
                    QStringLiteral("rps > 100")};
    p.thresholdsMaxErrorRate = 0.25;
    return p;
}

#ifndef Q_MOC_RUN
// Runs @p save with the process's file size limit at @p maxBytes, so that writing fails half-way
// (EFBIG) whatever the user's privileges.
bool withFileSizeCap(rlim_t maxBytes, const std::function<bool()> &save)
{
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit previous{};
    if (getrlimit(RLIMIT_FSIZE, &previous) != 0)
        qFatal("getrlimit failed");
    rlimit capped = previous;
    capped.rlim_cur = maxBytes;
    if (setrlimit(RLIMIT_FSIZE, &capped) != 0)
        qFatal("setrlimit failed");
    const bool result = save();
    setrlimit(RLIMIT_FSIZE, &previous);
    std::signal(SIGXFSZ, previousHandler);
    return result;
}
#endif

} // namespace

class ProfileIoTest : public QObject
{
    Q_OBJECT

private slots:
    void minimalProfileHasNoIssues()
    {
        QList<ProfileIssue> issues;
        const Profile p = ProfileIo::fromJson(minimalProfile(), &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
        QCOMPARE(p.userTypes.size(), 1);
        QCOMPARE(p.userTypes[0].tasks[0].steps.size(), 2);
    }

    void brokenProfileReportsIssue_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("warning");

        const auto row = [](const char *tag, const char *patch, const char *path,
                            const QString &message, bool warning = false) {
            QTest::newRow(tag) << QByteArray(patch) << QString::fromUtf8(path) << message
                               << warning;
        };
        // userTypes[0] with the given steps in its only task, for step-level cases.
        const auto steps = [](const char *stepsJson) {
            return QByteArray(R"({"userTypes": [{"name": "U", "tasks": [{"name": "t", "steps": )") +
                   stepsJson + "}]}]}";
        };
        const auto stepRow = [&](const char *tag, const char *stepsJson, const char *path,
                                 const QString &message, bool warning = false) {
            QTest::newRow(tag) << steps(stepsJson)
                               << QStringLiteral("$.userTypes[0].tasks[0].steps") +
                                      QString::fromUtf8(path)
                               << message << warning;
        };

        row("schema missing", R"({"schema": null})", "$.schema",
            QStringLiteral("missing \"schema\""));
        row("schema newer", R"({"schema": 3})", "$.schema",
            QStringLiteral("this profile uses schema 3, but this Cicada supports schemas 1 to 2"));
        row("schema older", R"({"schema": 0})", "$.schema", QStringLiteral("unsupported schema 0"));
        row("schema string", R"({"schema": "1"})", "$.schema",
            QStringLiteral("schema must be the number 1 or 2, not a string"));
        row("unknown root key", R"({"fooo": 1})", "$.fooo", QStringLiteral("unknown key 'fooo'"));
        row("unknown key with suggestion", R"({"target": {"baseUrll": "http://x"}})",
            "$.target.baseUrll", QStringLiteral("unknown key 'baseUrll'; did you mean 'baseUrl'?"));
        row("swapped letters", R"({"laod": {}})", "$.laod", QStringLiteral("did you mean 'load'?"));
        row("wrong type", R"({"name": 5})", "$.name",
            QStringLiteral("name must be a string, not a number"));
        row("verifyTls type", R"({"target": {"verifyTls": "yes"}})", "$.target.verifyTls",
            QStringLiteral("verifyTls must be true or false, not a string"));
        row("baseUrl scheme", R"({"target": {"baseUrl": "ftp://example.com"}})", "$.target.baseUrl",
            QStringLiteral("baseUrl must be an http:// or https:// URL"));
        row("baseUrl no host", R"({"target": {"baseUrl": "http://"}})", "$.target.baseUrl",
            QStringLiteral("with a host"));
        row("brokerUrl scheme", R"({"target": {"brokerUrl": "http://127.0.0.1/ws"}})",
            "$.target.brokerUrl", QStringLiteral("brokerUrl must be a ws:// or wss:// URL"));
        row("timeout zero", R"({"target": {"connectTimeout": 0}})", "$.target.connectTimeout",
            QStringLiteral("must be longer than 0"));
        row("transport", R"({"target": {"transport": "curl"}})", "$.target.transport",
            QStringLiteral("transport must be \"raw\""));
        row("relative path needs baseUrl",
            R"({"target": {"baseUrl": null}, "userTypes": [{"name": "U", "tasks": [{"name": "t",
                "steps": [{"http": {"path": "/x"}}]}]}]})",
            "$.userTypes[0].tasks[0].steps[0].http.path",
            QStringLiteral("the relative path '/x' needs $.target.baseUrl"));
        row("wsConnect needs brokerUrl", R"({"target": {"brokerUrl": null}})",
            "$.userTypes[0].tasks[0].steps[0].wsConnect",
            QStringLiteral("connects to $.target.brokerUrl, which is not set"));
        row("user weight zero", R"({"userTypes": [{"name": "U", "weight": 0, "tasks": [{"name": "t",
                "steps": [{"think": "1s"}]}]}]})",
            "$.userTypes[0].weight", QStringLiteral("weight must be at least 1, got 0"));
        row("task weight negative", R"({"userTypes": [{"name": "U", "tasks": [{"name": "t",
                "weight": -2, "steps": [{"think": "1s"}]}]}]})",
            "$.userTypes[0].tasks[0].weight", QStringLiteral("weight must be at least 1, got -2"));
        row("weight fraction",
            R"({"userTypes": [{"name": "U", "weight": 1.5, "tasks": [{"name": "t",
                "steps": [{"think": "1s"}]}]}]})",
            "$.userTypes[0].weight", QStringLiteral("weight must be a whole number"));
        row("no user types", R"({"userTypes": []})", "$.userTypes",
            QStringLiteral("the profile has no user types"));
        row("user types missing", R"({"userTypes": null})", "$.userTypes",
            QStringLiteral("the profile has no user types"));
        row("user type without tasks", R"({"userTypes": [{"name": "Lazy"}]})",
            "$.userTypes[0].tasks", QStringLiteral("user type 'Lazy' has no tasks"));
        row("user type without name", R"({"userTypes": [{"tasks": [{"name": "t",
                "steps": [{"think": "1s"}]}]}]})",
            "$.userTypes[0]", QStringLiteral("a user type needs a \"name\""));
        row("duplicate user types", R"({"userTypes": [
                {"name": "U", "tasks": [{"name": "t", "steps": [{"think": "1s"}]}]},
                {"name": "U", "tasks": [{"name": "t", "steps": [{"think": "1s"}]}]}]})",
            "$.userTypes[1].name",
            QStringLiteral("duplicate user type name 'U' (also used at $.userTypes[0])"));
        row("duplicate tasks", R"({"userTypes": [{"name": "U", "tasks": [
                {"name": "t", "steps": [{"think": "1s"}]}, {"name": "t", "steps": [{"think": "1s"}]}]}]})",
            "$.userTypes[0].tasks[1].name", QStringLiteral("duplicate task name 't'"));
        row("task without steps", R"({"userTypes": [{"name": "U", "tasks": [{"name": "t",
                "steps": []}]}]})",
            "$.userTypes[0].tasks[0].steps", QStringLiteral("a task needs at least one step"));
        row("unknown template with suggestion",
            R"({"userTypes": [{"name": "U", "tasks": [{"name": "t", "steps": [
                {"wsConnect": {}}, {"wsSend": {"template": "mgs"}}]}]}]})",
            "$.userTypes[0].tasks[0].steps[1].wsSend.template",
            QStringLiteral("unknown template 'mgs'; did you mean 'msg'?"));
        row("unknown template listed",
            R"({"userTypes": [{"name": "U", "tasks": [{"name": "t", "steps": [
                {"http": {"method": "POST", "path": "/", "template": "elsewhere"}}]}]}]})",
            "$.userTypes[0].tasks[0].steps[0].http.template",
            QStringLiteral("unknown template 'elsewhere'; defined templates: 'msg'"));
        row("template placeholder", R"({"templates": {"msg": {"json": {"id": "{{user.name}}"}}}})",
            "$.templates.msg.json.id",
            QStringLiteral("unknown placeholder {{user.name}}; known: user.index, user.seq"));
        row("template placeholder in array",
            R"({"templates": {"msg": {"json": {"a": [1, "{{randomInt(9,1)}}"]}}}})",
            "$.templates.msg.json.a[1]", QStringLiteral("randomInt(a,b) needs a ≤ b"));
        // moc 6.4 lexes raw strings as plain ones: keep unbalanced braces in ordinary literals.
        row("text template unterminated", "{\"templates\": {\"t x\": {\"text\": \"hi {{uuid\"}}}",
            "$.templates[\"t x\"].text", QStringLiteral("unterminated placeholder"));
        row("template json and text", R"({"templates": {"msg": {"text": "x"}}})", "$.templates.msg",
            QStringLiteral("either \"json\" or \"text\", not both"));
        row("template empty", R"({"templates": {"e": {}}})", "$.templates.e",
            QStringLiteral("a template needs \"json\""));
        row("header placeholder", R"({"headers": [{"name": "X", "value": "{{randomString(0)}}"}]})",
            "$.headers[0].value", QStringLiteral("randomString needs a length from 1 to 4096"));
        row("header bad name", R"({"headers": [{"name": "X Client", "value": "v"}]})",
            "$.headers[0].name", QStringLiteral("'X Client' is not a valid header name"));
        row("cookie without value", R"({"cookies": [{"name": "sid"}]})", "$.cookies[0]",
            QStringLiteral("a cookie needs a \"value\""));
        row("header domain", R"({"headers": [{"name": "X", "value": "v", "domain": "d"}]})",
            "$.headers[0].domain", QStringLiteral("unknown key 'domain'"));
        row("undefined variable", R"({"cookies": [{"name": "sid", "value": "{{var.nope}}"}]})",
            "$.cookies[0].value",
            QStringLiteral("{{var.nope}} uses an undefined variable; define \"nope\" in "
                           "$.variables"));
        row("unset environment variable is a warning",
            R"({"cookies": [{"name": "sid", "value": "{{env.CICADA_TEST_SURELY_UNSET}}"}]})",
            "$.cookies[0].value",
            QStringLiteral("environment variable CICADA_TEST_SURELY_UNSET is not set; "
                           "{{env.CICADA_TEST_SURELY_UNSET}} will be empty"),
            true);
        row("variable not a string", R"({"variables": {"n": 5}})", "$.variables.n",
            QStringLiteral("a variable must be a string, not a number"));
        row("variable bad name", R"({"variables": {"my room": "x"}})", "$.variables[\"my room\"]",
            QStringLiteral("cannot be used as {{var.NAME}}"));
        row("users zero", R"({"load": {"users": 0}})", "$.load.users",
            QStringLiteral("users must be at least 1, got 0"));
        row("spawnRate zero", R"({"load": {"spawnRate": 0}})", "$.load.spawnRate",
            QStringLiteral("spawnRate must be more than 0"));
        row("spawnRate type", R"({"load": {"spawnRate": "fast"}})", "$.load.spawnRate",
            QStringLiteral("spawnRate must be a number of users per second, not a string"));
        row("bad duration", R"({"load": {"runTime": "10 parsecs"}})", "$.load.runTime",
            QStringLiteral("runTime: '10 parsecs' is not a duration"));
        row("duration without unit", R"({"load": {"runTime": "10"}})", "$.load.runTime",
            QStringLiteral("needs a unit"));
        row("stopTimeout bad", R"({"load": {"stopTimeout": "a while"}})", "$.load.stopTimeout",
            QStringLiteral("stopTimeout: 'a while' is not a duration"));
        row("stopTimeout misspelt", R"({"load": {"stopTimeOut": "5s"}})", "$.load.stopTimeOut",
            QStringLiteral("did you mean 'stopTimeout'?"));
        row("fixedCount negative", R"({"userTypes": [{"name": "U", "fixedCount": -1,
                "tasks": [{"name": "t", "steps": [{"think": "1s"}]}]}]})",
            "$.userTypes[0].fixedCount", QStringLiteral("fixedCount must be at least 0, got -1"));
        row("fixedCount string", R"({"userTypes": [{"name": "U", "fixedCount": "2",
                "tasks": [{"name": "t", "steps": [{"think": "1s"}]}]}]})",
            "$.userTypes[0].fixedCount", QStringLiteral("fixedCount must be"));
        row("fixedCount over users", R"({"load": {"users": 3}, "userTypes": [
                {"name": "U", "fixedCount": 2, "tasks": [{"name": "t", "steps": [{"think": "1s"}]}]},
                {"name": "V", "fixedCount": 2, "tasks": [{"name": "t", "steps": [{"think": "1s"}]}]},
                {"name": "W", "tasks": [{"name": "t", "steps": [{"think": "1s"}]}]}]})",
            "$.load.users",
            QStringLiteral("fixedCount values add up to 4 users, more than load.users (3): some "
                           "fixed types get fewer users"),
            true);
        row("fixedCount only", R"({"load": {"users": 5}, "userTypes": [{"name": "U",
                "fixedCount": 2, "tasks": [{"name": "t", "steps": [{"think": "1s"}]}]}]})",
            "$.load.users",
            QStringLiteral("every user type has a fixedCount and they add up to 2 users: only 2 of "
                           "load.users (5) run"),
            true);
        row("wait reversed", R"({"userTypes": [{"name": "U", "wait": {"between": ["2s", "1s"]},
                "tasks": [{"name": "t", "steps": [{"think": "1s"}]}]}]})",
            "$.userTypes[0].wait.between",
            QStringLiteral("between needs the shorter time first; got [2s, 1s]"));
        row("wait two kinds", R"({"userTypes": [{"name": "U", "wait": {"constant": "1s",
                "constantPacing": "1s"}, "tasks": [{"name": "t", "steps": [{"think": "1s"}]}]}]})",
            "$.userTypes[0].wait", QStringLiteral("wait has exactly one of"));
        row("wait typo", R"({"userTypes": [{"name": "U", "wait": {"betwen": ["1s", "2s"]},
                "tasks": [{"name": "t", "steps": [{"think": "1s"}]}]}]})",
            "$.userTypes[0].wait.betwen", QStringLiteral("did you mean 'between'?"));
        row("wsSend in onStart before connect",
            R"({"userTypes": [{"name": "U", "onStart": [{"wsSend": {"body": "x"}}, {"wsConnect": {}}],
                "tasks": [{"name": "t", "steps": [{"think": "1s"}]}]}]})",
            "$.userTypes[0].onStart[0].wsSend",
            QStringLiteral("wsSend needs a wsConnect earlier in onStart or in the same task"));

        row("threshold not a string", R"({"thresholds": ["p95 < 1s", 5]})", "$.thresholds[1]",
            QStringLiteral("a threshold must be a string like \"p95 < 200ms\", not a number"));
        row("thresholds not an array", R"({"thresholds": "p95 < 1s"})", "$.thresholds",
            QStringLiteral("thresholds must be an array, not a string"));
        row("threshold syntax", R"({"thresholds": ["p95 < 200ms", "p95 << 2"]})", "$.thresholds[1]",
            QStringLiteral("'p95 << 2': expected a number after '<' (at column 6)"));
        row("threshold unknown metric", R"({"thresholds": ["latency < 200ms"]})", "$.thresholds[0]",
            QStringLiteral("unknown metric 'latency'"));
        row("threshold error rate without percent", R"({"thresholds": ["error_rate < 5"]})",
            "$.thresholds[0]", QStringLiteral("did you mean 5%?"));
        row("threshold max error rate above 1", R"({"thresholdOptions": {"maxErrorRate": 10}})",
            "$.thresholdOptions.maxErrorRate", QStringLiteral("at most 1"));
        row("threshold max error rate not a number",
            R"({"thresholdOptions": {"maxErrorRate": "10%"}})", "$.thresholdOptions.maxErrorRate",
            QStringLiteral("not a string"));
        row("threshold options unknown key", R"({"thresholdOptions": {"maxErrorRatio": 0.2}})",
            "$.thresholdOptions.maxErrorRatio", QStringLiteral("did you mean 'maxErrorRate'?"));
        row("threshold options not an object", R"({"thresholdOptions": 0.2})", "$.thresholdOptions",
            QStringLiteral("thresholdOptions must be an object"));

        stepRow("wsSend without connect", R"([{"wsSend": {"template": "msg"}}])", "[0].wsSend",
                QStringLiteral("wsSend needs a wsConnect earlier in onStart or in the same task"));
        stepRow("wsSend after close",
                R"([{"wsConnect": {}}, {"close": {}}, {"wsSend": {"body": "x"}}])", "[2].wsSend",
                QStringLiteral("wsSend needs a wsConnect earlier"));
        stepRow(
            "match without field",
            R"([{"wsConnect": {}}, {"wsSend": {"template": "msg", "await": "match", "matchField": ""}}])",
            "[1].wsSend.matchField",
            QStringLiteral("await \"match\" needs a non-empty matchField"));
        stepRow("await value",
                R"([{"wsConnect": {}}, {"wsSend": {"body": "x", "await": "reply"}}])",
                "[1].wsSend.await", QStringLiteral("await must be \"none\""));
        stepRow("wsSend without payload", R"([{"wsConnect": {}}, {"wsSend": {}}])", "[1].wsSend",
                QStringLiteral("wsSend needs a \"template\""));
        stepRow("wsSend timeout zero",
                R"([{"wsConnect": {}}, {"wsSend": {"body": "x", "timeout": "0s"}}])",
                "[1].wsSend.timeout", QStringLiteral("timeout must be longer than 0"));
        stepRow("wsConnect url scheme", R"([{"wsConnect": {"url": "http://x/ws"}}])",
                "[0].wsConnect.url", QStringLiteral("url must be a ws:// or wss:// URL"));
        stepRow("two kinds", R"([{"think": "1s", "close": {}}])", "[0]",
                QStringLiteral("a step has exactly one kind; found 'think', 'close'"));
        stepRow("no kind", R"([{"comment": "nothing"}])", "[0]",
                QStringLiteral("a step needs exactly one of: 'http', 'wsConnect', 'wsSend', "
                               "'wsAwait', 'think', 'close'"));
        stepRow("step typo", R"([{"htpp": {"path": "/"}}])", "[0].htpp",
                QStringLiteral("unknown key 'htpp'; did you mean 'http'?"));
        stepRow("step not an object", R"(["think 1s"])", "[0]",
                QStringLiteral("a step must be an object"));
        stepRow("think reversed", R"([{"think": ["3s", "1s"]}])", "[0].think",
                QStringLiteral("think needs the shorter time first"));
        stepRow("think bad", R"([{"think": ["1s"]}])", "[0].think",
                QStringLiteral("think takes one duration"));
        stepRow("close not object", R"([{"close": true}])", "[0].close",
                QStringLiteral("close must be an object ({})"));
        stepRow("http path without slash", R"([{"http": {"path": "api/items"}}])", "[0].http.path",
                QStringLiteral("path must start with '/'"));
        stepRow("http path missing", R"([{"http": {"method": "GET"}}])", "[0].http",
                QStringLiteral("an http step needs a \"path\""));
        stepRow("http method", R"([{"http": {"method": "GET /x", "path": "/"}}])",
                "[0].http.method", QStringLiteral("method must be an HTTP method"));
        stepRow("http template and body",
                R"([{"http": {"method": "POST", "path": "/", "template": "msg", "body": "x"}}])",
                "[0].http", QStringLiteral("use either \"template\" or \"body\", not both"));
        stepRow("http expect range", R"([{"http": {"path": "/", "expect": [200, 999]}}])",
                "[0].http.expect[1]", QStringLiteral("status codes from 100 to 599"));
        stepRow("http expect type", R"([{"http": {"path": "/", "expect": "200"}}])",
                "[0].http.expect", QStringLiteral("status codes from 100 to 599"));
        stepRow("http unterminated path", "[{\"http\": {\"path\": \"/x/{{user.index\"}}]",
                "[0].http.path", QStringLiteral("unterminated placeholder"));
        stepRow("http header value", R"([{"http": {"path": "/", "headers": [{"name": "A",
                    "value": "{{nope}}"}]}}])",
                "[0].http.headers[0].value", QStringLiteral("unknown placeholder {{nope}}"));
        stepRow("http body var", R"([{"http": {"path": "/", "body": "{{var.missing}}"}}])",
                "[0].http.body", QStringLiteral("undefined variable"));
        stepRow("two comments", R"([{"comment": "a", "close": {"comment": "b"}}])",
                "[0].close.comment", QStringLiteral("already has a comment"));

        // Schema 2 keys in a schema-1 file: each one says how to fix it.
        const QString setSchema2 = QStringLiteral("is new in schema 2; set \"schema\": 2");
        stepRow(
            "schema 1 inFlight",
            R"([{"wsConnect": {}}, {"wsSend": {"body": "x", "await": "match", "inFlight": 2}}])",
            "[1].wsSend.inFlight", QStringLiteral("\"inFlight\" ") + setSchema2);
        stepRow("schema 1 wsAwait", R"([{"wsConnect": {}}, {"wsAwait": {}}])", "[1].wsAwait",
                QStringLiteral("the wsAwait step ") + setSchema2);
        stepRow("schema 1 capture",
                R"([{"http": {"path": "/", "capture": {"t": {"json": "/t"}}}}])",
                "[0].http.capture", QStringLiteral("\"capture\" ") + setSchema2);
        stepRow("schema 1 capture placeholder", R"([{"http": {"path": "/{{capture.t}}"}}])",
                "[0].http.path", QStringLiteral("{{capture.t}} ") + setSchema2);
        stepRow("schema 1 onConnect", R"([{"wsConnect": {"onConnect": []}}])",
                "[0].wsConnect.onConnect", QStringLiteral("\"onConnect\" ") + setSchema2);
        stepRow("schema 1 url placeholder", R"([{"wsConnect": {"url": "ws://h/{{uuid}}"}}])",
                "[0].wsConnect.url",
                QStringLiteral("a placeholder in a wsConnect url ") + setSchema2);
        row("schema 1 binary template", R"({"templates": {"b": {"hex": "00"}}})",
            "$.templates.b.hex", QStringLiteral("\"hex\" ") + setSchema2);
        row("schema 1 maxBodySize", R"({"target": {"maxBodySize": 10}})", "$.target.maxBodySize",
            QStringLiteral("\"maxBodySize\" ") + setSchema2);
        row("schema 1 env in baseUrl", R"({"target": {"baseUrl": "{{env.HOME}}"}})",
            "$.target.baseUrl", QStringLiteral("a placeholder in baseUrl ") + setSchema2);

        // Ranges (issue 9): every number and duration, with its JSON path.
        row("spawnRate huge", R"({"load": {"spawnRate": 1e20}})", "$.load.spawnRate",
            QStringLiteral("spawnRate must be more than 0 and at most 1000000 users per second, "
                           "got 1e+20"));
        row("spawnRate negative", R"({"load": {"spawnRate": -1}})", "$.load.spawnRate",
            QStringLiteral("more than 0 and at most 1000000"));
        row("users too many", R"({"load": {"users": 10000001}})", "$.load.users",
            QStringLiteral("users must be at most 10000000, got 10000001"));
        row("users 1e20", R"({"load": {"users": 1e20}})", "$.load.users",
            QStringLiteral("users must be at most 10000000"));
        row("runTime 2^32 ms", R"({"load": {"runTime": "4294967296ms"}})", "$.load.runTime",
            QStringLiteral("runTime: 4294967296 ms is too long: a duration is at most 24 days"));
        row("runTime 2^31 ms", R"({"load": {"runTime": "2147483648ms"}})", "$.load.runTime",
            QStringLiteral("is too long"));
        row("runTime 25 days", R"({"load": {"runTime": "600h"}})", "$.load.runTime",
            QStringLiteral("at most 24 days"));
        row("timeout as a huge number", R"({"target": {"requestTimeout": 1e300}})",
            "$.target.requestTimeout", QStringLiteral("is too long"));
        row("wait 2^32 ms", R"({"userTypes": [{"name": "U", "wait": {"constant": "4294967296ms"},
                "tasks": [{"name": "t", "steps": [{"think": "1s"}]}]}]})",
            "$.userTypes[0].wait.constant", QStringLiteral("is too long"));
        stepRow("think 2^32 ms", R"([{"think": ["1s", "4294967296ms"]}])", "[0].think[1]",
                QStringLiteral("is too long"));
        row("weight too big", R"({"userTypes": [{"name": "U", "weight": 2000000, "tasks": [
                {"name": "t", "steps": [{"think": "1s"}]}]}]})",
            "$.userTypes[0].weight", QStringLiteral("weight must be at most 1000000"));
        row("maxBodySize over 2 GiB", R"({"schema": 2, "target": {"maxBodySize": 2147483649}})",
            "$.target.maxBodySize", QStringLiteral("from 1 to 2147483648 bytes (2 GiB)"));
        row("maxMessageSize fraction", R"({"schema": 2, "target": {"maxMessageSize": 1.5}})",
            "$.target.maxMessageSize", QStringLiteral("a whole number of bytes"));
        row("sourceAddresses a host name",
            R"({"schema": 2, "target": {"wsTransport": "lean", "sourceAddresses": "localhost"}})",
            "$.target.sourceAddresses",
            QStringLiteral("'localhost' is not an IP address (e.g. \"127.0.0.2\", \"::1\", or a "
                           "range \"127.0.0.1-127.0.0.8\")"));
        row("sourceAddresses range backwards", R"({"schema": 2, "target": {"wsTransport": "lean",
                "sourceAddresses": ["127.0.0.1", "127.0.0.9-127.0.0.2"]}})",
            "$.target.sourceAddresses[1]",
            QStringLiteral("the range '127.0.0.9-127.0.0.2' ends before it starts"));
        row("sourceAddresses IPv6 range", R"({"schema": 2, "target": {"wsTransport": "lean",
                "sourceAddresses": ["::1-::2"]}})",
            "$.target.sourceAddresses[0]",
            QStringLiteral("'::1-::2' is not a range of IPv4 addresses like "
                           "\"127.0.0.1-127.0.0.8\""));
        row("sourceAddresses too many", R"({"schema": 2, "target": {"wsTransport": "lean",
                "sourceAddresses": "10.0.0.0-10.1.0.0"}})",
            "$.target.sourceAddresses",
            QStringLiteral("'10.0.0.0-10.1.0.0' makes more than 65536 source addresses"));
        row("sourceAddresses a number", R"({"schema": 2, "target": {"wsTransport": "lean",
                "sourceAddresses": [1]}})",
            "$.target.sourceAddresses[0]", QStringLiteral("a list of strings"));
        row("sourceAddresses in schema 1", R"({"target": {"sourceAddresses": "127.0.0.1"}})",
            "$.target.sourceAddresses", QStringLiteral("is new in schema 2"));
        row("sourceAddresses with QWebSocket",
            R"({"schema": 2, "target": {"wsTransport": "qt",
                "sourceAddresses": "127.0.0.1-127.0.0.2"}})",
            "$.target.sourceAddresses",
            QStringLiteral("source addresses need Cicada's WebSocket client: remove "
                           "\"wsTransport\": \"qt\" from target"));
        row("sourceAddresses with QNetworkAccessManager",
            R"({"schema": 2, "target": {"transport": "qt", "sourceAddresses": "127.0.0.1"},
                "userTypes": [{"name": "U", "tasks": [{"name": "t", "steps": [
                    {"http": {"path": "/"}}]}]}]})",
            "$.target.sourceAddresses",
            QStringLiteral("source addresses need Cicada's HTTP client: set \"transport\": "
                           "\"raw\" in target"));

        // Schema 2: userTypes[0].tasks[0] with the given steps; the file declares schema 2.
        const auto steps2 = [](const char *stepsJson) {
            return QByteArray(R"({"schema": 2, "userTypes": [{"name": "U", "tasks": [{"name": "t",
                "steps": )") +
                   stepsJson + "}]}]}";
        };
        const auto v2 = [&](const char *tag, const char *stepsJson, const char *path,
                            const QString &message, bool warning = false) {
            QTest::newRow(tag) << steps2(stepsJson)
                               << QStringLiteral("$.userTypes[0].tasks[0].steps") +
                                      QString::fromUtf8(path)
                               << message << warning;
        };
        v2("rate not an object", R"([{"wsConnect": {}}, {"wsSend": {"body": "x", "rate": 20}}])",
           "[1].wsSend.rate", QStringLiteral("rate must be an object"));
        v2("rate without a kind", R"([{"wsConnect": {}}, {"wsSend": {"body": "x",
                "rate": {"for": "1s"}}}])",
           "[1].wsSend.rate", QStringLiteral("rate needs exactly one of \"perConnection\""));
        v2("rate with both kinds", R"([{"wsConnect": {}}, {"wsSend": {"body": "x",
                "rate": {"perConnection": 1, "total": 5}}}])",
           "[1].wsSend.rate", QStringLiteral("rate needs exactly one of"));
        v2("rate zero", R"([{"wsConnect": {}}, {"wsSend": {"body": "x",
                "rate": {"perConnection": 0}}}])",
           "[1].wsSend.rate.perConnection",
           QStringLiteral("perConnection must be more than 0 and at most 1000000 messages per "
                          "second, got 0"));
        v2("rate too high", R"([{"wsConnect": {}}, {"wsSend": {"body": "x",
                "rate": {"total": 2e6}}}])",
           "[1].wsSend.rate.total", QStringLiteral("total must be more than 0 and at most"));
        v2("rate as text", R"([{"wsConnect": {}}, {"wsSend": {"body": "x",
                "rate": {"total": "20/s"}}}])",
           "[1].wsSend.rate.total", QStringLiteral("a number of messages per second"));
        v2("rate for and count", R"([{"wsConnect": {}}, {"wsSend": {"body": "x",
                "rate": {"perConnection": 5, "for": "1s", "count": 5}}}])",
           "[1].wsSend.rate", QStringLiteral("use \"for\" (a duration) or \"count\""));
        v2("rate for zero", R"([{"wsConnect": {}}, {"wsSend": {"body": "x",
                "rate": {"perConnection": 5, "for": "0s"}}}])",
           "[1].wsSend.rate.for", QStringLiteral("for must be longer than 0"));
        v2("rate count zero", R"([{"wsConnect": {}}, {"wsSend": {"body": "x",
                "rate": {"perConnection": 5, "count": 0}}}])",
           "[1].wsSend.rate.count", QStringLiteral("count must be at least 1, got 0"));
        v2("rate unknown key", R"([{"wsConnect": {}}, {"wsSend": {"body": "x",
                "rate": {"perConection": 5}}}])",
           "[1].wsSend.rate", QStringLiteral("perConnection"));
        v2("rate with inFlight", R"([{"wsConnect": {}}, {"wsSend": {"body": "x", "await": "match",
                "inFlight": 4, "rate": {"perConnection": 5}}}])",
           "[1].wsSend.inFlight", QStringLiteral("inFlight does not apply with \"rate\""));
        v2("inFlight zero", R"([{"wsConnect": {}}, {"wsSend": {"body": "x", "await": "match",
                "inFlight": 0}}])",
           "[1].wsSend.inFlight", QStringLiteral("inFlight must be at least 1, got 0"));
        v2("inFlight too many", R"([{"wsConnect": {}}, {"wsSend": {"body": "x", "await": "match",
                "inFlight": 100001}}])",
           "[1].wsSend.inFlight", QStringLiteral("inFlight must be at most 100000"));
        v2("inFlight without match", R"([{"wsConnect": {}}, {"wsSend": {"body": "x",
                "await": "next", "inFlight": 4}}])",
           "[1].wsSend.inFlight", QStringLiteral("inFlight above 1 needs \"await\": \"match\""));
        v2("replies without await", R"([{"wsConnect": {}}, {"wsSend": {"body": "x",
                "replies": 3}}])",
           "[1].wsSend.replies", QStringLiteral("replies needs a reply: set \"await\""));
        v2("replies too many", R"([{"wsConnect": {}}, {"wsSend": {"body": "x", "await": "match",
                "replies": 1e6}}])",
           "[1].wsSend.replies", QStringLiteral("at most 100000"));
        v2("replies and until", R"([{"wsConnect": {}}, {"wsSend": {"body": "x", "await": "match",
                "replies": 2, "until": [{"json": "/last", "equals": true}]}}])",
           "[1].wsSend", QStringLiteral("use \"replies\" (a count) or \"until\""));
        v2("capture without await", R"([{"wsConnect": {}}, {"wsSend": {"body": "x",
                "capture": {"t": {"json": "/t"}}}}])",
           "[1].wsSend.capture", QStringLiteral("a capture needs a reply"));
        v2("match and matchField", R"([{"wsConnect": {}}, {"wsSend": {"body": "x",
                "await": "match", "match": "/id", "matchField": "id"}}])",
           "[1].wsSend", QStringLiteral("not both \"match\" and \"matchField\""));
        v2("match pointer without slash", R"([{"wsConnect": {}}, {"wsSend": {"body": "x",
                "await": "match", "match": ["/type", "id"]}}])",
           "[1].wsSend.match[1]", QStringLiteral("must be a JSON pointer (RFC 6901)"));
        v2("match pointer bad escape", R"([{"wsConnect": {}}, {"wsSend": {"body": "x",
                "await": "match", "match": "/a~2"}}])",
           "[1].wsSend.match", QStringLiteral("got '/a~2'"));
        v2("match empty list", R"([{"wsConnect": {}}, {"wsSend": {"body": "x",
                "await": "match", "match": []}}])",
           "[1].wsSend.match", QStringLiteral("match needs at least one JSON pointer"));
        v2("until condition regex", R"([{"wsConnect": {}}, {"wsSend": {"body": "x",
                "await": "match", "until": [{"json": "/t", "regex": "*a"}]}}])",
           "[1].wsSend.until[0].regex", QStringLiteral("not a valid regular expression"));
        v2("check two tests", R"([{"http": {"path": "/", "check": [{"json": "/a", "equals": 1,
                "contains": "x"}]}}])",
           "[0].http.check[0]", QStringLiteral("a condition has exactly one test"));
        v2("check equals without json", R"([{"http": {"path": "/", "check": [{"equals": 1}]}}])",
           "[0].http.check[0]", QStringLiteral("\"equals\" compares the value at a JSON pointer"));
        v2("check exists not bool", R"([{"http": {"path": "/", "check": [{"json": "/a",
                "exists": "yes"}]}}])",
           "[0].http.check[0].exists", QStringLiteral("exists must be true or false"));
        v2("capture bad name",
           R"([{"http": {"path": "/", "capture": {"my token": {"json": "/t"}}}}])",
           "[0].http.capture[\"my token\"]", QStringLiteral("cannot be used as {{capture.NAME}}"));
        v2("capture header on ws", R"([{"wsConnect": {}}, {"wsAwait": {"capture": {"t":
                {"header": "X-T"}}}}])",
           "[1].wsAwait.capture.t.header", QStringLiteral("a header capture only works on http"));
        v2("capture two sources", R"([{"http": {"path": "/", "capture": {"t": {"json": "/t",
                "cookie": "c"}}}}])",
           "[0].http.capture.t", QStringLiteral("a capture has exactly one source"));
        v2("capture bad regex", R"([{"http": {"path": "/", "capture": {"t": {"regex": "*b"}}}}])",
           "[0].http.capture.t.regex", QStringLiteral("not a valid regular expression"));
        v2("capture never captured", R"([{"http": {"path": "/x/{{capture.token}}"}}])",
           "[0].http.path",
           QStringLiteral("{{capture.token}} is never captured: add \"capture\": {\"token\""));
        v2("capture typo", R"([{"http": {"path": "/", "capture": {"token": {"json": "/t"}}}},
                {"http": {"path": "/{{capture.tokn}}"}}])",
           "[1].http.path",
           QStringLiteral("{{capture.tokn}} is never captured; did you mean {{capture.token}}?"));
        row("capture of another user type",
            R"({"schema": 2, "userTypes": [
                {"name": "A", "tasks": [{"name": "t", "steps": [
                    {"http": {"path": "/", "capture": {"token": {"json": "/t"}}}}]}]},
                {"name": "B", "tasks": [{"name": "t", "steps": [
                    {"http": {"path": "/{{capture.token}}"}}]}]}]})",
            "$.userTypes[1].tasks[0].steps[0].http.path",
            QStringLiteral("{{capture.token}} is captured only by user type 'A': each user has "
                           "its own captures"));
        v2("wsAwait without connect", R"([{"wsAwait": {}}])", "[0].wsAwait",
           QStringLiteral("wsAwait needs a wsConnect earlier"));
        v2("wsAwait timeout zero", R"([{"wsConnect": {}}, {"wsAwait": {"timeout": 0}}])",
           "[1].wsAwait.timeout", QStringLiteral("timeout must be longer than 0"));
        v2("wsAwait match not a list", R"([{"wsConnect": {}}, {"wsAwait": {"match": "/type"}}])",
           "[1].wsAwait.match", QStringLiteral("match must be an array"));
        v2("wsAwait unknown key", R"([{"wsConnect": {}}, {"wsAwait": {"matches": []}}])",
           "[1].wsAwait.matches", QStringLiteral("did you mean 'match'?"));
        v2("onConnect connect", R"([{"wsConnect": {"onConnect": [{"wsConnect": {}}]}}])",
           "[0].wsConnect.onConnect[0].wsConnect", QStringLiteral("cannot connect or close"));
        v2("onConnect close", R"([{"wsConnect": {"onConnect": [{"close": {}}]}}])",
           "[0].wsConnect.onConnect[0].close", QStringLiteral("cannot connect or close"));
        v2("onConnect bad step", R"([{"wsConnect": {"onConnect": [{"wsSend": {}}]}}])",
           "[0].wsConnect.onConnect[0].wsSend", QStringLiteral("wsSend needs a \"template\""));
        v2("subprotocol with space", R"([{"wsConnect": {"subprotocols": ["v1 chat"]}}])",
           "[0].wsConnect.subprotocols[0]", QStringLiteral("not a valid subprotocol name"));
        v2("subprotocol twice", R"([{"wsConnect": {"subprotocols": ["a", "a"]}}])",
           "[0].wsConnect.subprotocols[1]", QStringLiteral("listed twice"));
        v2("subprotocols string", R"([{"wsConnect": {"subprotocols": "a"}}])",
           "[0].wsConnect.subprotocols", QStringLiteral("must be a list of strings"));
        v2("ping zero", R"([{"wsConnect": {"ping": "0s"}}])", "[0].wsConnect.ping",
           QStringLiteral("ping must be longer than 0"));
        v2("wsConnect maxMessageSize", R"([{"wsConnect": {"maxMessageSize": 0}}])",
           "[0].wsConnect.maxMessageSize", QStringLiteral("from 1 to 2147483648 bytes"));
        v2("pushes pointer", R"([{"wsConnect": {"pushes": {"type": "type"}}}])",
           "[0].wsConnect.pushes.type", QStringLiteral("must be a JSON pointer"));
        v2("pushes empty pointer", R"([{"wsConnect": {"pushes": {"sequence": ""}}}])",
           "[0].wsConnect.pushes.sequence", QStringLiteral("needs a JSON pointer"));
        v2("wsConnect url var", R"([{"wsConnect": {"url": "ws://h/{{var.nope}}"}}])",
           "[0].wsConnect.url", QStringLiteral("undefined variable"));
        v2("wsConnect url scheme with placeholder",
           R"([{"wsConnect": {"url": "http://{{uuid}}"}}])", "[0].wsConnect.url",
           QStringLiteral("url must be a ws:// or wss:// URL"));
        v2("http timeout zero", R"([{"http": {"path": "/", "timeout": "0ms"}}])",
           "[0].http.timeout", QStringLiteral("timeout must be longer than 0"));
        row("baseUrl with a variable",
            R"({"schema": 2, "target": {"baseUrl": "http://{{var.h}}"}})", "$.target.baseUrl",
            QStringLiteral("only {{env.NAME}} placeholders are allowed here"));
        row("brokerUrl scheme before env", R"({"schema": 2, "target":
                {"brokerUrl": "http://{{env.HOME}}/ws"}})",
            "$.target.brokerUrl", QStringLiteral("brokerUrl must be a ws:// or wss:// URL"));
        row("base64 invalid", R"({"schema": 2, "templates": {"b": {"base64": "!!!"}}})",
            "$.templates.b.base64", QStringLiteral("base64 must be base64 text"));
        row("hex odd", R"({"schema": 2, "templates": {"b": {"hex": "abc"}}})", "$.templates.b.hex",
            QStringLiteral("hex must be pairs of hex digits"));
        row("template two binary kinds", R"({"schema": 2, "templates": {"b": {"hex": "00",
                "base64": "AA=="}}})",
            "$.templates.b", QStringLiteral("exactly one of 'json', 'text', 'base64' or 'hex'"));
        // Load models (issue 10).
        row("arrivalRate in schema 1", R"({"load": {"arrivalRate": {"rate": 5}}})",
            "$.load.arrivalRate", QStringLiteral("\"schema\": 2"));
        row("arrivalRate not an object", R"({"schema": 2, "load": {"arrivalRate": 50}})",
            "$.load.arrivalRate", QStringLiteral("must be an object"));
        row("arrivalRate negative", R"({"schema": 2, "load": {"arrivalRate": {"rate": -1}}})",
            "$.load.arrivalRate.rate",
            QStringLiteral("rate must be at least 0 and at most 1000000 iterations per second"));
        row("arrivalRate zero", R"({"schema": 2, "load": {"arrivalRate": {"rate": 0}}})",
            "$.load.arrivalRate", QStringLiteral("an arrival rate of 0 starts no iterations"));
        row("arrivalRate to without over",
            R"({"schema": 2, "load": {"arrivalRate": {"rate": 1, "to": 5}}})",
            "$.load.arrivalRate.to", QStringLiteral("needs \"over\""));
        row("arrivalRate over without to",
            R"({"schema": 2, "load": {"arrivalRate": {"rate": 1, "over": "5s"}}})",
            "$.load.arrivalRate.over", QStringLiteral("needs \"to\""));
        row("arrivalRate maxConcurrent zero",
            R"({"schema": 2, "load": {"arrivalRate": {"rate": 1, "maxConcurrent": 0}}})",
            "$.load.arrivalRate.maxConcurrent", QStringLiteral("at least 1"));
        row("arrivalRate typo", R"({"schema": 2, "load": {"arrivalRate": {"rat": 1}}})",
            "$.load.arrivalRate.rat", QStringLiteral("did you mean 'rate'"));
        row("arrivalRate dropAfter", R"({"schema": 2, "load": {"arrivalRate": {"rate": 1,
                "dropAfter": "soon"}}})",
            "$.load.arrivalRate.dropAfter", QStringLiteral("'soon' is not a duration"));
        row("type arrivalRate rate type", R"({"schema": 2, "userTypes": [{"name": "U",
                "arrivalRate": {"rate": "fast"}, "tasks": [{"name": "t", "steps": [
                {"think": "1s"}]}]}]})",
            "$.userTypes[0].arrivalRate.rate",
            QStringLiteral("rate must be a number of iterations per second, not a string"));
        row("one type without a rate", R"({"schema": 2, "userTypes": [
                {"name": "U", "arrivalRate": {"rate": 2}, "tasks": [{"name": "t", "steps": [
                {"think": "1s"}]}]},
                {"name": "V", "tasks": [{"name": "t", "steps": [{"think": "1s"}]}]}]})",
            "$.userTypes[1]", QStringLiteral("user type 'V' has no arrivalRate"));
        row("stages not an array", R"({"schema": 2, "load": {"stages": {}}})", "$.load.stages",
            QStringLiteral("stages must be an array"));
        row("stage without duration", R"({"schema": 2, "load": {"stages": [{"users": 5}]}})",
            "$.load.stages[0]", QStringLiteral("a stage needs a \"duration\""));
        row("stage zero duration",
            R"({"schema": 2, "load": {"stages": [{"duration": "0s", "users": 5}]}})",
            "$.load.stages[0].duration", QStringLiteral("duration must be longer than 0"));
        row("stage neither", R"({"schema": 2, "load": {"stages": [{"duration": "1s"}]}})",
            "$.load.stages[0]", QStringLiteral("a stage needs \"users\" (closed model) or"));
        row("stage both", R"({"schema": 2, "load": {"stages": [{"duration": "1s", "users": 1,
                "rate": 2}]}})",
            "$.load.stages[0]", QStringLiteral("not both"));
        row("stages mixing models", R"({"schema": 2, "load": {"stages": [
                {"duration": "1s", "users": 1}, {"duration": "1s", "users": 3},
                {"duration": "1s", "rate": 2}]}})",
            "$.load.stages[2]",
            QStringLiteral("this stage sets \"rate\" but $.load.stages[0] sets \"users\": a "
                           "stage list uses one model"));
        row("closed stages with arrivalRate", R"({"schema": 2, "load": {"arrivalRate":
                {"rate": 3}, "stages": [{"duration": "1s", "users": 1}]}})",
            "$.load.stages", QStringLiteral("load.arrivalRate makes the profile open"));
        row("stage spawnRate with rate", R"({"schema": 2, "load": {"stages": [
                {"duration": "1s", "rate": 4, "spawnRate": 2}]}})",
            "$.load.stages[0].spawnRate",
            QStringLiteral("spawnRate belongs to closed-model stages"));
        row("ramp with rate stages", R"({"schema": 2, "load": {"arrivalRate": {"rate": 1,
                "to": 3, "over": "1s"}, "stages": [{"duration": "1s", "rate": 4}]}})",
            "$.load.arrivalRate.to", QStringLiteral("the stages shape the rate"));
        row("stage users negative",
            R"({"schema": 2, "load": {"stages": [{"duration": "1s", "users": -1}]}})",
            "$.load.stages[0].users", QStringLiteral("at least 0"));
        row("stage typo", R"({"schema": 2, "load": {"stages": [{"duration": "1s", "user": 1}]}})",
            "$.load.stages[0].user", QStringLiteral("did you mean 'users'"));
        row("$schema not a string", R"({"$schema": 5})", "$[\"$schema\"]",
            QStringLiteral("$schema must be a string"));
    }
    void brokenProfileReportsIssue()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QString, path);
        QFETCH(QString, message);
        QFETCH(bool, warning);
        qunsetenv("CICADA_TEST_SURELY_UNSET");
        const QJsonObject root = mergePatch(minimalProfile(), parse(patch)).toObject();
        QList<ProfileIssue> issues;
        ProfileIo::fromJson(root, &issues);
        const ProfileIssue *issue = findIssue(issues, path, message);
        QVERIFY2(
            issue,
            qPrintable(
                QStringLiteral("expected %1: %2\ngot:\n%3").arg(path, message, describe(issues))));
        QCOMPARE(issue->severity,
                 warning ? ProfileIssue::Severity::Warning : ProfileIssue::Severity::Error);
        QCOMPARE(ProfileIo::hasErrors(issues), !warning || issues.size() > 1);
    }

    void setEnvironmentVariableGivesNoWarning()
    {
        qputenv("CICADA_TEST_SET_VAR", "x");
        const QJsonObject root =
            mergePatch(
                minimalProfile(),
                parse(R"({"headers": [{"name": "A", "value": "{{env.CICADA_TEST_SET_VAR}}"}]})"))
                .toObject();
        QList<ProfileIssue> issues;
        ProfileIo::fromJson(root, &issues);
        qunsetenv("CICADA_TEST_SET_VAR");
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
    }

    void wsConnectInOnStartAllowsSendsInTasks()
    {
        const QJsonObject root =
            mergePatch(minimalProfile(),
                       parse(R"({"userTypes": [{"name": "U", "onStart": [{"wsConnect": {}}],
                   "tasks": [{"name": "t", "steps": [{"wsSend": {"template": "msg"}}]}],
                   "onStop": [{"wsSend": {"body": "bye"}}, {"close": {}}]}]})"))
                .toObject();
        QList<ProfileIssue> issues;
        ProfileIo::fromJson(root, &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
    }

    void everyErrorInAFileIsReported()
    {
        QList<ProfileIssue> issues;
        Profile profile;
        QVERIFY(
            !ProfileIo::loadFile(kBroken + QStringLiteral("many-errors.json"), &profile, &issues));
        const QList<QPair<QString, QString>> expected = {
            {"$.target.baseUrl", "http:// or https://"},
            {"$.target.conectTimeout", "did you mean 'connectTimeout'?"},
            {"$.templates.chat.json.who", "unknown placeholder {{user.name}}"},
            {"$.userTypes[0].weight", "at least 1"},
            {"$.userTypes[0].wait.between", "shorter time first"},
            {"$.userTypes[0].tasks[0].steps[0].wsSend", "needs a wsConnect earlier"},
            {"$.userTypes[0].tasks[0].steps[0].wsSend.template", "did you mean 'chat'?"},
            {"$.userTypes[0].tasks[0].steps[0].wsSend.matchField", "non-empty matchField"},
            {"$.userTypes[1].name", "duplicate user type name 'A'"},
            {"$.userTypes[1].tasks", "user type 'A' has no tasks"},
            {"$.load.users", "at least 1"},
            {"$.load.spawnRate", "more than 0"},
            {"$.load.runTime", "'soon' is not a duration"},
        };
        for (const auto &[path, message] : expected)
            QVERIFY2(findIssue(issues, path, message),
                     qPrintable(QStringLiteral("missing %1: %2\ngot:\n%3")
                                    .arg(path, message, describe(issues))));
        QCOMPARE(issues.size(), expected.size());
        // Best effort: what was right is still read.
        QCOMPARE(profile.target.brokerUrl, QStringLiteral("ws://127.0.0.1:8765/broker"));
        QCOMPARE(profile.userTypes.size(), 2);
    }

    void wrongTypesEverywhereAreReportedNotFatal()
    {
        QList<ProfileIssue> issues;
        Profile profile;
        QVERIFY(
            !ProfileIo::loadFile(kBroken + QStringLiteral("wrong-types.json"), &profile, &issues));
        const QStringList paths = {"$.name",
                                   "$.comment",
                                   "$.target.baseUrl",
                                   "$.target.brokerUrl",
                                   "$.target.verifyTls",
                                   "$.target.connectTimeout",
                                   "$.target.requestTimeout",
                                   "$.target.transport",
                                   "$.cookies",
                                   "$.headers[0]",
                                   "$.headers[1].name",
                                   "$.headers[1].value",
                                   "$.variables",
                                   "$.templates.a",
                                   "$.templates.b.text",
                                   "$.userTypes[0]",
                                   "$.userTypes[1].name",
                                   "$.userTypes[1].weight",
                                   "$.userTypes[1].wait",
                                   "$.userTypes[1].onStart",
                                   "$.userTypes[1].tasks[0]",
                                   "$.userTypes[1].tasks[1].name",
                                   "$.userTypes[1].tasks[1].weight",
                                   "$.userTypes[1].tasks[1].steps[0]",
                                   "$.userTypes[1].tasks[1].steps[1].http",
                                   "$.userTypes[1].tasks[1].steps[2].think",
                                   "$.userTypes[1].tasks[1].steps[3].close",
                                   "$.userTypes[1].tasks[1].steps[4].wsConnect.url",
                                   "$.userTypes[1].onStop",
                                   "$.load.users",
                                   "$.load.spawnRate",
                                   "$.load.runTime"};
        for (const QString &path : paths) {
            const bool found = std::any_of(issues.cbegin(), issues.cend(),
                                           [&](const ProfileIssue &i) { return i.path == path; });
            QVERIFY2(
                found,
                qPrintable(QStringLiteral("no issue at %1; got:\n%2").arg(path, describe(issues))));
        }
    }

    void anyValueAnywhereNeverCrashes_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("bundled example") << kExample;
        QTest::newRow("every key") << kEveryKey;
    }
    void anyValueAnywhereNeverCrashes()
    {
        QFETCH(QString, file);
        const QJsonObject example = [&file] {
            QFile f(file);
            return f.open(QIODevice::ReadOnly) ? parse(f.readAll()) : QJsonObject();
        }();
        QVERIFY(!example.isEmpty());
        const QList<QJsonValue> replacements = {
            QJsonValue(),
            QJsonValue(true),
            QJsonValue(-1.5),
            QJsonValue(1e300),
            QJsonValue(4294967.296),
            QJsonValue(QString()),
            QJsonValue(QStringLiteral("{{")),
            QJsonValue(QStringLiteral("{{capture.nothing}}")),
            QJsonArray(),
            QJsonArray{QJsonArray{}, 1},
            QJsonObject(),
            QJsonObject{{QStringLiteral("http"), QJsonObject()}},
            QJsonObject{{QStringLiteral("wsAwait"), QJsonObject()}}};
        int runs = 0;
        int valid = 0;
        for (const QJsonValue &replacement : replacements) {
            forEachReplacement(example, replacement, [&](const QJsonValue &root) {
                QList<ProfileIssue> issues;
                const Profile p = ProfileIo::fromJson(root.toObject(), &issues);
                // Whatever was read can be written and read again; what was valid reads back
                // the same, without errors.
                QList<ProfileIssue> again;
                const Profile back = ProfileIo::fromJson(ProfileIo::toJson(p), &again);
                if (!ProfileIo::hasErrors(issues) && p.schema == kProfileSchema) {
                    QVERIFY2(!ProfileIo::hasErrors(again), qPrintable(describe(again)));
                    QVERIFY(back == p);
                    ++valid;
                }
                for (const ProfileIssue &i : std::as_const(issues))
                    QVERIFY(!i.message.isEmpty());
                ++runs;
            });
        }
        QVERIFY(runs > 1000);
        QVERIFY(valid > 100);
    }

    void jsonSyntaxErrorReportsTheLine_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::newRow("missing comma") << QStringLiteral("missing-comma.json") << 4;
        QTest::newRow("missing separator") << QStringLiteral("missing-separator.json") << 4;
    }
    void jsonSyntaxErrorReportsTheLine()
    {
        QFETCH(QString, file);
        QFETCH(int, line);
        QList<ProfileIssue> issues;
        Profile profile;
        QVERIFY(!ProfileIo::loadFile(kBroken + file, &profile, &issues));
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues[0].line, line);
        QVERIFY2(issues[0].message.startsWith(
                     QStringLiteral("JSON syntax error at line %1, column ").arg(line)),
                 qPrintable(issues[0].message));
        QVERIFY(issues[0].toString(file).startsWith(
            QStringLiteral("%1:%2: JSON syntax error").arg(file).arg(line)));
    }

    void unreadableFileReportsTheOsError()
    {
        QList<ProfileIssue> issues;
        Profile profile;
        QVERIFY(!ProfileIo::loadFile(QStringLiteral("/nonexistent/dir/x.cicada.json"), &profile,
                                     &issues));
        QCOMPARE(issues.size(), 1);
        QVERIFY2(issues[0].message.contains(QStringLiteral("No such file or directory")),
                 qPrintable(issues[0].message));
        QVERIFY(issues[0]
                    .toString(QStringLiteral("x.cicada.json"))
                    .startsWith(QStringLiteral("x.cicada.json: cannot read the profile")));
    }

    void topLevelArrayIsAnError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[1, 2]");
        f.close();
        QList<ProfileIssue> issues;
        QVERIFY(!ProfileIo::loadFile(path, nullptr, &issues));
        QCOMPARE(issues.size(), 1);
        QVERIFY(issues[0].message.contains(QStringLiteral("JSON object")));
    }

    void issueToStringFormats_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<bool>("warning");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QString() << 0 << false << QStringLiteral("$.load.users: bad");
        QTest::newRow("file") << QStringLiteral("p.json") << 0 << false
                              << QStringLiteral("p.json: $.load.users: bad");
        QTest::newRow("line") << QStringLiteral("p.json") << 7 << false
                              << QStringLiteral("p.json:7: $.load.users: bad");
        QTest::newRow("warning") << QStringLiteral("p.json") << 0 << true
                                 << QStringLiteral("p.json: $.load.users: warning: bad");
    }
    void issueToStringFormats()
    {
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(bool, warning);
        QFETCH(QString, expected);
        const ProfileIssue issue{
            QStringLiteral("$.load.users"), QStringLiteral("bad"),
            warning ? ProfileIssue::Severity::Warning : ProfileIssue::Severity::Error, line};
        QCOMPARE(issue.toString(file), expected);
    }

    void exampleProfileLoadsWithoutIssues()
    {
        QList<ProfileIssue> issues;
        Profile p;
        QVERIFY2(ProfileIo::loadFile(kExample, &p, &issues), qPrintable(describe(issues)));
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
        QCOMPARE(p.target.baseUrl, QStringLiteral("http://127.0.0.1:8765"));
        QCOMPARE(p.target.brokerUrl, QStringLiteral("ws://127.0.0.1:8765/broker"));
        QCOMPARE(p.userTypes.size(), 2);
        const UserType &chat = p.userTypes[0];
        QCOMPARE(chat.name, QStringLiteral("ChatUser"));
        QCOMPARE(chat.weight, 3);
        QCOMPARE(chat.wait, (WaitTime{WaitTime::Kind::Between, 500, 1500, chat.wait.comment}));
        QCOMPARE(p.schema, 2);
        QCOMPARE(chat.onStart.size(), 3);
        QCOMPARE(chat.onStart[0].kind(), Step::Kind::Http);
        QCOMPARE(chat.onStart[0].as<HttpStep>().method, QStringLiteral("POST"));
        QCOMPARE(chat.onStart[0].as<HttpStep>().path, QStringLiteral("/login"));
        QCOMPARE(chat.onStart[0].as<HttpStep>().bodyTemplate, QStringLiteral("login"));
        // The subscription: log in on the WebSocket (capturing a token) and subscribe after every
        // (re)connect, count pushes per type with age and loss, wait for the first price.
        const WsConnectStep &connect = chat.onStart[1].as<WsConnectStep>();
        QCOMPARE(connect.onConnect.size(), 2);
        const WsSendStep &wsLogin = connect.onConnect[0].as<WsSendStep>();
        QCOMPARE(wsLogin.bodyTemplate, QStringLiteral("wsLogin"));
        QCOMPARE(wsLogin.captures, (QList<Capture>{{QStringLiteral("token"), Capture::Source::Json,
                                                    QStringLiteral("/token")}}));
        QCOMPARE(connect.onConnect[1].as<WsSendStep>().bodyTemplate, QStringLiteral("subscribe"));
        QCOMPARE(connect.pushes.typePointer, QStringLiteral("/type"));
        QCOMPARE(connect.pushes.timestampPointer, QStringLiteral("/ts"));
        QCOMPARE(connect.pushes.sequencePointer, QStringLiteral("/seq"));
        const WsAwaitStep &firstPrice = chat.onStart[2].as<WsAwaitStep>();
        QCOMPARE(firstPrice.name, QStringLiteral("first price"));
        QCOMPARE(firstPrice.match.size(), 1);
        QCOMPARE(firstPrice.match[0].pointer, QStringLiteral("/type"));
        QCOMPARE(firstPrice.match[0].value, QJsonValue(QStringLiteral("price")));
        // The captured token is used in a later message.
        QVERIFY(p.findTemplate(QStringLiteral("chat"))
                    ->source()
                    .contains(QStringLiteral("{{capture.token}}")));
        QCOMPARE(chat.tasks.size(), 2);
        QCOMPARE(chat.tasks[0].name, QStringLiteral("say"));
        QCOMPARE(chat.tasks[0].weight, 5);
        QCOMPARE(chat.tasks[0].steps[0].as<WsSendStep>().await, WsSendStep::Await::Match);
        QCOMPARE(chat.tasks[0].steps[0].as<WsSendStep>().matchPointers,
                 QStringList{QStringLiteral("/id")});
        QCOMPARE(chat.tasks[0].steps[0].as<WsSendStep>().timeoutMs, 5000);
        QCOMPARE(chat.tasks[1].name, QStringLiteral("typing"));
        QCOMPARE(chat.tasks[1].weight, 1);
        QCOMPARE(chat.tasks[1].steps[0].as<WsSendStep>().await, WsSendStep::Await::None);
        QCOMPARE(chat.onStop.size(), 1);
        QCOMPARE(chat.onStop[0].kind(), Step::Kind::Close);
        const UserType &browser = p.userTypes[1];
        QCOMPARE(browser.name, QStringLiteral("Browser"));
        QCOMPARE(browser.weight, 1);
        QCOMPARE(browser.wait, (WaitTime{WaitTime::Kind::Between, 1000, 2000, {}}));
        QCOMPARE(browser.tasks.size(), 2);
        QCOMPARE(browser.tasks[0].weight, 3);
        QCOMPARE(browser.tasks[0].steps[0].as<HttpStep>().name, QStringLiteral("/api/items"));
        QCOMPARE(browser.tasks[1].steps[0].as<HttpStep>().path, QStringLiteral("/api/profile"));
        QCOMPARE(p.load.users, 20);
        QCOMPARE(p.load.spawnRate, 5.0);
        QCOMPARE(p.load.runTimeMs, 15000);
        QVERIFY(p.findTemplate(QStringLiteral("chat")));
        QCOMPARE(p.findTemplate(QStringLiteral("nope")), nullptr);
    }

    void exampleProfileRoundTripsLosslessly()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        Profile first;
        QVERIFY(ProfileIo::loadFile(kExample, &first, nullptr));
        const QString a = dir.filePath(QStringLiteral("a.cicada.json"));
        const QString b = dir.filePath(QStringLiteral("b.cicada.json"));
        QString error;
        QVERIFY2(ProfileIo::saveFile(a, first, &error), qPrintable(error));
        Profile second;
        QList<ProfileIssue> issues;
        QVERIFY2(ProfileIo::loadFile(a, &second, &issues), qPrintable(describe(issues)));
        QVERIFY(second == first);
        QVERIFY2(ProfileIo::saveFile(b, second, &error), qPrintable(error));
        const auto bytes = [](const QString &path) {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        QCOMPARE(bytes(b), bytes(a));
        // The bundled example is kept in the saved form, so saving it changes nothing.
        QCOMPARE(bytes(a), bytes(kExample));
    }

    void schema1ProfileLoadsUnchangedAndSavesAsSchema2()
    {
        QList<ProfileIssue> issues;
        Profile v1;
        QVERIFY2(ProfileIo::loadFile(kSchema1Demo, &v1, &issues), qPrintable(describe(issues)));
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
        QCOMPARE(v1.schema, 1);
        const WsSendStep &chat = v1.userTypes[0].tasks[0].steps[0].as<WsSendStep>();
        QCOMPARE(chat.await, WsSendStep::Await::Match);
        // "matchField": "id" reads as the pointer /id.
        QCOMPARE(chat.matchPointers, QStringList{QStringLiteral("/id")});

        const QByteArray text = ProfileIo::toText(v1);
        QVERIFY(text.contains("\"schema\": 2,"));
        QVERIFY(text.contains("\"$schema\": \"file:///usr/share/cicada/schema/"));
        QVERIFY(text.contains("\"match\": \"/id\""));
        QVERIFY(!text.contains("matchField"));
        Profile v2 = ProfileIo::fromJson(QJsonDocument::fromJson(text).object(), &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
        QCOMPARE(v2.schema, 2);
        v2.schema = 1;
        QVERIFY(v2 == v1);
    }

    void everyKeyProfileLoadsAndSavesToTheSameBytes()
    {
        QList<ProfileIssue> issues;
        Profile p;
        QVERIFY2(ProfileIo::loadFile(kEveryKey, &p, &issues), qPrintable(describe(issues)));
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
        QCOMPARE(p.target.maxBodyBytes, 1048576);
        QCOMPARE(p.target.maxMessageBytes, 65536);
        QCOMPARE(p.findTemplate(QStringLiteral("bytes"))->binary,
                 QByteArray("\x00\x01\x02\x03\x04", 5));
        QCOMPARE(p.findTemplate(QStringLiteral("hexbytes"))->binary,
                 QByteArray("\x00\x01\xfe\xff", 4));
        QVERIFY(p.findTemplate(QStringLiteral("hexbytes"))->hex);
        const UserType &trader = p.userTypes[0];
        const HttpStep &login = trader.onStart[0].as<HttpStep>();
        QCOMPARE(login.timeoutMs, 3000);
        QCOMPARE(login.captures.size(), 4);
        QCOMPARE(login.checks.size(), 4);
        QCOMPARE(login.checks[2].op, Condition::Op::NotExists);
        const WsConnectStep &market = trader.onStart[1].as<WsConnectStep>();
        QCOMPARE(market.subprotocols,
                 (QStringList{QStringLiteral("v2.market"), QStringLiteral("v1.market")}));
        QCOMPARE(market.pingIntervalMs, 5000);
        QCOMPARE(market.maxMessageBytes, 4096);
        QCOMPARE(market.onConnect.size(), 2);
        QCOMPARE(market.onConnect[1].as<WsSendStep>().matchPointers,
                 (QStringList{QStringLiteral("/type"), QStringLiteral("/id")}));
        QCOMPARE(trader.onStart[2].kind(), Step::Kind::WsAwait);
        const QList<Step> &steps = trader.tasks[0].steps;
        QCOMPARE(steps[0].as<WsSendStep>().inFlight, 16);
        QCOMPARE(steps[1].as<WsSendStep>().replies, 3);
        QCOMPARE(steps[2].as<WsSendStep>().until.size(), 1);
        QCOMPARE(trader.fixedCount, 0);
        QCOMPARE(p.userTypes[1].fixedCount, 3);
        QCOMPARE(p.load.stopTimeoutMs, 10000);
        const WsSendStep::Rate &rate = steps[3].as<WsSendStep>().rate;
        QCOMPARE(rate.mode, WsSendStep::Rate::Mode::PerConnection);
        QCOMPARE(rate.perSecond, 20.0);
        QCOMPARE(rate.forMs, 30000);
        QCOMPARE(rate.count, 0);

        QFile f(kEveryKey);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(ProfileIo::toText(p), f.readAll());
    }

    void savedStepKeysFollowTheDescriptors()
    {
        const QString text = QString::fromUtf8(ProfileIo::toText(fullProfile()));
        // Inside a step kind's object, keys come in the descriptor's order, not alphabetically.
        const auto inOrder = [&](const QStringList &keys, qsizetype from) {
            qsizetype last = from;
            for (const QString &key : keys) {
                const qsizetype at = text.indexOf(u'"' + key + QLatin1String("\":"), last);
                if (at < 0)
                    return false;
                last = at;
            }
            return true;
        };
        const auto find = [&](const QString &pattern) {
            return QRegularExpression(pattern).match(text).capturedStart();
        };
        const qsizetype send = find(QStringLiteral(R"("wsSend": \{\s*"template": "b")"));
        QVERIFY(send > 0);
        QVERIFY(inOrder({"template", "await", "match", "timeout", "inFlight", "capture", "check"},
                        send));
        const qsizetype http = find(QStringLiteral(R"("http": \{\s*"name": "login")"));
        QVERIFY(http > 0);
        QVERIFY(inOrder({"name", "method", "path", "headers", "template", "expect", "timeout",
                         "capture", "check"},
                        http));
        const qsizetype pushes = text.indexOf(QLatin1String("\"pushes\": {"));
        QVERIFY(pushes > 0);
        QVERIFY(inOrder({"comment", "type", "timestamp", "sequence"}, pushes));
    }

    void jsonSchemaUriIsKeptAndDefaulted()
    {
        QJsonObject root = minimalProfile();
        QList<ProfileIssue> issues;
        Profile p = ProfileIo::fromJson(root, &issues);
        QCOMPARE(p.jsonSchemaUri, QString::fromLatin1(kProfileJsonSchemaUri));
        root.insert(QStringLiteral("$schema"), QStringLiteral("./my.schema.json"));
        p = ProfileIo::fromJson(root, &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
        QCOMPARE(p.jsonSchemaUri, QStringLiteral("./my.schema.json"));
        QVERIFY(ProfileIo::toText(p).startsWith("{\n  \"$schema\": \"./my.schema.json\",\n  "
                                                "\"schema\": 2,"));
    }

    void capturesAreUsableAnywhereInTheProfile()
    {
        // Captured in onStart, used in a profile header, a later task and wsConnect headers.
        const QJsonObject root = mergePatch(minimalProfile(), parse(R"({"schema": 2,
            "headers": [{"name": "Authorization", "value": "Bearer {{capture.token}}"}],
            "userTypes": [{"name": "U",
              "onStart": [{"http": {"method": "POST", "path": "/login",
                                    "capture": {"token": {"json": "/token"}}}}],
              "tasks": [{"name": "t", "steps": [
                {"wsConnect": {"headers": [{"name": "X-T", "value": "{{capture.token}}"}]}},
                {"wsSend": {"body": "{{capture.token}}"}}]}]}]})"))
                                     .toObject();
        QList<ProfileIssue> issues;
        ProfileIo::fromJson(root, &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
    }

    void loadFileRefusesWhatIsNotARegularFile()
    {
        QList<ProfileIssue> issues;
        // Reading /dev/zero whole aborted with bad_alloc (issue 9, item 7).
        QVERIFY(!ProfileIo::loadFile(QStringLiteral("/dev/zero"), nullptr, &issues));
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues[0].message,
                 QStringLiteral("cannot read the profile: it is not a regular file (a device, a "
                                "pipe or a socket)"));
        QTemporaryDir dir;
        issues.clear();
        QVERIFY(!ProfileIo::loadFile(dir.path(), nullptr, &issues));
        QCOMPARE(issues.size(), 1);
        QVERIFY2(issues[0].message.contains(QStringLiteral("it is a directory")),
                 qPrintable(issues[0].message));
#ifndef Q_MOC_RUN
        // A FIFO without a writer would block open() forever: refused before opening.
        const QString fifo = dir.filePath(QStringLiteral("fifo"));
        QCOMPARE(mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        issues.clear();
        QVERIFY(!ProfileIo::loadFile(fifo, nullptr, &issues));
        QCOMPARE(issues.size(), 1);
        QVERIFY(issues[0].message.contains(QStringLiteral("not a regular file")));
#endif
    }

    void loadFileRefusesFilesOver16MiB()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.cicada.json"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            // Sparse: costs no disk and no time.
            QVERIFY(f.resize(ProfileIo::kMaxFileBytes + 1));
        }
        QList<ProfileIssue> issues;
        QVERIFY(!ProfileIo::loadFile(path, nullptr, &issues));
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues[0].message, QStringLiteral("cannot read the profile: it is larger than "
                                                   "16 MiB; a profile is a few KiB"));
        // Exactly at the limit is read (and then found to be no JSON).
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.resize(ProfileIo::kMaxFileBytes));
        }
        issues.clear();
        QVERIFY(!ProfileIo::loadFile(path, nullptr, &issues));
        QCOMPARE(issues.size(), 1);
        QVERIFY2(issues[0].message.startsWith(QStringLiteral("JSON syntax error")),
                 qPrintable(issues[0].message));
    }

    void binaryTemplatesKeepTheirEncoding()
    {
        const QJsonObject root = mergePatch(minimalProfile(), parse(R"({"schema": 2,
            "templates": {"h": {"hex": "00 0A ff"}, "b": {"base64": "AAr/"}}})"))
                                     .toObject();
        QList<ProfileIssue> issues;
        const Profile p = ProfileIo::fromJson(root, &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
        QCOMPARE(p.findTemplate(QStringLiteral("h"))->binary, QByteArray("\x00\x0a\xff", 3));
        QCOMPARE(p.findTemplate(QStringLiteral("b"))->binary, QByteArray("\x00\x0a\xff", 3));
        QCOMPARE(p.findTemplate(QStringLiteral("b"))->source(), QString());
        const QByteArray text = ProfileIo::toText(p);
        QVERIFY(text.contains("\"hex\": \"000aff\""));
        QVERIFY(text.contains("\"base64\": \"AAr/\""));
        QVERIFY(ProfileIo::fromJson(QJsonDocument::fromJson(text).object(), nullptr) == p);
    }

    void everyFieldRoundTrips()
    {
        const Profile p = fullProfile();
        QList<ProfileIssue> issues;
        const Profile back = ProfileIo::fromJson(ProfileIo::toJson(p), &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
        QCOMPARE(back.target, p.target);
        QCOMPARE(back.cookies, p.cookies);
        QCOMPARE(back.headers, p.headers);
        QCOMPARE(back.variables, p.variables);
        QCOMPARE(back.templates.size(), p.templates.size());
        for (qsizetype i = 0; i < p.templates.size(); ++i)
            QVERIFY2(back.templates[i] == p.templates[i], qPrintable(p.templates[i].name));
        for (qsizetype i = 0; i < p.userTypes.size(); ++i)
            QVERIFY2(back.userTypes[i] == p.userTypes[i], qPrintable(p.userTypes[i].name));
        QCOMPARE(back.load, p.load);
        QCOMPARE(back.thresholds, p.thresholds);
        QCOMPARE(back.thresholdsMaxErrorRate, 0.25);
        QVERIFY(back == p);
        const QByteArray text = ProfileIo::toText(p);
        QCOMPARE(ProfileIo::toText(back), text);
        QVERIFY(text.endsWith("\n"));
    }

    void sourceAddressesRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QStringList>("entries");
        QTest::addColumn<int>("addresses");
        QTest::newRow("range") << QByteArray(R"("127.0.0.1-127.0.0.8")")
                               << QStringList{QStringLiteral("127.0.0.1-127.0.0.8")} << 8;
        QTest::newRow("one IPv6") << QByteArray(R"("::1")") << QStringList{QStringLiteral("::1")}
                                  << 1;
        QTest::newRow("list") << QByteArray(R"(["10.0.0.5", "127.0.0.2-127.0.0.3", "::1"])")
                              << QStringList{QStringLiteral("10.0.0.5"),
                                             QStringLiteral("127.0.0.2-127.0.0.3"),
                                             QStringLiteral("::1")}
                              << 4;
        QTest::newRow("range over an octet")
            << QByteArray(R"("10.0.0.255-10.0.1.1")")
            << QStringList{QStringLiteral("10.0.0.255-10.0.1.1")} << 3;
    }
    // Cicada's own WebSocket client is the default; "qt" (QWebSocket) is written out, "lean" is
    // not.
    void wsTransportDefaultsToLean()
    {
        QList<ProfileIssue> issues;
        const Profile p = ProfileIo::fromJson(minimalProfile(), &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
        QCOMPARE(p.target.wsTransport, QStringLiteral("lean"));
        QVERIFY(!ProfileIo::toJson(p)
                     .value(QLatin1String("target"))
                     .toObject()
                     .contains(QLatin1String("wsTransport")));
        Profile qt = p;
        qt.target.wsTransport = QStringLiteral("qt");
        const QJsonObject written = ProfileIo::toJson(qt);
        QCOMPARE(
            written.value(QLatin1String("target")).toObject().value(QLatin1String("wsTransport")),
            QJsonValue(QStringLiteral("qt")));
        QCOMPARE(ProfileIo::fromJson(written, &issues).target.wsTransport, QStringLiteral("qt"));
    }

    void sourceAddressesRoundTrip()
    {
        QFETCH(QByteArray, value);
        QFETCH(QStringList, entries);
        QFETCH(int, addresses);
        QJsonObject root = mergePatch(minimalProfile(), parse(R"({"schema": 2, "target":
            {"wsTransport": "lean"}})"))
                               .toObject();
        QJsonObject target = root.value(QLatin1String("target")).toObject();
        target.insert(QStringLiteral("sourceAddresses"),
                      QJsonDocument::fromJson("[" + value + "]").array().at(0));
        root.insert(QStringLiteral("target"), target);
        QList<ProfileIssue> issues;
        const Profile p = ProfileIo::fromJson(root, &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
        QCOMPARE(p.target.sourceAddresses, entries);
        QCOMPARE(SourceAddresses::expand(p.target.sourceAddresses).size(), addresses);
        const QByteArray text = ProfileIo::toText(p);
        // Written as it was given: one entry as a string, several as a list.
        QCOMPARE(parse(text)
                     .value(QLatin1String("target"))
                     .toObject()
                     .value(QLatin1String("sourceAddresses")),
                 target.value(QLatin1String("sourceAddresses")));
        const Profile back = ProfileIo::fromJson(parse(text), &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
        QVERIFY(back == p);
        QCOMPARE(ProfileIo::toText(back), text);
    }

    void loadModelsRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("load");
        QTest::addColumn<QByteArray>("typeRate");
        QTest::newRow("closed") << QByteArray(R"({"users": 3, "spawnRate": 1.5, "runTime": "1m"})")
                                << QByteArray();
        QTest::newRow("closed stages") << QByteArray(R"({"users": 2, "stages": [
            {"duration": "30s", "users": 100, "spawnRate": 10, "comment": "ramp"},
            {"duration": "1m", "users": 100}, {"duration": "10s", "users": 0}]})")
                                       << QByteArray();
        QTest::newRow("constant rate")
            << QByteArray(R"({"arrivalRate": {"rate": 50, "comment": "c"}, "runTime": "20s"})")
            << QByteArray();
        QTest::newRow("ramping rate") << QByteArray(R"({"arrivalRate": {"rate": 50, "to": 200,
            "over": "60s", "maxConcurrent": 500, "dropAfter": "0s"}})")
                                      << QByteArray();
        QTest::newRow("rate stages") << QByteArray(R"({"arrivalRate": {"rate": 10,
            "maxConcurrent": 20}, "stages": [{"duration": "30s", "rate": 200.5},
            {"duration": "1m", "rate": 200.5}]})")
                                     << QByteArray();
        QTest::newRow("rate stages only")
            << QByteArray(R"({"stages": [{"duration": "2s", "rate": 7}]})") << QByteArray();
        QTest::newRow("per type") << QByteArray(R"({"runTime": "5s"})")
                                  << QByteArray(R"({"rate": 0, "to": 9, "over": "1500ms"})");
        QTest::newRow("per type and profile")
            << QByteArray(R"({"arrivalRate": {"rate": 1}, "users": 4})")
            << QByteArray(R"({"rate": 3, "maxConcurrent": 2})");
    }
    void loadModelsRoundTrip()
    {
        QFETCH(QByteArray, load);
        QFETCH(QByteArray, typeRate);
        QJsonObject root = minimalProfile();
        root.insert(QStringLiteral("schema"), 2);
        root.insert(QStringLiteral("load"), parse(load));
        if (!typeRate.isEmpty()) {
            QJsonArray types = root.value(QLatin1String("userTypes")).toArray();
            QJsonObject type = types.at(0).toObject();
            type.insert(QStringLiteral("arrivalRate"), parse(typeRate));
            types.replace(0, type);
            root.insert(QStringLiteral("userTypes"), types);
        }
        QList<ProfileIssue> issues;
        const Profile p = ProfileIo::fromJson(root, &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
        const QByteArray text = ProfileIo::toText(p);
        const Profile back = ProfileIo::fromJson(parse(text), &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
        QCOMPARE(back.load, p.load);
        QVERIFY(back.userTypes[0].arrivalRate == p.userTypes[0].arrivalRate);
        QVERIFY(back == p);
        QCOMPARE(ProfileIo::toText(back), text);
        // What was written is what is read: every key given survives the save.
        const QJsonObject savedLoad = parse(text).value(QLatin1String("load")).toObject();
        for (const QString &key : parse(load).keys())
            QVERIFY2(savedLoad.contains(key), qPrintable(key));
    }

    void loadModelFieldsAreRead()
    {
        QJsonObject root = minimalProfile();
        root.insert(QStringLiteral("schema"), 2);
        root.insert(QStringLiteral("load"), parse(R"({"arrivalRate": {"rate": 50, "to": 200,
            "over": "60s", "maxConcurrent": 500, "dropAfter": "250ms"}})"));
        QList<ProfileIssue> issues;
        const Profile p = ProfileIo::fromJson(root, &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
        QVERIFY(p.isOpenModel());
        const ArrivalRate &a = *p.load.arrivalRate;
        QCOMPARE(a.rate, 50.0);
        QCOMPARE(*a.toRate, 200.0);
        QCOMPARE(a.overMs, 60000);
        QCOMPARE(a.maxConcurrent, 500);
        QCOMPARE(a.dropAfterMs, 250);
        QCOMPARE(a.rateAt(0), 50.0);
        QCOMPARE(a.rateAt(30000), 125.0);
        QCOMPARE(a.rateAt(90000), 200.0);
        QCOMPARE(p.load.effectiveRunTimeMs(), 0);

        root.insert(QStringLiteral("load"), parse(R"({"arrivalRate": {"rate": 50},
            "stages": [{"duration": "30s", "rate": 100}, {"duration": "1m30s", "rate": 0}]})"));
        const Profile staged = ProfileIo::fromJson(root, &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
        QCOMPARE(staged.load.stages.size(), 2);
        QCOMPARE(*staged.load.stages[1].rate, 0.0);
        QCOMPARE(staged.load.stages[1].durationMs, 90000);
        QVERIFY(!staged.load.stages[0].users);
        QCOMPARE(staged.load.effectiveRunTimeMs(), 120000);
        QVERIFY(!minimalProfile().isEmpty() &&
                !ProfileIo::fromJson(minimalProfile(), nullptr).isOpenModel());
    }

    void savedKeysAreInReadingOrder()
    {
        const QByteArray text = ProfileIo::toText(fullProfile());
        const QList<QByteArray> order = {"\"schema\"",    "\"name\"",       "\"comment\"",
                                         "\"target\"",    "\"cookies\"",    "\"headers\"",
                                         "\"variables\"", "\"templates\"",  "\"userTypes\"",
                                         "\"load\"",      "\"thresholds\"", "\"thresholdOptions\""};
        qsizetype last = -1;
        for (const QByteArray &key : order) {
            const qsizetype at = text.indexOf(key);
            QVERIFY2(at > last, key.constData());
            last = at;
        }
        // Inside a JSON payload, keys stay alphabetical.
        QVERIFY(text.indexOf("\"nested\"") < text.indexOf("\"z\""));
    }

    void saveIntoUnwritableDirectoryFails()
    {
        QTemporaryDir dir;
        // A regular file where a directory should be: no one, not even root, can create in it.
        const QString notADir = dir.filePath(QStringLiteral("file"));
        QFile f(notADir);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        const QString target = notADir + QStringLiteral("/p.cicada.json");
        QString error;
        QVERIFY(!ProfileIo::saveFile(target, fullProfile(), &error));
        QVERIFY2(error.contains(target), qPrintable(error));
        QVERIFY(!QFile::exists(target));
        QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
                 QStringList{QStringLiteral("file")});

        // A read-only directory (only binding when not running as root).
        const QString ro = dir.filePath(QStringLiteral("ro"));
        QVERIFY(QDir().mkdir(ro));
        QVERIFY(QFile::setPermissions(ro, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        QFile probe(ro + QStringLiteral("/probe"));
        const bool writable = probe.open(QIODevice::WriteOnly);
        if (writable)
            probe.remove();
        if (!writable) {
            QVERIFY(
                !ProfileIo::saveFile(ro + QStringLiteral("/p.cicada.json"), fullProfile(), &error));
            QVERIFY(QDir(ro).isEmpty());
        }
        QFile::setPermissions(ro, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                      QFileDevice::ExeOwner);
    }

    void failedSaveLeavesTheExistingFileUntouched()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.cicada.json"));
        const QByteArray original = "{ \"schema\": 1 }\n";
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(original);
        }
        // Make the write fail half-way, for root too: cap the file size below the profile size.
        QString error;
        const bool saved =
            withFileSizeCap(256, [&] { return ProfileIo::saveFile(path, fullProfile(), &error); });

        QVERIFY(!saved);
        QVERIFY(!error.isEmpty());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), original);
        QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
                 QStringList{QStringLiteral("p.cicada.json")});
    }

    // --- data feeders (issue 10)
    void feederProblemsAreReported_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("warning");
        const auto row = [](const char *tag, const char *patch, const char *path,
                            const QString &message, bool warning = false) {
            QTest::newRow(tag) << QByteArray(patch) << QString::fromUtf8(path) << message
                               << warning;
        };
        row("not an array", R"({"schema": 2, "feeders": {}})", "$.feeders",
            QStringLiteral("feeders must be an array, not an object"));
        row("feeder not an object", R"({"schema": 2, "feeders": ["users.csv"]})", "$.feeders[0]",
            QStringLiteral("a feeder must be an object"));
        row("no name", R"({"schema": 2, "feeders": [{"file": "u.csv"}]})", "$.feeders[0]",
            QStringLiteral("a feeder needs a \"name\""));
        row("bad name", R"({"schema": 2, "feeders": [{"name": "my users", "file": "u.csv"}]})",
            "$.feeders[0].name", QStringLiteral("cannot be used as {{feed.NAME.column}}"));
        row("no file", R"({"schema": 2, "feeders": [{"name": "u"}]})", "$.feeders[0]",
            QStringLiteral("a feeder needs a \"file\""));
        row("empty file", R"({"schema": 2, "feeders": [{"name": "u", "file": " "}]})",
            "$.feeders[0].file", QStringLiteral("a feeder's file cannot be empty"));
        row("duplicate name",
            R"({"schema": 2, "feeders": [{"name": "u", "file": "a.csv"},
                {"name": "u", "file": "b.csv"}]})",
            "$.feeders[1].name",
            QStringLiteral("duplicate feeder name 'u' (also used at $.feeders[0])"));
        row("unknown strategy",
            R"({"schema": 2, "feeders": [{"name": "u", "file": "a.csv", "strategy": "sequental"}]})",
            "$.feeders[0].strategy", QStringLiteral("did you mean 'sequential'?"));
        row("unknown format",
            R"({"schema": 2, "feeders": [{"name": "u", "file": "a.csv", "format": "tsv"}]})",
            "$.feeders[0].format", QStringLiteral("format must be one of 'csv', 'json'"));
        row("unknown onExhausted",
            R"({"schema": 2, "feeders": [{"name": "u", "file": "a.csv", "onExhausted": "wrap"}]})",
            "$.feeders[0].onExhausted",
            QStringLiteral("onExhausted must be one of 'stopUser', 'fail'"));
        row("onExhausted on circular",
            R"({"schema": 2, "feeders": [{"name": "u", "file": "a.csv", "strategy": "circular",
                "onExhausted": "fail"}]})",
            "$.feeders[0].onExhausted", QStringLiteral("a circular feeder never runs out"), true);
        row("unknown key",
            R"({"schema": 2, "feeders": [{"name": "u", "file": "a.csv", "fil": 1}]})",
            "$.feeders[0].fil", QStringLiteral("unknown key 'fil'"));
        row("schema 1", R"({"schema": 1, "feeders": [{"name": "u", "file": "a.csv"}]})",
            "$.feeders", QStringLiteral("\"feeders\" is new in schema 2"));
        row("undefined feeder in a path",
            R"({"schema": 2, "feeders": [{"name": "users", "file": "a.csv"}],
                "userTypes": [{"name": "U", "tasks": [{"name": "t", "steps":
                [{"http": {"path": "/u/{{feed.usres.id}}"}}]}]}]})",
            "$.userTypes[0].tasks[0].steps[0].http.path",
            QStringLiteral("{{feed.usres.id}} uses an undefined feeder 'usres'; did you mean "
                           "'users'?"));
        row("no feeders at all",
            R"({"schema": 2, "headers": [{"name": "X-U", "value": "{{feed.u.id}}"}]})",
            "$.headers[0].value",
            QStringLiteral("uses an undefined feeder 'u'; define it in $.feeders"));
        row("feed in a JSON template",
            R"({"schema": 2, "feeders": [{"name": "a", "file": "a.csv"}],
                "templates": {"t": {"json": {"user": "{{feed.orders.x}}"}}}})",
            "$.templates.t.json.user",
            QStringLiteral("uses an undefined feeder 'orders'; defined feeders: 'a'"));
        row("feed without a column",
            R"({"schema": 2, "feeders": [{"name": "a", "file": "a.csv"}],
                "templates": {"t": {"text": "{{feed.a}}"}}})",
            "$.templates.t.text", QStringLiteral("bad feed placeholder {{feed.a}}"));
        row("feed in a cookie",
            R"({"schema": 2, "feeders": [{"name": "a", "file": "a.csv"}],
                "cookies": [{"name": "s", "value": "{{feed.a.s}}"}]})",
            "$.cookies[0].value", QStringLiteral("cannot be used in a cookie"));
        row("feed in the base URL",
            R"({"schema": 2, "feeders": [{"name": "a", "file": "a.csv"}],
                "target": {"baseUrl": "http://{{feed.a.host}}"}})",
            "$.target.baseUrl", QStringLiteral("only {{env.NAME}} placeholders"));
    }
    void feederProblemsAreReported()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QString, path);
        QFETCH(QString, message);
        QFETCH(bool, warning);
        const QJsonObject root = mergePatch(minimalProfile(), parse(patch)).toObject();
        QList<ProfileIssue> issues;
        ProfileIo::fromJson(root, &issues);
        const ProfileIssue *issue = findIssue(issues, path, message);
        QVERIFY2(
            issue,
            qPrintable(
                QStringLiteral("expected %1: %2\ngot:\n%3").arg(path, message, describe(issues))));
        QCOMPARE(issue->severity,
                 warning ? ProfileIssue::Severity::Warning : ProfileIssue::Severity::Error);
    }

    void feedersRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("feeders");
        QTest::addColumn<QByteArray>("saved"); ///< what is saved, when it differs from the input
        QTest::newRow("defaults") << QByteArray(R"([{"name": "u", "file": "users.csv"}])")
                                  << QByteArray(R"({"name": "u", "file": "users.csv", "strategy":
                                      "sequential", "onExhausted": "stopUser"})");
        QTest::newRow("everything")
            << QByteArray(R"([{"name": "u", "comment": "logins", "file": "data/u.txt",
                   "format": "csv", "strategy": "perUser", "onExhausted": "fail"}])")
            << QByteArray();
        QTest::newRow("json circular")
            << QByteArray(R"([{"name": "items", "file": "/abs/items.json", "format": "json",
                   "strategy": "circular"}])")
            << QByteArray();
        QTest::newRow("random keeps a non-default onExhausted")
            << QByteArray(R"([{"name": "r", "file": "r.csv", "strategy": "random",
                   "onExhausted": "fail"}])")
            << QByteArray();
        QTest::newRow("two feeders in order")
            << QByteArray(R"([{"name": "b", "file": "b.csv", "strategy": "circular"},
                   {"name": "a", "file": "a.json", "strategy": "random"}])")
            << QByteArray();
    }
    void feedersRoundTrip()
    {
        QFETCH(QByteArray, feeders);
        QFETCH(QByteArray, saved);
        QJsonObject root = minimalProfile();
        root.insert(QStringLiteral("schema"), 2);
        root.insert(QStringLiteral("feeders"), QJsonDocument::fromJson(feeders).array());
        QList<ProfileIssue> issues;
        const Profile p = ProfileIo::fromJson(root, &issues);
        QVERIFY2(!ProfileIo::hasErrors(issues), qPrintable(describe(issues)));
        QCOMPARE(p.feeders.size(), QJsonDocument::fromJson(feeders).array().size());
        const QJsonObject json = ProfileIo::toJson(p);
        const Profile back = ProfileIo::fromJson(json, &issues);
        QVERIFY(back == p);
        QCOMPARE(back.feeders, p.feeders);
        QCOMPARE(ProfileIo::toText(back), ProfileIo::toText(p));
        if (!saved.isEmpty())
            QCOMPARE(json.value(QStringLiteral("feeders")).toArray().at(0).toObject(),
                     QJsonDocument::fromJson("[" + saved + "]").array().at(0).toObject());
        // Keys in reading order: name, comment, file, format, strategy, onExhausted.
        const QByteArray text = ProfileIo::toText(p);
        qsizetype last = text.indexOf("\"feeders\"");
        for (const char *key : {"\"file\"", "\"strategy\""}) {
            const qsizetype at = text.indexOf(key, last);
            QVERIFY2(at > last, key);
            last = at;
        }
    }

    void feedersAreReadAsWritten()
    {
        QJsonObject root = minimalProfile();
        root.insert(QStringLiteral("schema"), 2);
        root.insert(QStringLiteral("feeders"),
                    parse(R"({"f": [{"name": "u", "file": "x.JSON", "strategy": "perUser",
                              "onExhausted": "fail"}, {"name": "v", "file": "v.csv"}]})")
                        .value(QStringLiteral("f")));
        QList<ProfileIssue> issues;
        const Profile p = ProfileIo::fromJson(root, &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
        QCOMPARE(p.feeders.size(), 2);
        QCOMPARE(p.feeders[0].strategy, Feeder::Strategy::PerUser);
        QCOMPARE(p.feeders[0].onExhausted, Feeder::OnExhausted::Fail);
        QCOMPARE(p.feeders[0].format, Feeder::Format::Auto);
        QCOMPARE(p.feeders[0].effectiveFormat(), Feeder::Format::Json);
        QCOMPARE(p.feeders[1].strategy, Feeder::Strategy::Sequential);
        QCOMPARE(p.feeders[1].onExhausted, Feeder::OnExhausted::StopUser);
        QCOMPARE(p.feeders[1].effectiveFormat(), Feeder::Format::Csv);
        QVERIFY(p.findFeeder(QStringLiteral("v")) == &p.feeders[1]);
        QVERIFY(!p.findFeeder(QStringLiteral("w")));
    }

    void durationsParse_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("ms");
        const auto row = [](const char *tag, const QJsonValue &v, bool ok, qint64 ms) {
            QTest::newRow(tag) << v << ok << ms;
        };
        row("ms", QStringLiteral("250ms"), true, 250);
        row("s", QStringLiteral("10s"), true, 10000);
        row("fraction", QStringLiteral("1.5s"), true, 1500);
        row("m", QStringLiteral("2m"), true, 120000);
        row("h", QStringLiteral("1h"), true, 3600000);
        row("compound", QStringLiteral("1m30s"), true, 90000);
        row("compound all", QStringLiteral("1h2m3s4ms"), true, 3723004);
        row("spaces", QStringLiteral(" 1m 30s "), true, 90000);
        row("zero", QStringLiteral("0s"), true, 0);
        row("number seconds", QJsonValue(2), true, 2000);
        row("number fraction", QJsonValue(0.25), true, 250);
        row("number tenth", QJsonValue(0.1), true, 100);
        row("no unit", QStringLiteral("10"), false, 0);
        row("unknown unit", QStringLiteral("10d"), false, 0);
        row("negative string", QStringLiteral("-1s"), false, 0);
        row("negative number", QJsonValue(-1), false, 0);
        row("fractional ms", QStringLiteral("1.5ms"), false, 0);
        row("units out of order", QStringLiteral("30s1m"), false, 0);
        row("repeated unit", QStringLiteral("1s1s"), false, 0);
        row("empty", QStringLiteral(""), false, 0);
        row("words", QStringLiteral("soon"), false, 0);
        row("too long", QStringLiteral("999999999h"), false, 0);
        // Qt timers take at most 2^31 - 1 ms: "4294967296ms" used to become 0 (issue 9, item 6).
        row("2^32 ms", QStringLiteral("4294967296ms"), false, 0);
        row("2^31 ms", QStringLiteral("2147483648ms"), false, 0);
        row("25 days", QStringLiteral("600h"), false, 0);
        row("24 days", QStringLiteral("576h"), true, 2073600000);
        row("number 2^32 ms", QJsonValue(4294967.296), false, 0);
        row("number 1e300", QJsonValue(1e300), false, 0);
        row("bool", QJsonValue(true), false, 0);
        row("null", QJsonValue(), false, 0);
        row("array", QJsonArray{1}, false, 0);
    }
    void durationsParse()
    {
        QFETCH(QJsonValue, value);
        QFETCH(bool, ok);
        QFETCH(qint64, ms);
        bool parsed = !ok;
        QString error;
        const qint64 got = ProfileIo::parseDuration(value, &parsed, &error);
        QCOMPARE(parsed, ok);
        if (ok)
            QCOMPARE(got, ms);
        else
            QVERIFY(!error.isEmpty());
    }

    void durationsFormatShortestExact_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << 0LL << QStringLiteral("0s");
        QTest::newRow("ms") << 250LL << QStringLiteral("250ms");
        QTest::newRow("1500") << 1500LL << QStringLiteral("1500ms");
        QTest::newRow("s") << 10000LL << QStringLiteral("10s");
        QTest::newRow("90s") << 90000LL << QStringLiteral("90s");
        QTest::newRow("m") << 120000LL << QStringLiteral("2m");
        QTest::newRow("h") << 3600000LL << QStringLiteral("1h");
        QTest::newRow("90m") << 5400000LL << QStringLiteral("90m");
    }
    void durationsFormatShortestExact()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(ProfileIo::durationToJson(ms).toString(), text);
        bool ok = false;
        QCOMPARE(ProfileIo::parseDuration(ProfileIo::durationToJson(ms), &ok), ms);
        QVERIFY(ok);
    }

    void payloadSourceIsCompactJsonOrText()
    {
        PayloadTemplate t;
        t.json = parse(R"({"b": "x {{uuid}}", "a": [1, true]})");
        QCOMPARE(t.source(), QStringLiteral(R"({"a":[1,true],"b":"x {{uuid}}"})"));
        t.json = QStringLiteral("say \"hi\"");
        // Not a raw string: moc 6.4 loses track of raw strings holding \".
        QCOMPARE(t.source(), QStringLiteral("\"say \\\"hi\\\"\""));
        t.json = 42;
        QCOMPARE(t.source(), QStringLiteral("42"));
        t.kind = PayloadTemplate::Kind::Text;
        t.text = QStringLiteral("plain {{user.seq}}");
        QCOMPARE(t.source(), t.text);
    }
};

QTEST_GUILESS_MAIN(ProfileIoTest)
#include "profileiotest.moc"
