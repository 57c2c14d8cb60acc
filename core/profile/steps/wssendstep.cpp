#include "profile/steps/wssendstep.h"

#include "profile/profileio.h"
#include "profile/steps/stepjson.h"
#include "profile/steps/stepkinds.h"
#include "profile/steps/stepreader.h"

#include <QJsonArray>

#include <cmath>

namespace cicada {

namespace {

const QString kKey = QStringLiteral("wsSend");
const QString kPerConnection = QStringLiteral("perConnection");
const QString kTotal = QStringLiteral("total");
const QString kFor = QStringLiteral("for");
const QString kCount = QStringLiteral("count");
constexpr int kMaxRateCount = 1000000000;

QJsonObject rateSchema()
{
    const QJsonObject perSecond{{QStringLiteral("type"), QStringLiteral("number")},
                                {QStringLiteral("exclusiveMinimum"), 0},
                                {QStringLiteral("maximum"), WsSendStep::kMaxRatePerSecond}};
    QJsonObject perConnection = perSecond;
    perConnection.insert(QStringLiteral("description"),
                         QStringLiteral("messages per second on each connection"));
    QJsonObject total = perSecond;
    total.insert(QStringLiteral("description"),
                 QStringLiteral("messages per second over the user type's connections"));
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("description"),
         QStringLiteral("send at a schedule without waiting for replies; latency counts from "
                        "each message's intended send time")},
        {QStringLiteral("properties"),
         QJsonObject{{kPerConnection, perConnection},
                     {kTotal, total},
                     {kFor, schemaRef(QStringLiteral("duration"))},
                     {kCount, QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")},
                                          {QStringLiteral("minimum"), 1},
                                          {QStringLiteral("maximum"), kMaxRateCount}}}}},
        {QStringLiteral("oneOf"),
         QJsonArray{QJsonObject{{QStringLiteral("required"), QJsonArray{kPerConnection}}},
                    QJsonObject{{QStringLiteral("required"), QJsonArray{kTotal}}}}},
        {QStringLiteral("additionalProperties"), false}};
}

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
        {QStringLiteral("rate"), 2, rateSchema(), {kPerConnection, kTotal, kFor, kCount}},
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

QString numberText(double d)
{
    return QString::number(d, 'g', 15);
}

/** `"rate"`: exactly one of perConnection / total, and at most one of for / count. */
void readRate(const QJsonObject &o, const QString &path, StepReader &r, WsSendStep *step)
{
    QJsonObject rate;
    if (!r.readObject(o, QStringLiteral("rate"), path, &rate))
        return;
    const QString p = StepReader::childPath(path, QStringLiteral("rate"));
    r.checkKeys(rate, p, {kPerConnection, kTotal, kFor, kCount});
    const bool perConnection = rate.contains(kPerConnection);
    if (perConnection == rate.contains(kTotal)) {
        r.error(p, QStringLiteral("rate needs exactly one of \"perConnection\" (messages per "
                                  "second on each connection) and \"total\" (messages per "
                                  "second over the user type's connections)"));
        return;
    }
    const QString key = perConnection ? kPerConnection : kTotal;
    const QJsonValue value = rate.value(key);
    const double perSecond = value.toDouble();
    if (!value.isDouble()) {
        r.wrongType(StepReader::childPath(p, key), key,
                    QStringLiteral("a number of messages per "
                                   "second"),
                    value);
        return;
    }
    if (!std::isfinite(perSecond) || perSecond <= 0 || perSecond > WsSendStep::kMaxRatePerSecond) {
        r.error(StepReader::childPath(p, key),
                QStringLiteral("%1 must be more than 0 and at most %2 messages per second, got %3")
                    .arg(key, numberText(WsSendStep::kMaxRatePerSecond), numberText(perSecond)));
        return;
    }
    if (rate.contains(kFor) && rate.contains(kCount)) {
        r.error(p, QStringLiteral("use \"for\" (a duration) or \"count\" (a number of "
                                  "messages), not both"));
        return;
    }
    WsSendStep::Rate out;
    out.mode =
        perConnection ? WsSendStep::Rate::Mode::PerConnection : WsSendStep::Rate::Mode::Total;
    out.perSecond = perSecond;
    if (rate.contains(kFor)) {
        if (!r.readDuration(rate, kFor, p, &out.forMs))
            return;
        if (out.forMs <= 0) {
            r.error(StepReader::childPath(p, kFor),
                    QStringLiteral("for must be longer than 0; leave it out to send until the "
                                   "user stops"));
            return;
        }
    }
    if (rate.contains(kCount) && !r.readInt(rate, kCount, p, 1, kMaxRateCount, &out.count))
        return;
    if (step->inFlight > 1)
        r.error(StepReader::childPath(path, QStringLiteral("inFlight")),
                QStringLiteral("inFlight does not apply with \"rate\": rate sends never wait "
                               "for replies; leave inFlight out"));
    step->rate = out;
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
    readRate(o, path, r, &step);
    return step;
}

void writeRate(const WsSendStep::Rate &rate, QJsonObject *o)
{
    if (rate.mode == WsSendStep::Rate::Mode::None)
        return;
    QJsonObject r;
    r.insert(rate.mode == WsSendStep::Rate::Mode::PerConnection ? kPerConnection : kTotal,
             rate.perSecond);
    if (rate.forMs > 0)
        r.insert(kFor, ProfileIo::durationToJson(rate.forMs));
    if (rate.count > 0)
        r.insert(kCount, rate.count);
    o->insert(QStringLiteral("rate"), r);
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
    writeRate(step.rate, &o);
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
    if (step.rate.mode != WsSendStep::Rate::Mode::None) {
        text += QStringLiteral(" at %1/s").arg(numberText(step.rate.perSecond));
        text += step.rate.mode == WsSendStep::Rate::Mode::PerConnection
                    ? QStringLiteral(" per connection")
                    : QStringLiteral(" in total");
        if (step.rate.count > 0)
            text += QStringLiteral(", %1 messages").arg(step.rate.count);
        else if (step.rate.forMs > 0)
            text += QStringLiteral(" for %1").arg(
                ProfileIo::durationToJson(step.rate.forMs).toVariant().toString());
    }
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
