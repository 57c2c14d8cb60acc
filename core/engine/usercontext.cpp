#include "engine/usercontext.h"

#include "engine/compiledprofile.h"
#include "engine/wssession.h"
#include "http/rawhttptransport.h"
#include "stats/requestoutcome.h"

#include <QDateTime>
#include <QNetworkCookie>
#include <QNetworkCookieJar>
#include <QRandomGenerator>

namespace cicada {

UserContext::UserContext(int index, const CompiledProfile &profile, HttpTransport::Kind transport,
                         QObject *owner, QRandomGenerator *random, Sink sink)
    : UserContext(index, profile, HttpTransport::create(transport, owner), owner, random,
                  std::move(sink))
{}

UserContext::UserContext(int index, const CompiledProfile &profile, HttpTransport *transport,
                         QObject *owner, QRandomGenerator *random, Sink sink)
    : m_index(index), m_profile(profile), m_owner(owner), m_random(random), m_sink(std::move(sink)),
      m_http(transport), m_ws(new WsSession(*this, owner)), m_feeds(profile.feeds.get(), index)
{
    m_http->setParent(owner);
    if (auto *raw = qobject_cast<RawHttpTransport *>(m_http))
        raw->setSourceAddress(profile.sourceAddressFor(index));
    insertProfileCookies();
}

UserContext::~UserContext()
{
    // The session and transport refer to this context; they go first, not with the owner's
    // children (which are deleted after the owner's members).
    delete m_ws;
    delete m_http;
}

void UserContext::insertProfileCookies()
{
    // Profile cookies go into this user's jar, so they ride along with HTTP requests and the WS
    // upgrade exactly like cookies the server sets (e.g. after a login step).
    const TemplateContext ctx = templateContext();
    QNetworkCookieJar *jar = m_http->cookieJar();
    for (const CompiledProfile::Cookie &c : m_profile.cookies) {
        QStringList domains;
        if (!c.domain.isEmpty())
            domains << c.domain;
        else
            domains << m_profile.baseUrl.host() << m_profile.brokerUrl.host();
        domains.removeDuplicates();
        domains.removeAll(QString());
        for (const QString &domain : std::as_const(domains)) {
            QNetworkCookie cookie(c.name, c.value.renderUtf8(ctx));
            cookie.setDomain(domain);
            cookie.setPath(QStringLiteral("/"));
            jar->insertCookie(cookie);
        }
    }
}

TemplateContext UserContext::templateContext() const
{
    TemplateContext ctx;
    ctx.userIndex = m_index;
    ctx.sequence = m_sequence;
    ctx.variables = &m_profile.variables;
    ctx.environment = &m_profile.environment;
    ctx.captures = &m_captures;
    ctx.random = m_random;
    ctx.feed = &m_feeds;
    return ctx;
}

qint64 UserContext::randomBetween(qint64 lo, qint64 hi)
{
    if (hi <= lo)
        return lo;
    return lo + qint64(m_random->bounded(quint64(hi - lo + 1)));
}

void UserContext::reportOperation(const QString &type, const QString &name, qint64 timeUs,
                                  qint64 bytes, const QString &error, qint64 serviceTimeUs)
{
    RequestOutcome outcome;
    outcome.kind = RequestOutcome::Kind::Operation;
    outcome.type = type;
    outcome.name = name;
    outcome.responseTimeUs = timeUs;
    outcome.serviceTimeUs =
        serviceTimeUs; // a rate-scheduled send: timeUs is from its intended time
    if (m_intendedStartLagUs >= 0) {
        // Open model: the iteration itself started late; its users waited that long too.
        outcome.responseTimeUs = timeUs + m_intendedStartLagUs;
        if (outcome.serviceTimeUs < 0)
            outcome.serviceTimeUs = timeUs;
    }
    outcome.contentLength = bytes;
    outcome.error = error;
    outcome.timestampMs = QDateTime::currentMSecsSinceEpoch();
    m_sink(outcome);
}

void UserContext::reportMessage(const QString &type, const QString &name, qint64 bytes,
                                const QString &error, std::optional<qint64> timeUs)
{
    RequestOutcome outcome;
    outcome.kind = RequestOutcome::Kind::Message;
    outcome.hasTime = timeUs.has_value();
    outcome.type = type;
    outcome.name = name;
    outcome.responseTimeUs = timeUs.value_or(0);
    outcome.contentLength = bytes;
    outcome.error = error;
    outcome.timestampMs = QDateTime::currentMSecsSinceEpoch();
    m_sink(outcome);
}

} // namespace cicada
