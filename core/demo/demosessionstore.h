#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include <deque>

namespace cicada {

/**
 * @brief Session ids the demo server accepts: ids issued by /login (bounded, oldest evicted
 * first) plus a list of static ids that are always valid.
 */
class DemoSessionStore
{
public:
    /** Issued ids kept at most; the oldest is forgotten past this. */
    static constexpr qsizetype kMaxIssuedSessions = 1'000'000;
    /** User name reported for static session ids. */
    static constexpr const char *kStaticUser = "demo";

    explicit DemoSessionStore(qsizetype maxIssued = kMaxIssuedSessions);

    /** Creates a random 32-hex-digit session id for @p user and remembers it. */
    [[nodiscard]] QByteArray issue(const QString &user);
    /** Whether @p id was issued (and not evicted) or is a static id. */
    [[nodiscard]] bool isValid(const QByteArray &id) const;
    /** The user of a valid @p id; empty when the id is unknown. */
    [[nodiscard]] QString user(const QByteArray &id) const;
    /** Forgets every issued id (a server restart); static ids stay valid. */
    void forgetIssued();
    /** Replaces the static ids. */
    void setStaticIds(const QStringList &ids);
    [[nodiscard]] QStringList staticIds() const { return m_staticIds; }
    /** Number of issued ids currently remembered. */
    [[nodiscard]] qsizetype issuedCount() const { return m_users.size(); }

private:
    qsizetype m_maxIssued;
    QHash<QByteArray, QString> m_users;
    std::deque<QByteArray> m_order; ///< issue order, for eviction
    QStringList m_staticIds;
};

} // namespace cicada
