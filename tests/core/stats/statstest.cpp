#include "stats/stats.h"
#include "stats/statsshard.h"

#include <QCoreApplication>
#include <QTest>
#include <QThread>
#include <QVariant>

#include <memory>

using namespace cicada;

namespace {

constexpr qint64 kT0Ms = 1'700'000'000'000;

RequestOutcome outcome(const QString &type, const QString &name, qint64 us, qint64 atMs,
                       const QString &error = QString(), qint64 bytes = 0)
{
    return RequestOutcome{.type = type,
                          .name = name,
                          .responseTimeUs = us,
                          .contentLength = bytes,
                          .error = error,
                          .timestampMs = atMs};
}

/// A server push: a message; with @p ageUs >= 0 it carries its age, otherwise no time.
RequestOutcome push(const QString &name, qint64 ageUs, qint64 atMs, qint64 bytes = 0,
                    const QString &error = QString())
{
    RequestOutcome o =
        outcome(QStringLiteral("WS recv"), name, ageUs < 0 ? 0 : ageUs, atMs, error, bytes);
    o.kind = RequestOutcome::Kind::Message;
    o.hasTime = ageUs >= 0;
    return o;
}

/// Emits deltas from a worker thread; the connection to the aggregator is queued.
class DeltaSender : public QObject
{
    Q_OBJECT

signals:
    void deltaReady(const cicada::StatsDelta &delta);
};

} // namespace

class StatsTest : public QObject
{
    Q_OBJECT

private slots:
    void deltaIsAMetaType()
    {
        StatsShard shard;
        shard.record(outcome(QStringLiteral("GET"), QStringLiteral("/a"), 10, kT0Ms));
        const QVariant v = QVariant::fromValue(shard.takeDelta());
        QVERIFY(v.canConvert<StatsDelta>());
        QCOMPARE(v.value<StatsDelta>().entries.size(), 1);
        QVERIFY(shard.isEmpty());
    }

    void shardCountsEveryOutcomeInItsRowWhateverItsStringsShare()
    {
        // The shard skips hashing when an outcome's strings share data with the last row's key;
        // equal text in separate strings, a row after many new rows (the hash grows and moves
        // them) and a row after takeDelta() must all land in the right row.
        const QString get = QStringLiteral("GET");
        const QString hot = QStringLiteral("/hot");
        StatsShard shard;
        for (int i = 0; i < 200; ++i) {
            shard.record(outcome(get, hot, 1, kT0Ms));
            shard.record(outcome(get, QStringLiteral("/cold%1").arg(i), 1, kT0Ms));
            shard.record(outcome(QString::fromUtf8("GET"), QString::fromUtf8("/hot"), 1, kT0Ms));
        }
        StatsDelta first = shard.takeDelta();
        QCOMPARE(first.entries.size(), 201);
        QCOMPARE(first.entries.value(StatsKey{get, hot}).numRequests(), 400);
        QCOMPARE(first.entries.value(StatsKey{get, QStringLiteral("/cold7")}).numRequests(), 1);
        shard.record(outcome(get, hot, 1, kT0Ms));
        const StatsDelta second = shard.takeDelta();
        QCOMPARE(second.entries.size(), 1);
        QCOMPARE(second.entries.value(StatsKey{get, hot}).numRequests(), 1);
        QCOMPARE(first.entries.value(StatsKey{get, hot}).numRequests(), 400); // untouched
    }

    void shardsFromTwoThreadsMergeToExactTotals()
    {
        constexpr int kPerThread = 20'000;
        constexpr int kDeltaEvery = 1'000;
        Stats stats(kT0Ms);
        DeltaSender sender;
        connect(
            &sender, &DeltaSender::deltaReady, this,
            [&stats](const StatsDelta &delta) { stats.merge(delta); }, Qt::QueuedConnection);

        auto worker = [&sender](int id) {
            StatsShard shard;
            for (int i = 0; i < kPerThread; ++i) {
                const bool fail = i % 10 == 0;
                shard.record(outcome(i % 2 ? QStringLiteral("GET") : QStringLiteral("POST"),
                                     QStringLiteral("/t%1").arg(i % 3), 100 + i + id, kT0Ms + i,
                                     fail ? QStringLiteral("err %1").arg(i % 4) : QString(), 10));
                if ((i + 1) % kDeltaEvery == 0) {
                    emit sender.deltaReady(shard.takeDelta());
                }
            }
        };
        std::unique_ptr<QThread> a(QThread::create(worker, 1));
        std::unique_ptr<QThread> b(QThread::create(worker, 2));
        a->start();
        b->start();
        QVERIFY(a->wait(60'000));
        QVERIFY(b->wait(60'000));
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();

        QCOMPARE(stats.total().numRequests(), 2 * kPerThread);
        QCOMPARE(stats.total().numFailures(), 2 * kPerThread / 10);
        QCOMPARE(stats.total().totalContentLength(), 2 * kPerThread * 10);
        QCOMPARE(stats.entries().size(), 6);
        QCOMPARE(stats.errorCount(), 2 * kPerThread / 10);
        // i % 10 == 0 ⇒ i even ⇒ POST; i % 4 ∈ {0, 2}; every (name, error) pair occurs.
        qint64 expectedSum = 0;
        for (int id = 1; id <= 2; ++id) {
            for (int i = 0; i < kPerThread; ++i) {
                expectedSum += 100 + i + id;
            }
        }
        QCOMPARE(stats.total().totalResponseTimeUs(), expectedSum);
        QCOMPARE(stats.total().minResponseTimeUs(), 101);
        QCOMPARE(stats.total().maxResponseTimeUs(), 100 + kPerThread - 1 + 2);
    }

    void errorsAreGroupedByTypeNameAndMessage()
    {
        Stats stats;
        const auto get = QStringLiteral("GET");
        const auto post = QStringLiteral("POST");
        const auto a = QStringLiteral("/a");
        const auto b = QStringLiteral("/b");
        StatsShard shard;
        for (int i = 0; i < 3; ++i) {
            shard.record(outcome(get, a, 1, kT0Ms, QStringLiteral("404")));
        }
        shard.record(outcome(post, a, 1, kT0Ms, QStringLiteral("404")));
        shard.record(outcome(get, b, 1, kT0Ms, QStringLiteral("404")));
        shard.record(outcome(get, a, 1, kT0Ms, QStringLiteral("500")));
        shard.record(outcome(get, a, 1, kT0Ms, QStringLiteral("500")));
        shard.record(outcome(get, a, 1, kT0Ms));
        stats.merge(shard.takeDelta());
        // A second delta adds to the same groups.
        shard.record(outcome(post, a, 1, kT0Ms, QStringLiteral("404")));
        shard.record(outcome(post, a, 1, kT0Ms, QStringLiteral("404")));
        stats.merge(shard.takeDelta());

        const QList<StatsError> expected = {
            {get, a, QStringLiteral("404"), 3},
            {post, a, QStringLiteral("404"), 3},
            {get, a, QStringLiteral("500"), 2},
            {get, b, QStringLiteral("404"), 1},
        };
        QCOMPARE(stats.errors(), expected);
        QCOMPARE(stats.entry(get, a)->numFailures(), 5);
        QCOMPARE(stats.entry(get, a)->numRequests(), 6);
        QCOMPARE(stats.total().numFailures(), 9);
    }

    void entriesAreSortedByNameThenType()
    {
        Stats stats;
        stats.record(outcome(QStringLiteral("POST"), QStringLiteral("/b"), 1, kT0Ms));
        stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/b"), 1, kT0Ms));
        stats.record(outcome(QStringLiteral("WS send"), QStringLiteral("/a"), 1, kT0Ms));
        stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/c"), 1, kT0Ms));
        QStringList order;
        for (const StatsEntry *e : stats.entries()) {
            order << e->type() + QLatin1Char(' ') + e->name();
        }
        QCOMPARE(order, (QStringList{QStringLiteral("WS send /a"), QStringLiteral("GET /b"),
                                     QStringLiteral("POST /b"), QStringLiteral("GET /c")}));
        QCOMPARE(stats.total().type(), QString());
        QCOMPARE(stats.total().name(), QStringLiteral("Aggregated"));
        QCOMPARE(stats.entry(QStringLiteral("GET"), QStringLiteral("/nope")), nullptr);
    }

    void aggregatedEqualsSumOfRows()
    {
        Stats stats;
        StatsShard shard;
        for (int i = 0; i < 1'000; ++i) {
            shard.record(outcome(QStringLiteral("GET"), QStringLiteral("/n%1").arg(i % 7),
                                 (i * 7919) % 100'000, kT0Ms + i * 13,
                                 i % 11 ? QString() : QStringLiteral("x"), i % 50));
        }
        stats.merge(shard.takeDelta());
        StatsEntry sum;
        for (const StatsEntry *e : stats.entries()) {
            sum.merge(*e);
        }
        const StatsEntry &t = stats.total();
        QCOMPARE(t.numRequests(), sum.numRequests());
        QCOMPARE(t.numFailures(), sum.numFailures());
        QCOMPARE(t.totalResponseTimeUs(), sum.totalResponseTimeUs());
        QCOMPARE(t.totalContentLength(), sum.totalContentLength());
        QCOMPARE(t.minResponseTimeUs(), sum.minResponseTimeUs());
        QCOMPARE(t.maxResponseTimeUs(), sum.maxResponseTimeUs());
        QVERIFY(t.histogram() == sum.histogram());
        QCOMPARE(t.requestsPerSec(), sum.requestsPerSec());
        QCOMPARE(t.firstRequestMs(), sum.firstRequestMs());
        QCOMPARE(t.lastRequestMs(), sum.lastRequestMs());
    }

    void currentRpsUsesTheWindowAndTheStartTime()
    {
        Stats stats(kT0Ms);
        // 10 requests in each of seconds 0..29.
        for (int s = 0; s < 30; ++s) {
            StatsShard shard;
            for (int i = 0; i < 10; ++i) {
                shard.record(outcome(QStringLiteral("GET"), QStringLiteral("/a"), 1,
                                     kT0Ms + s * 1000 + i * 50,
                                     i < 2 ? QStringLiteral("e") : QString()));
            }
            stats.merge(shard.takeDelta());
        }
        const StatsEntry *a = stats.entry(QStringLiteral("GET"), QStringLiteral("/a"));
        QCOMPARE(stats.currentRps(stats.total(), kT0Ms + 30'000), 10.0);
        QCOMPARE(stats.currentFailPerSec(*a, kT0Ms + 30'000), 2.0);
        // Per-second counts are trimmed to the last kPerSecondKeepS seconds.
        QVERIFY(stats.total().requestsPerSec().size() <= Stats::kPerSecondKeepS + 1);
        QVERIFY(a->requestsPerSec().size() <= Stats::kPerSecondKeepS + 1);
        // Whole run: 300 requests over (last request − start) = 29.45 s.
        QCOMPARE(stats.totalRps(*a), 300.0 / 29.45);
        QCOMPARE(stats.totalFailPerSec(*a), 60.0 / 29.45);

        // Early in a run only seconds since the start count: now = 4 → seconds 0, 1.
        Stats early(kT0Ms);
        for (int s = 0; s < 4; ++s) {
            for (int i = 0; i < 10; ++i) {
                early.record(
                    outcome(QStringLiteral("GET"), QStringLiteral("/a"), 1, kT0Ms + s * 1000 + i));
            }
        }
        QCOMPARE(early.currentRps(early.total(), kT0Ms + 4'000), 10.0);
    }

    void tickRecordsAHistoryPointWithWindowPercentiles()
    {
        Stats stats(kT0Ms);
        // Ticks 0..14: tick k merges 100 outcomes of (k+1) ms each.
        for (int k = 0; k < 15; ++k) {
            StatsShard shard;
            for (int i = 0; i < 100; ++i) {
                shard.record(outcome(QStringLiteral("GET"), QStringLiteral("/a"), (k + 1) * 1000,
                                     kT0Ms + k * 1000 + i));
            }
            stats.merge(shard.takeDelta());
            stats.tick(kT0Ms + (k + 1) * 1000, 7);
        }
        QCOMPARE(stats.history().size(), 15);
        const HistoryPoint &last = stats.history().constLast();
        QCOMPARE(last.timestampMs, kT0Ms + 15'000);
        QCOMPARE(last.userCount, 7);
        // Window = ticks 5..14 → values 6..15 ms, 100 each.
        // Histogram values are bucket midpoints clamped into [min, max]: within 0.1 %.
        QVERIFY(qAbs(last.p50Us - 10'000) <= 10);
        QCOMPARE(last.p95Us, 15'000);
        QCOMPARE(last.p99Us, 15'000);
        QCOMPARE(last.totalCount, 1'500);
        QCOMPARE(last.totalMinUs, 1'000);
        QCOMPARE(last.totalMaxUs, 15'000);
        QVERIFY(qAbs(last.totalMedianUs - 8'000) <= 8);
        QCOMPARE(last.currentRps, 100.0);
        QCOMPARE(stats.windowHistogram().min(), 6'000);
    }

    void historyStaysBounded()
    {
        Stats stats(kT0Ms);
        const int ticks = Stats::kMaxHistoryPoints * 3;
        for (int k = 0; k < ticks; ++k) {
            if (k % 100 == 0) {
                stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/a"), 1'000 + k,
                                     kT0Ms + k * 1000));
            }
            stats.tick(kT0Ms + (k + 1) * 1000, k);
        }
        const auto &history = stats.history();
        QVERIFY(history.size() <= Stats::kMaxHistoryPoints);
        QVERIFY(history.size() >= Stats::kMaxHistoryPoints / 2);
        // Oldest first, newest kept at full resolution.
        for (qsizetype i = 1; i < history.size(); ++i) {
            QVERIFY(history.at(i - 1).timestampMs < history.at(i).timestampMs);
        }
        QCOMPARE(history.constLast().timestampMs, kT0Ms + ticks * 1000);
        QCOMPARE(history.constLast().userCount, ticks - 1);
        QCOMPARE(history.constLast().totalCount, ticks / 100);
    }

    void nameHistoryHasOnePointPerRowPerTickFromTheSecondsHistogram()
    {
        Stats stats(kT0Ms);
        const QString get = QStringLiteral("GET");
        const StatsKey a{get, QStringLiteral("/a")};
        const StatsKey b{get, QStringLiteral("/b")};
        const StatsKey pushes{QStringLiteral("WS recv"), QStringLiteral("push")};
        // Tick k: /a gets 100 outcomes of (k+1) ms, every 10th failing; /b only in ticks 3 and 5
        // (10 outcomes of 50 ms); one timed and one untimed push per tick.
        for (int k = 0; k < 6; ++k) {
            StatsShard shard;
            for (int i = 0; i < 100; ++i)
                shard.record(outcome(get, a.name, (k + 1) * 1000, kT0Ms + k * 1000 + i,
                                     i % 10 == 9 ? QStringLiteral("HTTP 500") : QString()));
            if (k == 3 || k == 5)
                for (int i = 0; i < 10; ++i)
                    shard.record(outcome(get, b.name, 50'000, kT0Ms + k * 1000 + i));
            shard.record(push(pushes.name, 2'000, kT0Ms + k * 1000));
            shard.record(push(pushes.name, -1, kT0Ms + k * 1000));
            stats.merge(shard.takeDelta());
            stats.tick(kT0Ms + (k + 1) * 1000, 3);
        }
        const NameHistory &names = stats.nameHistory();
        const QList<NameHistoryPoint> pa = names.points(a);
        QCOMPARE(pa.size(), 6);
        for (int k = 0; k < 6; ++k) {
            QCOMPARE(pa.at(k).tMs, stats.history().at(k).timestampMs);
            QCOMPARE(pa.at(k).requests, 100);
            QCOMPARE(pa.at(k).failures, 10);
            // The second's own times, not a window or the whole run.
            QCOMPARE(pa.at(k).p50Us, (k + 1) * 1000);
            QCOMPARE(pa.at(k).p99Us, (k + 1) * 1000);
        }
        // /b begins at the tick after its first outcome and then has a point every tick.
        const QList<NameHistoryPoint> pb = names.points(b);
        QCOMPARE(pb.size(), 3);
        QCOMPARE(pb.at(0), (NameHistoryPoint{kT0Ms + 4000, 10, 0, 50'000, 50'000, 50'000}));
        QCOMPARE(pb.at(1), (NameHistoryPoint{kT0Ms + 5000, 0, 0, 0, 0, 0}));
        QCOMPARE(pb.at(2).requests, 10);
        // A message row counts every message; its percentiles are the timed ones' ages.
        const QList<NameHistoryPoint> pp = names.points(pushes);
        QCOMPARE(pp.size(), 6);
        QCOMPARE(pp.at(2), (NameHistoryPoint{kT0Ms + 3000, 2, 0, 2'000, 2'000, 2'000}));
        // The Aggregated row counts operations only; its percentiles are the second's too.
        const QList<NameHistoryPoint> agg = names.aggregatedPoints();
        QCOMPARE(agg.size(), 6);
        QCOMPARE(agg.at(3).requests, 110);
        QCOMPARE(agg.at(3).failures, 10);
        QVERIFY(qAbs(agg.at(3).p50Us - 4'000) <= 4); // a bucket midpoint: within 0.1 %
        QCOMPARE(agg.at(3).p99Us, 50'000);
        QCOMPARE(names.points(StatsKey{get, QStringLiteral("/none")}).size(), 0);
        QCOMPARE(names.lastSecond(b).count(), 10);
        QCOMPARE(names.lastSecond(a).min(), 6'000);
    }

    void nameHistoryIsDownsampledWithTheAggregatedHistory()
    {
        Stats stats(kT0Ms);
        const QString get = QStringLiteral("GET");
        const int ticks = Stats::kMaxHistoryPoints * 3 + 17;
        // /a from the first tick; /odd and /even begin later (at an odd and an even tick), so
        // their points start in the middle of a pair of the Aggregated history.
        const QList<std::pair<QString, int>> rows = {{QStringLiteral("/a"), 0},
                                                     {QStringLiteral("/odd"), 1001},
                                                     {QStringLiteral("/even"), 2000}};
        for (int k = 0; k < ticks; ++k) {
            for (const auto &[name, from] : rows)
                if (k >= from && k % 3 == 0)
                    stats.record(outcome(get, name, 1'000 + k, kT0Ms + k * 1000,
                                         k % 9 == 0 ? QStringLiteral("e") : QString()));
            stats.tick(kT0Ms + (k + 1) * 1000, 1);
            stats.recordHealth(
                HealthPoint{kT0Ms + (k + 1) * 1000, double(k % 100), double(k), 1, 0, k == 5});
        }
        const QList<HistoryPoint> &history = stats.history();
        QVERIFY(history.size() <= Stats::kMaxHistoryPoints);
        for (const auto &[name, from] : rows) {
            const QList<NameHistoryPoint> points = stats.nameHistory().points(StatsKey{get, name});
            // Every row's points have the Aggregated points' times (a suffix of them).
            QVERIFY2(points.size() <= history.size(), qPrintable(name));
            const qsizetype offset = history.size() - points.size();
            for (qsizetype j = 0; j < points.size(); ++j)
                QCOMPARE(points.at(j).tMs, history.at(offset + j).timestampMs);
            // Merging loses no request: the seconds still sum to the row's totals.
            qint64 requests = 0;
            qint64 failures = 0;
            qint64 maxP99 = 0;
            for (const NameHistoryPoint &p : points) {
                requests += p.requests;
                failures += p.failures;
                maxP99 = std::max(maxP99, p.p99Us);
            }
            const StatsEntry *entry = stats.entry(get, name);
            QCOMPARE(requests, entry->numRequests());
            QCOMPARE(failures, entry->numFailures());
            QVERIFY(failures > 0);
            // Merged points keep the larger percentile: the slowest second is still there.
            QCOMPARE(maxP99, entry->maxResponseTimeUs());
        }
        const QList<NameHistoryPoint> agg = stats.nameHistory().aggregatedPoints();
        QCOMPARE(agg.size(), history.size());
        QCOMPARE(agg.constLast().tMs, history.constLast().timestampMs);
        // Health is bounded the same way and keeps its counts and its bottleneck second.
        const QList<HealthPoint> &health = stats.health();
        QVERIFY(health.size() <= Stats::kMaxHistoryPoints);
        qint64 late = 0;
        for (const HealthPoint &h : health)
            late += h.lateStarts;
        QCOMPARE(late, ticks);
        QVERIFY(health.constFirst().bottleneck); // the first points merged second 5 in
        QCOMPARE(health.constLast().worstLoopLagMs, double(ticks - 1));
    }

    void resetZeroesRowsAndClearsErrorsAndHistory()
    {
        Stats stats(kT0Ms);
        stats.record(
            outcome(QStringLiteral("GET"), QStringLiteral("/a"), 5, kT0Ms, QStringLiteral("e")));
        stats.tick(kT0Ms + 1000, 1);
        stats.reset(kT0Ms + 5'000);
        QCOMPARE(stats.entries().size(), 1);
        QVERIFY(stats.entries().constFirst()->isEmpty());
        QVERIFY(stats.total().isEmpty());
        QCOMPARE(stats.total().name(), QStringLiteral("Aggregated"));
        QVERIFY(stats.errors().isEmpty());
        QVERIFY(stats.history().isEmpty());
        QVERIFY(stats.nameHistory()
                    .points(StatsKey{QStringLiteral("GET"), QStringLiteral("/a")})
                    .isEmpty());
        QVERIFY(stats.nameHistory().aggregatedPoints().isEmpty());
        QVERIFY(stats.windowHistogram().isEmpty());
        QCOMPARE(stats.startTimeMs(), kT0Ms + 5'000);
        stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/a"), 7, kT0Ms + 6'000));
        QCOMPARE(stats.total().numRequests(), 1);
        QCOMPARE(stats.total().minResponseTimeUs(), 7);
    }

    void messagesDoNotDiluteTheAggregatedRow()
    {
        Stats stats(kT0Ms);
        StatsShard shard;
        // 100 operations, 10 failed, 20..119 ms; 300 pushes interleaved, 5 of them lost.
        for (int i = 0; i < 100; ++i) {
            shard.record(outcome(QStringLiteral("WS send"), QStringLiteral("chat"),
                                 (20 + i) * 1'000, kT0Ms + i * 10,
                                 i % 10 == 0 ? QStringLiteral("timeout") : QString(), 30));
            for (int j = 0; j < 3; ++j) {
                const int n = i * 3 + j;
                shard.record(push(QStringLiteral("price"), -1, kT0Ms + i * 10 + j, 50,
                                  n < 5 ? QStringLiteral("lost: sequence gap") : QString()));
            }
        }
        stats.merge(shard.takeDelta());

        const StatsEntry &total = stats.total();
        QCOMPARE(total.numRequests(), 100);
        QCOMPARE(total.numFailures(), 10);
        QCOMPARE(total.failRatio(), 0.10); // not 10 / 400 = 2.5 %
        QCOMPARE(total.minResponseTimeUs(), 20'000);
        QCOMPARE(total.totalContentLength(), 3'000);
        QVERIFY(total.medianResponseTimeUs() >= 69'000);
        QCOMPARE(stats.windowHistogram().count(), 100);
        QCOMPARE(stats.windowHistogram().min(), 20'000);

        const StatsEntry *prices = stats.entry(QStringLiteral("WS recv"), QStringLiteral("price"));
        QVERIFY(prices);
        QVERIFY(prices->isMessage());
        QCOMPARE(prices->numRequests(), 300);
        QCOMPARE(prices->numFailures(), 5);
        QCOMPARE(prices->totalContentLength(), 15'000);
        QCOMPARE(prices->timedCount(), 0); // no timestamps: no zeros in any histogram
        QVERIFY(prices->histogram().isEmpty());

        QCOMPARE(stats.messageTotal().numRequests(), 300);
        QCOMPARE(stats.messageTotal().numFailures(), 5);
        QCOMPARE(stats.messageTotal().totalContentLength(), 15'000);
        QVERIFY(stats.messageTotal().isMessage());
        QCOMPARE(stats.operationEntries().size(), 1);
        QCOMPARE(stats.messageEntries().size(), 1);
        QCOMPARE(stats.entries().size(), 2);
        // Errors of both kinds stay in the failure groups.
        QCOMPARE(stats.errorCount(), 15);

        // The rates share one interval: the run's last event.
        QCOMPARE(stats.lastEventMs(), kT0Ms + 99 * 10 + 2);
        QCOMPARE(stats.totalRps(*prices), 300.0 * 1000.0 / (99 * 10 + 2));
        QCOMPARE(stats.totalRps(total), 100.0 * 1000.0 / (99 * 10 + 2));

        stats.tick(kT0Ms + 1'000, 1);
        QCOMPARE(stats.history().last().totalCount, 100);
        QCOMPARE(stats.history().last().totalFailures, 10);
        QVERIFY(stats.history().last().p50Us >= 69'000);
    }

    void timedMessagesKeepOnlyTheirTimes()
    {
        Stats stats(kT0Ms);
        stats.record(push(QStringLiteral("price"), 150'000, kT0Ms + 1));
        stats.record(push(QStringLiteral("price"), -1, kT0Ms + 2));
        stats.record(push(QStringLiteral("price"), 250'000, kT0Ms + 3));
        const StatsEntry *prices = stats.entry(QStringLiteral("WS recv"), QStringLiteral("price"));
        QVERIFY(prices);
        QCOMPARE(prices->numRequests(), 3);
        QCOMPARE(prices->timedCount(), 2);
        QCOMPARE(prices->minResponseTimeUs(), 150'000);
        QCOMPARE(prices->avgResponseTimeUs(), 200'000.0);
        QCOMPARE(stats.messageTotal().timedCount(), 2);
        // Nothing of it reaches the operations' figures.
        QVERIFY(stats.total().isEmpty());
        QVERIFY(stats.windowHistogram().isEmpty());
        QCOMPARE(stats.startTimeMs(), kT0Ms);

        stats.reset(kT0Ms + 10);
        QVERIFY(stats.messageTotal().isEmpty());
        QVERIFY(stats.entry(QStringLiteral("WS recv"), QStringLiteral("price"))->isMessage());
    }

    void startTimeFallsBackToFirstMessage()
    {
        Stats stats;
        stats.record(push(QStringLiteral("price"), -1, kT0Ms + 7));
        stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/a"), 5, kT0Ms + 42));
        QCOMPARE(stats.startTimeMs(), kT0Ms + 7);
    }

    void startTimeFallsBackToFirstRequest()
    {
        Stats stats;
        QCOMPARE(stats.startTimeMs(), 0);
        stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/a"), 5, kT0Ms + 42));
        QCOMPARE(stats.startTimeMs(), kT0Ms + 42);
    }
};

QTEST_GUILESS_MAIN(StatsTest)
#include "statstest.moc"
