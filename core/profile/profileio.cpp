#include "profile/profileio.h"

#include "profile/profilereader.h"
#include "profile/profilewriter.h"
#include "profile/steps/stepdescriptor.h"
#include "profile/steps/stepjson.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QSaveFile>

#include <cmath>
#include <functional>

namespace cicada {

namespace {

constexpr qint64 kMsPerSecond = 1000;
constexpr qint64 kMsPerMinute = 60 * kMsPerSecond;
constexpr qint64 kMsPerHour = 60 * kMsPerMinute;

QJsonValue duration(qint64 ms)
{
    return ProfileIo::durationToJson(ms);
}

QJsonObject stepToJson(const Step &step)
{
    const StepDescriptor &d = stepDescriptor(step.kind());
    QJsonObject out{{d.key, d.write(step)}};
    stepjson::insertComment(&out, step.comment);
    return out;
}

QJsonArray stepsToJson(const QList<Step> &steps)
{
    QJsonArray out;
    for (const Step &s : steps)
        out.append(stepToJson(s));
    return out;
}

void insertComment(QJsonObject *o, const QString &comment)
{
    stepjson::insertComment(o, comment);
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

QJsonArray feedersToJson(const QList<Feeder> &feeders)
{
    QJsonArray out;
    for (const Feeder &f : feeders) {
        QJsonObject o{{QStringLiteral("name"), f.name}, {QStringLiteral("file"), f.file}};
        insertComment(&o, f.comment);
        if (f.format != Feeder::Format::Auto)
            o.insert(QStringLiteral("format"), f.format == Feeder::Format::Json
                                                   ? QStringLiteral("json")
                                                   : QStringLiteral("csv"));
        static const QStringList kStrategies = {
            QStringLiteral("sequential"), QStringLiteral("circular"), QStringLiteral("random"),
            QStringLiteral("perUser")};
        o.insert(QStringLiteral("strategy"), kStrategies.at(int(f.strategy)));
        // Written where it matters, and whenever it is not the default (lossless).
        if (f.canRunOut() || f.onExhausted != Feeder::OnExhausted::StopUser)
            o.insert(QStringLiteral("onExhausted"), f.onExhausted == Feeder::OnExhausted::Fail
                                                        ? QStringLiteral("fail")
                                                        : QStringLiteral("stopUser"));
        out.append(o);
    }
    return out;
}

// Line and column (1-based) of a byte offset, for JSON syntax errors.
QJsonObject arrivalRateToJson(const ArrivalRate &a)
{
    QJsonObject o{{QStringLiteral("rate"), a.rate}};
    if (a.toRate) {
        o.insert(QStringLiteral("to"), *a.toRate);
        o.insert(QStringLiteral("over"), duration(a.overMs));
    }
    o.insert(QStringLiteral("maxConcurrent"), a.maxConcurrent);
    if (a.dropAfterMs != kDefaultDropAfterMs)
        o.insert(QStringLiteral("dropAfter"), duration(a.dropAfterMs));
    insertComment(&o, a.comment);
    return o;
}

QJsonArray stagesToJson(const QList<LoadStage> &stages)
{
    QJsonArray array;
    for (const LoadStage &stage : stages) {
        QJsonObject o{{QStringLiteral("duration"), duration(stage.durationMs)}};
        if (stage.users)
            o.insert(QStringLiteral("users"), *stage.users);
        if (stage.spawnRate)
            o.insert(QStringLiteral("spawnRate"), *stage.spawnRate);
        if (stage.rate)
            o.insert(QStringLiteral("rate"), *stage.rate);
        insertComment(&o, stage.comment);
        array.append(o);
    }
    return array;
}

QJsonObject loadToJson(const Profile &profile)
{
    const LoadSettings &load = profile.load;
    QJsonObject o;
    // The open model does not use users and spawnRate: their defaults are left out.
    const bool open = profile.isOpenModel();
    if (!open || load.users != LoadSettings().users)
        o.insert(QStringLiteral("users"), load.users);
    if (!open || load.spawnRate != LoadSettings().spawnRate)
        o.insert(QStringLiteral("spawnRate"), load.spawnRate);
    o.insert(QStringLiteral("runTime"), duration(load.runTimeMs));
    if (load.arrivalRate)
        o.insert(QStringLiteral("arrivalRate"), arrivalRateToJson(*load.arrivalRate));
    if (!load.stages.isEmpty())
        o.insert(QStringLiteral("stages"), stagesToJson(load.stages));
    if (load.stopTimeoutMs > 0)
        o.insert(QStringLiteral("stopTimeout"), duration(load.stopTimeoutMs));
    insertComment(&o, load.comment);
    return o;
}

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
    root.insert(QStringLiteral("$schema"), profile.jsonSchemaUri.isEmpty()
                                               ? QString::fromLatin1(kProfileJsonSchemaUri)
                                               : profile.jsonSchemaUri);
    // Saving upgrades: what a schema-1 file says, schema 2 says the same way.
    root.insert(QStringLiteral("schema"), kProfileSchema);
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
    if (t.wsTransport != QLatin1String("lean"))
        target.insert(QStringLiteral("wsTransport"), t.wsTransport);
    if (t.maxBodyBytes != kDefaultMaxBodyBytes)
        target.insert(QStringLiteral("maxBodySize"), t.maxBodyBytes);
    if (t.maxMessageBytes != kDefaultMaxMessageBytes)
        target.insert(QStringLiteral("maxMessageSize"), t.maxMessageBytes);
    if (t.sourceAddresses.size() == 1)
        target.insert(QStringLiteral("sourceAddresses"), t.sourceAddresses.constFirst());
    else if (!t.sourceAddresses.isEmpty())
        target.insert(QStringLiteral("sourceAddresses"),
                      QJsonArray::fromStringList(t.sourceAddresses));
    insertComment(&target, t.comment);
    root.insert(QStringLiteral("target"), target);

    if (!profile.cookies.isEmpty())
        root.insert(QStringLiteral("cookies"), stepjson::nameValues(profile.cookies, true));
    if (!profile.headers.isEmpty())
        root.insert(QStringLiteral("headers"), stepjson::nameValues(profile.headers, false));
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
            switch (pt.kind) {
            case PayloadTemplate::Kind::Json:
                o.insert(QStringLiteral("json"), pt.json.isUndefined() ? QJsonValue() : pt.json);
                break;
            case PayloadTemplate::Kind::Text:
                o.insert(QStringLiteral("text"), pt.text);
                break;
            case PayloadTemplate::Kind::Binary:
                if (pt.hex)
                    o.insert(QStringLiteral("hex"), QString::fromLatin1(pt.binary.toHex()));
                else
                    o.insert(QStringLiteral("base64"), QString::fromLatin1(pt.binary.toBase64()));
                break;
            }
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
        if (ut.arrivalRate)
            o.insert(QStringLiteral("arrivalRate"), arrivalRateToJson(*ut.arrivalRate));
        if (ut.fixedCount > 0)
            o.insert(QStringLiteral("fixedCount"), ut.fixedCount);
        userTypes.append(o);
    }
    root.insert(QStringLiteral("userTypes"), userTypes);

    root.insert(QStringLiteral("load"), loadToJson(profile));
    if (!profile.thresholds.isEmpty())
        root.insert(QStringLiteral("thresholds"), QJsonArray::fromStringList(profile.thresholds));
    if (profile.thresholdsMaxErrorRate != Profile::kDefaultThresholdsMaxErrorRate)
        root.insert(QStringLiteral("thresholdOptions"),
                    QJsonObject{{QStringLiteral("maxErrorRate"), profile.thresholdsMaxErrorRate}});
    if (!profile.feeders.isEmpty())
        root.insert(QStringLiteral("feeders"), feedersToJson(profile.feeders));
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

    const auto cannotRead = [&](const QString &why) {
        list->append({QString(), QStringLiteral("cannot read the profile: %1").arg(why),
                      ProfileIssue::Severity::Error, 0});
        return false;
    };
    // Checked before opening: opening a FIFO would block, reading /dev/zero would never end.
    const QFileInfo info(path);
    if (info.exists() && !info.isFile())
        return cannotRead(info.isDir() ? QStringLiteral("it is a directory")
                                       : QStringLiteral("it is not a regular file (a device, "
                                                        "a pipe or a socket)"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return cannotRead(file.errorString());
    const auto tooLarge = [&] {
        return cannotRead(QStringLiteral("it is larger than %1 MiB; a profile is a few KiB")
                              .arg(kMaxFileBytes / (1024 * 1024)));
    };
    if (file.size() > kMaxFileBytes)
        return tooLarge();
    // Never more than the limit, even if the file grows (or lies about its size) meanwhile.
    QByteArray data = file.read(kMaxFileBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return cannotRead(file.errorString());
    if (data.size() > kMaxFileBytes)
        return tooLarge();
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
    // Qt timers take at most 2^31 - 1 ms; a longer duration would wrap to a short or negative one.
    if (ms > double(kMaxDurationMs))
        return fail(
            QStringLiteral("%1 ms is too long: a duration is at most 24 days").arg(ms, 0, 'g', 15));
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

ProfileIo::ConnectionKinds ProfileIo::connectionKinds(const QJsonValue &userTypes)
{
    // The JSON form: one walk covers every step kind and nesting.
    ConnectionKinds kinds;
    const std::function<void(const QJsonValue &)> walk = [&](const QJsonValue &v) {
        if (v.isArray()) {
            for (const QJsonValue &item : v.toArray())
                walk(item);
        } else if (v.isObject()) {
            const QJsonObject o = v.toObject();
            kinds.http |= o.contains(QLatin1String("http"));
            kinds.ws |= o.contains(QLatin1String("wsConnect"));
            for (auto it = o.begin(); it != o.end(); ++it)
                walk(it.value());
        }
    };
    walk(userTypes);
    return kinds;
}

} // namespace cicada
