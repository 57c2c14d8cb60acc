#include "profile/steps/thinkstep.h"

#include "profile/steps/stepjson.h"
#include "profile/steps/stepkinds.h"
#include "profile/steps/stepreader.h"

namespace cicada {

namespace {

const QString kClose = QStringLiteral("close");

Step readClose(const StepDescriptor &d, const QJsonValue &v, const QString &path, StepReader &r)
{
    if (!v.isObject()) {
        r.wrongType(path, kClose, QStringLiteral("an object ({})"), v);
        return CloseStep();
    }
    r.checkKeys(v.toObject(), path, d.keyNames());
    r.setConnected(false);
    return CloseStep();
}

} // namespace

StepDescriptor closeStepDescriptor()
{
    StepDescriptor d;
    d.kind = Step::Kind::Close;
    d.key = kClose;
    d.title = QStringLiteral("WebSocket close");
    d.keys = {{QStringLiteral("comment"), 1, stepjson::stringSchema()}};
    d.jsonSchema = stepjson::objectSchema(d.keys);
    d.read = [d](const QJsonValue &value, const QString &path, StepReader &reader) {
        return readClose(d, value, path, reader);
    };
    d.write = [](const Step &) { return QJsonValue(QJsonObject()); };
    d.editorDefault = [] { return QJsonValue(QJsonObject()); };
    d.summary = [](const Step &) { return QStringLiteral("close the WebSocket"); };
    return d;
}

} // namespace cicada
