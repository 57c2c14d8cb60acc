#include "profile/steps/wsawaitstep.h"

#include "profile/profileio.h"
#include "profile/steps/stepjson.h"
#include "profile/steps/stepkinds.h"
#include "profile/steps/stepreader.h"

#include <QJsonArray>

namespace cicada {

namespace {

const QString kKey = QStringLiteral("wsAwait");

QList<StepKey> keys()
{
    return {
        {QStringLiteral("name"), 2,
         stepjson::stringSchema(QStringLiteral("stats name; default message"))},
        {QStringLiteral("match"), 2, schemaRef(QStringLiteral("conditions"))},
        {QStringLiteral("timeout"), 2, schemaRef(QStringLiteral("duration"))},
        {QStringLiteral("capture"), 2, schemaRef(QStringLiteral("captures"))},
        {QStringLiteral("check"), 2, schemaRef(QStringLiteral("conditions"))},
        {QStringLiteral("comment"), 2, stepjson::stringSchema()},
    };
}

Step read(const StepDescriptor &d, const QJsonValue &value, const QString &path, StepReader &r)
{
    WsAwaitStep step;
    // The whole kind is new in schema 2.
    r.requireSchema2(path, QStringLiteral("the wsAwait step"));
    if (!value.isObject()) {
        r.wrongType(path, kKey, QStringLiteral("an object"), value);
        return step;
    }
    const QJsonObject o = value.toObject();
    if (!r.connected())
        r.error(path, QStringLiteral("wsAwait needs a wsConnect earlier in onStart or in the same "
                                     "task"));
    r.checkKeys(o, path, d.keyNames());
    r.readString(o, QStringLiteral("name"), path, &step.name);
    step.match = r.readConditions(o, QStringLiteral("match"), path);
    r.readTimeout(o, QStringLiteral("timeout"), path, QStringLiteral("$.target.requestTimeout"),
                  &step.timeoutMs);
    step.captures = r.readCaptures(o, QStringLiteral("capture"), path, false);
    step.checks = r.readConditions(o, QStringLiteral("check"), path);
    return step;
}

QJsonValue write(const Step &s)
{
    const WsAwaitStep &step = s.as<WsAwaitStep>();
    QJsonObject o;
    if (!step.name.isEmpty())
        o.insert(QStringLiteral("name"), step.name);
    if (!step.match.isEmpty())
        o.insert(QStringLiteral("match"), stepjson::conditions(step.match));
    if (step.timeoutMs > 0)
        o.insert(QStringLiteral("timeout"), ProfileIo::durationToJson(step.timeoutMs));
    if (!step.captures.isEmpty())
        o.insert(QStringLiteral("capture"), stepjson::captures(step.captures));
    if (!step.checks.isEmpty())
        o.insert(QStringLiteral("check"), stepjson::conditions(step.checks));
    return o;
}

QString summary(const Step &s)
{
    const WsAwaitStep &step = s.as<WsAwaitStep>();
    if (step.match.isEmpty())
        return QStringLiteral("await any message");
    QStringList conditions;
    for (const Condition &c : step.match)
        conditions.append(stepjson::conditionText(c));
    return QStringLiteral("await ") + conditions.join(QLatin1String(" and "));
}

} // namespace

StepDescriptor wsAwaitStepDescriptor()
{
    StepDescriptor d;
    d.kind = Step::Kind::WsAwait;
    d.key = kKey;
    d.title = QStringLiteral("WebSocket await");
    d.keys = keys();
    d.jsonSchema = stepjson::objectSchema(d.keys);
    d.read = [d](const QJsonValue &value, const QString &path, StepReader &reader) {
        return read(d, value, path, reader);
    };
    d.write = write;
    d.editorDefault = [] {
        return QJsonObject{
            {QStringLiteral("match"),
             QJsonArray{QJsonObject{{QStringLiteral("json"), QStringLiteral("/type")},
                                    {QStringLiteral("equals"), QStringLiteral("update")}}}},
            {QStringLiteral("timeout"), QStringLiteral("5s")}};
    };
    d.summary = summary;
    return d;
}

} // namespace cicada
