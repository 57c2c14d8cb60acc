#include "demosessionstore.h"

#include <QRandomGenerator>

namespace cicada {

DemoSessionStore::DemoSessionStore(qsizetype maxIssued)
    : m_maxIssued(qMax<qsizetype>(1, maxIssued)), m_staticIds{QStringLiteral("demo-session")}
{}

QByteArray DemoSessionStore::issue(const QString &user)
{
    quint32 words[4];
    QRandomGenerator::global()->fillRange(words);
    const QByteArray id = QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex();
    while (m_users.size() >= m_maxIssued && !m_order.empty()) {
        m_users.remove(m_order.front());
        m_order.pop_front();
    }
    m_users.insert(id, user);
    m_order.push_back(id);
    return id;
}

bool DemoSessionStore::isValid(const QByteArray &id) const
{
    if (id.isEmpty())
        return false;
    return m_users.contains(id) || m_staticIds.contains(QString::fromLatin1(id));
}

QString DemoSessionStore::user(const QByteArray &id) const
{
    const auto it = m_users.constFind(id);
    if (it != m_users.cend())
        return it.value();
    if (!id.isEmpty() && m_staticIds.contains(QString::fromLatin1(id)))
        return QString::fromLatin1(kStaticUser);
    return {};
}

void DemoSessionStore::forgetIssued()
{
    m_users.clear();
    m_order.clear();
}

void DemoSessionStore::setStaticIds(const QStringList &ids)
{
    m_staticIds = ids;
}

} // namespace cicada
