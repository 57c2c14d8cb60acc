#include "fakelocustmaster.h"

#include <QDeadlineTimer>
#include <QTest>

#include <zmq.hpp>

namespace cicada::test {

namespace {
constexpr int kPollStepMs = 5;
}

struct FakeLocustMaster::Private
{
    zmq::context_t context{1};
    zmq::socket_t router{context, zmq::socket_type::router};
};

FakeLocustMaster::FakeLocustMaster(quint16 port) : d(std::make_unique<Private>())
{
    d->router.set(zmq::sockopt::linger, 0);
    d->router.bind(port == 0 ? std::string("tcp://127.0.0.1:*")
                             : "tcp://127.0.0.1:" + std::to_string(port));
    const std::string endpoint = d->router.get(zmq::sockopt::last_endpoint);
    m_port = quint16(std::stoi(endpoint.substr(endpoint.rfind(':') + 1)));
}

FakeLocustMaster::~FakeLocustMaster() = default;

void FakeLocustMaster::poll()
{
    while (true) {
        zmq::message_t identity;
        if (!d->router.recv(identity, zmq::recv_flags::dontwait))
            return;
        zmq::message_t payload;
        if (!identity.more() || !d->router.recv(payload, zmq::recv_flags::dontwait))
            continue;
        QString error;
        const auto message = LocustMessage::decode(
            QByteArray(static_cast<const char *>(payload.data()), qsizetype(payload.size())),
            &error);
        if (!message) {
            qWarning() << "fake master: undecodable message:" << error;
            continue;
        }
        const Received received{
            QByteArray(static_cast<const char *>(identity.data()), qsizetype(identity.size())),
            *message};
        m_inbox.append(received);
        m_history.append(received);
    }
}

std::optional<FakeLocustMaster::Received> FakeLocustMaster::waitFor(const QString &type,
                                                                    int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (true) {
        poll();
        for (qsizetype i = 0; i < m_inbox.size(); ++i) {
            if (m_inbox[i].message.type == type) {
                const Received found = m_inbox[i];
                m_inbox.remove(0, i + 1);
                return found;
            }
        }
        if (deadline.hasExpired())
            return std::nullopt;
        QTest::qWait(kPollStepMs);
    }
}

QList<FakeLocustMaster::Received> FakeLocustMaster::collect(int ms)
{
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired()) {
        poll();
        QTest::qWait(kPollStepMs);
    }
    poll();
    return std::exchange(m_inbox, {});
}

QStringList FakeLocustMaster::historyTypes() const
{
    QStringList types;
    for (const Received &r : m_history)
        types.append(r.message.type);
    return types;
}

void FakeLocustMaster::send(const QByteArray &identity, const QString &type, const QVariant &data)
{
    const QByteArray payload = LocustMessage::encode(type, data, QString::fromUtf8(identity));
    d->router.send(zmq::const_buffer(identity.constData(), std::size_t(identity.size())),
                   zmq::send_flags::sndmore);
    d->router.send(zmq::const_buffer(payload.constData(), std::size_t(payload.size())),
                   zmq::send_flags::none);
}

} // namespace cicada::test
