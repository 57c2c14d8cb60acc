#include "profile/profileschema.h"

#include "profile/profile.h"
#include "profile/profileio.h"
#include "profile/steps/stepdescriptor.h"
#include "profile/steps/stepreader.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace cicada {

namespace {

using Object = QJsonObject;

const QString kIdentifierPattern = QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$");

Object ref(const QString &name)
{
    return schemaRef(name);
}

Object type(const QString &name, const QString &description = {})
{
    Object o{{QStringLiteral("type"), name}};
    if (!description.isEmpty())
        o.insert(QStringLiteral("description"), description);
    return o;
}

Object string(const QString &description = {})
{
    return type(QStringLiteral("string"), description);
}

Object integer(qint64 minimum, qint64 maximum)
{
    return Object{{QStringLiteral("type"), QStringLiteral("integer")},
                  {QStringLiteral("minimum"), minimum},
                  {QStringLiteral("maximum"), maximum}};
}

Object arrayOf(const Object &items, int minItems = 0)
{
    Object o{{QStringLiteral("type"), QStringLiteral("array")}, {QStringLiteral("items"), items}};
    if (minItems > 0)
        o.insert(QStringLiteral("minItems"), minItems);
    return o;
}

Object object(const QList<QPair<QString, Object>> &properties, const QStringList &required = {})
{
    Object props;
    for (const auto &[key, schema] : properties)
        props.insert(key, schema);
    props.insert(QStringLiteral("comment"), string(QStringLiteral("free text, kept on save")));
    Object o{{QStringLiteral("type"), QStringLiteral("object")},
             {QStringLiteral("properties"), props},
             {QStringLiteral("additionalProperties"), false}};
    if (!required.isEmpty())
        o.insert(QStringLiteral("required"), QJsonArray::fromStringList(required));
    return o;
}

// Exactly one of @p keys is present.
QJsonArray exactlyOne(const QStringList &keys)
{
    QJsonArray alternatives;
    for (const QString &k : keys)
        alternatives.append(Object{{QStringLiteral("required"), QJsonArray{k}}});
    return alternatives;
}

Object nameValues(bool cookies)
{
    QList<QPair<QString, Object>> props = {
        {QStringLiteral("name"), string()},
        {QStringLiteral("value"), string(QStringLiteral("placeholders allowed"))}};
    if (cookies)
        props.append({QStringLiteral("domain"), string()});
    return arrayOf(object(props, {QStringLiteral("name"), QStringLiteral("value")}));
}

Object captures(bool http)
{
    QStringList sources = {QStringLiteral("json"), QStringLiteral("regex")};
    if (http)
        sources << QStringLiteral("header") << QStringLiteral("cookie");
    QList<QPair<QString, Object>> props;
    for (const QString &s : sources)
        props.append({s, s == QLatin1String("json") ? ref(QStringLiteral("pointer")) : string()});
    Object capture = object(props);
    capture.insert(QStringLiteral("oneOf"), exactlyOne(sources));
    return Object{
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("propertyNames"), Object{{QStringLiteral("pattern"), kIdentifierPattern}}},
        {QStringLiteral("additionalProperties"), capture}};
}

Object condition()
{
    const QStringList ops = {QStringLiteral("equals"), QStringLiteral("contains"),
                             QStringLiteral("exists"), QStringLiteral("regex")};
    Object o = object({{QStringLiteral("json"), ref(QStringLiteral("pointer"))},
                       {QStringLiteral("equals"), Object()},
                       {QStringLiteral("contains"), string()},
                       {QStringLiteral("exists"), type(QStringLiteral("boolean"))},
                       {QStringLiteral("regex"), string()}});
    o.insert(QStringLiteral("oneOf"), exactlyOne(ops));
    return o;
}

Object payloadTemplate()
{
    const QStringList kinds = {QStringLiteral("json"), QStringLiteral("text"),
                               QStringLiteral("base64"), QStringLiteral("hex")};
    Object o = object(
        {{QStringLiteral("json"),
          Object{{QStringLiteral("description"),
                  QStringLiteral("any JSON value; placeholders in strings")}}},
         {QStringLiteral("text"), string(QStringLiteral("text with placeholders"))},
         {QStringLiteral("base64"),
          Object{{QStringLiteral("type"), QStringLiteral("string")},
                 {QStringLiteral("pattern"), QStringLiteral("^[A-Za-z0-9+/\\s]*={0,2}\\s*$")},
                 {QStringLiteral("description"), QStringLiteral("binary payload (schema 2)")}}},
         {QStringLiteral("hex"),
          Object{{QStringLiteral("type"), QStringLiteral("string")},
                 {QStringLiteral("pattern"), QStringLiteral("^[0-9A-Fa-f\\s]*$")},
                 {QStringLiteral("description"), QStringLiteral("binary payload (schema 2)")}}}});
    o.insert(QStringLiteral("oneOf"), exactlyOne(kinds));
    return o;
}

Object wait()
{
    const QStringList kinds = {QStringLiteral("constant"), QStringLiteral("between"),
                               QStringLiteral("constantPacing")};
    Object o = object({{QStringLiteral("constant"), ref(QStringLiteral("duration"))},
                       {QStringLiteral("between"),
                        Object{{QStringLiteral("type"), QStringLiteral("array")},
                               {QStringLiteral("items"), ref(QStringLiteral("duration"))},
                               {QStringLiteral("minItems"), 2},
                               {QStringLiteral("maxItems"), 2}}},
                       {QStringLiteral("constantPacing"), ref(QStringLiteral("duration"))}});
    o.insert(QStringLiteral("oneOf"), exactlyOne(kinds));
    return o;
}

// One alternative per step kind, each from its descriptor: {"KIND": <value>, "comment": "..."}.
Object step()
{
    QJsonArray kinds;
    for (const StepDescriptor &d : stepDescriptors()) {
        Object alternative = object({{d.key, d.jsonSchema}}, {d.key});
        alternative.insert(QStringLiteral("title"), d.title);
        kinds.append(alternative);
    }
    return Object{{QStringLiteral("type"), QStringLiteral("object")},
                  {QStringLiteral("oneOf"), kinds}};
}

Object defs()
{
    const qint64 maxDurationS = ProfileIo::kMaxDurationMs / 1000;
    Object d;
    d.insert(QStringLiteral("duration"),
             Object{{QStringLiteral("description"),
                     QStringLiteral("\"250ms\", \"10s\", \"1.5s\", \"2m\", \"1h\", \"1m30s\" or a "
                                    "number of seconds; at most 24 days")},
                    {QStringLiteral("oneOf"),
                     QJsonArray{
                         Object{{QStringLiteral("type"), QStringLiteral("string")},
                                {QStringLiteral("pattern"),
                                 QStringLiteral("^\\s*([0-9]+(\\.[0-9]+)?\\s*(ms|h|m|s)\\s*)+$")}},
                         Object{{QStringLiteral("type"), QStringLiteral("number")},
                                {QStringLiteral("minimum"), 0},
                                {QStringLiteral("maximum"), maxDurationS}}}}});
    Object size = integer(1, StepReader::kMaxSizeBytes);
    size.insert(QStringLiteral("description"), QStringLiteral("bytes"));
    d.insert(QStringLiteral("size"), size);
    d.insert(QStringLiteral("pointer"),
             Object{{QStringLiteral("type"), QStringLiteral("string")},
                    {QStringLiteral("pattern"), QStringLiteral("^(/([^~]|~[01])*)*$")},
                    {QStringLiteral("description"),
                     QStringLiteral("RFC 6901 JSON pointer, e.g. \"/meta/requestId\"")}});
    d.insert(QStringLiteral("headers"), nameValues(false));
    d.insert(QStringLiteral("cookies"), nameValues(true));
    d.insert(QStringLiteral("captures"), captures(false));
    d.insert(QStringLiteral("httpCaptures"), captures(true));
    d.insert(QStringLiteral("condition"), condition());
    d.insert(QStringLiteral("conditions"), arrayOf(ref(QStringLiteral("condition"))));
    d.insert(QStringLiteral("template"), payloadTemplate());
    d.insert(QStringLiteral("wait"), wait());
    d.insert(QStringLiteral("step"), step());
    d.insert(QStringLiteral("steps"), arrayOf(ref(QStringLiteral("step"))));
    const auto number = [](double minimum, bool exclusive, double maximum,
                           const QString &description) {
        return Object{
            {QStringLiteral("type"), QStringLiteral("number")},
            {exclusive ? QStringLiteral("exclusiveMinimum") : QStringLiteral("minimum"), minimum},
            {QStringLiteral("maximum"), maximum},
            {QStringLiteral("description"), description}};
    };
    const QString perSecond = QStringLiteral("iterations per second");
    Object arrivalRate =
        object({{QStringLiteral("rate"), number(0, false, ProfileIo::kMaxArrivalRate,
                                                perSecond + QStringLiteral(" (start)"))},
                {QStringLiteral("to"),
                 number(0, false, ProfileIo::kMaxArrivalRate,
                        perSecond + QStringLiteral(" reached after \"over\"; absent = constant"))},
                {QStringLiteral("over"), ref(QStringLiteral("duration"))},
                {QStringLiteral("maxConcurrent"), integer(1, ProfileIo::kMaxUsers)},
                {QStringLiteral("dropAfter"), ref(QStringLiteral("duration"))}});
    arrivalRate.insert(QStringLiteral("description"),
                       QStringLiteral("open model: task iterations started per second, on a pool "
                                      "of at most maxConcurrent users; an iteration that waits "
                                      "dropAfter (default 5s) for a user is dropped"));
    arrivalRate.insert(QStringLiteral("dependentRequired"),
                       Object{{QStringLiteral("to"), QJsonArray{QStringLiteral("over")}},
                              {QStringLiteral("over"), QJsonArray{QStringLiteral("to")}}});
    d.insert(QStringLiteral("arrivalRate"), arrivalRate);
    Object stage = object(
        {{QStringLiteral("duration"), ref(QStringLiteral("duration"))},
         {QStringLiteral("users"), integer(0, ProfileIo::kMaxUsers)},
         {QStringLiteral("spawnRate"),
          number(0, true, ProfileIo::kMaxSpawnRate, QStringLiteral("users started per second"))},
         {QStringLiteral("rate"), number(0, false, ProfileIo::kMaxArrivalRate,
                                         perSecond + QStringLiteral(" at the end of the stage"))}},
        {QStringLiteral("duration")});
    stage.insert(QStringLiteral("oneOf"),
                 exactlyOne({QStringLiteral("users"), QStringLiteral("rate")}));
    stage.insert(QStringLiteral("description"),
                 QStringLiteral("closed: {duration, users, spawnRate}; open: {duration, rate}; "
                                "one model per list"));
    d.insert(QStringLiteral("stage"), stage);
    const Object weight = integer(1, ProfileIo::kMaxWeight);
    d.insert(QStringLiteral("task"),
             object({{QStringLiteral("name"), string()},
                     {QStringLiteral("weight"), weight},
                     {QStringLiteral("steps"), arrayOf(ref(QStringLiteral("step")), 1)}},
                    {QStringLiteral("name"), QStringLiteral("steps")}));
    d.insert(QStringLiteral("userType"),
             object({{QStringLiteral("name"), string()},
                     {QStringLiteral("weight"), weight},
                     {QStringLiteral("fixedCount"), integer(0, ProfileIo::kMaxUsers)},
                     {QStringLiteral("wait"), ref(QStringLiteral("wait"))},
                     {QStringLiteral("onStart"), ref(QStringLiteral("steps"))},
                     {QStringLiteral("tasks"), arrayOf(ref(QStringLiteral("task")), 1)},
                     {QStringLiteral("onStop"), ref(QStringLiteral("steps"))},
                     {QStringLiteral("arrivalRate"), ref(QStringLiteral("arrivalRate"))}},
                    {QStringLiteral("name"), QStringLiteral("tasks")}));
    return d;
}

} // namespace

namespace {

Object feedersSchema()
{
    const Object feeder = object(
        {{QStringLiteral("name"),
          Object{{QStringLiteral("type"), QStringLiteral("string")},
                 {QStringLiteral("pattern"), kIdentifierPattern},
                 {QStringLiteral("description"), QStringLiteral("used as {{feed.NAME.column}}")}}},
         {QStringLiteral("file"),
          Object{{QStringLiteral("type"), QStringLiteral("string")},
                 {QStringLiteral("minLength"), 1},
                 {QStringLiteral("description"),
                  QStringLiteral("CSV (header row first) or JSON array of objects, relative to "
                                 "the profile's directory")}}},
         {QStringLiteral("format"),
          Object{
              {QStringLiteral("enum"), QJsonArray{QStringLiteral("csv"), QStringLiteral("json")}},
              {QStringLiteral("description"),
               QStringLiteral("default: from the file's extension (.json, else csv)")}}},
         {QStringLiteral("strategy"),
          Object{{QStringLiteral("enum"),
                  QJsonArray{QStringLiteral("sequential"), QStringLiteral("circular"),
                             QStringLiteral("random"), QStringLiteral("perUser")}},
                 {QStringLiteral("description"), QStringLiteral("default: sequential")}}},
         {QStringLiteral("onExhausted"),
          Object{{QStringLiteral("enum"),
                  QJsonArray{QStringLiteral("stopUser"), QStringLiteral("fail")}},
                 {QStringLiteral("description"),
                  QStringLiteral("sequential and perUser: what happens when no row is left "
                                 "(default: stopUser)")}}}},
        {QStringLiteral("name"), QStringLiteral("file")});
    return arrayOf(feeder);
}

} // namespace

QJsonObject ProfileSchema::build()
{
    Object spawnRate{{QStringLiteral("type"), QStringLiteral("number")},
                     {QStringLiteral("exclusiveMinimum"), 0},
                     {QStringLiteral("maximum"), ProfileIo::kMaxSpawnRate},
                     {QStringLiteral("description"), QStringLiteral("users started per second")}};
    const Object target = object(
        {{QStringLiteral("baseUrl"),
          string(QStringLiteral("http(s) URL of the HTTP steps; {{env.NAME}} allowed"))},
         {QStringLiteral("brokerUrl"),
          string(QStringLiteral("ws(s) URL wsConnect opens by default; {{env.NAME}} allowed"))},
         {QStringLiteral("verifyTls"), type(QStringLiteral("boolean"))},
         {QStringLiteral("connectTimeout"), ref(QStringLiteral("duration"))},
         {QStringLiteral("requestTimeout"), ref(QStringLiteral("duration"))},
         {QStringLiteral("transport"),
          Object{
              {QStringLiteral("enum"), QJsonArray{QStringLiteral("raw"), QStringLiteral("qt")}}}},
         {QStringLiteral("wsTransport"),
          Object{
              {QStringLiteral("enum"), QJsonArray{QStringLiteral("qt"), QStringLiteral("lean")}}}},
         {QStringLiteral("maxBodySize"), ref(QStringLiteral("size"))},
         {QStringLiteral("maxMessageSize"), ref(QStringLiteral("size"))},
         {QStringLiteral("sourceAddresses"),
          Object{{QStringLiteral("description"),
                  QStringLiteral("local addresses users bind round-robin: an address, an IPv4 "
                                 "range \"127.0.0.1-127.0.0.8\", or a list of them")},
                 {QStringLiteral("oneOf"), QJsonArray{string(), arrayOf(string())}}}}});
    const Object load = object({{QStringLiteral("users"), integer(1, ProfileIo::kMaxUsers)},
                                {QStringLiteral("spawnRate"), spawnRate},
                                {QStringLiteral("runTime"), ref(QStringLiteral("duration"))},
                                {QStringLiteral("arrivalRate"), ref(QStringLiteral("arrivalRate"))},
                                {QStringLiteral("stages"), arrayOf(ref(QStringLiteral("stage")))},
                                {QStringLiteral("stopTimeout"), ref(QStringLiteral("duration"))}});
    Object root = object(
        {{QStringLiteral("$schema"), string(QStringLiteral("this schema's URI, for editors"))},
         {QStringLiteral("schema"),
          Object{{QStringLiteral("enum"), QJsonArray{1, kProfileSchema}},
                 {QStringLiteral("description"), QStringLiteral("profile format version")}}},
         {QStringLiteral("name"), string()},
         {QStringLiteral("target"), target},
         {QStringLiteral("cookies"), ref(QStringLiteral("cookies"))},
         {QStringLiteral("headers"), ref(QStringLiteral("headers"))},
         {QStringLiteral("variables"),
          Object{{QStringLiteral("type"), QStringLiteral("object")},
                 {QStringLiteral("propertyNames"),
                  Object{{QStringLiteral("pattern"), kIdentifierPattern}}},
                 {QStringLiteral("additionalProperties"), string()}}},
         {QStringLiteral("templates"),
          Object{{QStringLiteral("type"), QStringLiteral("object")},
                 {QStringLiteral("additionalProperties"), ref(QStringLiteral("template"))}}},
         {QStringLiteral("userTypes"), arrayOf(ref(QStringLiteral("userType")), 1)},
         {QStringLiteral("load"), load},
         {QStringLiteral("thresholds"),
          arrayOf(string(QStringLiteral("e.g. \"p95(WS send:chat) < 200ms\"")))},
         {QStringLiteral("thresholdOptions"),
          Object{{QStringLiteral("type"), QStringLiteral("object")},
                 {QStringLiteral("properties"),
                  Object{{QStringLiteral("maxErrorRate"),
                          Object{{QStringLiteral("type"), QStringLiteral("number")},
                                 {QStringLiteral("minimum"), 0},
                                 {QStringLiteral("maximum"), 1},
                                 {QStringLiteral("description"),
                                  QStringLiteral("above this error rate (0..1, default 0.1) a "
                                                 "percentile threshold is unreliable and does "
                                                 "not pass")}}}}},
                 {QStringLiteral("additionalProperties"), false}}}},
        {QStringLiteral("schema"), QStringLiteral("userTypes")});
    Object properties = root.value(QStringLiteral("properties")).toObject();
    properties.insert(QStringLiteral("feeders"), feedersSchema());
    root.insert(QStringLiteral("properties"), properties);
    root.insert(QStringLiteral("$schema"),
                QStringLiteral("https://json-schema.org/draft/2020-12/schema"));
    root.insert(QStringLiteral("$id"), kProfileJsonSchemaUri);
    root.insert(QStringLiteral("title"), QStringLiteral("Cicada profile"));
    root.insert(QStringLiteral("description"),
                QStringLiteral("A Cicada load-test profile (*.cicada.json), schema %1. Generated "
                               "by `cicada-cli schema`; `cicada-cli validate` checks more.")
                    .arg(kProfileSchema));
    root.insert(QStringLiteral("$defs"), defs());
    return root;
}

QByteArray ProfileSchema::text()
{
    return QJsonDocument(build()).toJson(QJsonDocument::Indented);
}

} // namespace cicada
