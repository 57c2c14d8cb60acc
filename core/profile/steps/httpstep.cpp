#include "profile/steps/httpstep.h"

#include "profile/profileio.h"
#include "profile/steps/stepjson.h"
#include "profile/steps/stepkinds.h"
#include "profile/steps/stepreader.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

#include <cmath>

namespace cicada {

namespace {

const QString kKey = QStringLiteral("http");

QList<StepKey> keys()
{
    const QJsonObject status{{QStringLiteral("type"), QStringLiteral("integer")},
                             {QStringLiteral("minimum"), 100},
                             {QStringLiteral("maximum"), 599}};
    return {
        {QStringLiteral("name"), 1,
         stepjson::stringSchema(QStringLiteral("stats name; default: the path"))},
        {QStringLiteral("method"), 1,
         QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                     {QStringLiteral("pattern"), QStringLiteral("^[A-Za-z]+$")},
                     {QStringLiteral("description"), QStringLiteral("default GET")}}},
        {QStringLiteral("path"), 1,
         stepjson::stringSchema(QStringLiteral(
             "starts with / (relative to target.baseUrl) or an absolute http(s) URL"))},
        {QStringLiteral("headers"), 1, schemaRef(QStringLiteral("headers"))},
        {QStringLiteral("template"), 1,
         stepjson::stringSchema(QStringLiteral("a name from $.templates"))},
        {QStringLiteral("body"), 1, stepjson::stringSchema(QStringLiteral("inline body text"))},
        {QStringLiteral("expect"), 1,
         QJsonObject{
             {QStringLiteral("oneOf"),
              QJsonArray{status, QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                                             {QStringLiteral("items"), status},
                                             {QStringLiteral("minItems"), 1}}}}}},
        {QStringLiteral("timeout"), 2, schemaRef(QStringLiteral("duration"))},
        {QStringLiteral("capture"), 2, schemaRef(QStringLiteral("httpCaptures"))},
        {QStringLiteral("check"), 2, schemaRef(QStringLiteral("conditions"))},
        {QStringLiteral("comment"), 1, stepjson::stringSchema()},
    };
}

void readPath(const QJsonObject &o, const QString &path, StepReader &r, HttpStep *step)
{
    if (!o.contains(QLatin1String("path"))) {
        r.error(path, QStringLiteral("an http step needs a \"path\" (like \"/api/items\") or an "
                                     "absolute http(s) URL"));
        return;
    }
    if (!r.readString(o, QStringLiteral("path"), path, &step->path))
        return;
    const QString p = path + QLatin1String(".path");
    const bool absolute = step->path.startsWith(QLatin1String("http://")) ||
                          step->path.startsWith(QLatin1String("https://"));
    r.checkTemplate(step->path, p);
    if (absolute) {
        if (!step->path.contains(QLatin1String("{{")) &&
            !QUrl(step->path, QUrl::StrictMode).isValid())
            r.error(p, QStringLiteral("'%1' is not a valid URL").arg(step->path));
    } else if (!step->path.startsWith(QLatin1Char('/'))) {
        r.error(p, QStringLiteral("path must start with '/' or be an absolute http:// or https:// "
                                  "URL; got '%1'")
                       .arg(step->path));
    } else if (!r.hasBaseUrl()) {
        r.error(p, QStringLiteral("the relative path '%1' needs $.target.baseUrl; set it or use an "
                                  "absolute URL")
                       .arg(step->path));
    }
}

void readExpect(const QJsonObject &o, const QString &path, StepReader &r, HttpStep *step)
{
    const QJsonValue expect = o.value(QLatin1String("expect"));
    if (expect.isUndefined())
        return;
    const QString p = path + QLatin1String(".expect");
    const QJsonArray list = expect.isArray() ? expect.toArray() : QJsonArray{expect};
    if (list.isEmpty())
        r.error(p, QStringLiteral("expect needs at least one status code; leave it out to accept "
                                  "any status below 400"));
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonValue s = list.at(i);
        const double d = s.toDouble(-1);
        if (!s.isDouble() || d != std::floor(d) || d < 100 || d > 599) {
            r.error(expect.isArray() ? StepReader::indexPath(p, i) : p,
                    QStringLiteral("expect takes HTTP status codes from 100 to 599, like 200 or "
                                   "[200, 201]"));
            continue;
        }
        step->expectStatus.append(int(d));
    }
}

Step read(const StepDescriptor &d, const QJsonValue &value, const QString &path, StepReader &r)
{
    HttpStep step;
    if (!value.isObject()) {
        r.wrongType(path, kKey, QStringLiteral("an object"), value);
        return step;
    }
    const QJsonObject o = value.toObject();
    r.checkKeys(o, path, d.keyNames(), d.schema2KeyNames());
    r.readString(o, QStringLiteral("name"), path, &step.name);
    QString method;
    if (r.readString(o, QStringLiteral("method"), path, &method)) {
        static const QRegularExpression kMethod(QStringLiteral("^[A-Za-z]+$"));
        if (kMethod.match(method).hasMatch())
            step.method = method;
        else
            r.error(path + QLatin1String(".method"),
                    QStringLiteral("method must be an HTTP method such as GET or POST, not '%1'")
                        .arg(method));
    }
    readPath(o, path, r, &step);
    step.headers = r.readNameValues(o, QStringLiteral("headers"), path, false);
    r.readBody(o, path, {}, &step.bodyTemplate, &step.body);
    readExpect(o, path, r, &step);
    r.readTimeout(o, QStringLiteral("timeout"), path, QStringLiteral("$.target.requestTimeout"),
                  &step.timeoutMs);
    step.captures = r.readCaptures(o, QStringLiteral("capture"), path, true);
    step.checks = r.readConditions(o, QStringLiteral("check"), path);
    return step;
}

QJsonValue write(const Step &s)
{
    const HttpStep &step = s.as<HttpStep>();
    QJsonObject o;
    if (!step.name.isEmpty())
        o.insert(QStringLiteral("name"), step.name);
    o.insert(QStringLiteral("method"), step.method);
    o.insert(QStringLiteral("path"), step.path);
    if (!step.headers.isEmpty())
        o.insert(QStringLiteral("headers"), stepjson::nameValues(step.headers, false));
    if (!step.bodyTemplate.isEmpty())
        o.insert(QStringLiteral("template"), step.bodyTemplate);
    if (!step.body.isEmpty())
        o.insert(QStringLiteral("body"), step.body);
    if (step.expectStatus.size() == 1) {
        o.insert(QStringLiteral("expect"), step.expectStatus.front());
    } else if (!step.expectStatus.isEmpty()) {
        QJsonArray expect;
        for (int status : step.expectStatus)
            expect.append(status);
        o.insert(QStringLiteral("expect"), expect);
    }
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
    const HttpStep &step = s.as<HttpStep>();
    QString text = step.method + QLatin1Char(' ') + step.path;
    if (!step.expectStatus.isEmpty()) {
        QStringList codes;
        for (int status : step.expectStatus)
            codes.append(QString::number(status));
        text += QStringLiteral(" → ") + codes.join(QLatin1Char('/'));
    }
    return text;
}

} // namespace

StepDescriptor httpStepDescriptor()
{
    StepDescriptor d;
    d.kind = Step::Kind::Http;
    d.key = kKey;
    d.title = QStringLiteral("HTTP request");
    d.keys = keys();
    d.jsonSchema = stepjson::objectSchema(d.keys, {QStringLiteral("path")});
    d.read = [d](const QJsonValue &value, const QString &path, StepReader &reader) {
        return read(d, value, path, reader);
    };
    d.write = write;
    d.editorDefault = [] {
        return QJsonObject{{QStringLiteral("method"), QStringLiteral("GET")},
                           {QStringLiteral("path"), QStringLiteral("/")}};
    };
    d.summary = summary;
    return d;
}

} // namespace cicada
