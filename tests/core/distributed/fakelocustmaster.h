#pragma once

#include "distributed/locustmessage.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QVariant>

#include <memory>
#include <optional>

namespace cicada::test {

/**
 * @brief A scripted stand-in for a Locust master: a ZeroMQ ROUTER bound on 127.0.0.1 that records
 * every worker message and sends whatever a test says, for checking the worker's side of the
 * protocol message by message. (tests/app/distributedtest.cpp runs the real master.)
 */
class FakeLocustMaster
{
public:
    /** One message from a worker, with the ROUTER's identity frame. */
    struct Received
    {
        QByteArray identity;
        LocustMessage message;
    };

    /** Binds on @p port (0 = a free port). */
    explicit FakeLocustMaster(quint16 port = 0);
    ~FakeLocustMaster();
    FakeLocustMaster(const FakeLocustMaster &) = delete;
    FakeLocustMaster &operator=(const FakeLocustMaster &) = delete;

    [[nodiscard]] quint16 port() const { return m_port; }

    /** Runs the Qt event loop until a message of @p type arrives (or @p timeoutMs passes). Returns
     *  it and consumes it and everything received before it. */
    [[nodiscard]] std::optional<Received> waitFor(const QString &type, int timeoutMs = 5000);
    /** Runs the event loop for @p ms and returns what arrived (consumed). */
    [[nodiscard]] QList<Received> collect(int ms);
    /** Every message received since construction, in order. */
    [[nodiscard]] const QList<Received> &history() const { return m_history; }
    /** Types of history() in order. */
    [[nodiscard]] QStringList historyTypes() const;

    void send(const QByteArray &identity, const QString &type, const QVariant &data = {});

private:
    void poll();

    struct Private;
    std::unique_ptr<Private> d;
    quint16 m_port = 0;
    QList<Received> m_inbox;
    QList<Received> m_history;
};

} // namespace cicada::test
