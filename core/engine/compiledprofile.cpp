#include "engine/compiledprofile.h"

namespace cicada {

namespace {

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

    CompiledStep step(const Step &step, const QString &path)
    {
        CompiledStep c;
        c.kind = step.kind();
        if (const auto *s = step.get<HttpStep>()) {
            c.method = s->method.toUpper().toLatin1();
            c.type = QString::fromLatin1(c.method);
            c.name = s->name.isEmpty() ? s->path : s->name;
            c.path = parse(s->path, path + QStringLiteral(".http.path"));
            c.absolutePath = s->path.startsWith(QLatin1String("http://")) ||
                             s->path.startsWith(QLatin1String("https://"));
            for (int i = 0; i < s->headers.size(); ++i)
                c.headers.append({s->headers[i].name.toLatin1(),
                                  parse(s->headers[i].value,
                                        path + QStringLiteral(".http.headers[%1].value").arg(i))});
            body(s->bodyTemplate, s->body, path + QStringLiteral(".http"), &c);
            c.expectStatus = s->expectStatus;
            c.timeoutMs = s->timeoutMs > 0 ? s->timeoutMs : m_profile.target.requestTimeoutMs;
        } else if (const auto *s = step.get<WsConnectStep>()) {
            c.type = QStringLiteral("WS connect");
            c.name = s->name.isEmpty() ? QStringLiteral("connect") : s->name;
            c.url = QUrl(s->url.isEmpty() ? m_profile.target.brokerUrl : s->url);
            if (!c.url.isValid() ||
                (c.url.scheme() != QLatin1String("ws") && c.url.scheme() != QLatin1String("wss")))
                m_errors->append(
                    QStringLiteral("%1.wsConnect.url: '%2' is not a ws:// or wss:// URL")
                        .arg(path, c.url.toString()));
            c.timeoutMs = s->timeoutMs > 0 ? s->timeoutMs : m_profile.target.connectTimeoutMs;
        } else if (const auto *s = step.get<WsSendStep>()) {
            c.await = s->await;
            c.type = s->await == WsSendStep::Await::None ? QStringLiteral("WS emit")
                                                         : QStringLiteral("WS send");
            c.name = !s->name.isEmpty()           ? s->name
                     : !s->bodyTemplate.isEmpty() ? s->bodyTemplate
                                                  : QStringLiteral("message");
            c.matchField =
                s->matchPointers.isEmpty() ? QStringLiteral("id") : s->matchPointers.front().mid(1);
            c.timeoutMs = s->timeoutMs > 0 ? s->timeoutMs : m_profile.target.requestTimeoutMs;
            body(s->bodyTemplate, s->body, path + QStringLiteral(".wsSend"), &c);
        } else if (const auto *s = step.get<ThinkStep>()) {
            c.thinkMinMs = s->minMs;
            c.thinkMaxMs = std::max(s->minMs, s->maxMs);
        }
        return c;
    }

    void body(const QString &bodyTemplate, const QString &text, const QString &path,
              CompiledStep *c)
    {
        if (!bodyTemplate.isEmpty()) {
            const PayloadTemplate *t = m_profile.findTemplate(bodyTemplate);
            if (!t) {
                m_errors->append(
                    QStringLiteral("%1.template: no template named '%2'").arg(path, bodyTemplate));
                return;
            }
            c->jsonBody = t->kind == PayloadTemplate::Kind::Json;
            c->body = parse(t->source(), QStringLiteral("$.templates.%1").arg(t->name),
                            c->jsonBody ? Template::Escaping::Json : Template::Escaping::None);
            c->hasBody = true;
        } else if (!text.isEmpty()) {
            c->body = parse(text, path + QStringLiteral(".body"));
            c->hasBody = true;
        }
    }

    QList<CompiledStep> steps(const QList<Step> &list, const QString &path)
    {
        QList<CompiledStep> out;
        out.reserve(list.size());
        for (int i = 0; i < list.size(); ++i)
            out.append(step(list[i], path + QStringLiteral("[%1]").arg(i)));
        return out;
    }

private:
    const Profile &m_profile;
    QStringList *m_errors;
};

} // namespace

std::shared_ptr<const CompiledProfile> CompiledProfile::compile(const Profile &profile,
                                                                QStringList *errors)
{
    QStringList localErrors;
    QStringList *errs = errors ? errors : &localErrors;
    const qsizetype before = errs->size();
    auto c = std::make_shared<CompiledProfile>();
    c->profile = profile;
    c->baseUrl = QUrl(profile.target.baseUrl);
    c->baseUrlPrefix = profile.target.baseUrl;
    if (c->baseUrlPrefix.endsWith(QLatin1Char('/')))
        c->baseUrlPrefix.chop(1);
    c->brokerUrl = QUrl(profile.target.brokerUrl);
    c->environment = Template::environmentSnapshot();
    for (const NameValue &v : profile.variables)
        c->variables.insert(v.name, v.value);

    Compiler compiler(profile, errs);
    for (int i = 0; i < profile.headers.size(); ++i)
        c->headers.append({profile.headers[i].name.toLatin1(),
                           compiler.parse(profile.headers[i].value,
                                          QStringLiteral("$.headers[%1].value").arg(i))});
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
