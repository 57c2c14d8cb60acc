// The worker's report windows: deltas add up, take() starts a new window, putBack() loses nothing.
#include "distributed/statsaccumulator.h"
#include "stats/statsshard.h"

#include <QTest>

using namespace cicada;

namespace {

StatsDelta deltaOf(int requests, int failures, const QString &name = QStringLiteral("chat"))
{
    StatsShard shard;
    for (int i = 0; i < requests; ++i) {
        RequestOutcome o;
        o.type = QStringLiteral("WS send");
        o.name = name;
        o.responseTimeUs = 1000 + i;
        o.timestampMs = 1000000 + i;
        if (i < failures)
            o.error = QStringLiteral("timeout");
        shard.record(o);
    }
    return shard.takeDelta();
}

} // namespace

class StatsAccumulatorTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deltasAddUpWithinAWindow();
    void takeStartsANewWindow();
    void putBackRestoresTheWindow();
    void restartDropsAndCounts();
    void messageRowsKeepTheirKind();
};

void StatsAccumulatorTest::messageRowsKeepTheirKind()
{
    StatsShard shard;
    RequestOutcome push;
    push.kind = RequestOutcome::Kind::Message;
    push.hasTime = false;
    push.type = QStringLiteral("WS recv");
    push.name = QStringLiteral("price");
    push.timestampMs = 1000000;
    shard.record(push);
    StatsAccumulator acc(100);
    acc.add(shard.takeDelta());
    acc.add(deltaOf(2, 0));
    qint64 start = 0;
    const StatsDelta d = acc.take(200, &start);
    const StatsEntry &prices =
        d.entries.value({QStringLiteral("WS recv"), QStringLiteral("price")});
    QVERIFY(prices.isMessage());
    QCOMPARE(prices.numRequests(), 1);
    QCOMPARE(prices.timedCount(), 0);
    QVERIFY(!d.entries.value({QStringLiteral("WS send"), QStringLiteral("chat")}).isMessage());
}

void StatsAccumulatorTest::deltasAddUpWithinAWindow()
{
    StatsAccumulator acc(100);
    acc.add(deltaOf(3, 1));
    acc.add(deltaOf(2, 2));
    acc.add(deltaOf(4, 0, QStringLiteral("typing")));
    QCOMPARE(acc.requestCount(), 9);
    qint64 start = 0;
    const StatsDelta d = acc.take(200, &start);
    QCOMPARE(start, 100);
    const StatsEntry &chat = d.entries.value({QStringLiteral("WS send"), QStringLiteral("chat")});
    QCOMPARE(chat.type(), QStringLiteral("WS send"));
    QCOMPARE(chat.name(), QStringLiteral("chat"));
    QCOMPARE(chat.numRequests(), 5);
    QCOMPARE(chat.numFailures(), 3);
    QCOMPARE(chat.histogram().count(), 5);
    QCOMPARE(d.errors.value(
                 {QStringLiteral("WS send"), QStringLiteral("chat"), QStringLiteral("timeout")}),
             3);
}

void StatsAccumulatorTest::takeStartsANewWindow()
{
    StatsAccumulator acc(100);
    acc.add(deltaOf(3, 0));
    qint64 start = 0;
    (void)acc.take(200, &start);
    QVERIFY(acc.isEmpty());
    QCOMPARE(acc.requestCount(), 0);
    QCOMPARE(acc.windowStartMs(), 200);
    acc.add(deltaOf(1, 0));
    const StatsDelta d = acc.take(300, &start);
    QCOMPARE(start, 200);
    QCOMPARE(d.entries.size(), 1);
    QCOMPARE(d.entries.begin()->numRequests(), 1);
}

void StatsAccumulatorTest::putBackRestoresTheWindow()
{
    StatsAccumulator acc(100);
    acc.add(deltaOf(3, 1));
    qint64 start = 0;
    const StatsDelta unsent = acc.take(200, &start);
    acc.add(deltaOf(2, 0));
    acc.putBack(unsent, start);
    QCOMPARE(acc.requestCount(), 5);
    QCOMPARE(acc.windowStartMs(), 100);
    const StatsDelta d = acc.take(300, &start);
    QCOMPARE(d.errors.value(
                 {QStringLiteral("WS send"), QStringLiteral("chat"), QStringLiteral("timeout")}),
             1);
}

void StatsAccumulatorTest::restartDropsAndCounts()
{
    StatsAccumulator acc(100);
    acc.add(deltaOf(4, 0));
    QCOMPARE(acc.restart(500), 4);
    QVERIFY(acc.isEmpty());
    QCOMPARE(acc.windowStartMs(), 500);
}

QTEST_GUILESS_MAIN(StatsAccumulatorTest)
#include "statsaccumulatortest.moc"
