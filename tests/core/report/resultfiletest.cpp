#include "report/resultfile.h"
#include "report/resultbuilder.h"

#include "reportfixture.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace cicada;
using namespace cicada::test;

namespace {

RunResult sampleResult()
{
    ResultBuilder builder(secretProfile(), secretEnvironment());
    builder.setProfilePath(QStringLiteral("profiles/secrets.cicada.json"));
    builder.setLoad(LoadSettings{10, 5, 12'000, {}}, 2, QStringLiteral("raw"));
    builder.setThresholds({*Threshold::parse(QStringLiteral("p95 < 500ms")),
                           *Threshold::parse(QStringLiteral("error_rate < 1%"))});
    builder.setEnd(RunResult::EndReason::Interrupted, QStringLiteral("stopped by SIGTERM"));
    return builder.build(sampleStats(), kT0Ms + 12'345);
}

// Applies @p change to the JSON of sampleResult() and reads it back.
QString errorAfter(const std::function<void(QJsonObject &)> &change)
{
    QJsonObject json = ResultFile::toJson(sampleResult());
    change(json);
    QString error;
    RunResult out;
    if (ResultFile::fromJson(json, &out, &error))
        return QStringLiteral("(no error)");
    return error;
}

QJsonObject firstStatsRow(const QJsonObject &json)
{
    return json.value(QLatin1String("stats")).toArray().first().toObject();
}

void setFirstStatsRow(QJsonObject &json, const QJsonObject &row)
{
    QJsonArray stats = json.value(QLatin1String("stats")).toArray();
    stats.replace(0, row);
    json.insert(QStringLiteral("stats"), stats);
}

} // namespace

class ResultFileTest : public QObject
{
    Q_OBJECT

private slots:
    void resultHoldsWhatTheRunKnew()
    {
        const RunResult r = sampleResult();
        QCOMPARE(r.toolVersion, QStringLiteral(CICADA_VERSION));
        QVERIFY(!r.host.isEmpty());
        QCOMPARE(r.startMs, kT0Ms);
        QCOMPARE(r.durationMs(), 12'345);
        QCOMPARE(r.entries.size(), 5);
        QCOMPARE(r.aggregated.name, QStringLiteral("Aggregated"));
        // Operations only: the 12 pushes and 36 typing messages are not requests.
        QCOMPARE(r.aggregated.numRequests, 12 * (50 + 20 + 2));
        QCOMPARE(r.aggregated.numFailures, 12 * (2 + 2));
        QCOMPARE(r.messageEntries().size(), 2);
        QCOMPARE(r.messageTotal().numRequests, 12 * (1 + 3));
        QCOMPARE(r.messageTotal().numFailures, 1);
        QCOMPARE(r.history.size(), 12);
        QCOMPARE(r.errors.size(), 3);
        QCOMPARE(r.verdicts.size(), 2);
        QCOMPARE(r.percentiles.size(), 11);
        QCOMPARE(r.endReason, RunResult::EndReason::Interrupted);
        QCOMPARE(r.profileName(), QStringLiteral("Secrets <&> demo"));
        QCOMPARE(r.baseUrl(), QStringLiteral("http://127.0.0.1:1"));
    }

    void roundTripIsLossless()
    {
        const RunResult original = sampleResult();
        const QByteArray text = ResultFile::toText(original);
        RunResult loaded;
        QString error;
        QVERIFY2(ResultFile::fromText(text, &loaded, &error), qPrintable(error));
        QVERIFY(loaded == original);
        QCOMPARE(ResultFile::toText(loaded), text);
    }

    void serviceTimesAndArrivalsRoundTrip()
    {
        // A closed-model result has neither (and older files read the same way).
        const QJsonObject closed = ResultFile::toJson(sampleResult());
        QVERIFY(!closed.contains(QLatin1String("arrivals")));
        QVERIFY(!firstStatsRow(closed).contains(QLatin1String("serviceTime")));
        RunResult closedLoaded;
        QVERIFY(ResultFile::fromJson(closed, &closedLoaded, nullptr));
        QVERIFY(!closedLoaded.isOpenModel());
        QVERIFY(!closedLoaded.aggregated.hasServiceTime());

        Stats stats(kT0Ms);
        for (int i = 0; i < 100; ++i) {
            RequestOutcome o = outcome(QStringLiteral("GET"), QStringLiteral("/open"),
                                       i < 95 ? 3'000 : 2'000'000, kT0Ms + i * 10);
            o.serviceTimeUs = 3'000;
            stats.record(o);
        }
        stats.tick(kT0Ms + 1000, 4);
        ResultBuilder builder(secretProfile(), secretEnvironment());
        builder.setArrivals(100, 5, 2);
        const RunResult open = builder.build(stats, kT0Ms + 1'100);
        const QJsonObject json = ResultFile::toJson(open);
        const QJsonObject arrivals = json.value(QLatin1String("arrivals")).toObject();
        QCOMPARE(arrivals.value(QLatin1String("iterations")).toInteger(), 100);
        QCOMPARE(arrivals.value(QLatin1String("lateStarts")).toInteger(), 5);
        QCOMPARE(arrivals.value(QLatin1String("droppedIterations")).toInteger(), 2);
        const QJsonObject service = json.value(QLatin1String("aggregated"))
                                        .toObject()
                                        .value(QLatin1String("serviceTime"))
                                        .toObject();
        QCOMPARE(service.value(QLatin1String("count")).toInteger(), 100);
        QCOMPARE(service.value(QLatin1String("medianMs")).toDouble(), 3.0);
        QCOMPARE(service.value(QLatin1String("p99Ms")).toDouble(), 3.0);
        QCOMPARE(service.value(QLatin1String("avgMs")).toDouble(), 3.0);
        QVERIFY(firstStatsRow(json).contains(QLatin1String("serviceTime")));
        // The main figures still count from the intended start.
        QVERIFY(open.aggregated.percentileUs(99) >= 1'990'000);

        RunResult loaded;
        QString error;
        QVERIFY2(ResultFile::fromText(ResultFile::toText(open), &loaded, &error),
                 qPrintable(error));
        QVERIFY(loaded == open);
        QVERIFY(loaded.aggregated.hasServiceTime());
        QCOMPARE(loaded.lateStarts, 5);

        // A broken service histogram is an error with its path.
        QJsonObject broken = json;
        QJsonObject row = firstStatsRow(broken);
        row.insert(QStringLiteral("serviceTime"), QJsonObject{{QStringLiteral("histogram"), 5}});
        setFirstStatsRow(broken, row);
        QString brokenError;
        QVERIFY(!ResultFile::fromJson(broken, &loaded, &brokenError));
        QVERIFY2(brokenError.contains(QLatin1String("$.stats[0].serviceTime.histogram")),
                 qPrintable(brokenError));
    }

    void perNameHistoryAndHealthRoundTripAsCompactRows()
    {
        RunResult original = sampleResult();
        original.entries[0].history = {{kT0Ms + 1000, 50, 0, 25'000, 47'000, 49'000},
                                       {kT0Ms + 2000, 48, 2, 24'000, 48'000, 49'500}};
        original.aggregated.history = {{kT0Ms + 1000, 72, 4, 20'000, 150'000, 190'000}};
        original.health = {{kT0Ms + 1000, 37.5, 2.25, 0, 0, false},
                           {kT0Ms + 2000, 195.0, 61.0, 3, 1, true}};
        const QJsonObject json = ResultFile::toJson(original);
        const QJsonArray rows = firstStatsRow(json).value(QLatin1String("history")).toArray();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(1).toArray(), (QJsonArray{kT0Ms + 2000, 48, 2, 24'000, 48'000, 49'500}));
        const QJsonArray health = json.value(QLatin1String("health")).toArray();
        QCOMPARE(health.size(), 2);
        QCOMPARE(health.at(1).toObject().value(QLatin1String("worstLoopLagMs")).toDouble(), 61.0);
        QCOMPARE(health.at(1).toObject().value(QLatin1String("bottleneck")).toBool(), true);

        // One line per second in the file: an hour of 100 names stays far below kMaxFileBytes.
        const QByteArray text = ResultFile::toText(original);
        QVERIFY(text.contains("[1700000002000, 48, 2, 24000, 48000, 49500]"));
        QVERIFY(
            text.contains("\"percentiles\": [50, 66, 75, 80, 90, 95, 98, 99, 99.9, 99.99, 100]"));
        RunResult loaded;
        QString error;
        QVERIFY2(ResultFile::fromText(text, &loaded, &error), qPrintable(error));
        QVERIFY(loaded == original);
        QCOMPARE(loaded.entries.at(0).history.at(1).failures, 2);
        QCOMPARE(loaded.health.at(1).cpuPercent, 195.0);

        // Files written before issue 11 have neither key: they load with empty lists.
        QJsonObject old = json;
        old.remove(QStringLiteral("health"));
        QJsonObject row = firstStatsRow(old);
        row.remove(QStringLiteral("history"));
        setFirstStatsRow(old, row);
        QVERIFY2(ResultFile::fromJson(old, &loaded, &error), qPrintable(error));
        QVERIFY(loaded.health.isEmpty());
        QVERIFY(loaded.entries.at(0).history.isEmpty());
        QCOMPARE(loaded.aggregated.history.size(), 1);
    }

    void compactNumberArraysKeepsTheJsonAndLeavesStringsAlone()
    {
        const QJsonObject json{
            {QStringLiteral("rows"), QJsonArray{QJsonArray{1, -2.5, 3e20}, QJsonArray{}}},
            {QStringLiteral("text"), QStringLiteral("[1, 2] \"[3,\n4]\"")},
            {QStringLiteral("mixed"), QJsonArray{1, QStringLiteral("a")}},
            {QStringLiteral("objects"), QJsonArray{QJsonObject{{QStringLiteral("n"), 1}}}},
        };
        const QByteArray indented = QJsonDocument(json).toJson(QJsonDocument::Indented);
        const QByteArray compact = ResultFile::compactNumberArrays(indented);
        QVERIFY(compact.size() < indented.size());
        QVERIFY2(compact.contains("[1, -2.5, 3e+20]"), compact.constData());
        QVERIFY2(compact.contains("[]"), compact.constData());
        QCOMPARE(QJsonDocument::fromJson(compact).object(), json);
    }

    void mergingRowsCombinesTheirHistoriesBySecond()
    {
        ResultEntry a;
        a.history = {{1000, 5, 1, 10, 20, 30}, {2000, 6, 0, 11, 21, 31}};
        ResultEntry b;
        b.history = {{2000, 4, 2, 15, 19, 40}, {3000, 1, 0, 1, 2, 3}};
        a.merge(b);
        QCOMPARE(a.history.size(), 3);
        QCOMPARE(a.history.at(0), (NameHistoryPoint{1000, 5, 1, 10, 20, 30}));
        QCOMPARE(a.history.at(1), (NameHistoryPoint{2000, 10, 2, 15, 21, 40}));
        QCOMPARE(a.history.at(2), (NameHistoryPoint{3000, 1, 0, 1, 2, 3}));
    }

    void storedPercentilesEqualThoseRecomputedFromStoredHistograms()
    {
        const QByteArray text = ResultFile::toText(sampleResult());
        RunResult loaded;
        QVERIFY(ResultFile::fromText(text, &loaded, nullptr));
        // From the loaded value type...
        QList<ResultEntry> rows = loaded.entries;
        rows.append(loaded.aggregated);
        for (const ResultEntry &e : std::as_const(rows)) {
            QCOMPARE(e.percentilesUs.size(), loaded.percentiles.size());
            for (const auto &[p, us] : e.percentilesUs)
                QCOMPARE(us, e.histogram.valueAtPercentile(p));
        }
        // ...and straight from the JSON text, as another tool would read it.
        const QJsonObject json = QJsonDocument::fromJson(text).object();
        QJsonArray jsonRows = json.value(QLatin1String("stats")).toArray();
        jsonRows.append(json.value(QLatin1String("aggregated")));
        for (const QJsonValue &row : std::as_const(jsonRows)) {
            const std::optional<Histogram> h =
                Histogram::fromJson(row[QLatin1String("histogram")].toObject());
            QVERIFY(h);
            QCOMPARE(h->count(), row[QLatin1String("timedCount")].toInteger());
            if (row[QLatin1String("kind")].toString() == QLatin1String("operation"))
                QCOMPARE(h->count(), row[QLatin1String("numRequests")].toInteger());
            const QJsonArray percentiles = row[QLatin1String("percentiles")].toArray();
            QCOMPARE(percentiles.size(), 11);
            for (const QJsonValue &p : percentiles) {
                const qint64 us = p[QLatin1String("us")].toInteger();
                QCOMPARE(us, h->valueAtPercentile(p[QLatin1String("p")].toDouble()));
                QCOMPARE(p[QLatin1String("ms")].toDouble(), double(us) / 1000);
            }
        }
    }

    void messagesRoundTripWithTheirKindAndAge()
    {
        const RunResult original = sampleResult();
        const QJsonObject json = ResultFile::toJson(original);
        const QJsonArray stats = json.value(QLatin1String("stats")).toArray();
        QCOMPARE(stats.size(), 5);
        QCOMPARE(stats.at(0)[QLatin1String("kind")].toString(), QStringLiteral("operation"));
        QCOMPARE(stats.at(3)[QLatin1String("name")].toString(), QStringLiteral("push"));
        QCOMPARE(stats.at(3)[QLatin1String("kind")].toString(), QStringLiteral("message"));
        QCOMPARE(json[QLatin1String("aggregated")][QLatin1String("kind")].toString(),
                 QStringLiteral("operation"));

        const QJsonObject messages = json.value(QLatin1String("messages")).toObject();
        const QJsonObject total = messages.value(QLatin1String("total")).toObject();
        QCOMPARE(total[QLatin1String("count")].toInteger(), 48);
        QCOMPARE(total[QLatin1String("failures")].toInteger(), 1);
        QCOMPARE(total[QLatin1String("bytes")].toInteger(), 48 * 40);
        QVERIFY(total[QLatin1String("ratePerSec")].toDouble() > 3.5);
        const QJsonArray rows = messages.value(QLatin1String("rows")).toArray();
        QCOMPARE(rows.size(), 2);
        const QJsonObject push = rows.at(0).toObject();
        QCOMPARE(push[QLatin1String("type")].toString(), QStringLiteral("WS recv"));
        QCOMPARE(push[QLatin1String("count")].toInteger(), 12);
        QCOMPARE(push[QLatin1String("timedCount")].toInteger(), 6);
        // Ages of the even seconds: 100, 102, ..., 110 ms; none of the untimed ones as 0.
        const QJsonArray age = push[QLatin1String("age")].toArray();
        QCOMPARE(age.size(), 11);
        QCOMPARE(age.at(0)[QLatin1String("p")].toDouble(), 50.0);
        QVERIFY(qAbs(age.at(0)[QLatin1String("ms")].toDouble() - 104.0) < 0.2); // HDR: 0.1 %
        QCOMPARE(age.at(10)[QLatin1String("ms")].toDouble(), 110.0);
        QCOMPARE(push[QLatin1String("histogram")][QLatin1String("min")].toInteger(), 100'000);
        const QJsonObject typing = rows.at(1).toObject();
        QCOMPARE(typing[QLatin1String("timedCount")].toInteger(), 0);
        QVERIFY(typing[QLatin1String("age")].toArray().isEmpty());

        RunResult loaded;
        QString error;
        QVERIFY2(ResultFile::fromJson(json, &loaded, &error), qPrintable(error));
        QVERIFY(loaded == original);
        QCOMPARE(loaded.messageEntries().size(), 2);
        QVERIFY(loaded.entries.at(3).isMessage());
        QCOMPARE(loaded.entries.at(3).timedCount(), 6);
        QVERIFY(!loaded.aggregated.isMessage());
    }

    void versionOneResultsReadEveryRowAsAnOperation()
    {
        // A version 1 file: no "kind", no "timedCount", no "messages".
        QJsonObject json = ResultFile::toJson(sampleResult());
        json.insert(QStringLiteral("version"), 1);
        json.remove(QStringLiteral("messages"));
        QJsonArray stats = json.value(QLatin1String("stats")).toArray();
        QJsonArray v1;
        for (qsizetype i = 0; i < stats.size(); ++i) {
            QJsonObject row = stats.at(i).toObject();
            if (row[QLatin1String("kind")].toString() == QLatin1String("message"))
                continue; // version 1 could not hold untimed rows
            row.remove(QStringLiteral("kind"));
            row.remove(QStringLiteral("timedCount"));
            v1.append(row);
        }
        json.insert(QStringLiteral("stats"), v1);
        RunResult loaded;
        QString error;
        QVERIFY2(ResultFile::fromJson(json, &loaded, &error), qPrintable(error));
        QCOMPARE(loaded.entries.size(), 3);
        for (const ResultEntry &e : std::as_const(loaded.entries))
            QVERIFY(!e.isMessage());
        QVERIFY(loaded.messageEntries().isEmpty());
    }

    void fileCarriesFormatVersionToolAndTimes()
    {
        const QJsonObject json = ResultFile::toJson(sampleResult());
        QCOMPARE(json[QLatin1String("format")].toString(), QStringLiteral("cicada-result"));
        QCOMPARE(json[QLatin1String("version")].toInt(), 2);
        QCOMPARE(json[QLatin1String("tool")][QLatin1String("version")].toString(),
                 QStringLiteral(CICADA_VERSION));
        const QJsonObject run = json[QLatin1String("run")].toObject();
        QCOMPARE(run[QLatin1String("start")].toString(),
                 QStringLiteral("2023-11-14T22:13:20.000Z"));
        QCOMPARE(run[QLatin1String("startEpochMs")].toInteger(), kT0Ms);
        QCOMPARE(run[QLatin1String("end")].toString(), QStringLiteral("2023-11-14T22:13:32.345Z"));
        QCOMPARE(run[QLatin1String("endReason")].toString(), QStringLiteral("interrupted"));
        // An interrupted run is not judged PASS/FAIL (issue 11).
        QCOMPARE(json[QLatin1String("thresholds")][QLatin1String("verdict")].toString(),
                 QStringLiteral("interrupted"));
    }

    void endReasonsVerdictsAndUnreliableRoundTrip_data()
    {
        QTest::addColumn<int>("reason");
        QTest::addColumn<QString>("reasonName");
        QTest::addColumn<QString>("verdictName");
        QTest::newRow("completed") << int(RunResult::EndReason::Completed)
                                   << QStringLiteral("completed") << QStringLiteral("fail");
        QTest::newRow("stopped") << int(RunResult::EndReason::StoppedByUser)
                                 << QStringLiteral("stopped") << QStringLiteral("interrupted");
        QTest::newRow("could not start")
            << int(RunResult::EndReason::CouldNotStart) << QStringLiteral("could-not-start")
            << QStringLiteral("interrupted");
        QTest::newRow("signal") << int(RunResult::EndReason::Interrupted)
                                << QStringLiteral("interrupted") << QStringLiteral("interrupted");
        QTest::newRow("threshold abort")
            << int(RunResult::EndReason::ThresholdAbort) << QStringLiteral("threshold-abort")
            << QStringLiteral("aborted");
    }
    void endReasonsVerdictsAndUnreliableRoundTrip()
    {
        QFETCH(int, reason);
        QFETCH(QString, reasonName);
        QFETCH(QString, verdictName);
        RunResult original = sampleResult();
        original.endReason = RunResult::EndReason(reason);
        original.verdicts[0].unreliable = true;
        original.verdicts[0].passed = false;
        const QJsonObject json = ResultFile::toJson(original);
        QCOMPARE(json[QLatin1String("run")][QLatin1String("endReason")].toString(), reasonName);
        QCOMPARE(json[QLatin1String("thresholds")][QLatin1String("verdict")].toString(),
                 verdictName);
        const QJsonArray results =
            json[QLatin1String("thresholds")][QLatin1String("results")].toArray();
        QCOMPARE(results.at(0)[QLatin1String("unreliable")].toBool(), true);
        // Written only when set: a reliable verdict's object is as before issue 11.
        QVERIFY(!results.at(1).toObject().contains(QLatin1String("unreliable")));
        RunResult loaded;
        QString error;
        QVERIFY2(ResultFile::fromJson(json, &loaded, &error), qPrintable(error));
        QVERIFY(loaded == original);
        QCOMPARE(RunResult::verdictName(loaded.verdict()), verdictName);
    }

    void verdictFollowsHowTheRunEnded_data()
    {
        QTest::addColumn<int>("reason");
        QTest::addColumn<qint64>("runTimeMs");
        QTest::addColumn<bool>("thresholds");
        QTest::addColumn<int>("verdict");
        using R = RunResult::EndReason;
        using V = RunResult::Verdict;
        QTest::newRow("completed") << int(R::Completed) << qint64(12'000) << true << int(V::Fail);
        QTest::newRow("completed, none")
            << int(R::Completed) << qint64(12'000) << false << int(V::None);
        QTest::newRow("signal, none")
            << int(R::Interrupted) << qint64(0) << false << int(V::Interrupted);
        QTest::newRow("user before the run time")
            << int(R::StoppedByUser) << qint64(12'000) << true << int(V::Interrupted);
        // Without a run time, stopping is how the run ends: its thresholds are judged.
        QTest::newRow("user, no run time")
            << int(R::StoppedByUser) << qint64(0) << true << int(V::Fail);
        QTest::newRow("abort") << int(R::ThresholdAbort) << qint64(12'000) << true
                               << int(V::Aborted);
    }
    void verdictFollowsHowTheRunEnded()
    {
        QFETCH(int, reason);
        QFETCH(qint64, runTimeMs);
        QFETCH(bool, thresholds);
        QFETCH(int, verdict);
        RunResult r = sampleResult(); // 1 of its 2 thresholds is broken
        r.endReason = RunResult::EndReason(reason);
        r.runTimeMs = runTimeMs;
        if (!thresholds)
            r.verdicts.clear();
        QCOMPARE(int(r.verdict()), verdict);
    }

    void resultsWithoutTheIssue11FieldsStillLoad()
    {
        // A format-2 file written before issue 11: no "unreliable", the old end reasons.
        QJsonObject json = ResultFile::toJson(sampleResult());
        QJsonObject thresholds = json[QLatin1String("thresholds")].toObject();
        QJsonArray results = thresholds[QLatin1String("results")].toArray();
        for (qsizetype i = 0; i < results.size(); ++i) {
            QJsonObject o = results.at(i).toObject();
            o.remove(QStringLiteral("unreliable"));
            o.insert(QStringLiteral("detail"), QString());
            results.replace(i, o);
        }
        thresholds.insert(QStringLiteral("results"), results);
        thresholds.insert(QStringLiteral("verdict"), QStringLiteral("fail"));
        json.insert(QStringLiteral("thresholds"), thresholds);
        RunResult loaded;
        QString error;
        QVERIFY2(ResultFile::fromJson(json, &loaded, &error), qPrintable(error));
        QCOMPARE(loaded.verdicts.size(), 2);
        QVERIFY(!loaded.verdicts.at(0).unreliable);
        QVERIFY(loaded.verdicts.at(0).detail.isEmpty());
        QCOMPARE(loaded.endReason, RunResult::EndReason::Interrupted);
        // A bad value of the new key is an error with its JSON path.
        const QString badValue = errorAfter([](QJsonObject &j) {
            QJsonObject t = j[QLatin1String("thresholds")].toObject();
            QJsonArray rs = t[QLatin1String("results")].toArray();
            QJsonObject o = rs.at(1).toObject();
            o.insert(QStringLiteral("unreliable"), QStringLiteral("yes"));
            rs.replace(1, o);
            t.insert(QStringLiteral("results"), rs);
            j.insert(QStringLiteral("thresholds"), t);
        });
        QVERIFY2(badValue.contains(QStringLiteral("$.thresholds.results[1].unreliable")),
                 qPrintable(badValue));
    }

    void saveThenLoadGivesTheSameResult()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/dir/result.json"));
        const RunResult original = sampleResult();
        QString error;
        QVERIFY2(ResultFile::save(path, original, &error), qPrintable(error));
        RunResult loaded;
        QVERIFY2(ResultFile::load(path, &loaded, &error), qPrintable(error));
        QVERIFY(loaded == original);
        // Nothing but the file itself is left behind (QSaveFile renames its temporary file).
        QCOMPARE(QDir(dir.filePath(QStringLiteral("sub/dir"))).entryList(QDir::Files),
                 QStringList{QStringLiteral("result.json")});
    }

    void saveIntoAFileAsDirectoryFails()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QString error;
        QVERIFY(!ResultFile::save(dir.filePath(QStringLiteral("file/result.json")), sampleResult(),
                                  &error));
        QVERIFY2(error.contains(QStringLiteral("file/result.json")), qPrintable(error));
    }

    void loadReportsMissingFileAndBadJson()
    {
        QString error;
        QVERIFY(!ResultFile::load(QStringLiteral("/nonexistent/r.json"), nullptr, &error));
        QVERIFY2(error.contains(QStringLiteral("cannot read '/nonexistent/r.json'")),
                 qPrintable(error));
        QVERIFY(!ResultFile::fromText("{\n  \"format\": \"cicada-result\",\n  oops\n}", nullptr,
                                      &error));
        QVERIFY2(error.startsWith(QStringLiteral("not valid JSON at line 3, column")),
                 qPrintable(error));
        QVERIFY(!ResultFile::fromText("[1, 2]", nullptr, &error));
        QVERIFY2(error.contains(QStringLiteral("JSON object")), qPrintable(error));
    }

    void malformedResultsSayWhatAndWhere_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("expected");
        QTest::newRow("format missing") << 0 << "not a Cicada result file: \"format\" is missing";
        QTest::newRow("other format") << 1 << "not a Cicada result file: \"format\" is \"locust\"";
        QTest::newRow("newer version") << 2 << "format version 3, but this Cicada reads version 2";
        QTest::newRow("histogram broken") << 3 << "$.stats[0].histogram: not a valid histogram";
        QTest::newRow("count mismatch") << 4 << "$.stats[0]: numRequests 1 does not match";
        QTest::newRow("aggregated missing") << 5 << "$: missing \"aggregated\"";
        QTest::newRow("end reason") << 6 << "$.run.endReason: unknown end reason 'bored'";
        QTest::newRow("history type") << 7 << "$.history[0].currentRps: must be a number";
        QTest::newRow("failures above requests") << 8 << "$.stats[0].numFailures: 9999";
        QTest::newRow("fraction count") << 9 << "$.stats[0].numRequests: must be a whole number";
        QTest::newRow("unknown kind") << 10 << "$.stats[0].kind: must be \"operation\" or";
        QTest::newRow("message count") << 11 << "$.stats[3]: numRequests 1 does not match";
        QTest::newRow("history row") << 12 << "$.stats[0].history[1]: must be [tMs, requests,";
        QTest::newRow("history failures")
            << 13 << "$.stats[0].history[0]: 9 failures cannot exceed 3";
        QTest::newRow("health type") << 14 << "$.health[0].bottleneck: must be true or false";
        QTest::newRow("health not array") << 15 << "$.health: must be an array";
    }
    void malformedResultsSayWhatAndWhere()
    {
        QFETCH(int, which);
        QFETCH(QString, expected);
        const QString error = errorAfter([which](QJsonObject &json) {
            QJsonObject row = firstStatsRow(json);
            switch (which) {
            case 0:
                json.remove(QStringLiteral("format"));
                break;
            case 1:
                json.insert(QStringLiteral("format"), QStringLiteral("locust"));
                break;
            case 2:
                json.insert(QStringLiteral("version"), 3);
                break;
            case 3:
                row.insert(QStringLiteral("histogram"), QJsonObject{{"count", 3}});
                setFirstStatsRow(json, row);
                break;
            case 4:
                row.insert(QStringLiteral("numRequests"), 1);
                setFirstStatsRow(json, row);
                break;
            case 5:
                json.remove(QStringLiteral("aggregated"));
                break;
            case 6: {
                QJsonObject run = json.value(QLatin1String("run")).toObject();
                run.insert(QStringLiteral("endReason"), QStringLiteral("bored"));
                json.insert(QStringLiteral("run"), run);
                break;
            }
            case 7: {
                QJsonArray history = json.value(QLatin1String("history")).toArray();
                QJsonObject point = history.first().toObject();
                point.insert(QStringLiteral("currentRps"), QStringLiteral("fast"));
                history.replace(0, point);
                json.insert(QStringLiteral("history"), history);
                break;
            }
            case 8:
                row.insert(QStringLiteral("numFailures"), 9999);
                setFirstStatsRow(json, row);
                break;
            case 9:
                row.insert(QStringLiteral("numRequests"), 1.5);
                setFirstStatsRow(json, row);
                break;
            case 10:
                row.insert(QStringLiteral("kind"), QStringLiteral("push"));
                setFirstStatsRow(json, row);
                break;
            case 11: {
                // A message row may have fewer timed samples than messages, never more.
                QJsonArray stats = json.value(QLatin1String("stats")).toArray();
                QJsonObject push = stats.at(3).toObject();
                push.insert(QStringLiteral("numRequests"), 1);
                stats.replace(3, push);
                json.insert(QStringLiteral("stats"), stats);
                break;
            }
            case 12:
                row.insert(QStringLiteral("history"),
                           QJsonArray{QJsonArray{1, 2, 0, 4, 5, 6}, QJsonArray{1, 2, 3}});
                setFirstStatsRow(json, row);
                break;
            case 13:
                row.insert(QStringLiteral("history"), QJsonArray{QJsonArray{1, 3, 9, 4, 5, 6}});
                setFirstStatsRow(json, row);
                break;
            case 14:
                json.insert(QStringLiteral("health"),
                            QJsonArray{QJsonObject{{"tMs", 1},
                                                   {"cpuPercent", 2.0},
                                                   {"worstLoopLagMs", 1.0},
                                                   {"lateStarts", 0},
                                                   {"droppedIterations", 0},
                                                   {"bottleneck", "yes"}}});
                break;
            case 15:
                json.insert(QStringLiteral("health"), QJsonObject{});
                break;
            }
        });
        QVERIFY2(error.contains(expected), qPrintable(QStringLiteral("got: %1").arg(error)));
    }
};

QTEST_GUILESS_MAIN(ResultFileTest)
#include "resultfiletest.moc"
