#include "engine/reconnectbackoff.h"

#include <QRandomGenerator>
#include <QTest>

using namespace cicada;

class ReconnectBackoffTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void delaysStayWithinHalfToFullNominal();
    void delaysTwoApartAlwaysGrowUntilTheCap();
    void shortLivedConnectionsDoNotReset();
    void connectionUpForFiveSecondsResets();
};

void ReconnectBackoffTest::delaysStayWithinHalfToFullNominal()
{
    QRandomGenerator random(7);
    for (int run = 0; run < 200; ++run) {
        ReconnectBackoff backoff;
        for (int n = 0; n < 10; ++n) {
            const qint64 nominal = backoff.nominalDelayMs();
            QCOMPARE(nominal, std::min<qint64>(ReconnectBackoff::kInitialDelayMs << n,
                                               ReconnectBackoff::kMaxDelayMs));
            const qint64 delay = backoff.nextDelayMs(random);
            QVERIFY2(delay >= nominal / 2 && delay <= nominal,
                     qPrintable(QStringLiteral("%1 of %2").arg(delay).arg(nominal)));
        }
        QCOMPARE(backoff.attempts(), 10);
    }
}

void ReconnectBackoffTest::delaysTwoApartAlwaysGrowUntilTheCap()
{
    // The property the accept-then-close test relies on: with equal jitter, delay n+2 >= delay n
    // whatever the random draws, so a server that closes at once sees fewer and fewer attempts.
    QRandomGenerator random(11);
    for (int run = 0; run < 200; ++run) {
        ReconnectBackoff backoff;
        QList<qint64> delays;
        for (int n = 0; n < 6; ++n)
            delays << backoff.nextDelayMs(random);
        for (int n = 0; n + 2 < delays.size(); ++n)
            QVERIFY(delays[n + 2] >= delays[n]);
        QVERIFY(delays.last() >= 4 * ReconnectBackoff::kInitialDelayMs);
    }
}

void ReconnectBackoffTest::shortLivedConnectionsDoNotReset()
{
    QRandomGenerator random(3);
    ReconnectBackoff backoff;
    qint64 now = 0;
    for (int n = 0; n < 5; ++n) {
        now += backoff.nextDelayMs(random);
        backoff.connected(now);
        now += 10; // accepted, then closed at once
        backoff.dropped(now);
    }
    QCOMPARE(backoff.attempts(), 5);
    QCOMPARE(backoff.nominalDelayMs(), ReconnectBackoff::kInitialDelayMs << 5);
}

void ReconnectBackoffTest::connectionUpForFiveSecondsResets()
{
    QRandomGenerator random(5);
    ReconnectBackoff backoff;
    for (int n = 0; n < 4; ++n)
        (void)backoff.nextDelayMs(random);
    backoff.connected(1000);
    backoff.dropped(1000 + ReconnectBackoff::kStableConnectionMs - 1);
    QCOMPARE(backoff.attempts(), 4);
    backoff.connected(20000);
    backoff.dropped(20000 + ReconnectBackoff::kStableConnectionMs);
    QCOMPARE(backoff.attempts(), 0);
    QCOMPARE(backoff.nominalDelayMs(), ReconnectBackoff::kInitialDelayMs);
}

QTEST_GUILESS_MAIN(ReconnectBackoffTest)
#include "reconnectbackofftest.moc"
