#include "report/thresholdevaluator.h"
#include "report/reportformat.h"
#include "report/resultbuilder.h"

#include "reportfixture.h"

#include <QTest>

using namespace cicada;
using namespace cicada::test;

namespace {

RunResult result()
{
    Stats stats = sampleStats(10);
    // A second operation row named "chat", so that a name-only selector merges two rows, and a
    // message row named "chat" that it must leave out.
    for (int i = 0; i < 10; ++i) {
        stats.record(
            outcome(QStringLiteral("WS await"), QStringLiteral("chat"), 5, kT0Ms + i * 100));
        stats.record(
            message(QStringLiteral("WS recv"), QStringLiteral("chat"), -1, kT0Ms + i * 100));
    }
    return ResultBuilder(secretProfile(), {}).build(stats, kT0Ms + 10'000);
}

ThresholdVerdict verdict(const QString &text, const RunResult &r)
{
    return ThresholdEvaluator::evaluate(*Threshold::parse(text), r);
}

} // namespace

class ThresholdEvaluatorTest : public QObject
{
    Q_OBJECT

private slots:
    void latencyMetricsMeasureTheSelectedRows()
    {
        const RunResult r = result();
        const ResultEntry *chat = nullptr;
        for (const ResultEntry &e : r.entries) {
            if (e.type == QLatin1String("WS send"))
                chat = &e;
        }
        QVERIFY(chat);
        const ThresholdVerdict p95 = verdict(QStringLiteral("p95(WS send:chat) < 1s"), r);
        QVERIFY(p95.passed);
        QVERIFY(p95.hasValue);
        QCOMPARE(p95.measured, double(chat->percentileUs(95)));
        QCOMPARE(p95.measuredText, ReportFormat::ms(p95.measured) + QStringLiteral(" ms"));
        QCOMPARE(verdict(QStringLiteral("max(WS send:chat) < 1s"), r).measured,
                 double(chat->histogram.max()));
        QCOMPARE(verdict(QStringLiteral("min(WS send:chat) > 1ms"), r).measured,
                 double(chat->histogram.min()));
        QCOMPARE(verdict(QStringLiteral("avg(WS send:chat) < 1s"), r).measured,
                 chat->avgResponseTimeUs());
        QCOMPARE(verdict(QStringLiteral("p50 < 1s"), r).measured,
                 double(r.aggregated.percentileUs(50)));
        QVERIFY(!verdict(QStringLiteral("p99(WS send:chat) < 1ms"), r).passed);
    }

    void nameWithoutTypeMergesRows()
    {
        const RunResult r = result();
        QCOMPARE(verdict(QStringLiteral("requests(chat) > 0"), r).measured, 10.0 * 20 + 10);
        QCOMPARE(verdict(QStringLiteral("requests(WS send:chat) > 0"), r).measured, 10.0 * 20);
        QCOMPARE(verdict(QStringLiteral("failures(chat) < 1"), r).measured, 10.0 * 2);
        // Only message rows carry the name: they are taken.
        QCOMPARE(verdict(QStringLiteral("requests(typing) > 0"), r).measured, 10.0 * 3);
    }

    void headlineThresholdsCountOperationsOnly()
    {
        // 100 operations, 10 of them failed, and 300 pushes without a timestamp, 5 lost.
        Stats stats(kT0Ms);
        for (int i = 0; i < 100; ++i) {
            stats.record(outcome(QStringLiteral("WS send"), QStringLiteral("order"),
                                 (20 + i) * 1000, kT0Ms + i * 100,
                                 i % 10 == 0 ? QStringLiteral("timeout") : QString()));
            for (int j = 0; j < 3; ++j)
                stats.record(message(
                    QStringLiteral("WS recv"), QStringLiteral("price"), -1, kT0Ms + i * 100 + j,
                    i * 3 + j < 5 ? QStringLiteral("lost: sequence gap") : QString()));
        }
        const RunResult r = ResultBuilder(secretProfile(), {}).build(stats, kT0Ms + 10'000);
        const ThresholdVerdict errors = verdict(QStringLiteral("error_rate < 5%"), r);
        QCOMPARE(errors.measured, 0.10); // 10 of 100 operations, not 15 of 400 "requests"
        QVERIFY(!errors.passed);
        QCOMPARE(verdict(QStringLiteral("requests > 0"), r).measured, 100.0);
        const double seconds = (99 * 100 + 2) / 1000.0; // start to the last event
        QCOMPARE(verdict(QStringLiteral("rps > 0"), r).measured, 100 / seconds);
        QVERIFY(verdict(QStringLiteral("p50 >= 69ms"), r).passed); // no 0-ms pushes in it

        // rate() names one row: messages per second over the same interval.
        const ThresholdVerdict rate = verdict(QStringLiteral("rate(WS recv:price) > 20"), r);
        QVERIFY(rate.hasValue);
        QCOMPARE(rate.measured, 300 / seconds);
        QVERIFY(rate.passed);
        QCOMPARE(rate.measuredText, ReportFormat::rate(300 / seconds) + QStringLiteral("/s"));
        QVERIFY(!verdict(QStringLiteral("rate(WS recv:price) > 100"), r).passed);
        QCOMPARE(verdict(QStringLiteral("rate(WS send:order) >= 1/s"), r).measured, 100 / seconds);
        QCOMPARE(verdict(QStringLiteral("error_rate(WS recv:price) < 1%"), r).measured, 5.0 / 300);

        // Untimed pushes have no age: a percentile on them is not a pass.
        const ThresholdVerdict age = verdict(QStringLiteral("p95(WS recv:price) < 200ms"), r);
        QVERIFY(!age.passed);
        QVERIFY(!age.hasValue);
        QCOMPARE(age.measuredText, QStringLiteral("no timed samples"));
        QCOMPARE(age.detail, QStringLiteral("'WS recv:price' had 300 messages, none with a time "
                                            "(a push needs a server timestamp for its age)"));
    }

    void percentileOfAMessageRowIsItsAge()
    {
        Stats stats(kT0Ms);
        for (int i = 0; i < 100; ++i) {
            // Ages 1..100 ms on every other push; the rest carry no timestamp.
            stats.record(message(QStringLiteral("WS recv"), QStringLiteral("price"),
                                 i % 2 == 0 ? (i / 2 + 1) * 2000 : -1, kT0Ms + i * 10));
        }
        stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/"), 5000, kT0Ms + 5));
        const RunResult r = ResultBuilder(secretProfile(), {}).build(stats, kT0Ms + 2'000);
        const ThresholdVerdict p95 = verdict(QStringLiteral("p95(WS recv:price) < 200ms"), r);
        QVERIFY(p95.hasValue);
        QVERIFY(p95.passed);
        // 50 timed ages 2, 4, ..., 100 ms: p95 is the 48th, 96 ms (HDR: within 0.1 %).
        QVERIFY2(qAbs(p95.measured - 96'000) <= 96, qPrintable(p95.measuredText));
        QVERIFY(!verdict(QStringLiteral("p95(WS recv:price) < 90ms"), r).passed);
        QCOMPARE(verdict(QStringLiteral("min(WS recv:price) > 1ms"), r).measured, 2000.0);
        QCOMPARE(verdict(QStringLiteral("avg(WS recv:price) < 1s"), r).measured, 51'000.0);
        // The Aggregated row still holds the one operation.
        QCOMPARE(verdict(QStringLiteral("max < 1s"), r).measured, 5000.0);
    }

    void countsRatesAndErrorRate()
    {
        const RunResult r = result();
        const ThresholdVerdict errors = verdict(QStringLiteral("error_rate < 1%"), r);
        QCOMPARE(errors.measured, r.aggregated.failRatio());
        QVERIFY(!errors.passed);
        QCOMPARE(errors.measuredText,
                 QStringLiteral("%1%").arg(r.aggregated.failRatio() * 100, 0, 'f', 2));
        const ThresholdVerdict rps = verdict(QStringLiteral("rps > 10"), r);
        QCOMPARE(rps.measured, r.rps(r.aggregated));
        QVERIFY(rps.passed);
        QVERIFY(rps.measuredText.endsWith(QStringLiteral("/s")));
        QCOMPARE(verdict(QStringLiteral("requests >= 740"), r).measured,
                 double(r.aggregated.numRequests));
        QCOMPARE(verdict(QStringLiteral("requests >= 740"), r).measuredText,
                 QString::number(r.aggregated.numRequests));
        QVERIFY(verdict(QStringLiteral("error_rate(GET:/api/items) <= 0%"), r).passed);
        QCOMPARE(verdict(QStringLiteral("error_rate(GET:/api/profile) < 50%"), r).measured, 1.0);
    }

    void unmatchedSelectorFailsWithoutValue()
    {
        const RunResult r = result();
        const ThresholdVerdict v = verdict(QStringLiteral("p95(WS send:chta) < 1s"), r);
        QVERIFY(!v.passed);
        QVERIFY(!v.hasValue);
        QCOMPARE(v.measuredText, QStringLiteral("no data"));
        QCOMPARE(v.detail, QStringLiteral("no requests matched 'WS send:chta'"));
        QVERIFY(!verdict(QStringLiteral("failures(nothing) < 1"), r).passed);
        // Without requests there is no latency, but counts are still counts.
        const RunResult empty = ResultBuilder(secretProfile(), {}).build(Stats(kT0Ms), kT0Ms + 1);
        QVERIFY(!verdict(QStringLiteral("p95 < 1s"), empty).passed);
        QVERIFY(verdict(QStringLiteral("requests < 1"), empty).passed);
    }

    void abortedThresholdFailsWhateverTheValue()
    {
        ResultBuilder builder(secretProfile(), {});
        builder.setThresholds({*Threshold::parse(QStringLiteral("p95 < 1s")),
                               *Threshold::parse(QStringLiteral("error_rate < 50%"))});
        builder.setAbortedBy(0, QStringLiteral("broken for 10.0 s in a row"));
        builder.setEnd(RunResult::EndReason::ThresholdAbort, QStringLiteral("aborted"));
        const RunResult r = builder.build(sampleStats(3), kT0Ms + 3000);
        QCOMPARE(r.verdicts.size(), 2);
        QVERIFY(!r.verdicts[0].passed);
        // The failure count first, then why it failed.
        QCOMPARE(r.verdicts[0].detail, QStringLiteral("%1/%2 failed; broken for 10.0 s in a row")
                                           .arg(r.aggregated.numFailures)
                                           .arg(r.aggregated.numRequests));
        QVERIFY(r.verdicts[1].passed);
        QCOMPARE(r.verdict(), RunResult::Verdict::Aborted);
    }

    void detailCountsTheSelectedRowsFailures_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("detail");
        // 12 s of sampleStats(): 50/s items, 20/s chat sends (every 10th fails), 2/s profile 500s.
        QTest::newRow("no failures")
            << QStringLiteral("p95(GET:/api/items) < 1s") << QStringLiteral("0/600 failed");
        QTest::newRow("some") << QStringLiteral("error_rate(WS send:chat) < 50%")
                              << QStringLiteral("24/240 failed");
        QTest::newRow("all, a count threshold")
            << QStringLiteral("requests(GET:/api/profile) > 1") << QStringLiteral("24/24 failed");
        QTest::newRow("Aggregated") << QStringLiteral("rps > 1") << QStringLiteral("48/864 failed");
    }
    void detailCountsTheSelectedRowsFailures()
    {
        QFETCH(QString, expression);
        QFETCH(QString, detail);
        const RunResult r =
            ResultBuilder(secretProfile(), {}).build(sampleStats(12), kT0Ms + 12'000);
        const ThresholdVerdict v = verdict(expression, r);
        QVERIFY(v.passed);
        QCOMPARE(v.detail, detail);
    }

    void percentileAboveTheErrorRateLimitIsUnreliable_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<double>("maxErrorRate");
        QTest::addColumn<bool>("unreliable");
        // GET /api/profile fails always, WS send chat 10 %, Aggregated 48/864 = 5.6 %.
        QTest::newRow("all failed") << QStringLiteral("p95(GET:/api/profile) < 1s") << 0.10 << true;
        QTest::newRow("all failed, limit 100 %")
            << QStringLiteral("p95(GET:/api/profile) < 1s") << 1.0 << false;
        QTest::newRow("10 % is not above 10 %")
            << QStringLiteral("p95(WS send:chat) < 1s") << 0.10 << false;
        QTest::newRow("10 % above 5 %") << QStringLiteral("p99(WS send:chat) < 1s") << 0.05 << true;
        QTest::newRow("Aggregated above 5 %") << QStringLiteral("p50 < 1s") << 0.05 << true;
        QTest::newRow("Aggregated within 10 %") << QStringLiteral("p50 < 1s") << 0.10 << false;
        QTest::newRow("not a percentile")
            << QStringLiteral("max(GET:/api/profile) < 1s") << 0.10 << false;
        QTest::newRow("error rate itself")
            << QStringLiteral("error_rate(GET:/api/profile) <= 100%") << 0.10 << false;
    }
    void percentileAboveTheErrorRateLimitIsUnreliable()
    {
        QFETCH(QString, expression);
        QFETCH(double, maxErrorRate);
        QFETCH(bool, unreliable);
        const RunResult r =
            ResultBuilder(secretProfile(), {}).build(sampleStats(12), kT0Ms + 12'000);
        const ThresholdVerdict v =
            ThresholdEvaluator::evaluate(*Threshold::parse(expression), r, maxErrorRate);
        QCOMPARE(v.unreliable, unreliable);
        // Every value here is within its limit: only an unreliable one does not pass.
        QCOMPARE(v.passed, !unreliable);
        QVERIFY(v.hasValue);
        QCOMPARE(v.detail.contains(QStringLiteral("; unreliable: ")), unreliable);
        if (unreliable)
            QVERIFY2(v.detail.endsWith(QStringLiteral("more than the %1 allowed for a percentile "
                                                      "(thresholdOptions.maxErrorRate)")
                                           .arg(ReportFormat::percent(maxErrorRate))),
                     qPrintable(v.detail));
    }

    void profileMaxErrorRateReachesTheVerdicts()
    {
        Profile profile = secretProfile();
        profile.thresholdsMaxErrorRate = 0.05;
        ResultBuilder builder(profile, {});
        builder.setThresholds({*Threshold::parse(QStringLiteral("p95(WS send:chat) < 1s"))});
        const RunResult strict = builder.build(sampleStats(12), kT0Ms + 12'000);
        QVERIFY(strict.verdicts.at(0).unreliable);
        QCOMPARE(strict.verdict(), RunResult::Verdict::Fail);
        profile.thresholdsMaxErrorRate = Profile::kDefaultThresholdsMaxErrorRate;
        ResultBuilder lenient(profile, {});
        lenient.setThresholds({*Threshold::parse(QStringLiteral("p95(WS send:chat) < 1s"))});
        const RunResult r = lenient.build(sampleStats(12), kT0Ms + 12'000);
        QVERIFY(!r.verdicts.at(0).unreliable);
        QCOMPARE(r.verdict(), RunResult::Verdict::Pass);
    }
};

QTEST_GUILESS_MAIN(ThresholdEvaluatorTest)
#include "thresholdevaluatortest.moc"
