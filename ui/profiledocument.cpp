#include "profiledocument.h"

#include "feed/feedloader.h"
#include "feed/feedrowvalues.h"
#include "fieldnames.h"
#include "format.h"
#include "jsonpath.h"
#include "profile/profileio.h"
#include "profile/steps/stepdescriptor.h"
#include "profile/template.h"
#include "profileoutlinemodel.h"
#include "stepoptionjson.h"
#include "stepsummary.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStringDecoder>

#include <functional>

namespace cicada {

namespace {

constexpr auto kExampleResource = ":/cicada/profiles/demo-chat.cicada.json";
constexpr auto kWebSocketStarterResource = ":/cicada/profiles/ws-starter.cicada.json";
constexpr int kHexDumpBytesPerLine = 8;

const QString kJsonKind = QStringLiteral("json");
const QString kTextKind = QStringLiteral("text");
const QString kBase64Kind = QStringLiteral("base64");
const QString kHexKind = QStringLiteral("hex");

QJsonObject readResourceObject(const char *resource)
{
    QFile file(QString::fromLatin1(resource));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

/** Hex digits, whitespace between bytes allowed; false on anything else or an odd count. */
bool decodeHex(const QString &text, QByteArray *bytes)
{
    QByteArray digits;
    for (const QChar c : text) {
        if (c.isSpace())
            continue;
        const char16_t u = c.unicode();
        const bool hexDigit =
            (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
        if (!hexDigit)
            return false;
        digits.append(char(c.unicode()));
    }
    if (digits.size() % 2 != 0)
        return false;
    *bytes = QByteArray::fromHex(digits);
    return true;
}

bool decodeBase64(const QString &text, QByteArray *bytes)
{
    const auto result = QByteArray::fromBase64Encoding(text.trimmed().toLatin1(),
                                                       QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return false;
    *bytes = *result;
    return true;
}

/** "12 bytes" and lines of offset, hex and printable ASCII. */
QString hexDump(const QByteArray &bytes)
{
    QStringList lines{
        bytes.size() == 1
            ? ProfileDocument::tr("1 byte, sent as one binary frame")
            : ProfileDocument::tr("%1 bytes, sent as one binary frame").arg(bytes.size())};
    for (qsizetype at = 0; at < bytes.size(); at += kHexDumpBytesPerLine) {
        const QByteArray chunk = bytes.mid(at, kHexDumpBytesPerLine);
        QString ascii;
        for (const char c : chunk)
            ascii.append(c >= 0x20 && c < 0x7f ? QLatin1Char(c) : QLatin1Char('.'));
        lines.append(QStringLiteral("%1  %2  %3")
                         .arg(at, 4, 16, QLatin1Char('0'))
                         .arg(QString::fromLatin1(chunk.toHex(' ')), -3 * kHexDumpBytesPerLine + 1)
                         .arg(ascii));
    }
    return lines.join(QLatin1Char('\n'));
}

QJsonValue toJsonValue(const QVariant &value)
{
    if (!value.isValid())
        return QJsonValue(QJsonValue::Undefined);
    // QML hands over QJSValue-backed variants for objects and arrays; QJsonValue::fromVariant
    // understands QVariantMap/QVariantList, which QJSValue converts to.
    QVariant v = value;
    if (v.userType() == qMetaTypeId<QJSValue>())
        v = v.value<QJSValue>().toVariant();
    return QJsonValue::fromVariant(v);
}

QJsonObject newProfileJson()
{
    const QByteArray text = R"({
  "schema": 2,
  "name": "New profile",
  "target": { "baseUrl": "http://127.0.0.1:8765", "brokerUrl": "ws://127.0.0.1:8765/broker" },
  "templates": { "message": { "json": { "id": "{{uuid}}", "type": "hello" } } },
  "userTypes": [ {
    "name": "User",
    "weight": 1,
    "wait": { "between": ["1s", "2s"] },
    "tasks": [ { "name": "health", "weight": 1,
                 "steps": [ { "http": { "method": "GET", "path": "/health" } } ] } ]
  } ],
  "load": { "users": 10, "spawnRate": 2, "runTime": "1m" }
})";
    return QJsonDocument::fromJson(text).object();
}

} // namespace

ProfileDocument::ProfileDocument(QObject *parent) : QObject(parent)
{
    m_root = newProfileJson();
    revalidate();
    m_history.reset({m_root, m_drafts});
}

QString ProfileDocument::directory() const
{
    return m_filePath.isEmpty() ? QString() : QFileInfo(m_filePath).absolutePath();
}

QString ProfileDocument::displayPath() const
{
    return Format::path(m_filePath);
}

QString ProfileDocument::fileName() const
{
    return m_filePath.isEmpty() ? tr("Untitled") : QFileInfo(m_filePath).fileName();
}

int ProfileDocument::errorCount() const
{
    return int(std::count_if(m_issues.cbegin(), m_issues.cend(), [](const ProfileIssue &i) {
        return i.severity == ProfileIssue::Severity::Error;
    }));
}

int ProfileDocument::warningCount() const
{
    return int(m_issues.size()) - errorCount();
}

QVariantList ProfileDocument::issues() const
{
    QVariantList list;
    for (const ProfileIssue &issue : m_issues) {
        // Beside its title ("… › timeout") the message need not start with the key again.
        QString detail = issue.message;
        const QList<JsonPath::Segment> segments = JsonPath::parse(issue.path);
        if (!segments.isEmpty() && segments.last().index < 0 &&
            detail.startsWith(segments.last().key + QStringLiteral(": ")))
            detail = detail.mid(segments.last().key.size() + 2);
        list.append(
            QVariantMap{{QStringLiteral("path"), issue.path},
                        {QStringLiteral("message"), issue.message},
                        {QStringLiteral("severity"), issue.severity == ProfileIssue::Severity::Error
                                                         ? QStringLiteral("error")
                                                         : QStringLiteral("warning")},
                        {QStringLiteral("line"), issue.line},
                        {QStringLiteral("title"), FieldNames::describe(m_root, issue.path)},
                        {QStringLiteral("detail"), detail}});
    }
    return list;
}

QStringList ProfileDocument::templateNames() const
{
    return keys(QStringLiteral("$.templates"));
}

QVariantList ProfileDocument::stepKinds()
{
    QVariantList kinds;
    for (const StepDescriptor &d : stepDescriptors())
        kinds.append(
            QVariantMap{{QStringLiteral("key"), d.key}, {QStringLiteral("title"), d.title}});
    return kinds;
}

QString ProfileDocument::stepTitle(const QString &kind)
{
    const StepDescriptor *d = findStepDescriptor(kind);
    return d ? d->title : kind;
}

QStringList ProfileDocument::conditionOps()
{
    return StepOptionJson::conditionOps();
}

QStringList ProfileDocument::captureSources()
{
    return StepOptionJson::captureSources();
}

QStringList ProfileDocument::templateKinds()
{
    return {kJsonKind, kTextKind, kBase64Kind, kHexKind};
}

QVariant ProfileDocument::value(const QString &path) const
{
    const QJsonValue v = JsonPath::get(m_root, path);
    return v.isUndefined() ? QVariant() : v.toVariant();
}

QString ProfileDocument::text(const QString &path) const
{
    const QJsonValue v = JsonPath::get(m_root, path);
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == double(qint64(d)))
            return QString::number(qint64(d));
        return QString::number(d, 'g', 12);
    }
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array:
    case QJsonValue::Object:
        return QString::fromUtf8(
            QJsonDocument::fromVariant(v.toVariant()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

int ProfileDocument::count(const QString &path) const
{
    return int(JsonPath::get(m_root, path).toArray().size());
}

QStringList ProfileDocument::keys(const QString &path) const
{
    return JsonPath::get(m_root, path).toObject().keys();
}

QString ProfileDocument::stepKind(const QString &path) const
{
    return StepSummary::kind(JsonPath::get(m_root, path).toObject());
}

QString ProfileDocument::stepSummary(const QString &path) const
{
    // A step with problems is described as typed: the validated one holds reader defaults.
    const Step *step = issueCountWithin(path) == 0 ? stepAt(path) : nullptr;
    if (step)
        return stepDescriptor(step->kind()).summary(*step);
    return StepSummary::summary(JsonPath::get(m_root, path).toObject());
}

const Step *ProfileDocument::stepAt(const QString &path) const
{
    bool ok = false;
    const QList<JsonPath::Segment> s = JsonPath::parse(path, &ok);
    if (!ok || s.size() < 4 || s.at(0).key != QLatin1String("userTypes") || s.at(1).index < 0 ||
        s.at(1).index >= m_profile.userTypes.size())
        return nullptr;
    const UserType &userType = m_profile.userTypes.at(s.at(1).index);
    const QList<Step> *steps = nullptr;
    qsizetype at = 3; // the segment holding the first step index
    if (s.at(2).key == QLatin1String("onStart")) {
        steps = &userType.onStart;
    } else if (s.at(2).key == QLatin1String("onStop")) {
        steps = &userType.onStop;
    } else if (s.at(2).key == QLatin1String("tasks") && s.size() >= 6 && s.at(3).index >= 0 &&
               s.at(3).index < userType.tasks.size() && s.at(4).key == QLatin1String("steps")) {
        steps = &userType.tasks.at(s.at(3).index).steps;
        at = 5;
    } else {
        return nullptr;
    }
    for (;;) {
        const int index = s.at(at).index;
        if (index < 0 || index >= steps->size())
            return nullptr;
        const Step *step = &steps->at(index);
        if (at + 1 == s.size())
            return step;
        // Deeper: .wsConnect.onConnect[i]
        const WsConnectStep *connect = step->get<WsConnectStep>();
        if (!connect || s.size() < at + 4 || s.at(at + 1).key != QLatin1String("wsConnect") ||
            s.at(at + 2).key != QLatin1String("onConnect"))
            return nullptr;
        steps = &connect->onConnect;
        at += 3;
    }
}

QString ProfileDocument::stepDetail(const QString &path) const
{
    return StepSummary::detail(JsonPath::get(m_root, path).toObject());
}

void ProfileDocument::setText(const QString &path, const QString &text, bool removeWhenEmpty)
{
    if (removeWhenEmpty && text.isEmpty()) {
        remove(path);
        return;
    }
    if (JsonPath::get(m_root, path) == QJsonValue(text))
        return;
    QJsonValue root = m_root;
    if (JsonPath::set(&root, path, text))
        apply(root, false, editLabel(path), path);
}

void ProfileDocument::setNumber(const QString &path, const QString &text)
{
    const QString trimmed = text.trimmed();
    bool ok = false;
    const double d = trimmed.toDouble(&ok);
    const QJsonValue v = ok ? QJsonValue(d) : QJsonValue(text);
    if (JsonPath::get(m_root, path) == v)
        return;
    QJsonValue root = m_root;
    if (JsonPath::set(&root, path, v))
        apply(root, false, editLabel(path), path);
}

void ProfileDocument::setBool(const QString &path, bool value)
{
    if (JsonPath::get(m_root, path) == QJsonValue(value))
        return;
    QJsonValue root = m_root;
    if (JsonPath::set(&root, path, value))
        apply(root, false, editLabel(path));
}

void ProfileDocument::setValue(const QString &path, const QVariant &value)
{
    const QJsonValue v = toJsonValue(value);
    const QJsonValue old = JsonPath::get(m_root, path);
    if (old == v)
        return;
    QJsonValue root = m_root;
    // New keys, removed keys and whole objects/arrays change what lists and trees show.
    if (!JsonPath::set(&root, path, v))
        return;
    const bool structural = old.isUndefined() || v.isObject() || v.isArray() || v.isUndefined();
    apply(root, structural, editLabel(path), structural ? QString() : path);
}

void ProfileDocument::remove(const QString &path)
{
    QJsonValue root = m_root;
    if (JsonPath::remove(&root, path))
        apply(root, true, tr("delete %1").arg(FieldNames::last(m_root, path)));
}

void ProfileDocument::insert(const QString &arrayPath, int index, const QVariant &value)
{
    QJsonValue root = m_root;
    const int at = index < 0 ? count(arrayPath) : index;
    if (JsonPath::insert(&root, arrayPath, at, toJsonValue(value)))
        apply(root, true,
              tr("add %1").arg(FieldNames::last(root, JsonPath::element(arrayPath, at))));
}

void ProfileDocument::move(const QString &arrayPath, int from, int to)
{
    if (from == to)
        return;
    QJsonValue root = m_root;
    if (JsonPath::move(&root, arrayPath, from, to))
        apply(root, true,
              tr("move %1").arg(FieldNames::last(m_root, JsonPath::element(arrayPath, from))));
}

bool ProfileDocument::renameKey(const QString &objectPath, const QString &from, const QString &to)
{
    if (from == to)
        return true;
    QJsonValue root = m_root;
    if (!JsonPath::renameKey(&root, objectPath, from, to))
        return false;
    if (objectPath == QLatin1String("$.templates")) {
        if (m_drafts.contains(from))
            m_drafts.insert(to, m_drafts.take(from));
        // Keep references working: steps that used the old name follow the rename.
        QJsonArray userTypes = root.toObject().value(QLatin1String("userTypes")).toArray();
        std::function<QJsonArray(QJsonArray)> renameIn = [&](QJsonArray steps) {
            for (qsizetype i = 0; i < steps.size(); ++i) {
                QJsonObject step = steps.at(i).toObject();
                for (const QString &kind : {QStringLiteral("http"), QStringLiteral("wsSend")}) {
                    QJsonObject body = step.value(kind).toObject();
                    if (body.value(QLatin1String("template")).toString() == from) {
                        body.insert(QStringLiteral("template"), to);
                        step.insert(kind, body);
                    }
                }
                // A wsConnect's onConnect steps may use the template too.
                QJsonObject connect = step.value(QLatin1String("wsConnect")).toObject();
                if (connect.contains(QLatin1String("onConnect"))) {
                    connect.insert(QStringLiteral("onConnect"),
                                   renameIn(connect.value(QLatin1String("onConnect")).toArray()));
                    step.insert(QStringLiteral("wsConnect"), connect);
                }
                steps.replace(i, step);
            }
            return steps;
        };
        for (qsizetype u = 0; u < userTypes.size(); ++u) {
            QJsonObject userType = userTypes.at(u).toObject();
            for (const QString &key : {QStringLiteral("onStart"), QStringLiteral("onStop")}) {
                if (userType.contains(key))
                    userType.insert(key, renameIn(userType.value(key).toArray()));
            }
            QJsonArray tasks = userType.value(QLatin1String("tasks")).toArray();
            for (qsizetype t = 0; t < tasks.size(); ++t) {
                QJsonObject task = tasks.at(t).toObject();
                task.insert(QStringLiteral("steps"),
                            renameIn(task.value(QLatin1String("steps")).toArray()));
                tasks.replace(t, task);
            }
            if (userType.contains(QLatin1String("tasks")))
                userType.insert(QStringLiteral("tasks"), tasks);
            userTypes.replace(u, userType);
        }
        if (root.toObject().contains(QLatin1String("userTypes")))
            JsonPath::set(&root, QStringLiteral("$.userTypes"), userTypes);
    }
    apply(root, true, tr("rename %1").arg(from));
    return true;
}

QString ProfileDocument::conditionOp(const QString &path) const
{
    return StepOptionJson::conditionOp(JsonPath::get(m_root, path).toObject());
}

void ProfileDocument::setConditionOp(const QString &path, const QString &op)
{
    setValue(
        path,
        StepOptionJson::withConditionOp(JsonPath::get(m_root, path).toObject(), op).toVariantMap());
}

QString ProfileDocument::captureSource(const QString &path) const
{
    return StepOptionJson::captureSource(JsonPath::get(m_root, path).toObject());
}

void ProfileDocument::setCaptureSource(const QString &path, const QString &source)
{
    setValue(path, StepOptionJson::withCaptureSource(JsonPath::get(m_root, path).toObject(), source)
                       .toVariantMap());
}

QString ProfileDocument::addCapture(const QString &mapPath)
{
    const QStringList names = keys(mapPath);
    QString name = QStringLiteral("token");
    for (int i = 2; names.contains(name); ++i)
        name = QStringLiteral("token%1").arg(i);
    QJsonValue root = m_root;
    if (!JsonPath::set(&root, JsonPath::child(mapPath, name),
                       QJsonObject{{QStringLiteral("json"), QStringLiteral("/token")}}))
        return {};
    apply(root, true, tr("add capture %1").arg(name));
    return name;
}

QString ProfileDocument::looseText(const QString &path) const
{
    return StepOptionJson::looseText(JsonPath::get(m_root, path));
}

void ProfileDocument::setLoose(const QString &path, const QString &text)
{
    const QJsonValue v = StepOptionJson::parseLoose(text);
    if (JsonPath::get(m_root, path) == v)
        return;
    QJsonValue root = m_root;
    if (JsonPath::set(&root, path, v))
        apply(root, false, editLabel(path), path);
}

QString ProfileDocument::nodeKind(const QString &path) const
{
    return ProfileOutlineModel::kindOfPath(path);
}

QString ProfileDocument::nodeOf(const QString &path) const
{
    for (QString p = path; p != QLatin1String("$") && !p.isEmpty(); p = JsonPath::parent(p)) {
        if (!nodeKind(p).isEmpty())
            return p;
    }
    return {};
}

QString ProfileDocument::child(const QString &path, const QString &key) const
{
    return JsonPath::child(path, key);
}

QString ProfileDocument::element(const QString &path, int index) const
{
    return JsonPath::element(path, index);
}

QString ProfileDocument::parentPath(const QString &path) const
{
    return JsonPath::parent(path);
}

int ProfileDocument::indexOf(const QString &path) const
{
    return JsonPath::lastIndex(path);
}

QString ProfileDocument::fieldTitle(const QString &path) const
{
    return FieldNames::describe(m_root, path);
}

QString ProfileDocument::messageFor(const QString &path) const
{
    QStringList messages;
    for (const ProfileIssue &issue : m_issues) {
        if (issue.path == path)
            messages.append(issue.message);
    }
    return messages.join(QLatin1Char('\n'));
}

QString ProfileDocument::messagesWithin(const QString &path) const
{
    QStringList messages;
    for (const ProfileIssue &issue : m_issues) {
        if (JsonPath::isWithin(issue.path, path))
            messages.append(issue.message);
    }
    return messages.join(QLatin1Char('\n'));
}

int ProfileDocument::issueCountWithin(const QString &path) const
{
    return int(std::count_if(m_issues.cbegin(), m_issues.cend(), [&](const ProfileIssue &i) {
        return JsonPath::isWithin(i.path, path);
    }));
}

QString ProfileDocument::severityFor(const QString &path) const
{
    QString worst;
    for (const ProfileIssue &issue : m_issues) {
        if (issue.path != path)
            continue;
        if (issue.severity == ProfileIssue::Severity::Error)
            return QStringLiteral("error");
        worst = QStringLiteral("warning");
    }
    return worst;
}

QVariant ProfileDocument::newStep(const QString &kind) const
{
    const StepDescriptor *d = findStepDescriptor(kind);
    if (!d)
        return {};
    return QJsonObject{{kind, d->editorDefault()}}.toVariantMap();
}

QString ProfileDocument::addTemplate(const QString &base)
{
    const QStringList names = templateNames();
    QString name = base;
    for (int i = 2; names.contains(name); ++i)
        name = base + QString::number(i);
    QJsonValue root = m_root;
    JsonPath::set(&root, JsonPath::child(QStringLiteral("$.templates"), name),
                  QJsonObject{{QStringLiteral("json"),
                               QJsonObject{{QStringLiteral("id"), QStringLiteral("{{uuid}}")},
                                           {QStringLiteral("type"), name}}}});
    apply(root, true, tr("add template %1").arg(name));
    return name;
}

QString ProfileDocument::addUserType()
{
    const QJsonArray userTypes = JsonPath::get(m_root, QStringLiteral("$.userTypes")).toArray();
    QStringList names;
    for (const QJsonValue &u : userTypes)
        names.append(u.toObject().value(QLatin1String("name")).toString());
    QString name = QStringLiteral("User");
    for (int i = 2; names.contains(name); ++i)
        name = QStringLiteral("User%1").arg(i);
    const QJsonObject userType{
        {QStringLiteral("name"), name},
        {QStringLiteral("weight"), 1},
        {QStringLiteral("wait"), QJsonObject{{QStringLiteral("constant"), QStringLiteral("1s")}}},
        {QStringLiteral("tasks"),
         QJsonArray{
             QJsonObject{{QStringLiteral("name"), QStringLiteral("task")},
                         {QStringLiteral("weight"), 1},
                         {QStringLiteral("steps"),
                          QJsonArray{QJsonValue::fromVariant(newStep(QStringLiteral("http")))}}}}}};
    QJsonValue root = m_root;
    JsonPath::insert(&root, QStringLiteral("$.userTypes"), int(userTypes.size()), userType);
    apply(root, true, tr("add user type %1").arg(name));
    return JsonPath::element(QStringLiteral("$.userTypes"), int(userTypes.size()));
}

QString ProfileDocument::addTask(const QString &userTypePath)
{
    const QString tasksPath = JsonPath::child(userTypePath, QStringLiteral("tasks"));
    const QJsonArray tasks = JsonPath::get(m_root, tasksPath).toArray();
    QStringList names;
    for (const QJsonValue &t : tasks)
        names.append(t.toObject().value(QLatin1String("name")).toString());
    QString name = QStringLiteral("task");
    for (int i = 2; names.contains(name); ++i)
        name = QStringLiteral("task%1").arg(i);
    QJsonValue root = m_root;
    JsonPath::insert(
        &root, tasksPath, int(tasks.size()),
        QJsonObject{{QStringLiteral("name"), name},
                    {QStringLiteral("weight"), 1},
                    {QStringLiteral("steps"),
                     QJsonArray{QJsonObject{{QStringLiteral("think"), QStringLiteral("1s")}}}}});
    apply(root, true, tr("add task %1").arg(name));
    return JsonPath::element(tasksPath, int(tasks.size()));
}

QString ProfileDocument::templateBody(const QString &name) const
{
    if (m_drafts.contains(name))
        return m_drafts.value(name);
    const QJsonObject t =
        JsonPath::get(m_root, JsonPath::child(QStringLiteral("$.templates"), name)).toObject();
    for (const QString &kind : {kTextKind, kBase64Kind, kHexKind}) {
        if (t.contains(kind))
            return t.value(kind).toString();
    }
    const QJsonValue json = t.value(QLatin1String("json"));
    if (json.isObject())
        return QString::fromUtf8(QJsonDocument(json.toObject()).toJson(QJsonDocument::Indented))
            .trimmed();
    if (json.isArray())
        return QString::fromUtf8(QJsonDocument(json.toArray()).toJson(QJsonDocument::Indented))
            .trimmed();
    if (json.isUndefined())
        return {};
    // A scalar JSON value: print it as JSON through a one-element array.
    QString s = QString::fromUtf8(QJsonDocument(QJsonArray{json}).toJson(QJsonDocument::Compact));
    return s.mid(1, s.size() - 2);
}

QString ProfileDocument::templateKind(const QString &name) const
{
    const QJsonObject t =
        JsonPath::get(m_root, JsonPath::child(QStringLiteral("$.templates"), name)).toObject();
    if (m_drafts.contains(name))
        return kJsonKind;
    for (const QString &kind : {kTextKind, kBase64Kind, kHexKind}) {
        if (t.contains(kind))
            return kind;
    }
    return kJsonKind;
}

void ProfileDocument::setTemplateBody(const QString &name, const QString &kind, const QString &text)
{
    const QString path = JsonPath::child(QStringLiteral("$.templates"), name);
    QJsonObject t = JsonPath::get(m_root, path).toObject();
    const bool hadDraft = m_drafts.remove(name) > 0;
    if (kind != kJsonKind) {
        // A template holds exactly one body key.
        for (const QString &other : templateKinds())
            t.remove(other);
        t.insert(kind, text);
    } else {
        // Any JSON value is allowed; QJsonDocument parses only objects and arrays, so wrap it.
        QJsonParseError error{};
        const QJsonDocument parsed =
            QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + QByteArray("\n]"), &error);
        if (error.error != QJsonParseError::NoError || parsed.array().size() != 1) {
            m_drafts.insert(name, text);
            if (!t.contains(kJsonKind)) {
                for (const QString &other : templateKinds())
                    t.remove(other);
                t.insert(kJsonKind, QString());
            }
            QJsonValue root = m_root;
            JsonPath::set(&root, path, t);
            apply(root, false, tr("edit template %1").arg(name), path);
            return;
        }
        for (const QString &other : templateKinds())
            t.remove(other);
        t.insert(kJsonKind, parsed.array().at(0));
    }
    QJsonValue root = m_root;
    JsonPath::set(&root, path, t);
    if (root == m_root && !hadDraft)
        return;
    apply(root, false, tr("edit template %1").arg(name), path);
}

void ProfileDocument::setTemplateKind(const QString &name, const QString &kind)
{
    const QString from = templateKind(name);
    const QString body = templateBody(name);
    if (from == kind || !templateKinds().contains(kind))
        return;
    // The bytes the body stands for; JSON and text are their UTF-8 text.
    QByteArray bytes = body.toUtf8();
    bool decoded = true;
    if (from == kBase64Kind)
        decoded = decodeBase64(body, &bytes);
    else if (from == kHexKind)
        decoded = decodeHex(body, &bytes);
    QString converted = body;
    if (decoded) {
        if (kind == kBase64Kind) {
            converted = QString::fromLatin1(bytes.toBase64());
        } else if (kind == kHexKind) {
            converted = QString::fromLatin1(bytes.toHex(' '));
        } else {
            // Binary to text or JSON only when the bytes are UTF-8; else keep the digits.
            QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
            const QString text = utf8.decode(bytes);
            if (!utf8.hasError())
                converted = text;
        }
    }
    setTemplateBody(name, kind, converted);
}

QVariantMap ProfileDocument::previewTemplate(const QString &name) const
{
    const QString path = JsonPath::child(QStringLiteral("$.templates"), name);
    QVariantMap out;
    const QString issues = messagesWithin(path);
    out.insert(QStringLiteral("errors"), issues);
    const QString kind = templateKind(name);
    if (kind == kBase64Kind || kind == kHexKind) {
        // Binary bodies carry no placeholders: the preview is the bytes themselves.
        QByteArray bytes;
        const QString body = templateBody(name);
        const bool ok = kind == kBase64Kind ? decodeBase64(body, &bytes) : decodeHex(body, &bytes);
        out.insert(QStringLiteral("text"), ok ? hexDump(bytes) : QString());
        if (!ok && issues.isEmpty())
            out.insert(QStringLiteral("errors"), kind == kBase64Kind
                                                     ? tr("not valid base64")
                                                     : tr("not an even number of hex digits"));
        out.insert(QStringLiteral("ok"), ok && issues.isEmpty());
        return out;
    }
    if (m_drafts.contains(name)) {
        out.insert(QStringLiteral("text"), QString());
        out.insert(QStringLiteral("ok"), false);
        return out;
    }
    const PayloadTemplate *t = m_profile.findTemplate(name);
    if (!t) {
        out.insert(QStringLiteral("text"), QString());
        out.insert(QStringLiteral("ok"), false);
        return out;
    }
    const bool json = t->kind == PayloadTemplate::Kind::Json;
    QStringList errors;
    const Template parsed = Template::parse(
        t->source(), &errors, json ? Template::Escaping::Json : Template::Escaping::None);
    QHash<QString, QString> variables;
    for (const NameValue &v : m_profile.variables)
        variables.insert(v.name, v.value);
    const QHash<QString, QString> environment = Template::environmentSnapshot();
    // Each feeder's first row, so that the preview shows real data.
    FeedRowValues feeds;
    for (qsizetype i = 0; i < m_profile.feeders.size() && i < m_feedTables.size(); ++i)
        feeds.set(m_profile.feeders.at(i).name, m_feedTables.at(i), 0);
    TemplateContext ctx;
    ctx.userIndex = 0;
    ctx.sequence = 1;
    ctx.variables = &variables;
    ctx.environment = &environment;
    ctx.feed = &feeds;
    QString rendered = parsed.render(ctx);
    if (json) {
        // Pretty-print what the server would receive, when it is still valid JSON.
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(rendered.toUtf8(), &error);
        if (error.error == QJsonParseError::NoError)
            rendered = QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
    }
    out.insert(QStringLiteral("text"), rendered);
    out.insert(QStringLiteral("ok"), errors.isEmpty() && issues.isEmpty());
    return out;
}

QString ProfileDocument::addFeeder()
{
    const QJsonArray feeders = JsonPath::get(m_root, QStringLiteral("$.feeders")).toArray();
    QStringList names;
    for (const QJsonValue &f : feeders)
        names.append(f.toObject().value(QLatin1String("name")).toString());
    QString name = QStringLiteral("users");
    for (int i = 2; names.contains(name); ++i)
        name = QStringLiteral("users%1").arg(i);
    QJsonValue root = m_root;
    // Feeders are schema 2: a schema-1 document is upgraded by apply().
    JsonPath::set(&root, QStringLiteral("$.feeders"),
                  QJsonArray(feeders)
                      << QJsonObject{{QStringLiteral("name"), name},
                                     {QStringLiteral("file"), name + ".csv"},
                                     {QStringLiteral("strategy"), QStringLiteral("sequential")}});
    apply(root, true, tr("add feeder %1").arg(name));
    return JsonPath::element(QStringLiteral("$.feeders"), int(feeders.size()));
}

QVariantMap ProfileDocument::feederPreview(const QString &path) const
{
    QVariantMap out;
    const int index = JsonPath::parse(path).value(1).index;
    const QString file = text(JsonPath::child(path, QStringLiteral("file")));
    out.insert(QStringLiteral("resolved"),
               file.trimmed().isEmpty() ? QString() : FeedLoader::resolve(file, directory()));
    const std::shared_ptr<const FeedTable> table =
        index >= 0 && index < m_feedTables.size() ? m_feedTables.at(index) : nullptr;
    out.insert(QStringLiteral("ok"), table != nullptr);
    out.insert(QStringLiteral("error"), messageFor(JsonPath::child(path, QStringLiteral("file"))));
    if (!table)
        return out;
    out.insert(QStringLiteral("columns"), table->columns());
    out.insert(QStringLiteral("rows"), table->rowCount());
    out.insert(QStringLiteral("firstRow"), table->row(0));
    return out;
}

QString ProfileDocument::feederFileFor(const QUrl &url) const
{
    const QString file = url.toLocalFile();
    if (directory().isEmpty())
        return file;
    const QString relative = QDir(directory()).relativeFilePath(file);
    return relative.startsWith(QLatin1String("..")) ? file : relative;
}

void ProfileDocument::newProfile()
{
    replaceDocument(newProfileJson(), QString());
}

void ProfileDocument::newWebSocketProfile()
{
    const QJsonObject starter = readResourceObject(kWebSocketStarterResource);
    if (starter.isEmpty()) {
        setLastError(tr("The bundled WebSocket starter profile is missing."));
        return;
    }
    replaceDocument(starter, QString());
    setLastError(QString());
}

bool ProfileDocument::open(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setLastError(tr("Cannot open %1: %2").arg(path, file.errorString()));
        return false;
    }
    const QByteArray bytes = file.readAll();
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        // Not editable as JSON: list the errors ProfileIo reports (with line numbers).
        Profile ignored;
        QList<ProfileIssue> issues;
        ProfileIo::loadFile(path, &ignored, &issues);
        QStringList lines;
        for (const ProfileIssue &issue : std::as_const(issues))
            lines.append(issue.toString(QFileInfo(path).fileName()));
        if (lines.isEmpty())
            lines.append(tr("%1 is not a JSON object").arg(path));
        setLastError(lines.join(QLatin1Char('\n')));
        return false;
    }
    replaceDocument(doc.object(), QFileInfo(path).absoluteFilePath());
    setLastError(QString());
    Q_EMIT fileUsed(m_filePath);
    return true;
}

bool ProfileDocument::save()
{
    if (m_filePath.isEmpty()) {
        setLastError(tr("The profile has no file yet; use Save As."));
        return false;
    }
    return saveAs(m_filePath);
}

bool ProfileDocument::saveAs(const QString &path)
{
    if (path.isEmpty()) {
        setLastError(tr("No file name given."));
        return false;
    }
    QString error;
    bool ok = false;
    if (m_drafts.isEmpty() && errorCount() == 0) {
        ok = ProfileIo::saveFile(path, m_profile, &error);
    } else {
        // Keep every edit, even those that do not validate yet; the CLI will list the errors.
        QJsonObject root = m_root.toObject();
        QSaveFile file(path);
        if (file.open(QIODevice::WriteOnly)) {
            file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
            ok = file.commit();
        }
        if (!ok)
            error = tr("Cannot write %1: %2").arg(path, file.errorString());
    }
    if (!ok) {
        setLastError(error);
        return false;
    }
    setLastError(QString());
    setFilePath(QFileInfo(path).absoluteFilePath());
    m_history.markSaved();
    setDirty(false);
    Q_EMIT fileUsed(m_filePath);
    return true;
}

void ProfileDocument::loadJson(const QVariant &json, const QString &filePath)
{
    replaceDocument(toJsonValue(json), filePath);
}

void ProfileDocument::loadExample(const QString &baseUrl, const QString &brokerUrl)
{
    QJsonValue root = readResourceObject(kExampleResource);
    if (root.toObject().isEmpty()) {
        setLastError(tr("The bundled example profile is missing."));
        return;
    }
    JsonPath::set(&root, QStringLiteral("$.target.baseUrl"), baseUrl);
    JsonPath::set(&root, QStringLiteral("$.target.brokerUrl"), brokerUrl);
    replaceDocument(root, QString());
    setLastError(QString());
}

void ProfileDocument::loadUnsaved(const QJsonObject &root)
{
    replaceDocument(root, QString());
    setLastError(QString());
    m_history.markNoSavedState();
    setDirty(true);
}

void ProfileDocument::replaceDocument(const QJsonValue &root, const QString &path)
{
    m_drafts.clear();
    m_root = root;
    setFilePath(path);
    ++m_revision;
    ++m_structureRevision;
    revalidate();
    m_history.reset({m_root, m_drafts});
    setDirty(false);
    Q_EMIT structureChanged();
    Q_EMIT changed();
    Q_EMIT historyChanged();
}

void ProfileDocument::apply(const QJsonValue &root, bool structural, const QString &label,
                            const QString &mergeKey)
{
    m_root = root;
    // Saving writes the current schema anyway; declaring it at the first edit lets the forms'
    // schema-2 options validate instead of asking for "schema": 2 first.
    const QJsonValue schema = JsonPath::get(m_root, QStringLiteral("$.schema"));
    if (schema.isDouble() && schema.toDouble() < kProfileSchema)
        JsonPath::set(&m_root, QStringLiteral("$.schema"), kProfileSchema);
    m_history.record({m_root, m_drafts}, label, structural, mergeKey);
    show(structural);
}

void ProfileDocument::show(bool structural)
{
    ++m_revision;
    if (structural)
        ++m_structureRevision;
    revalidate();
    setDirty(!m_history.isAtSavedState());
    if (structural)
        Q_EMIT structureChanged();
    Q_EMIT changed();
    Q_EMIT historyChanged();
}

void ProfileDocument::undo()
{
    if (!m_history.canUndo())
        return;
    bool structural = false;
    const EditHistory::State &state = m_history.undo(&structural);
    m_root = state.root;
    m_drafts = state.drafts;
    show(structural);
}

void ProfileDocument::redo()
{
    if (!m_history.canRedo())
        return;
    bool structural = false;
    const EditHistory::State &state = m_history.redo(&structural);
    m_root = state.root;
    m_drafts = state.drafts;
    show(structural);
}

QString ProfileDocument::editLabel(const QString &path) const
{
    return tr("edit %1").arg(FieldNames::last(m_root, path));
}

void ProfileDocument::revalidate()
{
    m_issues.clear();
    m_profile = ProfileIo::fromJson(m_root.toObject(), &m_issues);
    // Feeder files as you type: each exists, parses and has the columns the profile uses.
    m_feedTables =
        FeedLoader::load(m_profile, m_root.toObject(), directory(), &m_issues, &m_feedCache);
    for (auto it = m_drafts.cbegin(); it != m_drafts.cend(); ++it) {
        QJsonParseError error{};
        QJsonDocument::fromJson(QByteArray("[") + it.value().toUtf8() + QByteArray("\n]"), &error);
        ProfileIssue issue;
        issue.path = JsonPath::child(JsonPath::child(QStringLiteral("$.templates"), it.key()),
                                     QStringLiteral("json"));
        issue.message = tr("not valid JSON yet: %1 (near character %2); the text is kept")
                            .arg(error.errorString())
                            .arg(std::max(0, error.offset - 1));
        m_issues.append(issue);
    }
}

void ProfileDocument::setDirty(bool dirty)
{
    if (m_dirty == dirty)
        return;
    m_dirty = dirty;
    Q_EMIT dirtyChanged();
}

void ProfileDocument::setFilePath(const QString &path)
{
    if (m_filePath == path)
        return;
    const bool otherDirectory = QFileInfo(path).absolutePath() != directory();
    m_filePath = path;
    Q_EMIT fileChanged();
    // Feeder files are relative to the profile: in another directory they are other files.
    if (otherDirectory && !m_profile.feeders.isEmpty()) {
        revalidate();
        ++m_revision;
        Q_EMIT changed();
    }
}

void ProfileDocument::setLastError(const QString &error)
{
    if (m_lastError == error)
        return;
    m_lastError = error;
    Q_EMIT lastErrorChanged();
}

} // namespace cicada
