#include "profile/steps/wsconnectstep.h"

#include "profile/profileio.h"
#include "profile/steps/step.h"
#include "profile/steps/stepjson.h"
#include "profile/steps/stepkinds.h"
#include "profile/steps/stepreader.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace cicada {

namespace {

const QString kKey = QStringLiteral("wsConnect");
const QString kPushes = QStringLiteral("pushes");
const QStringList kPushKeys = {QStringLiteral("comment"), QStringLiteral("type"),
                               QStringLiteral("timestamp"), QStringLiteral("sequence")};

QList<StepKey> keys()
{
    QJsonObject pushProperties;
    for (const QString &k : kPushKeys)
        pushProperties.insert(k, k == QLatin1String("comment")
                                     ? stepjson::stringSchema()
                                     : schemaRef(QStringLiteral("pointer")));
    return {
        {QStringLiteral("name"), 1,
         stepjson::stringSchema(QStringLiteral("stats name; default connect"))},
        {QStringLiteral("url"), 1,
         stepjson::stringSchema(QStringLiteral("ws:// or wss:// URL; default target.brokerUrl"))},
        {QStringLiteral("subprotocols"), 2,
         QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                     {QStringLiteral("items"),
                      QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                  {QStringLiteral("minLength"), 1}}}}},
        {QStringLiteral("headers"), 2, schemaRef(QStringLiteral("headers"))},
        {QStringLiteral("timeout"), 2, schemaRef(QStringLiteral("duration"))},
        {QStringLiteral("onConnect"), 2, schemaRef(QStringLiteral("steps"))},
        {QStringLiteral("ping"), 2, schemaRef(QStringLiteral("duration"))},
        {QStringLiteral("maxMessageSize"), 2, schemaRef(QStringLiteral("size"))},
        {kPushes, 2,
         QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                     {QStringLiteral("properties"), pushProperties},
                     {QStringLiteral("additionalProperties"), false}},
         kPushKeys},
        {QStringLiteral("comment"), 1, stepjson::stringSchema()},
    };
}

// RFC 6455: a subprotocol is an RFC 9110 token.
bool isToken(const QString &s)
{
    static const QRegularExpression kToken(QStringLiteral(R"(^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$)"));
    return kToken.match(s).hasMatch();
}

void readPushes(const QJsonObject &o, const QString &path, StepReader &r, PushSettings *pushes)
{
    QJsonObject p;
    if (!r.readObject(o, kPushes, path, &p))
        return;
    const QString pp = StepReader::childPath(path, kPushes);
    r.checkKeys(p, pp, kPushKeys);
    pushes->comment = r.readComment(p, pp);
    for (const auto &[key, field] :
         {std::pair{QStringLiteral("type"), &pushes->typePointer},
          std::pair{QStringLiteral("timestamp"), &pushes->timestampPointer},
          std::pair{QStringLiteral("sequence"), &pushes->sequencePointer}}) {
        QString pointer;
        if (r.readString(p, key, pp, &pointer) &&
            r.checkPointer(pointer, StepReader::childPath(pp, key), key, true))
            *field = pointer;
    }
}

void readOnConnect(const QJsonObject &o, const QString &path, StepReader &r, WsConnectStep *step)
{
    if (!o.contains(QLatin1String("onConnect")))
        return;
    // The steps run on the connection this step opens, after every (re)connect.
    const bool wasConnected = r.connected();
    r.setConnected(true);
    step->onConnect = r.readSteps(o, QStringLiteral("onConnect"), path, false);
    r.setConnected(wasConnected);
    const QString p = path + QLatin1String(".onConnect");
    for (qsizetype i = 0; i < step->onConnect.size(); ++i) {
        const Step &s = step->onConnect.at(i);
        if (s.is<WsConnectStep>() || s.is<CloseStep>())
            r.error(StepReader::indexPath(p, i) + (s.is<CloseStep>()
                                                       ? QStringLiteral(".close")
                                                       : QStringLiteral(".wsConnect")),
                    QStringLiteral("onConnect steps run on the connection being opened: they "
                                   "cannot connect or close it"));
    }
}

Step read(const StepDescriptor &d, const QJsonValue &value, const QString &path, StepReader &r)
{
    WsConnectStep step;
    if (!value.isObject()) {
        r.wrongType(path, kKey, QStringLiteral("an object"), value);
        return step;
    }
    const QJsonObject o = value.toObject();
    r.checkKeys(o, path, d.keyNames(), d.schema2KeyNames());
    r.readString(o, QStringLiteral("name"), path, &step.name);
    if (r.readString(o, QStringLiteral("url"), path, &step.url) && !step.url.isEmpty()) {
        const QString p = path + QLatin1String(".url");
        if (step.url.contains(QLatin1String("{{")))
            r.requireSchema2(p, QStringLiteral("a placeholder in a wsConnect url"));
        r.checkUrl(step.url, p, QStringLiteral("url"),
                   {QStringLiteral("ws"), QStringLiteral("wss")}, StepReader::UrlPlaceholders::All);
    } else if (step.url.isEmpty() && !r.hasBrokerUrl()) {
        r.error(path, QStringLiteral("wsConnect without \"url\" connects to $.target.brokerUrl, "
                                     "which is not set"));
    }
    QStringList subprotocols;
    if (r.readStringList(o, QStringLiteral("subprotocols"), path, false, &subprotocols)) {
        const QString p = path + QLatin1String(".subprotocols");
        for (qsizetype i = 0; i < subprotocols.size(); ++i) {
            if (!isToken(subprotocols.at(i)))
                r.error(o.value(QLatin1String("subprotocols")).isArray()
                            ? StepReader::indexPath(p, i)
                            : p,
                        QStringLiteral("'%1' is not a valid subprotocol name (letters, digits and "
                                       "!#$%&'*+-.^_`|~, no spaces)")
                            .arg(subprotocols.at(i)));
            else if (subprotocols.indexOf(subprotocols.at(i)) != i)
                r.error(StepReader::indexPath(p, i),
                        QStringLiteral("subprotocol '%1' is listed twice").arg(subprotocols.at(i)));
        }
        step.subprotocols = subprotocols;
    }
    step.headers = r.readNameValues(o, QStringLiteral("headers"), path, false);
    r.readTimeout(o, QStringLiteral("timeout"), path, QStringLiteral("$.target.connectTimeout"),
                  &step.timeoutMs);
    r.readTimeout(o, QStringLiteral("ping"), path, QStringLiteral("no pings"),
                  &step.pingIntervalMs);
    r.readSize(o, QStringLiteral("maxMessageSize"), path, &step.maxMessageBytes);
    readPushes(o, path, r, &step.pushes);
    readOnConnect(o, path, r, &step);
    r.setConnected(true);
    return step;
}

QJsonValue write(const Step &s)
{
    const WsConnectStep &step = s.as<WsConnectStep>();
    QJsonObject o;
    if (!step.name.isEmpty())
        o.insert(QStringLiteral("name"), step.name);
    if (!step.url.isEmpty())
        o.insert(QStringLiteral("url"), step.url);
    if (!step.subprotocols.isEmpty())
        o.insert(QStringLiteral("subprotocols"), QJsonArray::fromStringList(step.subprotocols));
    if (!step.headers.isEmpty())
        o.insert(QStringLiteral("headers"), stepjson::nameValues(step.headers, false));
    if (step.timeoutMs > 0)
        o.insert(QStringLiteral("timeout"), ProfileIo::durationToJson(step.timeoutMs));
    if (!step.onConnect.isEmpty()) {
        QJsonArray steps;
        for (const Step &inner : step.onConnect) {
            const StepDescriptor &d = stepDescriptor(inner.kind());
            QJsonObject wrapped{{d.key, d.write(inner)}};
            stepjson::insertComment(&wrapped, inner.comment);
            steps.append(wrapped);
        }
        o.insert(QStringLiteral("onConnect"), steps);
    }
    if (step.pingIntervalMs > 0)
        o.insert(QStringLiteral("ping"), ProfileIo::durationToJson(step.pingIntervalMs));
    if (step.maxMessageBytes > 0)
        o.insert(QStringLiteral("maxMessageSize"), step.maxMessageBytes);
    if (step.pushes != PushSettings()) {
        QJsonObject p;
        p.insert(QStringLiteral("type"), step.pushes.typePointer);
        if (!step.pushes.timestampPointer.isEmpty())
            p.insert(QStringLiteral("timestamp"), step.pushes.timestampPointer);
        if (!step.pushes.sequencePointer.isEmpty())
            p.insert(QStringLiteral("sequence"), step.pushes.sequencePointer);
        stepjson::insertComment(&p, step.pushes.comment);
        o.insert(kPushes, p);
    }
    return o;
}

QString summary(const Step &s)
{
    const WsConnectStep &step = s.as<WsConnectStep>();
    QString text = QStringLiteral("connect ") +
                   (step.url.isEmpty() ? QStringLiteral("target.brokerUrl") : step.url);
    if (!step.onConnect.isEmpty())
        text += step.onConnect.size() == 1
                    ? QStringLiteral(", then 1 step")
                    : QStringLiteral(", then %1 steps").arg(step.onConnect.size());
    return text;
}

} // namespace

StepDescriptor wsConnectStepDescriptor()
{
    StepDescriptor d;
    d.kind = Step::Kind::WsConnect;
    d.key = kKey;
    d.title = QStringLiteral("WebSocket connect");
    d.keys = keys();
    d.jsonSchema = stepjson::objectSchema(d.keys);
    d.read = [d](const QJsonValue &value, const QString &path, StepReader &reader) {
        return read(d, value, path, reader);
    };
    d.write = write;
    d.editorDefault = [] { return QJsonObject(); };
    d.summary = summary;
    return d;
}

} // namespace cicada
