#include "stats/statsentry.h"

#include <QTest>

using cicada::RequestOutcome;
using cicada::StatsEntry;

namespace {

constexpr qint64 kT0Ms = 1'700'000'000'000; // an epoch-ms second boundary

RequestOutcome outcome(qint64 us, qint64 atMs, const QString &error = QString(), qint64 bytes = 0)
{
    return RequestOutcome{.type = QStringLiteral("GET"),
                          .name = QStringLiteral("/x"),
                          .responseTimeUs = us,
                          .contentLength = bytes,
                          .error = error,
                          .timestampMs = atMs};
}

} // namespace

class StatsEntryTest : public QObject
{
    Q_OBJECT

private slots:
    void recordCountsRequestsFailuresTimesAndSizes()
    {
        StatsEntry e(QStringLiteral("GET"), QStringLiteral("/x"));
        e.record(outcome(10'000, kT0Ms + 10, {}, 100));
        e.record(outcome(20'000, kT0Ms + 20, QStringLiteral("boom"), 0));
        e.record(outcome(30'000, kT0Ms + 1'500, {}, 200));
        e.record(outcome(40'000, kT0Ms + 2'100, {}, 300));
        QCOMPARE(e.numRequests(), 4);
        QCOMPARE(e.numFailures(), 1);
        QCOMPARE(e.failRatio(), 0.25);
        QCOMPARE(e.totalResponseTimeUs(), 100'000);
        QCOMPARE(e.avgResponseTimeUs(), 25'000.0);
        QCOMPARE(e.minResponseTimeUs(), 10'000);
        QCOMPARE(e.maxResponseTimeUs(), 40'000);
        // Histogram values are bucket midpoints: within 0.1 %.
        QVERIFY(qAbs(e.medianResponseTimeUs() - 20'000) <= 20);
        QCOMPARE(e.totalContentLength(), 600);
        QCOMPARE(e.avgContentLength(), 150.0);
        QCOMPARE(e.firstRequestMs(), kT0Ms + 10);
        QCOMPARE(e.lastRequestMs(), kT0Ms + 2'100);
        const qint64 s0 = kT0Ms / 1000;
        QCOMPARE(e.requestsPerSec().value(s0), 2);
        QCOMPARE(e.requestsPerSec().value(s0 + 1), 1);
        QCOMPARE(e.requestsPerSec().value(s0 + 2), 1);
        QCOMPARE(e.failuresPerSec().value(s0), 1);
        QCOMPARE(e.failuresPerSec().size(), 1);
    }

    void emptyEntryIsAllZero()
    {
        const StatsEntry e(QStringLiteral("GET"), QStringLiteral("/x"));
        QVERIFY(e.isEmpty());
        QCOMPARE(e.avgResponseTimeUs(), 0.0);
        QCOMPARE(e.avgContentLength(), 0.0);
        QCOMPARE(e.failRatio(), 0.0);
        QCOMPARE(e.minResponseTimeUs(), 0);
        QCOMPARE(e.medianResponseTimeUs(), 0);
        QCOMPARE(e.currentRps(kT0Ms), 0.0);
        QCOMPARE(e.totalRps(kT0Ms, kT0Ms + 1000), 0.0);
    }

    void mergeEqualsRecordingEverything()
    {
        StatsEntry a(QStringLiteral("GET"), QStringLiteral("/x"));
        StatsEntry b(QStringLiteral("GET"), QStringLiteral("/x"));
        StatsEntry all(QStringLiteral("GET"), QStringLiteral("/x"));
        for (int i = 0; i < 100; ++i) {
            const auto o =
                outcome(1'000 + i * 37, kT0Ms + i * 97, i % 7 ? QString() : QStringLiteral("e"), i);
            (i % 2 ? a : b).record(o);
            all.record(o);
        }
        a.merge(b);
        QCOMPARE(a.numRequests(), all.numRequests());
        QCOMPARE(a.numFailures(), all.numFailures());
        QCOMPARE(a.totalContentLength(), all.totalContentLength());
        QVERIFY(a.histogram() == all.histogram());
        QCOMPARE(a.requestsPerSec(), all.requestsPerSec());
        QCOMPARE(a.failuresPerSec(), all.failuresPerSec());
        QCOMPARE(a.firstRequestMs(), all.firstRequestMs());
        QCOMPARE(a.lastRequestMs(), all.lastRequestMs());
    }

    void serviceTimesAreKeptBesideAndMergeExactly()
    {
        // Closed model: no service time anywhere.
        StatsEntry closed(QStringLiteral("GET"), QStringLiteral("/x"));
        closed.record(outcome(5'000, kT0Ms));
        QVERIFY(!closed.hasServiceTime());
        QCOMPARE(closed.serviceHistogram().count(), 0);

        // Open model: response time from the intended start, service time from the send.
        StatsEntry a(QStringLiteral("GET"), QStringLiteral("/x"));
        StatsEntry b(QStringLiteral("GET"), QStringLiteral("/x"));
        StatsEntry all(QStringLiteral("GET"), QStringLiteral("/x"));
        for (int i = 0; i < 200; ++i) {
            RequestOutcome o = outcome(2'000 + i * 1'000, kT0Ms + i);
            o.serviceTimeUs = 2'000 + (i % 10) * 10;
            (i % 3 ? a : b).record(o);
            all.record(o);
        }
        QVERIFY(all.hasServiceTime());
        QCOMPARE(all.serviceHistogram().count(), 200);
        QCOMPARE(all.serviceHistogram().max(), 2'090);
        QVERIFY(all.percentileUs(99) > 190'000);
        QVERIFY(all.serviceHistogram().valueAtPercentile(99) <= 2'090);
        a.merge(b);
        QVERIFY(a.serviceHistogram() == all.serviceHistogram());
        QVERIFY(a.histogram() == all.histogram());
        // Merging into a row without service times gives it the other's.
        closed.merge(all);
        QVERIFY(closed.serviceHistogram() == all.serviceHistogram());
        // A reset forgets them.
        all.reset();
        QVERIFY(!all.hasServiceTime());
    }

    void totalRpsIsRequestsOverInterval()
    {
        StatsEntry e(QStringLiteral("GET"), QStringLiteral("/x"));
        for (int i = 0; i < 50; ++i) {
            e.record(outcome(1'000, kT0Ms + i * 100));
        }
        QCOMPARE(e.totalRps(kT0Ms, kT0Ms + 10'000), 5.0);
        QCOMPARE(e.totalFailPerSec(kT0Ms, kT0Ms + 10'000), 0.0);
        QCOMPARE(e.totalRps(kT0Ms, kT0Ms), 0.0);
        QCOMPARE(e.totalRps(0, kT0Ms), 0.0);
    }

    // Second s holds s+1 requests for s = 0..19, failures every second request.
    void currentRpsIsMeanOverTwelveToTwoSecondsAgo_data()
    {
        QTest::addColumn<qint64>("nowOffsetMs");
        QTest::addColumn<qint64>("startOffsetMs");
        QTest::addColumn<double>("rps");
        // now = second 20: window seconds 8..17 → counts 9..18, mean 13.5.
        QTest::newRow("steady") << qint64(20'000) << qint64(0) << 13.5;
        // Milliseconds inside the current second do not matter.
        QTest::newRow("end of second") << qint64(20'999) << qint64(0) << 13.5;
        // now = second 5: window [-7, 3) clamped to the start second 0 → seconds 0..2 → 2.
        QTest::newRow("clamped to start") << qint64(5'000) << qint64(1) << 2.0;
        // Without a start time the empty seconds before the run count: 6 / 10.
        QTest::newRow("no start") << qint64(5'000) << qint64(-1) << 0.6;
        // now = second 2: the window [0, 0) is empty.
        QTest::newRow("too early") << qint64(2'000) << qint64(1) << 0.0;
        // Long after the last request: the window holds no counts.
        QTest::newRow("stopped") << qint64(60'000) << qint64(1) << 0.0;
    }

    void currentRpsIsMeanOverTwelveToTwoSecondsAgo()
    {
        QFETCH(qint64, nowOffsetMs);
        QFETCH(qint64, startOffsetMs);
        QFETCH(double, rps);
        StatsEntry e(QStringLiteral("GET"), QStringLiteral("/x"));
        for (int s = 0; s < 20; ++s) {
            for (int i = 0; i <= s; ++i) {
                e.record(
                    outcome(1'000, kT0Ms + s * 1000 + i, i % 2 ? QStringLiteral("e") : QString()));
            }
        }
        const qint64 startMs = startOffsetMs < 0 ? 0 : kT0Ms + startOffsetMs;
        QCOMPARE(e.currentRps(kT0Ms + nowOffsetMs, startMs), rps);
        if (nowOffsetMs == 20'000) {
            // failures per second s: floor((s+1)/2); seconds 8..17 → 4,5,5,6,6,7,7,8,8,9 = 65
            QCOMPARE(e.currentFailPerSec(kT0Ms + nowOffsetMs, startMs), 6.5);
        }
    }

    void trimPerSecondDropsOldSeconds()
    {
        StatsEntry e(QStringLiteral("GET"), QStringLiteral("/x"));
        for (int s = 0; s < 30; ++s) {
            e.record(outcome(1'000, kT0Ms + s * 1000, QStringLiteral("e")));
        }
        e.trimPerSecond(kT0Ms / 1000 + 10);
        QCOMPARE(e.requestsPerSec().size(), 20);
        QCOMPARE(e.failuresPerSec().firstKey(), kT0Ms / 1000 + 10);
        QCOMPARE(e.numRequests(), 30);
    }

    void resetKeepsIdentity()
    {
        StatsEntry e(QStringLiteral("POST"), QStringLiteral("/y"));
        e.record(outcome(5, kT0Ms));
        e.reset();
        QVERIFY(e.isEmpty());
        QCOMPARE(e.type(), QStringLiteral("POST"));
        QCOMPARE(e.name(), QStringLiteral("/y"));
        QVERIFY(e.requestsPerSec().isEmpty());
    }

    void messagesWithoutTimeAddNoZeroToTheHistogram()
    {
        StatsEntry e(QStringLiteral("WS recv"), QStringLiteral("price"));
        RequestOutcome untimed = outcome(0, kT0Ms, {}, 40);
        untimed.kind = RequestOutcome::Kind::Message;
        untimed.hasTime = false;
        RequestOutcome aged = outcome(150'000, kT0Ms + 5, QStringLiteral("lost: sequence gap"), 60);
        aged.kind = RequestOutcome::Kind::Message;
        e.record(untimed);
        e.record(untimed);
        e.record(aged);
        QVERIFY(e.isMessage());
        QCOMPARE(e.numRequests(), 3);
        QCOMPARE(e.numFailures(), 1);
        QCOMPARE(e.totalContentLength(), 140);
        QCOMPARE(e.timedCount(), 1);
        QCOMPARE(e.minResponseTimeUs(), 150'000);
        QCOMPARE(e.medianResponseTimeUs(), e.percentileUs(100));
        QCOMPARE(e.requestsPerSec().value(kT0Ms / 1000), 3);

        // Merging carries the kind into an empty row, and reset keeps it.
        StatsEntry copy(QStringLiteral("WS recv"), QStringLiteral("price"));
        QVERIFY(!copy.isMessage());
        copy.merge(e);
        QVERIFY(copy.isMessage());
        QCOMPARE(copy.timedCount(), 1);
        copy.reset();
        QVERIFY(copy.isMessage());
        // An operation's time is always kept, even 0 µs.
        StatsEntry op(QStringLiteral("GET"), QStringLiteral("/x"));
        op.record(outcome(0, kT0Ms));
        QVERIFY(!op.isMessage());
        QCOMPARE(op.timedCount(), 1);
    }
};

QTEST_APPLESS_MAIN(StatsEntryTest)
#include "statsentrytest.moc"
