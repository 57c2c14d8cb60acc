// Per-name history and generator health of a real run (issue 11): the Runner against Cicada's
// demo server on 127.0.0.1, HTTP and WebSocket, two worker threads; bounded in time.
#include "demo/demoserver.h"
#include "engine/runner.h"
#include "report/resultbuilder.h"

#include "runnerkit.h"

#include <QTest>

using namespace cicada;
using cicada::test::compileJson;
using cicada::test::runFor;

namespace {

QString demoProfile(const QString &base, const QString &broker)
{
    return QStringLiteral(R"({
      "schema": 1, "name": "history test",
      "target": { "baseUrl": "%1", "brokerUrl": "%2", "requestTimeout": "5s" },
      "templates": {
        "login": { "json": { "user": "u{{user.index}}" } },
        "chat": { "json": { "type": "chat", "id": "{{uuid}}", "n": "{{user.seq}}" } }
      },
      "userTypes": [ {
        "name": "ChatUser", "weight": 1,
        "wait": { "constant": "20ms" },
        "onStart": [
          { "http": { "method": "POST", "path": "/login", "template": "login", "expect": 200 } },
          { "wsConnect": {} } ],
        "tasks": [ { "name": "say", "steps": [
          { "wsSend": { "template": "chat", "await": "match", "matchField": "id", "timeout": "3s" } },
          { "http": { "path": "/api/profile", "name": "/api/profile" } },
          { "http": { "path": "/no-such-page", "name": "missing" } } ] } ]
      } ]
    })")
        .arg(base, broker);
}

/// Within the histogram's precision (0.1 %, at least 1 µs) of [low, high].
bool within(qint64 value, qint64 low, qint64 high)
{
    const auto slack = [](qint64 v) { return std::max<qint64>(1, v / 1000 + 1); };
    return value >= low - slack(low) && value <= high + slack(high);
}

/// Why @p entry's history does not add up to the row, or an empty string.
QString historyProblem(const ResultEntry &entry, const QList<HistoryPoint> &ticks)
{
    const QString row = entry.type + QLatin1Char(' ') + entry.name;
    if (entry.history.isEmpty() || entry.history.size() > ticks.size())
        return row + QStringLiteral(": %1 points for %2 ticks")
                         .arg(entry.history.size())
                         .arg(ticks.size());
    qint64 requests = 0;
    qint64 failures = 0;
    // Each percentile of the whole row lies between the smallest and the largest of the seconds'
    // (a quantile of a mixture lies between its parts' quantiles), up to bucket precision.
    const QList<double> ps = {50, 95, 99};
    QList<qint64> low(3, std::numeric_limits<qint64>::max());
    QList<qint64> high(3, 0);
    const qsizetype offset = ticks.size() - entry.history.size();
    for (qsizetype j = 0; j < entry.history.size(); ++j) {
        const NameHistoryPoint &p = entry.history.at(j);
        if (p.tMs != ticks.at(offset + j).timestampMs)
            return row + QStringLiteral(": point %1 is not at a tick's time").arg(j);
        requests += p.requests;
        failures += p.failures;
        if (p.p99Us == 0)
            continue; // no timed outcome in that second
        const QList<qint64> values = {p.p50Us, p.p95Us, p.p99Us};
        if (!(p.p50Us <= p.p95Us && p.p95Us <= p.p99Us) ||
            !within(p.p50Us, entry.histogram.min(), entry.histogram.max()) ||
            !within(p.p99Us, entry.histogram.min(), entry.histogram.max()))
            return row + QStringLiteral(": second %1 has p50/p95/p99 %2/%3/%4 outside [%5, %6]")
                             .arg(j)
                             .arg(p.p50Us)
                             .arg(p.p95Us)
                             .arg(p.p99Us)
                             .arg(entry.histogram.min())
                             .arg(entry.histogram.max());
        for (int k = 0; k < 3; ++k) {
            low[k] = std::min(low[k], values.at(k));
            high[k] = std::max(high[k], values.at(k));
        }
    }
    if (requests != entry.numRequests || failures != entry.numFailures)
        return row + QStringLiteral(": seconds sum to %1 requests, %2 failures; the row has %3, %4")
                         .arg(requests)
                         .arg(failures)
                         .arg(entry.numRequests)
                         .arg(entry.numFailures);
    for (int k = 0; entry.timedCount() > 0 && k < 3; ++k) {
        const qint64 whole = entry.percentileUs(ps.at(k));
        if (!within(whole, low.at(k), high.at(k)))
            return row + QStringLiteral(": p%1 %2 µs is outside the seconds' [%3, %4]")
                             .arg(ps.at(k))
                             .arg(whole)
                             .arg(low.at(k))
                             .arg(high.at(k));
    }
    return {};
}

} // namespace

class RunnerHistoryTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void perNameHistoryAddsUpToEveryRowOfARealRun();
};

void RunnerHistoryTest::perNameHistoryAddsUpToEveryRowOfARealRun()
{
    DemoServer demo;
    demo.setPushInterval(200);
    QVERIFY(demo.listen(0));
    auto profile = compileJson(demoProfile(demo.baseUrl().toString(), demo.brokerUrl().toString()));
    QVERIFY(profile);
    RunnerOptions options;
    options.threads = 2;
    Runner runner(profile, options);
    QVERIFY(runFor(&runner, 8, 3500));

    ResultBuilder builder(profile->profile, profile->environment);
    const RunResult result = builder.build(runner.stats(), runner.stats().lastEventMs());
    QVERIFY(result.history.size() >= 3);
    QVERIFY(result.entries.size() >= 5); // login, connect, chat, /api/profile, missing, pushes
    bool sawFailures = false;
    bool sawMessages = false;
    for (const ResultEntry &entry : result.entries) {
        QCOMPARE(historyProblem(entry, result.history), QString());
        sawFailures = sawFailures || entry.numFailures > 0;
        sawMessages = sawMessages || entry.isMessage();
    }
    QVERIFY(sawFailures); // "missing" fails with HTTP 404 every time
    QVERIFY(sawMessages); // pushes
    QCOMPARE(historyProblem(result.aggregated, result.history), QString());
    QCOMPARE(result.aggregated.history.size(), result.history.size());
    // A second with requests has them in the busiest row: the run was not idle.
    const auto busiest =
        std::max_element(result.aggregated.history.cbegin(), result.aggregated.history.cend(),
                         [](const NameHistoryPoint &a, const NameHistoryPoint &b) {
                             return a.requests < b.requests;
                         });
    QVERIFY(busiest->requests > 10);

    // One health point per second of the run, at the ticks' times, as the Runner measured it.
    QVERIFY(result.health.size() >= 2);
    for (qsizetype i = 0; i < result.health.size(); ++i) {
        const HealthPoint &h = result.health.at(i);
        QVERIFY(i == 0 || h.tMs > result.health.at(i - 1).tMs);
        QVERIFY(std::any_of(result.history.cbegin(), result.history.cend(),
                            [&h](const HistoryPoint &p) { return p.timestampMs == h.tMs; }));
        QVERIFY(h.cpuPercent >= 0);
        QVERIFY(h.worstLoopLagMs >= 0);
        QCOMPARE(h.lateStarts, 0); // the closed model starts nothing late
    }
    QVERIFY(std::any_of(result.health.cbegin(), result.health.cend(),
                        [](const HealthPoint &h) { return h.cpuPercent > 0; }));
    QCOMPARE(result.health.constLast().bottleneck, runner.health().bottleneck);
    QCOMPARE(runner.health().bottleneckSeconds,
             std::count_if(result.health.cbegin(), result.health.cend(),
                           [](const HealthPoint &h) { return h.bottleneck; }));
}

QTEST_GUILESS_MAIN(RunnerHistoryTest)
#include "runnerhistorytest.moc"
