#include "profileimporter.h"

#include "import/matchinference.h"
#include "report/redactor.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QUrlQuery>

#include <algorithm>

namespace cicada {

namespace {

constexpr qint64 kThinkRoundingMs = 100;

/** Headers a client adds by itself, or that only describe the browser: never imported. */
bool isClientHeader(const QString &name)
{
    static const QSet<QString> kNames = {QStringLiteral("host"),
                                         QStringLiteral("content-length"),
                                         QStringLiteral("connection"),
                                         QStringLiteral("keep-alive"),
                                         QStringLiteral("accept"),
                                         QStringLiteral("accept-encoding"),
                                         QStringLiteral("accept-language"),
                                         QStringLiteral("user-agent"),
                                         QStringLiteral("referer"),
                                         QStringLiteral("origin"),
                                         QStringLiteral("pragma"),
                                         QStringLiteral("cache-control"),
                                         QStringLiteral("upgrade"),
                                         QStringLiteral("dnt"),
                                         QStringLiteral("te"),
                                         QStringLiteral("priority"),
                                         QStringLiteral("if-none-match"),
                                         QStringLiteral("if-modified-since"),
                                         QStringLiteral("upgrade-insecure-requests"),
                                         QStringLiteral("cookie")};
    const QString lower = name.toLower();
    return lower.startsWith(QLatin1Char(':')) || lower.startsWith(QLatin1String("sec-")) ||
           kNames.contains(lower);
}

QString origin(const QUrl &url)
{
    QString scheme = url.scheme();
    if (scheme == QLatin1String("ws"))
        scheme = QStringLiteral("http");
    else if (scheme == QLatin1String("wss"))
        scheme = QStringLiteral("https");
    QString text = scheme + QStringLiteral("://") + url.host();
    if (url.port() > 0)
        text += QLatin1Char(':') + QString::number(url.port());
    return text;
}

/** Upper-case letters, digits and '_', not starting with a digit: a {{env.NAME}} name. */
QString envName(const QString &text)
{
    QString out;
    for (const QChar c : text.toUpper())
        out += (c.isLetterOrNumber() && c.unicode() < 128) ? c : QLatin1Char('_');
    static const QRegularExpression runs(QStringLiteral("_+"));
    out.replace(runs, QStringLiteral("_"));
    while (out.startsWith(QLatin1Char('_')))
        out.remove(0, 1);
    while (out.endsWith(QLatin1Char('_')))
        out.chop(1);
    if (out.isEmpty() || out.at(0).isDigit())
        out.prepend(QStringLiteral("SECRET_"));
    return out;
}

QString slug(const QString &text)
{
    QString out;
    for (const QChar c : text.toLower())
        out += (c.isLetterOrNumber() && c.unicode() < 128) ? c : QLatin1Char('-');
    static const QRegularExpression runs(QStringLiteral("-+"));
    out.replace(runs, QStringLiteral("-"));
    while (out.startsWith(QLatin1Char('-')))
        out.remove(0, 1);
    while (out.endsWith(QLatin1Char('-')))
        out.chop(1);
    return out;
}

/** Hands out {{env.NAME}} references: the same recorded value under the same base name gets the
 *  same variable; a different value gets NAME_2, NAME_3, ... */
class EnvNames
{
public:
    QString refer(const QString &base, const QString &value, const QString &where)
    {
        const QString root = envName(base);
        for (int n = 1;; ++n) {
            const QString name = n == 1 ? root : QStringLiteral("%1_%2").arg(root).arg(n);
            const auto it = m_values.constFind(name);
            if (it == m_values.cend()) {
                m_values.insert(name, value);
                m_list.append({name, where});
                break;
            }
            if (*it == value)
                return placeholder(name);
        }
        return placeholder(m_list.constLast().name);
    }
    [[nodiscard]] const QList<EnvReference> &list() const { return m_list; }

private:
    static QString placeholder(const QString &name)
    {
        return QStringLiteral("{{env.%1}}").arg(name);
    }
    QHash<QString, QString> m_values;
    QList<EnvReference> m_list;
};

/** Replaces secret-named string fields of a JSON value by env references, recursively. */
QJsonValue scrubJson(const QJsonValue &value, EnvNames *env, const QString &where)
{
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(scrubJson(v, env, where));
        return out;
    }
    if (!value.isObject())
        return value;
    QJsonObject out = value.toObject();
    for (auto it = out.begin(); it != out.end(); ++it) {
        if (it.value().isString() && ProfileImporter::isSecretField(it.key()))
            it.value() = env->refer(it.key(), it.value().toString(),
                                    QStringLiteral("field '%1' of %2").arg(it.key(), where));
        else
            it.value() = scrubJson(it.value(), env, where);
    }
    return out;
}

/** A form body or query string with secret-named values replaced by env references. */
QString scrubPairs(const QString &text, EnvNames *env, const QString &where)
{
    QStringList pairs = text.split(QLatin1Char('&'));
    for (QString &pair : pairs) {
        const QString key = pair.section(QLatin1Char('='), 0, 0);
        if (pair.contains(QLatin1Char('=')) &&
            ProfileImporter::isSecretField(QUrl::fromPercentEncoding(key.toUtf8())))
            pair = key + QLatin1Char('=') +
                   env->refer(QUrl::fromPercentEncoding(key.toUtf8()),
                              pair.section(QLatin1Char('='), 1),
                              QStringLiteral("parameter '%1' of %2").arg(key, where));
    }
    return pairs.join(QLatin1Char('&'));
}

QJsonValue valueAt(const QJsonValue &root, const QString &pointer)
{
    QJsonValue v = root;
    for (QString token : pointer.split(QLatin1Char('/')).mid(1)) {
        token.replace(QLatin1String("~1"), QLatin1String("/"))
            .replace(QLatin1String("~0"), QLatin1String("~"));
        if (!v.isObject())
            return QJsonValue(QJsonValue::Undefined);
        v = v.toObject().value(token);
    }
    return v;
}

/** @p root with the value at @p pointer (an existing object member) replaced. */
QJsonValue replaceAt(const QJsonValue &root, const QString &pointer, const QJsonValue &value)
{
    if (pointer.isEmpty())
        return value;
    const QString tail = pointer.mid(1);
    QString head = tail.section(QLatin1Char('/'), 0, 0);
    const QString rest = tail.contains(QLatin1Char('/'))
                             ? QLatin1Char('/') + tail.section(QLatin1Char('/'), 1)
                             : QString();
    head.replace(QLatin1String("~1"), QLatin1String("/"))
        .replace(QLatin1String("~0"), QLatin1String("~"));
    QJsonObject object = root.toObject();
    object.insert(head, replaceAt(object.value(head), rest, value));
    return object;
}

/** One thing the recorded user did, in time order. */
struct Event
{
    enum class Kind
    {
        Http,
        WsConnect,
        WsSend
    };
    Kind kind = Kind::Http;
    qint64 startMs = 0;
    qint64 endMs = 0;
    qsizetype exchange = 0;
    qsizetype message = 0; ///< WsSend: index into the exchange's wsMessages
};

/** Builds the profile's steps and templates; the one place that knows the step model. */
class Builder
{
public:
    Builder(Profile *profile, EnvNames *env) : m_profile(profile), m_env(env) {}

    void think(qint64 ms) { m_steps.append(thinkStep(ms)); }

    void http(const RecordedExchange &x, const QString &mainOrigin)
    {
        const QString where = QStringLiteral("%1 %2").arg(x.method, x.url.path());
        HttpStep step;
        step.method = x.method;
        // The query is scrubbed as text: a {{env.NAME}} placeholder is not a valid URL part.
        QString path = x.url.path(QUrl::FullyEncoded);
        if (path.isEmpty())
            path = QStringLiteral("/");
        if (x.url.hasQuery())
            path += QLatin1Char('?') + scrubPairs(x.url.query(QUrl::FullyEncoded), m_env, where);
        const bool sameOrigin = origin(x.url) == mainOrigin;
        step.path = sameOrigin ? path
                               : x.url.toString(QUrl::RemovePath | QUrl::RemoveQuery |
                                                QUrl::RemoveFragment | QUrl::FullyEncoded) +
                                     path;
        step.name = sameOrigin ? (x.url.path().isEmpty() ? QStringLiteral("/") : x.url.path())
                               : x.url.host() + x.url.path();
        step.headers = headers(x, where);
        if (!x.body.isEmpty()) {
            QJsonParseError error;
            const QJsonDocument json = QJsonDocument::fromJson(x.body.toUtf8(), &error);
            if (error.error == QJsonParseError::NoError && (json.isObject() || json.isArray())) {
                const QJsonValue body = scrubJson(json.isObject() ? QJsonValue(json.object())
                                                                  : QJsonValue(json.array()),
                                                  m_env, where);
                step.bodyTemplate = addTemplate(
                    slug(x.method + QLatin1Char(' ') + x.url.path().section(QLatin1Char('/'), -2)),
                    body);
            } else if (x.bodyMimeType.startsWith(
                           QLatin1String("application/x-www-form-urlencoded"))) {
                step.body = scrubPairs(x.body, m_env, where);
            } else {
                step.body = x.body;
            }
        }
        m_steps.append(step);
    }

    void wsConnect(const RecordedExchange &x)
    {
        WsConnectStep step;
        step.name = x.url.path().section(QLatin1Char('/'), -1);
        if (step.name.isEmpty())
            step.name = QStringLiteral("connect");
        m_steps.append(step);
    }

    void wsSend(const QJsonValue &json, const QString &text, const QString &pointer)
    {
        WsSendStep step;
        const QString where = QStringLiteral("a WebSocket message");
        if (json.isObject()) {
            QJsonObject object = scrubJson(json, m_env, where).toObject();
            QString base = QStringLiteral("message");
            for (const char *key : {"type", "op", "action", "event", "method", "cmd"}) {
                if (object.value(QLatin1String(key)).isString()) {
                    base = slug(object.value(QLatin1String(key)).toString());
                    break;
                }
            }
            // A string id becomes unique per send; a number stays as recorded.
            if (!pointer.isEmpty() && valueAt(object, pointer).isString())
                object = replaceAt(object, pointer, QStringLiteral("{{uuid}}")).toObject();
            step.bodyTemplate =
                addTemplate(base.isEmpty() ? QStringLiteral("message") : base, object);
            step.name = base;
            if (!pointer.isEmpty()) {
                step.await = WsSendStep::Await::Match;
                step.matchPointers = {pointer};
            }
        } else {
            step.body = text;
            step.name = QStringLiteral("message");
        }
        m_steps.append(step);
    }

    void close() { m_steps.append(CloseStep{}); }

    [[nodiscard]] const QList<Step> &steps() const { return m_steps; }
    [[nodiscard]] int count(Step::Kind kind) const
    {
        return int(std::count_if(m_steps.cbegin(), m_steps.cend(),
                                 [kind](const Step &s) { return s.kind() == kind; }));
    }

private:
    static Step thinkStep(qint64 ms) { return ThinkStep{ms, ms}; }

    QList<NameValue> headers(const RecordedExchange &x, const QString &where)
    {
        QList<NameValue> out;
        for (const NameValue &h : x.headers) {
            if (Redactor::isCredentialHeader(h.name) &&
                h.name.compare(QLatin1String("cookie"), Qt::CaseInsensitive) != 0) {
                out.append({h.name,
                            m_env->refer(h.name, h.value,
                                         QStringLiteral("header '%1' of %2").arg(h.name, where)),
                            {}});
                continue;
            }
            if (isClientHeader(h.name))
                continue;
            if (h.name.compare(QLatin1String("content-type"), Qt::CaseInsensitive) == 0 &&
                x.body.isEmpty())
                continue;
            out.append({h.name, h.value, {}});
        }
        return out;
    }

    /** Adds a JSON template (reusing an identical one) and returns its name. */
    QString addTemplate(const QString &base, const QJsonValue &json)
    {
        const QString root = base.isEmpty() ? QStringLiteral("body") : base;
        for (int n = 1;; ++n) {
            const QString name = n == 1 ? root : QStringLiteral("%1-%2").arg(root).arg(n);
            const PayloadTemplate *existing = m_profile->findTemplate(name);
            if (existing && existing->json == json)
                return name;
            if (existing)
                continue;
            PayloadTemplate t;
            t.name = name;
            t.kind = PayloadTemplate::Kind::Json;
            t.json = json;
            m_profile->templates.append(t);
            return name;
        }
    }

    Profile *m_profile;
    EnvNames *m_env;
    QList<Step> m_steps;
};

} // namespace

bool ProfileImporter::isStaticAsset(const RecordedExchange &x)
{
    static const QSet<QString> kTypes = {QStringLiteral("image"),    QStringLiteral("stylesheet"),
                                         QStringLiteral("script"),   QStringLiteral("font"),
                                         QStringLiteral("media"),    QStringLiteral("manifest"),
                                         QStringLiteral("texttrack")};
    static const QSet<QString> kExtensions = {
        QStringLiteral("css"),  QStringLiteral("js"),    QStringLiteral("mjs"),
        QStringLiteral("map"),  QStringLiteral("png"),   QStringLiteral("jpg"),
        QStringLiteral("jpeg"), QStringLiteral("gif"),   QStringLiteral("svg"),
        QStringLiteral("ico"),  QStringLiteral("webp"),  QStringLiteral("avif"),
        QStringLiteral("woff"), QStringLiteral("woff2"), QStringLiteral("ttf"),
        QStringLiteral("otf"),  QStringLiteral("eot"),   QStringLiteral("mp4"),
        QStringLiteral("webm"), QStringLiteral("mp3"),   QStringLiteral("wav")};
    if (kTypes.contains(x.resourceType.toLower()))
        return true;
    const QString mime = x.responseMimeType.toLower();
    if (mime.startsWith(QLatin1String("image/")) || mime.startsWith(QLatin1String("font/")) ||
        mime.startsWith(QLatin1String("video/")) || mime.startsWith(QLatin1String("audio/")) ||
        mime.startsWith(QLatin1String("text/css")) || mime.contains(QLatin1String("javascript")))
        return true;
    const QString file = x.url.path().section(QLatin1Char('/'), -1);
    return file.contains(QLatin1Char('.')) &&
           kExtensions.contains(file.section(QLatin1Char('.'), -1).toLower());
}

bool ProfileImporter::isSecretField(const QString &name)
{
    static const QRegularExpression re(
        QStringLiteral("pass(word|wd)?|secret|token|credential|api_?key|auth|session|private_?key"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(name).hasMatch();
}

ImportResult ProfileImporter::import(const QList<RecordedExchange> &recording,
                                     const ImportOptions &options)
{
    ImportResult result;
    Profile &profile = result.profile;
    profile.name = options.name.isEmpty() ? QStringLiteral("Imported recording") : options.name;
    profile.comment = QStringLiteral(
        "Imported from a recording by Cicada. Credentials of the recording are {{env.NAME}} "
        "references: set those environment variables before running.");
    EnvNames env;

    // Which exchanges to keep.
    int staticSkipped = 0;
    int preflights = 0;
    QMap<QString, int> otherHosts;
    qsizetype webSocket = -1;
    int moreWebSockets = 0;
    QList<qsizetype> kept;
    QString mainOrigin;
    for (qsizetype i = 0; i < recording.size(); ++i) {
        const RecordedExchange &x = recording.at(i);
        if (x.webSocket) {
            if (webSocket < 0)
                webSocket = i;
            else
                ++moreWebSockets;
            continue;
        }
        if (x.method == QLatin1String("OPTIONS")) {
            ++preflights;
            continue;
        }
        if (!options.includeStaticAssets && isStaticAsset(x)) {
            ++staticSkipped;
            continue;
        }
        kept.append(i);
    }
    if (!kept.isEmpty())
        mainOrigin = origin(recording.at(kept.constFirst()).url);
    else if (webSocket >= 0)
        mainOrigin = origin(recording.at(webSocket).url);
    if (!options.allHosts) {
        QList<qsizetype> sameHost;
        for (const qsizetype i : std::as_const(kept)) {
            if (origin(recording.at(i).url) == mainOrigin)
                sameHost.append(i);
            else
                ++otherHosts[recording.at(i).url.host()];
        }
        kept = sameHost;
    }
    profile.target.baseUrl = mainOrigin;
    if (webSocket >= 0)
        profile.target.brokerUrl = recording.at(webSocket).url.toString(QUrl::FullyEncoded);

    // Cookies the browser brought along (not set by an earlier recorded response) are
    // credentials; the ones a recorded response set, the user's cookie jar gets by itself.
    QList<qsizetype> used = kept;
    if (webSocket >= 0)
        used.append(webSocket);
    std::sort(used.begin(), used.end());
    QSet<QString> setByServer;
    QSet<QString> cookieNames;
    for (const qsizetype i : std::as_const(used)) {
        const RecordedExchange &x = recording.at(i);
        for (const NameValue &c : x.cookies) {
            if (setByServer.contains(c.name) || cookieNames.contains(c.name))
                continue;
            cookieNames.insert(c.name);
            profile.cookies.append({c.name,
                                    env.refer(QStringLiteral("COOKIE_") + c.name, c.value,
                                              QStringLiteral("cookie '%1'").arg(c.name)),
                                    QString()});
        }
        for (const QString &name : x.setCookies)
            setByServer.insert(name);
    }
    // A cookie only ever sent after a response set it needs no variable; one sent before gets
    // one even if a later response renews it.

    // Events in time order.
    QList<Event> events;
    for (const qsizetype i : std::as_const(kept)) {
        const RecordedExchange &x = recording.at(i);
        events.append({Event::Kind::Http, x.startedMs, x.startedMs + x.durationMs, i, 0});
    }
    QList<MatchInference::Message> conversation;
    QList<QString> pointers;
    if (webSocket >= 0) {
        const RecordedExchange &ws = recording.at(webSocket);
        events.append(
            {Event::Kind::WsConnect, ws.startedMs, ws.startedMs + ws.durationMs, webSocket, 0});
        for (qsizetype m = 0; m < ws.wsMessages.size(); ++m) {
            const RecordedWsMessage &message = ws.wsMessages.at(m);
            QJsonParseError error;
            const QJsonDocument doc = message.binary
                                          ? QJsonDocument()
                                          : QJsonDocument::fromJson(message.text.toUtf8(), &error);
            conversation.append({message.sent, doc.isObject() ? QJsonValue(doc.object())
                                                              : QJsonValue(QJsonValue::Undefined)});
            if (message.sent)
                events.append({Event::Kind::WsSend, message.timeMs, message.timeMs, webSocket, m});
        }
        pointers = MatchInference::infer(conversation);
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const Event &a, const Event &b) { return a.startMs < b.startMs; });

    Builder builder(&profile, &env);
    qint64 previousEndMs = 0;
    int binarySkipped = 0;
    for (const Event &e : std::as_const(events)) {
        const RecordedExchange &x = recording.at(e.exchange);
        if (e.kind == Event::Kind::WsSend && x.wsMessages.at(e.message).binary) {
            ++binarySkipped;
            continue;
        }
        if (previousEndMs > 0 && e.startMs > 0) {
            const qint64 gapMs = e.startMs - previousEndMs;
            if (gapMs >= options.minThinkMs)
                builder.think(
                    std::min(options.maxThinkMs,
                             (gapMs + kThinkRoundingMs / 2) / kThinkRoundingMs * kThinkRoundingMs));
        }
        switch (e.kind) {
        case Event::Kind::Http:
            builder.http(x, mainOrigin);
            previousEndMs = e.endMs;
            break;
        case Event::Kind::WsConnect:
            builder.wsConnect(x);
            // The upgrade's "time" is the socket's whole life in Chromium: the connect ends at
            // its start as far as the next step is concerned.
            previousEndMs = e.startMs;
            break;
        case Event::Kind::WsSend: {
            const RecordedWsMessage &message = x.wsMessages.at(e.message);
            builder.wsSend(conversation.at(e.message).json, message.text, pointers.at(e.message));
            if (!pointers.at(e.message).isEmpty())
                ++result.matchFields[pointers.at(e.message)];
            else
                ++result.unmatchedSends;
            // Wait for the reply as recorded: the next step starts after it.
            previousEndMs = e.startMs;
            if (!pointers.at(e.message).isEmpty()) {
                for (qsizetype m = e.message + 1; m < x.wsMessages.size(); ++m) {
                    const QJsonValue reply = conversation.at(m).json;
                    if (!x.wsMessages.at(m).sent && reply.isObject()) {
                        const QString &pointer = pointers.at(e.message);
                        if (valueAt(reply, pointer) ==
                            valueAt(conversation.at(e.message).json, pointer)) {
                            previousEndMs = x.wsMessages.at(m).timeMs;
                            break;
                        }
                    }
                }
            }
            break;
        }
        }
    }
    if (webSocket >= 0)
        builder.close();

    UserType user;
    user.name = QStringLiteral("recorded");
    Task task;
    task.name = QStringLiteral("recording");
    task.steps = builder.steps();
    user.tasks.append(task);
    profile.userTypes.append(user);
    result.httpSteps = builder.count(Step::Kind::Http);
    result.wsSends = builder.count(Step::Kind::WsSend);
    result.environment = env.list();

    if (staticSkipped > 0)
        result.notes.append(
            QStringLiteral("skipped %1 static asset request(s) (images, scripts, stylesheets, "
                           "fonts, media); --include-static keeps them")
                .arg(staticSkipped));
    if (preflights > 0)
        result.notes.append(
            QStringLiteral("skipped %1 CORS preflight (OPTIONS) request(s): a browser sends them "
                           "by itself")
                .arg(preflights));
    for (auto it = otherHosts.cbegin(); it != otherHosts.cend(); ++it)
        result.notes.append(QStringLiteral("skipped %1 request(s) to %2 (not the main host %3); "
                                           "--all-hosts keeps them")
                                .arg(it.value())
                                .arg(it.key(), mainOrigin));
    if (moreWebSockets > 0)
        result.notes.append(QStringLiteral("imported the first WebSocket only; %1 more skipped "
                                           "(a virtual user holds one connection)")
                                .arg(moreWebSockets));
    for (auto it = result.matchFields.cbegin(); it != result.matchFields.cend(); ++it)
        result.notes.append(QStringLiteral("%1 WebSocket send(s) await the reply with the same %2 "
                                           "(inferred: a sent and a received message shared it)")
                                .arg(it.value())
                                .arg(it.key()));
    if (result.unmatchedSends > 0)
        result.notes.append(QStringLiteral("%1 WebSocket send(s) do not await a reply (no field "
                                           "shared with a received message)")
                                .arg(result.unmatchedSends));
    if (binarySkipped > 0)
        result.notes.append(
            QStringLiteral("skipped %1 binary WebSocket frame(s)").arg(binarySkipped));
    return result;
}

} // namespace cicada
