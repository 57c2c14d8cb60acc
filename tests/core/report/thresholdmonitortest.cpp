#include "report/thresholdmonitor.h"

#include "reportfixture.h"

#include <QTest>

using namespace cicada;
using namespace cicada::test;

namespace {

/// Feeds one second of @p count requests of @p us each (every @p failEvery-th failing) and ticks.
void second(Stats &stats, int s, qint64 us, int count = 20, int failEvery = 0,
            const QString &name = QStringLiteral("/a"))
{
    const qint64 base = kT0Ms + qint64(s) * 1000;
    for (int i = 0; i < count; ++i)
        stats.record(
            outcome(QStringLiteral("GET"), name, us, base + i,
                    failEvery > 0 && i % failEvery == 0 ? QStringLiteral("HTTP 500") : QString()));
    stats.tick(base + 1000, 1);
}

qint64 at(int s)
{
    return kT0Ms + qint64(s) * 1000 + 1000;
}

QList<Threshold> parse(const QStringList &texts)
{
    QList<Threshold> out;
    for (const QString &t : texts)
        out.append(*Threshold::parse(t));
    return out;
}

} // namespace

class ThresholdMonitorTest : public QObject
{
    Q_OBJECT

private slots:
    void onlyLatencyAndErrorRateAreWatched()
    {
        QVERIFY(!ThresholdMonitor(parse({"rps > 100", "requests > 1", "failures < 1",
                                         "rate(WS recv:price) > 1"}),
                                  1000)
                     .isWatching());
        QVERIFY(ThresholdMonitor(parse({"rps > 100", "p95 < 1s"}), 1000).isWatching());
        QVERIFY(ThresholdMonitor(parse({"error_rate < 1%"}), 1000).isWatching());
    }

    void pushesDoNotDiluteTheWatchedErrorRate()
    {
        // Each second: 20 operations, every 4th failing (25 %), and 200 pushes that all succeed.
        // Counted as requests they would read 2.3 %, below the 10 % limit.
        Stats stats(kT0Ms);
        ThresholdMonitor monitor(parse({"error_rate < 10%", "p95(WS recv:price) < 50ms"}), 2000);
        qsizetype broken = -1;
        int s = 0;
        for (; s < 10 && broken < 0; ++s) {
            const qint64 base = kT0Ms + qint64(s) * 1000;
            for (int i = 0; i < 200; ++i)
                stats.record(
                    message(QStringLiteral("WS recv"), QStringLiteral("price"), -1, base + i));
            second(stats, s, 10'000, 20, 4);
            broken = monitor.update(stats, at(s));
        }
        QCOMPARE(broken, 0);
        QCOMPARE(s, 3); // broken at s = 0, 1, 2: 2 s in a row
        QVERIFY(monitor.describeBreak(0).contains(QStringLiteral("25.00%")));
    }

    void messageAgeIsWatchedOnTimedSamplesOnly()
    {
        Stats stats(kT0Ms);
        ThresholdMonitor monitor(parse({"p95(WS recv:price) < 50ms", "avg(WS recv:price) < 1s"}),
                                 2000);
        // Untimed pushes: no window value, never broken.
        for (int s = 0; s < 5; ++s) {
            for (int i = 0; i < 50; ++i)
                stats.record(message(QStringLiteral("WS recv"), QStringLiteral("price"), -1,
                                     kT0Ms + s * 1000 + i));
            stats.tick(at(s), 1);
            QCOMPARE(monitor.update(stats, at(s)), -1);
        }
        // Then old pushes (age 200 ms) among many untimed ones: the age window is bad.
        qsizetype broken = -1;
        int s = 5;
        for (; s < 20 && broken < 0; ++s) {
            for (int i = 0; i < 50; ++i)
                stats.record(message(QStringLiteral("WS recv"), QStringLiteral("price"),
                                     i == 0 ? 200'000 : -1, kT0Ms + s * 1000 + i));
            stats.tick(at(s), 1);
            broken = monitor.update(stats, at(s));
        }
        QCOMPARE(broken, 0);
        QCOMPARE(s, 8);
        QVERIFY2(monitor.describeBreak(0).contains(QStringLiteral("200 ms")),
                 qPrintable(monitor.describeBreak(0)));
    }

    void latencyBrokenForTheWholeSustainTimeAborts()
    {
        Stats stats(kT0Ms);
        ThresholdMonitor monitor(parse({"rps > 1", "p95(GET:/a) < 100ms"}), 3000);
        int s = 0;
        for (; s < 5; ++s) {
            second(stats, s, 10'000);
            QCOMPARE(monitor.update(stats, at(s)), -1);
        }
        // Slow from now on: the 10-s window turns bad once slow requests are more than 5 %.
        qsizetype broken = -1;
        int brokeAt = -1;
        for (; s < 40 && broken < 0; ++s) {
            second(stats, s, 300'000);
            broken = monitor.update(stats, at(s));
            brokeAt = s;
        }
        QCOMPARE(broken, 1);
        // First bad window at s = 5 (one slow second of six is 17 %), broken at s = 5, 6, 7, 8:
        // at s = 8 it has been broken for 3 s.
        QCOMPARE(brokeAt, 8);
        const QString why = monitor.describeBreak(1);
        QVERIFY2(why.contains(QStringLiteral("broken for 3.0 s in a row")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("10-s window value 300 ms")), qPrintable(why));
    }

    void aGoodWindowResetsTheStreak()
    {
        Stats stats(kT0Ms);
        ThresholdMonitor monitor(parse({"p95 < 100ms"}), 3000);
        // Slow seconds diluted below 5 % by busy fast ones: broken, holds, broken, holds.
        second(stats, 0, 300'000, 20);
        QCOMPARE(monitor.update(stats, at(0)), -1);
        second(stats, 1, 1000, 400);
        QCOMPARE(monitor.update(stats, at(1)), -1);
        second(stats, 2, 300'000, 20);
        QCOMPARE(monitor.update(stats, at(2)), -1);
        second(stats, 3, 1000, 400);
        QCOMPARE(monitor.update(stats, at(3)), -1);
        // Slow from s = 4 on: broken at 4, 5, 6, 7 — three seconds at s = 7.
        int s = 4;
        for (; s < 20; ++s) {
            second(stats, s, 300'000, 20);
            if (monitor.update(stats, at(s)) >= 0)
                break;
        }
        QCOMPARE(s, 7);
    }

    void windowForgetsOldErrors()
    {
        Stats stats(kT0Ms);
        ThresholdMonitor patient(parse({"error_rate < 10%"}), 20'000);
        ThresholdMonitor impatient(parse({"error_rate < 10%"}), 10'000);
        int impatientAbortedAt = -1;
        for (int s = 0; s < 30; ++s) {
            // 50 % errors in the first three seconds, none after.
            second(stats, s, 1000, 20, s < 3 ? 2 : 0);
            QCOMPARE(patient.update(stats, at(s)), -1);
            if (impatient.update(stats, at(s)) >= 0 && impatientAbortedAt < 0)
                impatientAbortedAt = s;
        }
        // The window is bad from s = 0 until the bad seconds drop out of it: at s = 10 it holds
        // s1..s10 (20 failures in 200 requests: not below 10 %), at s = 11 s2..s11 (5 %).
        QCOMPARE(impatientAbortedAt, 10);
    }

    void windowWithoutRequestsIsNotBroken()
    {
        Stats stats(kT0Ms);
        ThresholdMonitor patient(parse({"p95 < 1ms"}), 10'500);
        ThresholdMonitor impatient(parse({"p95 < 1ms"}), 9'000);
        second(stats, 0, 300'000);
        QCOMPARE(patient.update(stats, at(0)), -1);
        QCOMPARE(impatient.update(stats, at(0)), -1);
        // Quiet seconds: the slow second stays in the window until s = 9, then nothing is
        // measured, which does not count as broken.
        int impatientAbortedAt = -1;
        for (int s = 1; s < 25; ++s) {
            stats.tick(at(s), 1);
            QCOMPARE(patient.update(stats, at(s)), -1);
            if (impatient.update(stats, at(s)) >= 0 && impatientAbortedAt < 0)
                impatientAbortedAt = s;
        }
        QCOMPARE(impatientAbortedAt, 9);
    }

    void nameSelectorIgnoresOtherRows()
    {
        Stats stats(kT0Ms);
        ThresholdMonitor monitor(parse({"p50(/slow) < 10ms"}), 1000);
        second(stats, 0, 1000, 20, 0, QStringLiteral("/fast"));
        second(stats, 1, 50'000, 20, 0, QStringLiteral("/slow"));
        QCOMPARE(monitor.update(stats, at(1)), -1);
        second(stats, 2, 50'000, 20, 0, QStringLiteral("/slow"));
        QCOMPARE(monitor.update(stats, at(2)), 0);
    }
};

QTEST_GUILESS_MAIN(ThresholdMonitorTest)
#include "thresholdmonitortest.moc"
