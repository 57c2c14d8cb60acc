#include "profile/steps/wssendstep.h"

#include "profile/profileio.h"
#include "profile/steps/stepjson.h"
#include "profile/steps/stepkinds.h"
#include "profile/steps/stepreader.h"

#include <QJsonArray>

namespace cicada {

namespace {

const QString kKey = QStringLiteral("wsSend");

QList<StepKey> keys()
{
    const QJsonObject count{{QStringLiteral("type"), QStringLiteral("integer")},
                            {QStringLiteral("minimum"), 1},
                            {QStringLiteral("maximum"), StepReader::kMaxCount}};
    return {
        {QStringLiteral("name"), 1,
         stepjson::stringSchema(QStringLiteral("stats name; default: the template name"))},
        {QStringLiteral("template"), 1,
         stepjson::stringSchema(QStringLiteral("a name from $.templates"))},
        {QStringLiteral("body"), 1, stepjson::stringSchema(QStringLiteral("inline message text"))},
        {QStringLiteral("await"), 1,
         QJsonObject{
             {QStringLiteral("enum"), QJsonArray{QStringLiteral("none"), QStringLiteral("next"),
                                                 QStringLiteral("match")}}}},
        {QStringLiteral("match"), 2,
         QJsonObject{{QStringLiteral("oneOf"),
                      QJsonArray{schemaRef(QStringLiteral("pointer")),
                                 QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                                             {QStringLiteral("items"),
                                              schemaRef(QStringLiteral("pointer"))},
                                             {QStringLiteral("minItems"), 1}}}}}},
        {QStringLiteral("matchField"), 1,
         stepjson::stringSchema(QStringLiteral("schema 1: a top-level field; use match"))},
        {QStringLiteral("timeout"), 1, schemaRef(QStringLiteral("duration"))},
        {QStringLiteral("inFlight"), 2, count},
        {QStringLiteral("replies"), 2, count},
        {QStringLiteral("until"), 2, schemaRef(QStringLiteral("conditions"))},
        {QStringLiteral("capture"), 2, schemaRef(QStringLiteral("captures"))},
        {QStringLiteral("check"), 2, schemaRef(QStringLiteral("conditions"))},
        {QStringLiteral("comment"), 1, stepjson::stringSchema()},
    };
}

QString pointerForField(QString field)
{
    field.replace(QLatin1Char('~'), QLatin1String("~0"));
    field.replace(QLatin1Char('/'), QLatin1String("~1"));
    return QLatin1Char('/') + field;
}

void readMatch(const QJsonObject &o, const QString &path, StepReader &r, WsSendStep *step)
{
    const bool hasMatch = o.contains(QLatin1String("match"));
    const bool hasField = o.contains(QLatin1String("matchField"));
    if (hasMatch && hasField) {
        r.error(path, QStringLiteral("use \"match\" (JSON pointers), not both \"match\" and "
                                     "\"matchField\""));
        return;
    }
    if (hasField) {
        QString field;
        if (!r.readString(o, QStringLiteral("matchField"), path, &field))
            return;
        if (field.trimmed().isEmpty()) {
            if (step->await == WsSendStep::Await::Match)
                r.error(path + QLatin1String(".matchField"),
                        QStringLiteral("await \"match\" needs a non-empty matchField: the JSON "
                                       "field of the reply that must equal the sent one, e.g. "
                                       "\"id\""));
            return;
        }
        step->matchPointers = {pointerForField(field)};
        return;
    }
    QStringList pointers;
    if (!r.readStringList(o, QStringLiteral("match"), path, true, &pointers))
        return;
    const QString p = path + QLatin1String(".match");
    if (pointers.isEmpty()) {
        r.error(p, QStringLiteral("match needs at least one JSON pointer, e.g. \"/id\""));
        return;
    }
    bool ok = true;
    for (qsizetype i = 0; i < pointers.size(); ++i)
        ok = r.checkPointer(pointers.at(i),
                            o.value(QLatin1String("match")).isArray() ? StepReader::indexPath(p, i)
                                                                      : p,
                            QStringLiteral("match"), true) &&
             ok;
    if (ok)
        step->matchPointers = pointers;
}

Step read(const StepDescriptor &d, const QJsonValue &value, const QString &path, StepReader &r)
{
    WsSendStep step;
    if (!value.isObject()) {
        r.wrongType(path, kKey, QStringLiteral("an object"), value);
        return step;
    }
    const QJsonObject o = value.toObject();
    if (!r.connected())
        r.error(path, QStringLiteral("wsSend needs a wsConnect earlier in onStart or in the same "
                                     "task"));
    r.checkKeys(o, path, d.keyNames(), d.schema2KeyNames());
    r.readString(o, QStringLiteral("name"), path, &step.name);
    r.readBody(o, path, kKey, &step.bodyTemplate, &step.body);
    QString await;
    if (r.readString(o, QStringLiteral("await"), path, &await)) {
        if (await == QLatin1String("none"))
            step.await = WsSendStep::Await::None;
        else if (await == QLatin1String("next"))
            step.await = WsSendStep::Await::NextMessage;
        else if (await == QLatin1String("match"))
            step.await = WsSendStep::Await::Match;
        else
            r.error(path + QLatin1String(".await"),
                    QStringLiteral("await must be \"none\" (fire and forget), \"next\" (the next "
                                   "message) or \"match\" (the reply whose values at the match "
                                   "pointers equal the sent ones), not '%1'")
                        .arg(await));
    }
    readMatch(o, path, r, &step);
    r.readTimeout(o, QStringLiteral("timeout"), path, QStringLiteral("$.target.requestTimeout"),
                  &step.timeoutMs);
    const bool awaits = step.await != WsSendStep::Await::None;
    const auto needsAwait = [&](const QString &key, const QString &what) {
        if (o.contains(key) && !awaits)
            r.error(StepReader::childPath(path, key),
                    QStringLiteral("%1 needs a reply: set \"await\" to \"match\" or \"next\"")
                        .arg(what));
    };
    if (r.readInt(o, QStringLiteral("inFlight"), path, 1, StepReader::kMaxCount, &step.inFlight) &&
        step.inFlight > 1 && step.await != WsSendStep::Await::Match)
        r.error(path + QLatin1String(".inFlight"),
                QStringLiteral("inFlight above 1 needs \"await\": \"match\": the replies of "
                               "messages in flight are told apart by the match pointers"));
    if (r.readInt(o, QStringLiteral("replies"), path, 1, StepReader::kMaxCount, &step.replies) &&
        step.replies > 1)
        needsAwait(QStringLiteral("replies"), QStringLiteral("replies"));
    step.until = r.readConditions(o, QStringLiteral("until"), path);
    needsAwait(QStringLiteral("until"), QStringLiteral("until"));
    if (o.contains(QLatin1String("until")) && o.contains(QLatin1String("replies")) &&
        step.replies > 1 && !step.until.isEmpty())
        r.error(path, QStringLiteral("use \"replies\" (a count) or \"until\" (a last reply), not "
                                     "both"));
    step.captures = r.readCaptures(o, QStringLiteral("capture"), path, false);
    needsAwait(QStringLiteral("capture"), QStringLiteral("a capture"));
    step.checks = r.readConditions(o, QStringLiteral("check"), path);
    needsAwait(QStringLiteral("check"), QStringLiteral("a check"));
    return step;
}

QJsonValue write(const Step &s)
{
    const WsSendStep &step = s.as<WsSendStep>();
    QJsonObject o;
    if (!step.name.isEmpty())
        o.insert(QStringLiteral("name"), step.name);
    if (!step.bodyTemplate.isEmpty())
        o.insert(QStringLiteral("template"), step.bodyTemplate);
    if (!step.body.isEmpty())
        o.insert(QStringLiteral("body"), step.body);
    if (step.await == WsSendStep::Await::NextMessage)
        o.insert(QStringLiteral("await"), QStringLiteral("next"));
    else if (step.await == WsSendStep::Await::Match)
        o.insert(QStringLiteral("await"), QStringLiteral("match"));
    if (step.await == WsSendStep::Await::Match || step.matchPointers != WsSendStep().matchPointers)
        o.insert(QStringLiteral("match"), stepjson::stringOrList(step.matchPointers));
    if (step.timeoutMs > 0)
        o.insert(QStringLiteral("timeout"), ProfileIo::durationToJson(step.timeoutMs));
    if (step.inFlight != 1)
        o.insert(QStringLiteral("inFlight"), step.inFlight);
    if (step.replies != 1)
        o.insert(QStringLiteral("replies"), step.replies);
    if (!step.until.isEmpty())
        o.insert(QStringLiteral("until"), stepjson::conditions(step.until));
    if (!step.captures.isEmpty())
        o.insert(QStringLiteral("capture"), stepjson::captures(step.captures));
    if (!step.checks.isEmpty())
        o.insert(QStringLiteral("check"), stepjson::conditions(step.checks));
    return o;
}

QString summary(const Step &s)
{
    const WsSendStep &step = s.as<WsSendStep>();
    QString text =
        QStringLiteral("send ") + (!step.bodyTemplate.isEmpty() ? step.bodyTemplate
                                   : step.body.size() > 24      ? step.body.left(23) + QChar(0x2026)
                                                                : step.body);
    switch (step.await) {
    case WsSendStep::Await::None:
        break;
    case WsSendStep::Await::NextMessage:
        text += QStringLiteral(" → next message");
        break;
    case WsSendStep::Await::Match:
        text += QStringLiteral(" → reply matching ") + step.matchPointers.join(QLatin1String(", "));
        break;
    }
    if (step.replies > 1)
        text += QStringLiteral(" ×%1").arg(step.replies);
    if (step.inFlight > 1)
        text += QStringLiteral(" (%1 in flight)").arg(step.inFlight);
    return text;
}

} // namespace

StepDescriptor wsSendStepDescriptor()
{
    StepDescriptor d;
    d.kind = Step::Kind::WsSend;
    d.key = kKey;
    d.title = QStringLiteral("WebSocket send");
    d.keys = keys();
    d.jsonSchema = stepjson::objectSchema(d.keys);
    d.read = [d](const QJsonValue &value, const QString &path, StepReader &reader) {
        return read(d, value, path, reader);
    };
    d.write = write;
    d.editorDefault = [] {
        return QJsonObject{{QStringLiteral("body"), QStringLiteral(R"({"id": "{{uuid}}"})")},
                           {QStringLiteral("await"), QStringLiteral("match")},
                           {QStringLiteral("match"), QStringLiteral("/id")}};
    };
    d.summary = summary;
    return d;
}

} // namespace cicada
