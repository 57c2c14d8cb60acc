#include "profile/profileio.h"

#include "profile/profilereader.h"
#include "profile/profilewriter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QSaveFile>

#include <cmath>

namespace cicada {

namespace {

constexpr qint64 kMsPerSecond = 1000;
constexpr qint64 kMsPerMinute = 60 * kMsPerSecond;
constexpr qint64 kMsPerHour = 60 * kMsPerMinute;
// Ten years: far beyond any run, far below overflow.
constexpr double kMaxDurationMs = 10.0 * 365 * 24 * kMsPerHour;

QJsonValue duration(qint64 ms)
{
    return ProfileIo::durationToJson(ms);
}

QJsonArray nameValuesToJson(const QList<NameValue> &list, bool cookies)
{
    QJsonArray out;
    for (const NameValue &nv : list) {
        QJsonObject o{{QStringLiteral("name"), nv.name}, {QStringLiteral("value"), nv.value}};
        if (cookies && !nv.domain.isEmpty())
            o.insert(QStringLiteral("domain"), nv.domain);
        if (!nv.comment.isEmpty())
            o.insert(QStringLiteral("comment"), nv.comment);
        out.append(o);
    }
    return out;
}

void insertComment(QJsonObject *o, const QString &comment)
{
    if (!comment.isEmpty())
        o->insert(QStringLiteral("comment"), comment);
}

void insertBody(QJsonObject *o, const QString &bodyTemplate, const QString &body)
{
    if (!bodyTemplate.isEmpty())
        o->insert(QStringLiteral("template"), bodyTemplate);
    if (!body.isEmpty())
        o->insert(QStringLiteral("body"), body);
}

// Schema 1 writes a single top-level field as "matchField"; the model holds JSON pointers.
QString fieldOfPointer(const QString &pointer)
{
    QString field = pointer.mid(1);
    field.replace(QLatin1String("~1"), QLatin1String("/"));
    field.replace(QLatin1String("~0"), QLatin1String("~"));
    return field;
}

QJsonObject stepToJson(const Step &step)
{
    QJsonObject out;
    insertComment(&out, step.comment);
    if (const auto *http = step.get<HttpStep>()) {
        QJsonObject inner;
        if (!http->name.isEmpty())
            inner.insert(QStringLiteral("name"), http->name);
        inner.insert(QStringLiteral("method"), http->method);
        inner.insert(QStringLiteral("path"), http->path);
        if (!http->headers.isEmpty())
            inner.insert(QStringLiteral("headers"), nameValuesToJson(http->headers, false));
        insertBody(&inner, http->bodyTemplate, http->body);
        if (http->expectStatus.size() == 1) {
            inner.insert(QStringLiteral("expect"), http->expectStatus.front());
        } else if (!http->expectStatus.isEmpty()) {
            QJsonArray expect;
            for (int status : http->expectStatus)
                expect.append(status);
            inner.insert(QStringLiteral("expect"), expect);
        }
        out.insert(QStringLiteral("http"), inner);
    } else if (const auto *connect = step.get<WsConnectStep>()) {
        QJsonObject inner;
        if (!connect->name.isEmpty())
            inner.insert(QStringLiteral("name"), connect->name);
        if (!connect->url.isEmpty())
            inner.insert(QStringLiteral("url"), connect->url);
        out.insert(QStringLiteral("wsConnect"), inner);
    } else if (const auto *send = step.get<WsSendStep>()) {
        QJsonObject inner;
        if (!send->name.isEmpty())
            inner.insert(QStringLiteral("name"), send->name);
        insertBody(&inner, send->bodyTemplate, send->body);
        if (send->await == WsSendStep::Await::NextMessage)
            inner.insert(QStringLiteral("await"), QStringLiteral("next"));
        else if (send->await == WsSendStep::Await::Match)
            inner.insert(QStringLiteral("await"), QStringLiteral("match"));
        const QString field =
            send->matchPointers.isEmpty() ? QString() : fieldOfPointer(send->matchPointers.front());
        if (send->await == WsSendStep::Await::Match || field != QLatin1String("id"))
            inner.insert(QStringLiteral("matchField"), field);
        if (send->timeoutMs > 0)
            inner.insert(QStringLiteral("timeout"), duration(send->timeoutMs));
        out.insert(QStringLiteral("wsSend"), inner);
    } else if (const auto *think = step.get<ThinkStep>()) {
        if (think->minMs == think->maxMs)
            out.insert(QStringLiteral("think"), duration(think->minMs));
        else
            out.insert(QStringLiteral("think"),
                       QJsonArray{duration(think->minMs), duration(think->maxMs)});
    } else if (step.is<CloseStep>()) {
        out.insert(QStringLiteral("close"), QJsonObject());
    }
    return out;
}

QJsonArray stepsToJson(const QList<Step> &steps)
{
    QJsonArray out;
    for (const Step &s : steps)
        out.append(stepToJson(s));
    return out;
}

QJsonObject waitToJson(const WaitTime &wait)
{
    QJsonObject o;
    insertComment(&o, wait.comment);
    switch (wait.kind) {
    case WaitTime::Kind::Constant:
        o.insert(QStringLiteral("constant"), duration(wait.minMs));
        break;
    case WaitTime::Kind::Between:
        o.insert(QStringLiteral("between"), QJsonArray{duration(wait.minMs), duration(wait.maxMs)});
        break;
    case WaitTime::Kind::ConstantPacing:
        o.insert(QStringLiteral("constantPacing"), duration(wait.minMs));
        break;
    }
    return o;
}

// Line and column (1-based) of a byte offset, for JSON syntax errors.
QPair<int, int> lineAndColumn(const QByteArray &data, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, data.size());
    int line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i) {
        if (data.at(i) == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    // Columns count characters, not UTF-8 bytes.
    const int column = int(QString::fromUtf8(data.mid(lineStart, offset - lineStart)).size()) + 1;
    return {line, column};
}

} // namespace

Profile ProfileIo::fromJson(const QJsonObject &root, QList<ProfileIssue> *issues)
{
    QList<ProfileIssue> local;
    ProfileReader reader(issues ? issues : &local);
    return reader.read(root);
}

QJsonObject ProfileIo::toJson(const Profile &profile)
{
    QJsonObject root;
    root.insert(QStringLiteral("schema"), profile.schema);
    root.insert(QStringLiteral("name"), profile.name);
    insertComment(&root, profile.comment);

    const Target &t = profile.target;
    QJsonObject target;
    if (!t.baseUrl.isEmpty())
        target.insert(QStringLiteral("baseUrl"), t.baseUrl);
    if (!t.brokerUrl.isEmpty())
        target.insert(QStringLiteral("brokerUrl"), t.brokerUrl);
    target.insert(QStringLiteral("verifyTls"), t.verifyTls);
    target.insert(QStringLiteral("connectTimeout"), duration(t.connectTimeoutMs));
    target.insert(QStringLiteral("requestTimeout"), duration(t.requestTimeoutMs));
    target.insert(QStringLiteral("transport"), t.transport);
    insertComment(&target, t.comment);
    root.insert(QStringLiteral("target"), target);

    if (!profile.cookies.isEmpty())
        root.insert(QStringLiteral("cookies"), nameValuesToJson(profile.cookies, true));
    if (!profile.headers.isEmpty())
        root.insert(QStringLiteral("headers"), nameValuesToJson(profile.headers, false));
    if (!profile.variables.isEmpty()) {
        QJsonObject variables;
        for (const NameValue &v : profile.variables)
            variables.insert(v.name, v.value);
        root.insert(QStringLiteral("variables"), variables);
    }
    if (!profile.templates.isEmpty()) {
        QJsonObject templates;
        for (const PayloadTemplate &pt : profile.templates) {
            QJsonObject o;
            insertComment(&o, pt.comment);
            if (pt.kind == PayloadTemplate::Kind::Json)
                o.insert(QStringLiteral("json"), pt.json.isUndefined() ? QJsonValue() : pt.json);
            else
                o.insert(QStringLiteral("text"), pt.text);
            templates.insert(pt.name, o);
        }
        root.insert(QStringLiteral("templates"), templates);
    }

    QJsonArray userTypes;
    for (const UserType &ut : profile.userTypes) {
        QJsonObject o{{QStringLiteral("name"), ut.name}, {QStringLiteral("weight"), ut.weight}};
        insertComment(&o, ut.comment);
        o.insert(QStringLiteral("wait"), waitToJson(ut.wait));
        if (!ut.onStart.isEmpty())
            o.insert(QStringLiteral("onStart"), stepsToJson(ut.onStart));
        QJsonArray tasks;
        for (const Task &task : ut.tasks) {
            QJsonObject to{{QStringLiteral("name"), task.name},
                           {QStringLiteral("weight"), task.weight},
                           {QStringLiteral("steps"), stepsToJson(task.steps)}};
            insertComment(&to, task.comment);
            tasks.append(to);
        }
        o.insert(QStringLiteral("tasks"), tasks);
        if (!ut.onStop.isEmpty())
            o.insert(QStringLiteral("onStop"), stepsToJson(ut.onStop));
        userTypes.append(o);
    }
    root.insert(QStringLiteral("userTypes"), userTypes);

    QJsonObject load{{QStringLiteral("users"), profile.load.users},
                     {QStringLiteral("spawnRate"), profile.load.spawnRate},
                     {QStringLiteral("runTime"), duration(profile.load.runTimeMs)}};
    insertComment(&load, profile.load.comment);
    root.insert(QStringLiteral("load"), load);
    if (!profile.thresholds.isEmpty())
        root.insert(QStringLiteral("thresholds"), QJsonArray::fromStringList(profile.thresholds));
    return root;
}

QByteArray ProfileIo::toText(const Profile &profile)
{
    return ProfileWriter::write(toJson(profile));
}

bool ProfileIo::loadFile(const QString &path, Profile *out, QList<ProfileIssue> *issues)
{
    QList<ProfileIssue> local;
    QList<ProfileIssue> *list = issues ? issues : &local;
    const qsizetype before = list->size();
    const auto failed = [&] {
        for (qsizetype i = before; i < list->size(); ++i) {
            if (list->at(i).severity == ProfileIssue::Severity::Error)
                return true;
        }
        return false;
    };

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        list->append({QString(),
                      QStringLiteral("cannot read the profile: %1").arg(file.errorString()),
                      ProfileIssue::Severity::Error, 0});
        return false;
    }
    QByteArray data = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        list->append({QString(),
                      QStringLiteral("cannot read the profile: %1").arg(file.errorString()),
                      ProfileIssue::Severity::Error, 0});
        return false;
    }
    if (data.startsWith("\xEF\xBB\xBF")) // editors on Windows like to add a UTF-8 BOM
        data.remove(0, 3);

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const auto [line, column] = lineAndColumn(data, parseError.offset);
        list->append({QString(),
                      QStringLiteral("JSON syntax error at line %1, column %2: %3")
                          .arg(line)
                          .arg(column)
                          .arg(parseError.errorString()),
                      ProfileIssue::Severity::Error, line});
        return false;
    }
    if (!doc.isObject()) {
        list->append({QStringLiteral("$"),
                      QStringLiteral("a profile is a JSON object ({ ... }), not an array"),
                      ProfileIssue::Severity::Error, 0});
        return false;
    }
    const Profile profile = fromJson(doc.object(), list);
    if (out)
        *out = profile;
    return !failed();
}

bool ProfileIo::saveFile(const QString &path, const Profile &profile, QString *error)
{
    QSaveFile file(path);
    const auto fail = [&](const QString &what) {
        if (error)
            *error = QStringLiteral("cannot %1 '%2': %3").arg(what, path, file.errorString());
        return false;
    };
    if (!file.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("create"));
    const QByteArray text = toText(profile);
    if (file.write(text) != text.size() || !file.flush()) {
        const bool result = fail(QStringLiteral("write"));
        file.cancelWriting();
        return result;
    }
    // Qt 6.4 reports a short write (a full disk, a file size limit) as success and would commit
    // a truncated profile: check what actually reached the file.
    if (file.size() != text.size()) {
        if (error)
            *error = QStringLiteral("cannot write '%1': only %2 of %3 bytes were written (is the "
                                    "disk full?)")
                         .arg(path)
                         .arg(file.size())
                         .arg(text.size());
        file.cancelWriting();
        return false;
    }
    if (!file.commit())
        return fail(QStringLiteral("save"));
    return true;
}

bool ProfileIo::hasErrors(const QList<ProfileIssue> &issues)
{
    return std::any_of(issues.cbegin(), issues.cend(), [](const ProfileIssue &i) {
        return i.severity == ProfileIssue::Severity::Error;
    });
}

qint64 ProfileIo::parseDuration(const QJsonValue &value, bool *ok, QString *error)
{
    const auto fail = [&](const QString &why) -> qint64 {
        if (ok)
            *ok = false;
        if (error)
            *error = why;
        return 0;
    };
    double ms = 0;
    if (value.isDouble()) {
        const double seconds = value.toDouble();
        if (seconds < 0)
            return fail(QStringLiteral("a duration cannot be negative, got %1").arg(seconds));
        ms = seconds * kMsPerSecond;
    } else if (value.isString()) {
        const QString text = value.toString().trimmed();
        static const QRegularExpression kPart(QStringLiteral(R"((\d+(?:\.\d+)?)\s*(ms|h|m|s)\s*)"));
        const QString example = QStringLiteral(
            "write it like \"250ms\", \"10s\", \"1.5s\", \"2m\", \"1h\" or \"1m30s\"");
        if (text.isEmpty())
            return fail(QStringLiteral("empty duration; %1").arg(example));
        static const QStringList kUnits = {QStringLiteral("h"), QStringLiteral("m"),
                                           QStringLiteral("s"), QStringLiteral("ms")};
        static const double kFactors[] = {double(kMsPerHour), double(kMsPerMinute),
                                          double(kMsPerSecond), 1.0};
        qsizetype pos = 0;
        qsizetype lastUnit = -1;
        while (pos < text.size()) {
            const QRegularExpressionMatch m =
                kPart.match(text, pos, QRegularExpression::NormalMatch,
                            QRegularExpression::AnchorAtOffsetMatchOption);
            if (!m.hasMatch()) {
                if (QRegularExpression(QStringLiteral(R"(^\d+(\.\d+)?$)")).match(text).hasMatch())
                    return fail(QStringLiteral("'%1' needs a unit (ms, s, m or h), or write a "
                                               "JSON number of seconds")
                                    .arg(text));
                return fail(QStringLiteral("'%1' is not a duration; %2").arg(text, example));
            }
            const qsizetype unit = kUnits.indexOf(m.captured(2));
            if (unit <= lastUnit)
                return fail(QStringLiteral("'%1' is not a duration: give each unit once, largest "
                                           "first, like \"1m30s\"")
                                .arg(text));
            lastUnit = unit;
            ms += m.captured(1).toDouble() * kFactors[unit];
            pos = m.capturedEnd(0);
        }
    } else {
        return fail(QStringLiteral("a duration must be a string like \"10s\" or a number of "
                                   "seconds, not %1")
                        .arg(value.isArray()    ? QStringLiteral("an array")
                             : value.isObject() ? QStringLiteral("an object")
                             : value.isBool()   ? QStringLiteral("true/false")
                                                : QStringLiteral("null")));
    }
    if (ms > kMaxDurationMs)
        return fail(QStringLiteral("a duration of %1 ms is too long").arg(ms, 0, 'g', 6));
    if (std::abs(ms - std::round(ms)) > 1e-6)
        return fail(
            QStringLiteral("a duration must be a whole number of milliseconds, got %1 ms").arg(ms));
    if (ok)
        *ok = true;
    return qint64(std::llround(ms));
}

QJsonValue ProfileIo::durationToJson(qint64 ms)
{
    if (ms == 0)
        return QStringLiteral("0s");
    if (ms % kMsPerHour == 0)
        return QStringLiteral("%1h").arg(ms / kMsPerHour);
    if (ms % kMsPerMinute == 0)
        return QStringLiteral("%1m").arg(ms / kMsPerMinute);
    if (ms % kMsPerSecond == 0)
        return QStringLiteral("%1s").arg(ms / kMsPerSecond);
    return QStringLiteral("%1ms").arg(ms);
}

} // namespace cicada
