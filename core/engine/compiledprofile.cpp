#include "engine/compiledprofile.h"

#include "feed/feedloader.h"
#include "profile/profileio.h"
#include "profile/sourceaddresses.h"
#include "profile/steps/step.h"

namespace cicada {

namespace {

/** The JSON key of a step kind, for error paths (the descriptor registry's keys). */
QString kindKey(Step::Kind kind)
{
    switch (kind) {
    case Step::Kind::Http:
        return QStringLiteral("http");
    case Step::Kind::WsConnect:
        return QStringLiteral("wsConnect");
    case Step::Kind::WsSend:
        return QStringLiteral("wsSend");
    case Step::Kind::WsAwait:
        return QStringLiteral("wsAwait");
    case Step::Kind::Think:
        return QStringLiteral("think");
    case Step::Kind::Close:
        return QStringLiteral("close");
    }
    return {};
}

/**
 * A target URL with its `{{env.NAME}}` placeholders (the only ones ProfileReader allows there)
 * replaced from @p environment. An unset variable is an error: the URL would have no host.
 */
QString resolveTargetUrl(const QString &url, const QString &path, const QStringList &schemes,
                         const QHash<QString, QString> &environment, QStringList *errors)
{
    if (!url.contains(QLatin1String("{{")))
        return url;
    const qsizetype before = errors->size();
    QStringList parseErrors;
    const Template t = Template::parse(url, &parseErrors);
    for (const QString &e : std::as_const(parseErrors))
        errors->append(QStringLiteral("%1: %2").arg(path, e));
    for (const QString &name : t.envNames()) {
        if (!environment.contains(name))
            errors->append(QStringLiteral("%1: environment variable %2 is not set (the URL "
                                          "holds {{env.%2}})")
                               .arg(path, name));
    }
    TemplateContext context;
    context.environment = &environment;
    const QString resolved = t.render(context);
    const QUrl parsed(resolved, QUrl::StrictMode);
    if (parseErrors.isEmpty() && errors->size() == before &&
        (!parsed.isValid() || parsed.host().isEmpty() || !schemes.contains(parsed.scheme())))
        errors->append(QStringLiteral("%1: '%2' becomes '%3', which is not a %4 URL with a host")
                           .arg(path, url, resolved, schemes.join(QLatin1String("/"))));
    return resolved;
}

class Compiler
{
public:
    Compiler(const Profile &profile, QStringList *errors) : m_profile(profile), m_errors(errors) {}

    Template parse(const QString &text, const QString &path,
                   Template::Escaping escaping = Template::Escaping::None)
    {
        QStringList errors;
        Template t = Template::parse(text, &errors, escaping);
        for (const QString &e : std::as_const(errors))
            m_errors->append(QStringLiteral("%1: %2").arg(path, e));
        return t;
    }

    CompiledHeaders headers(const QList<NameValue> &list, const QString &path)
    {
        CompiledHeaders out;
        for (int i = 0; i < list.size(); ++i)
            out.append({list[i].name.toLatin1(),
                        parse(list[i].value, path + QStringLiteral("[%1].value").arg(i))});
        return out;
    }

    /** The body of an http / wsSend step: a named template or inline text. Returns the
     *  template used, or nullptr. */
    const PayloadTemplate *body(const QString &bodyTemplate, const QString &inlineBody,
                                const QString &path, Template *out, bool *hasBody, bool *json)
    {
        if (!bodyTemplate.isEmpty()) {
            const PayloadTemplate *t = m_profile.findTemplate(bodyTemplate);
            if (!t) {
                m_errors->append(
                    QStringLiteral("%1.template: no template named '%2'").arg(path, bodyTemplate));
                return nullptr;
            }
            *json = t->kind == PayloadTemplate::Kind::Json;
            if (t->kind != PayloadTemplate::Kind::Binary)
                *out = parse(t->source(), QStringLiteral("$.templates.%1").arg(t->name),
                             *json ? Template::Escaping::Json : Template::Escaping::None);
            *hasBody = true;
            return t;
        }
        if (!inlineBody.isEmpty()) {
            *out = parse(inlineBody, path + QStringLiteral(".body"));
            *hasBody = true;
        }
        return nullptr;
    }

    CompiledHttp http(const HttpStep &s, const QString &path)
    {
        CompiledHttp c;
        c.method = s.method.toUpper().toLatin1();
        c.type = QString::fromLatin1(c.method);
        c.name = s.name.isEmpty() ? s.path : s.name;
        c.path = parse(s.path, path + QStringLiteral(".path"));
        c.absolutePath = s.path.startsWith(QLatin1String("http://")) ||
                         s.path.startsWith(QLatin1String("https://"));
        c.headers = headers(s.headers, path + QStringLiteral(".headers"));
        const PayloadTemplate *t =
            body(s.bodyTemplate, s.body, path, &c.body, &c.hasBody, &c.jsonBody);
        if (t && t->kind == PayloadTemplate::Kind::Binary) {
            c.hasBody = false;
            c.binaryBody = t->binary;
            c.binary = true;
        }
        c.expectStatus = s.expectStatus;
        c.timeoutMs = s.timeoutMs > 0 ? s.timeoutMs : m_profile.target.requestTimeoutMs;
        c.maxBodyBytes = m_profile.target.maxBodyBytes;
        c.captures = s.captures;
        c.checks = s.checks;
        return c;
    }

    CompiledWsConnect wsConnect(const WsConnectStep &s, const QString &path,
                                CompiledSteps onConnect)
    {
        CompiledWsConnect c;
        c.name = s.name.isEmpty() ? QStringLiteral("connect") : s.name;
        const QString url = s.url.isEmpty() ? m_profile.target.brokerUrl : s.url;
        c.url = parse(url, path + QStringLiteral(".url"));
        if (c.url.isStatic()) {
            const QUrl u(url);
            if (!u.isValid() ||
                (u.scheme() != QLatin1String("ws") && u.scheme() != QLatin1String("wss")))
                m_errors->append(QStringLiteral("%1.url: '%2' is not a ws:// or wss:// URL")
                                     .arg(path, u.toString()));
        }
        c.subprotocols = s.subprotocols;
        c.headers = headers(s.headers, path + QStringLiteral(".headers"));
        c.timeoutMs = s.timeoutMs > 0 ? s.timeoutMs : m_profile.target.connectTimeoutMs;
        c.onConnect = std::move(onConnect);
        c.pingIntervalMs = s.pingIntervalMs;
        c.maxMessageBytes =
            s.maxMessageBytes > 0 ? s.maxMessageBytes : m_profile.target.maxMessageBytes;
        c.pushes = s.pushes;
        return c;
    }

    CompiledWsSend wsSend(const WsSendStep &s, const QString &path)
    {
        CompiledWsSend c;
        c.await = s.await;
        c.type = s.await == WsSendStep::Await::None ? QStringLiteral("WS emit")
                                                    : QStringLiteral("WS send");
        c.name = !s.name.isEmpty()           ? s.name
                 : !s.bodyTemplate.isEmpty() ? s.bodyTemplate
                                             : QStringLiteral("message");
        bool hasBody = false;
        bool json = false;
        const PayloadTemplate *t = body(s.bodyTemplate, s.body, path, &c.body, &hasBody, &json);
        if (t && t->kind == PayloadTemplate::Kind::Binary) {
            c.binary = true;
            c.binaryBody = t->binary;
        }
        c.matchPointers = s.matchPointers;
        if (c.await == WsSendStep::Await::Match && c.matchPointers.isEmpty())
            c.matchPointers = {QStringLiteral("/id")};
        c.timeoutMs = s.timeoutMs > 0 ? s.timeoutMs : m_profile.target.requestTimeoutMs;
        c.inFlight = std::max(1, s.inFlight);
        c.replies = std::max(1, s.replies);
        c.until = s.until;
        c.captures = s.captures;
        c.checks = s.checks;
        c.rate = s.rate;
        if (!(c.rate.perSecond > 0)) // a hand-built step (the reader refuses it): no schedule
            c.rate.mode = WsSendStep::Rate::Mode::None;
        return c;
    }

    CompiledWsAwait wsAwait(const WsAwaitStep &s)
    {
        CompiledWsAwait c;
        c.name = s.name.isEmpty() ? QStringLiteral("message") : s.name;
        c.match = s.match;
        c.timeoutMs = s.timeoutMs > 0 ? s.timeoutMs : m_profile.target.requestTimeoutMs;
        c.captures = s.captures;
        c.checks = s.checks;
        return c;
    }

    static CompiledThink think(const ThinkStep &s)
    {
        return CompiledThink{s.minMs, std::max(s.minMs, s.maxMs)};
    }

    /** The feeders the compiled step's templates use (see CompiledStep::feeders). */
    QList<int> feedersOf(const CompiledStep::Spec &spec, const CompiledHeaders &profileHeaders)
    {
        QList<const Template *> templates;
        const auto addHeaders = [&templates](const CompiledHeaders &headers) {
            for (const auto &h : headers)
                templates.append(&h.second);
        };
        if (const auto *http = std::get_if<CompiledHttp>(&spec)) {
            templates << &http->path << &http->body;
            addHeaders(http->headers);
            addHeaders(profileHeaders);
        } else if (const auto *connect = std::get_if<CompiledWsConnect>(&spec)) {
            templates << &connect->url;
            addHeaders(connect->headers);
            addHeaders(profileHeaders);
        } else if (const auto *send = std::get_if<CompiledWsSend>(&spec)) {
            templates << &send->body;
        }
        QList<int> feeders;
        for (const Template *t : std::as_const(templates)) {
            const QList<FeedUse> uses = t->feedUses();
            for (const FeedUse &use : uses) {
                int index = -1;
                for (int i = 0; i < m_profile.feeders.size() && index < 0; ++i)
                    if (m_profile.feeders.at(i).name == use.feeder)
                        index = i;
                if (index >= 0 && !feeders.contains(index))
                    feeders.append(index);
            }
        }
        return feeders;
    }

    void setProfileHeaders(const CompiledHeaders &headers) { m_profileHeaders = headers; }

    CompiledStep step(const Step &s, const QString &path)
    {
        CompiledStep compiled = kindStep(s, path);
        compiled.feeders = feedersOf(compiled.spec, m_profileHeaders);
        return compiled;
    }

    CompiledStep kindStep(const Step &s, const QString &path)
    {
        const QString kindPath = path + QLatin1Char('.') + kindKey(s.kind());
        return std::visit(
            [&](const auto &spec) -> CompiledStep {
                using T = std::decay_t<decltype(spec)>;
                if constexpr (std::is_same_v<T, HttpStep>)
                    return {http(spec, kindPath)};
                else if constexpr (std::is_same_v<T, WsConnectStep>)
                    return {
                        wsConnect(spec, kindPath,
                                  steps(spec.onConnect, kindPath + QStringLiteral(".onConnect")))};
                else if constexpr (std::is_same_v<T, WsSendStep>)
                    return {wsSend(spec, kindPath)};
                else if constexpr (std::is_same_v<T, WsAwaitStep>)
                    return {wsAwait(spec)};
                else if constexpr (std::is_same_v<T, ThinkStep>)
                    return {think(spec)};
                else
                    return {CompiledClose{}};
            },
            s.spec);
    }

    CompiledSteps steps(const QList<Step> &list, const QString &path)
    {
        CompiledSteps out;
        out.reserve(size_t(list.size()));
        for (int i = 0; i < list.size(); ++i)
            out.push_back(step(list[i], path + QStringLiteral("[%1]").arg(i)));
        return out;
    }

private:
    const Profile &m_profile;
    QStringList *m_errors;
    CompiledHeaders m_profileHeaders;
};

/** Loads the feeder files; false (with errors) when one cannot be used. */
bool loadFeeds(const Profile &profile, const QString &baseDir, CompiledProfile *c,
               QStringList *errors)
{
    if (profile.feeders.isEmpty())
        return true;
    QList<ProfileIssue> issues;
    const QList<std::shared_ptr<const FeedTable>> tables =
        FeedLoader::load(profile, ProfileIo::toJson(profile), baseDir, &issues);
    bool ok = true;
    for (const ProfileIssue &issue : std::as_const(issues)) {
        if (issue.severity != ProfileIssue::Severity::Error)
            continue;
        errors->append(QStringLiteral("%1: %2").arg(issue.path, issue.message));
        ok = false;
    }
    if (ok)
        c->feeds = std::make_shared<FeedSet>(profile.feeders, tables);
    return ok;
}

} // namespace

std::shared_ptr<const CompiledProfile>
CompiledProfile::compile(const Profile &profile, QStringList *errors, const QString &baseDir)
{
    QStringList localErrors;
    QStringList *errs = errors ? errors : &localErrors;
    const qsizetype before = errs->size();
    auto c = std::make_shared<CompiledProfile>();
    c->profile = profile;
    c->environment = Template::environmentSnapshot();
    // The target as the run uses it: c->profile holds the resolved URLs.
    c->profile.target.baseUrl =
        resolveTargetUrl(profile.target.baseUrl, QStringLiteral("$.target.baseUrl"),
                         {QStringLiteral("http"), QStringLiteral("https")}, c->environment, errs);
    c->profile.target.brokerUrl =
        resolveTargetUrl(profile.target.brokerUrl, QStringLiteral("$.target.brokerUrl"),
                         {QStringLiteral("ws"), QStringLiteral("wss")}, c->environment, errs);
    c->baseUrl = QUrl(c->profile.target.baseUrl);
    c->baseUrlPrefix = c->profile.target.baseUrl;
    if (c->baseUrlPrefix.endsWith(QLatin1Char('/')))
        c->baseUrlPrefix.chop(1);
    c->brokerUrl = QUrl(c->profile.target.brokerUrl);
    SourceAddresses::Error sourceError;
    c->sourceAddresses = SourceAddresses::expand(profile.target.sourceAddresses, &sourceError);
    if (!sourceError.message.isEmpty())
        errs->append(QStringLiteral("$.target.sourceAddresses: ") + sourceError.message);
    for (const NameValue &v : profile.variables)
        c->variables.insert(v.name, v.value);

    Compiler compiler(profile, errs);
    c->headers = compiler.headers(profile.headers, QStringLiteral("$.headers"));
    compiler.setProfileHeaders(c->headers);
    loadFeeds(profile, baseDir, c.get(), errs);
    for (int i = 0; i < profile.cookies.size(); ++i)
        c->cookies.append(
            {profile.cookies[i].name.toLatin1(),
             compiler.parse(profile.cookies[i].value, QStringLiteral("$.cookies[%1].value").arg(i)),
             profile.cookies[i].domain});

    for (int u = 0; u < profile.userTypes.size(); ++u) {
        const UserType &ut = profile.userTypes[u];
        const QString path = QStringLiteral("$.userTypes[%1]").arg(u);
        CompiledUserType cu;
        cu.name = ut.name;
        cu.weight = ut.weight;
        cu.fixedCount = ut.fixedCount;
        cu.wait = ut.wait;
        cu.onStart = compiler.steps(ut.onStart, path + QStringLiteral(".onStart"));
        cu.onStop = compiler.steps(ut.onStop, path + QStringLiteral(".onStop"));
        for (int t = 0; t < ut.tasks.size(); ++t) {
            CompiledTask ct;
            ct.name = ut.tasks[t].name;
            ct.weight = std::max(1, ut.tasks[t].weight);
            ct.steps =
                compiler.steps(ut.tasks[t].steps, path + QStringLiteral(".tasks[%1].steps").arg(t));
            cu.totalTaskWeight += ct.weight;
            cu.tasks.append(std::move(ct));
        }
        if (cu.tasks.isEmpty())
            errs->append(path + QStringLiteral(".tasks: a user type needs at least one task"));
        c->userTypes.append(std::move(cu));
    }
    if (c->userTypes.isEmpty())
        errs->append(QStringLiteral("$.userTypes: the profile has no user types"));
    if (errs->size() > before)
        return nullptr;
    return c;
}

} // namespace cicada
