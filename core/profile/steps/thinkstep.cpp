#include "profile/steps/thinkstep.h"

#include "profile/profileio.h"
#include "profile/steps/stepjson.h"
#include "profile/steps/stepkinds.h"
#include "profile/steps/stepreader.h"

#include <QJsonArray>

namespace cicada {

namespace {

const QString kThink = QStringLiteral("think");

Step readThink(const QJsonValue &v, const QString &path, StepReader &r)
{
    ThinkStep step;
    if (v.isArray()) {
        const QJsonArray range = v.toArray();
        if (range.size() != 2) {
            r.error(path, QStringLiteral("think takes one duration like \"1s\" or a range like "
                                         "[\"1s\", \"3s\"]"));
            return step;
        }
        const bool okMin =
            r.readDuration(range.at(0), kThink, StepReader::indexPath(path, 0), &step.minMs);
        const bool okMax =
            r.readDuration(range.at(1), kThink, StepReader::indexPath(path, 1), &step.maxMs);
        if (okMin && okMax && step.minMs > step.maxMs)
            r.error(path, QStringLiteral("think needs the shorter time first; got [%1, %2]")
                              .arg(ProfileIo::durationToJson(step.minMs).toString(),
                                   ProfileIo::durationToJson(step.maxMs).toString()));
        return step;
    }
    if (!v.isString() && !v.isDouble()) {
        r.wrongType(path, kThink,
                    QStringLiteral("a duration like \"1s\" or a range like [\"1s\", \"3s\"]"), v);
        return step;
    }
    if (r.readDuration(v, kThink, path, &step.minMs))
        step.maxMs = step.minMs;
    return step;
}

QJsonValue writeThink(const Step &s)
{
    const ThinkStep &step = s.as<ThinkStep>();
    if (step.minMs == step.maxMs)
        return ProfileIo::durationToJson(step.minMs);
    return QJsonArray{ProfileIo::durationToJson(step.minMs), ProfileIo::durationToJson(step.maxMs)};
}

QString summaryThink(const Step &s)
{
    const ThinkStep &step = s.as<ThinkStep>();
    QString text = QStringLiteral("think ") + ProfileIo::durationToJson(step.minMs).toString();
    if (step.maxMs != step.minMs)
        text += QStringLiteral("–") + ProfileIo::durationToJson(step.maxMs).toString();
    return text;
}

} // namespace

StepDescriptor thinkStepDescriptor()
{
    StepDescriptor d;
    d.kind = Step::Kind::Think;
    d.key = kThink;
    d.title = QStringLiteral("Think time");
    d.jsonSchema = QJsonObject{
        {QStringLiteral("oneOf"),
         QJsonArray{schemaRef(QStringLiteral("duration")),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                                {QStringLiteral("items"), schemaRef(QStringLiteral("duration"))},
                                {QStringLiteral("minItems"), 2},
                                {QStringLiteral("maxItems"), 2}}}}};
    d.read = readThink;
    d.write = writeThink;
    d.editorDefault = [] { return QJsonValue(QStringLiteral("1s")); };
    d.summary = summaryThink;
    return d;
}

} // namespace cicada
