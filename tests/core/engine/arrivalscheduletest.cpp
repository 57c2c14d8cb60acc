// ArrivalSchedule: the open model's intended start times, for constant rates, ramps, stages and
// live changes (issue 10).

#include "engine/arrivalschedule.h"

#include <QTest>

#include <cmath>

using namespace cicada;

namespace {

constexpr qint64 kNsPerMs = 1000000;
constexpr qint64 kNsPerS = 1000000000;

ArrivalRate constant(double rate)
{
    ArrivalRate a;
    a.rate = rate;
    return a;
}

ArrivalRate ramp(double from, double to, qint64 overMs)
{
    ArrivalRate a;
    a.rate = from;
    a.toRate = to;
    a.overMs = overMs;
    return a;
}

LoadStage rateStage(qint64 durationMs, double rate)
{
    LoadStage s;
    s.durationMs = durationMs;
    s.rate = rate;
    return s;
}

} // namespace

class ArrivalScheduleTest : public QObject
{
    Q_OBJECT

private slots:
    void timeOfIteration_data();
    void timeOfIteration();
    void countAndTimeAreInverse_data();
    void countAndTimeAreInverse();
    void stagesRampFromOneRateToTheNext();
    void shareScalesEveryRate();
    void setRateFromKeepsThePast();
    void zeroRateNeverDue();
    void threadsShareOneNumbering();
};

void ArrivalScheduleTest::timeOfIteration_data()
{
    QTest::addColumn<ArrivalRate>("rate");
    QTest::addColumn<qint64>("k");
    QTest::addColumn<qint64>("expectedMs");

    QTest::newRow("constant first at 0") << constant(50) << qint64(0) << qint64(0);
    QTest::newRow("constant 50/s: k/50 s") << constant(50) << qint64(1) << qint64(20);
    QTest::newRow("constant 50/s, k=1000") << constant(50) << qint64(1000) << qint64(20000);
    QTest::newRow("constant 0.5/s") << constant(0.5) << qint64(3) << qint64(6000);
    // 0 → 10/s over 10 s: count(t) = t²/2, so iteration 8 is due at 4 s.
    QTest::newRow("ramp up, inside") << ramp(0, 10, 10000) << qint64(8) << qint64(4000);
    // The ramp ends with 50 iterations due; then 10/s: iteration 60 one second later.
    QTest::newRow("ramp up, after") << ramp(0, 10, 10000) << qint64(60) << qint64(11000);
    // 10 → 0 over 10 s: count(t) = 10t − t²/2; 32 due at t = 10 − √36 = 4 s.
    QTest::newRow("ramp down") << ramp(10, 0, 10000) << qint64(32) << qint64(4000);
    QTest::newRow("ramp down never reaches") << ramp(10, 0, 10000) << qint64(51) << qint64(-1);
    // 50 → 200 over 60 s, the brief's example: count(t) = 50t + 1.25t², 625 at 10 s.
    QTest::newRow("brief ramp") << ramp(50, 200, 60000) << qint64(625) << qint64(10000);
}

void ArrivalScheduleTest::timeOfIteration()
{
    QFETCH(ArrivalRate, rate);
    QFETCH(qint64, k);
    QFETCH(qint64, expectedMs);
    const ArrivalSchedule s = ArrivalSchedule::build(&rate, {});
    const qint64 t = s.timeOf(k);
    if (expectedMs < 0) {
        QCOMPARE(t, ArrivalSchedule::kNever);
        return;
    }
    // Exact up to rounding to the next nanosecond.
    QVERIFY2(std::llabs(t - expectedMs * kNsPerMs) <= 1000,
             qPrintable(QStringLiteral("got %1 ns").arg(t)));
}

void ArrivalScheduleTest::countAndTimeAreInverse_data()
{
    QTest::addColumn<ArrivalRate>("rate");
    QTest::newRow("constant") << constant(123.4);
    QTest::newRow("ramp up") << ramp(3, 700, 7000);
    QTest::newRow("ramp down") << ramp(700, 3, 7000);
}

void ArrivalScheduleTest::countAndTimeAreInverse()
{
    QFETCH(ArrivalRate, rate);
    const ArrivalSchedule s = ArrivalSchedule::build(&rate, {});
    qint64 previous = -1;
    for (qint64 k = 0; k < 3000; ++k) {
        const qint64 t = s.timeOf(k);
        QVERIFY(t > previous); // strictly increasing: no two iterations at once at these rates
        previous = t;
        // At its due time, k iterations were due before it.
        QVERIFY2(std::abs(s.countAt(t) - double(k)) < 1e-3,
                 qPrintable(QStringLiteral("k=%1 count=%2").arg(k).arg(s.countAt(t))));
    }
}

void ArrivalScheduleTest::stagesRampFromOneRateToTheNext()
{
    ArrivalRate start = constant(10);
    const ArrivalSchedule s = ArrivalSchedule::build(
        &start, {rateStage(2000, 30), rateStage(1000, 30), rateStage(1000, 0)});
    QCOMPARE(s.rateAt(0), 10.0);
    QCOMPARE(s.rateAt(1 * kNsPerS), 20.0);
    QCOMPARE(s.rateAt(2500 * kNsPerMs), 30.0);
    QCOMPARE(s.rateAt(3500 * kNsPerMs), 15.0);
    QCOMPARE(s.rateAt(10 * kNsPerS), 0.0);
    // 40 (ramp) + 30 (hold) + 15 (ramp down) iterations, then none: the 85th is never due.
    QVERIFY(std::abs(s.countAt(4 * kNsPerS) - 85.0) < 1e-9);
    QVERIFY(s.timeOf(84) <= 4 * kNsPerS);
    QCOMPARE(s.timeOf(86), ArrivalSchedule::kNever);
    // Without arrivalRate the first stage starts from 0.
    const ArrivalSchedule fromZero = ArrivalSchedule::build(nullptr, {rateStage(1000, 10)});
    QCOMPARE(fromZero.rateAt(500 * kNsPerMs), 5.0);
    QVERIFY(std::abs(fromZero.countAt(kNsPerS) - 5.0) < 1e-9);
}

void ArrivalScheduleTest::shareScalesEveryRate()
{
    ArrivalRate r = ramp(10, 30, 1000);
    const ArrivalSchedule s = ArrivalSchedule::build(&r, {}, 0.25);
    QCOMPARE(s.rateAt(0), 2.5);
    QCOMPARE(s.rateAt(5 * kNsPerS), 7.5);
    QVERIFY(std::abs(s.countAt(2 * kNsPerS) - 0.25 * (20.0 + 30.0)) < 1e-9);
}

void ArrivalScheduleTest::setRateFromKeepsThePast()
{
    ArrivalRate r = ramp(0, 100, 10000);
    ArrivalSchedule s = ArrivalSchedule::build(&r, {});
    QList<qint64> before;
    for (qint64 k = 0; k < 50; ++k)
        before.append(s.timeOf(k));
    const double countAtCut = s.countAt(5 * kNsPerS); // 125
    s.setRateFrom(5 * kNsPerS, 10);
    for (qint64 k = 0; k < 50; ++k)
        QCOMPARE(s.timeOf(k), before.at(k));
    QCOMPARE(s.rateAt(5 * kNsPerS), 10.0);
    QCOMPARE(s.rateAt(60 * kNsPerS), 10.0);
    QVERIFY(std::abs(s.countAt(6 * kNsPerS) - (countAtCut + 10)) < 1e-9);
    // The next iteration after the cut comes at the new rate.
    const qint64 k = qint64(std::ceil(countAtCut)) + 10;
    QVERIFY(std::llabs(s.timeOf(k) - (5 * kNsPerS + qint64((double(k) - countAtCut) * 1e8))) <
            1000);
    // A cut at 0 replaces everything.
    s.setRateFrom(0, 4);
    QCOMPARE(s.timeOf(4), kNsPerS);
}

void ArrivalScheduleTest::zeroRateNeverDue()
{
    const ArrivalSchedule none;
    // Iteration k is due when k iterations are: iteration 0 at once, whatever the rate (as a ramp
    // from 0 starts with one iteration), but no other at rate 0.
    QCOMPARE(none.timeOf(0), 0);
    QCOMPARE(none.timeOf(1), ArrivalSchedule::kNever);
    ArrivalSchedule stopped(20);
    stopped.setRateFrom(kNsPerS, 0);
    QCOMPARE(stopped.timeOf(20), kNsPerS);
    QCOMPARE(stopped.timeOf(21), ArrivalSchedule::kNever);
}

void ArrivalScheduleTest::threadsShareOneNumbering()
{
    // Three threads taking k ≡ j (mod 3) together start exactly the iterations of one.
    ArrivalRate r = ramp(5, 50, 4000);
    const ArrivalSchedule s = ArrivalSchedule::build(&r, {});
    QList<qint64> merged;
    for (int j = 0; j < 3; ++j)
        for (qint64 k = j; s.timeOf(k) <= 4 * kNsPerS; k += 3)
            merged.append(s.timeOf(k));
    std::sort(merged.begin(), merged.end());
    QList<qint64> single;
    for (qint64 k = 0; s.timeOf(k) <= 4 * kNsPerS; ++k)
        single.append(s.timeOf(k));
    QCOMPARE(merged, single);
    QCOMPARE(single.size(), qsizetype(std::floor(s.countAt(4 * kNsPerS))) + 1);
}

QTEST_GUILESS_MAIN(ArrivalScheduleTest)
#include "arrivalscheduletest.moc"
