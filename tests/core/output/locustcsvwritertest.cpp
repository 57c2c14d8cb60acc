#include "output/locustcsvwriter.h"
#include "stats/stats.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

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

QStringList lines(const QString &content)
{
    QStringList out = content.split(QStringLiteral("\r\n"));
    if (!out.isEmpty() && out.constLast().isEmpty()) {
        out.removeLast();
    }
    return out;
}

QString readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return QString();
    }
    return QString::fromUtf8(f.readAll());
}

// 4 requests of 10/20/30/40 ms on GET /items between t0 and t0 + 2 s, one failing; 100 bytes each.
Stats fourRequests()
{
    Stats stats(kT0Ms);
    const auto get = QStringLiteral("GET");
    const auto items = QStringLiteral("/items");
    stats.record(outcome(get, items, 10'000, kT0Ms + 500, {}, 100));
    stats.record(outcome(get, items, 20'000, kT0Ms + 1'000, {}, 100));
    stats.record(outcome(get, items, 30'000, kT0Ms + 1'500, QStringLiteral("HTTP 500"), 100));
    stats.record(outcome(get, items, 40'000, kT0Ms + 2'000, {}, 100));
    return stats;
}

} // namespace

class LocustCsvWriterTest : public QObject
{
    Q_OBJECT

private slots:
    void headersAreLocusts()
    {
        const Stats stats;
        QCOMPARE(lines(LocustCsvWriter::statsCsv(stats)).constFirst(),
                 QStringLiteral("Type,Name,Request Count,Failure Count,Median Response Time,"
                                "Average Response Time,Min Response Time,Max Response Time,"
                                "Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,"
                                "95%,98%,99%,99.9%,99.99%,100%"));
        QCOMPARE(LocustCsvWriter::kHistoryHeader,
                 QStringLiteral("Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,66%,75%,"
                                "80%,90%,95%,98%,99%,99.9%,99.99%,100%,Total Request Count,Total "
                                "Failure Count,Total Median Response Time,Total Average Response "
                                "Time,Total Min Response Time,Total Max Response Time,Total "
                                "Average Content Size"));
        QCOMPARE(LocustCsvWriter::failuresCsv(stats),
                 QStringLiteral("Method,Name,Error,Occurrences\r\n"));
        QCOMPARE(LocustCsvWriter::exceptionsCsv(),
                 QStringLiteral("Count,Message,Traceback,Nodes\r\n"));
    }

    void rowHasLocustValuesForKnownOutcomes()
    {
        const Stats stats = fourRequests();
        const QStringList rows = lines(LocustCsvWriter::statsCsv(stats));
        QCOMPARE(rows.size(), 3);
        const QStringList f = rows.at(1).split(QLatin1Char(','));
        QCOMPARE(f.size(), 22);
        QCOMPARE(f.at(0), QStringLiteral("GET"));
        QCOMPARE(f.at(1), QStringLiteral("/items"));
        QCOMPARE(f.at(2), QStringLiteral("4"));
        QCOMPARE(f.at(3), QStringLiteral("1"));
        QCOMPARE(f.at(4), QStringLiteral("20"));    // median
        QCOMPARE(f.at(5), QStringLiteral("25.0"));  // average
        QCOMPARE(f.at(6), QStringLiteral("10.0"));  // min
        QCOMPARE(f.at(7), QStringLiteral("40.0"));  // max
        QCOMPARE(f.at(8), QStringLiteral("100.0")); // average content size
        // 4 requests / (t0 + 2 s − t0) = 2/s; 1 failure → 0.5/s.
        QCOMPARE(f.at(9), QStringLiteral("2.0"));
        QCOMPARE(f.at(10), QStringLiteral("0.5"));
        const QStringList percentiles = f.mid(11);
        QCOMPARE(percentiles,
                 (QStringList{QStringLiteral("20"), QStringLiteral("30"), QStringLiteral("30"),
                              QStringLiteral("40"), QStringLiteral("40"), QStringLiteral("40"),
                              QStringLiteral("40"), QStringLiteral("40"), QStringLiteral("40"),
                              QStringLiteral("40"), QStringLiteral("40")}));
    }

    void aggregatedRowIsLastWithEmptyType()
    {
        Stats stats = fourRequests();
        stats.record(outcome(QStringLiteral("POST"), QStringLiteral("/a"), 5'000, kT0Ms + 10));
        const QStringList rows = lines(LocustCsvWriter::statsCsv(stats));
        QCOMPARE(rows.size(), 4);
        QVERIFY(rows.at(1).startsWith(QStringLiteral("POST,/a,1,0,")));
        QVERIFY(rows.at(2).startsWith(QStringLiteral("GET,/items,4,1,")));
        QVERIFY(rows.at(3).startsWith(QStringLiteral(",Aggregated,5,1,")));
    }

    void messageRowsAreListedButNotAggregated()
    {
        Stats stats = fourRequests();
        // 6 pushes of 50 bytes, 2 with an age (100 and 300 ms), one lost; 2 untimed emits.
        for (int i = 0; i < 6; ++i) {
            RequestOutcome push =
                outcome(QStringLiteral("WS recv"), QStringLiteral("price"),
                        i == 0 ? 100'000 : (i == 1 ? 300'000 : 0), kT0Ms + 1'000 + i,
                        i == 5 ? QStringLiteral("lost: sequence gap") : QString(), 50);
            push.kind = RequestOutcome::Kind::Message;
            push.hasTime = i < 2;
            stats.record(push);
        }
        for (int i = 0; i < 2; ++i) {
            RequestOutcome fireAndForget = outcome(
                QStringLiteral("WS emit"), QStringLiteral("typing"), 0, kT0Ms + 1'200 + i, {}, 10);
            fireAndForget.kind = RequestOutcome::Kind::Message;
            fireAndForget.hasTime = false;
            stats.record(fireAndForget);
        }
        const QStringList rows = lines(LocustCsvWriter::statsCsv(stats));
        QCOMPARE(rows.constFirst(), LocustCsvWriter::kStatsHeader);
        QCOMPARE(rows.size(), 5);
        QCOMPARE(rows.at(1).left(15), QStringLiteral("GET,/items,4,1,"));
        // Ages: median 100 (nearest rank of 2), avg 200, min 100, max 300, 50 bytes, 6 / 2 s.
        QCOMPARE(rows.at(2), QStringLiteral("WS recv,price,6,1,100,200.0,100.0,300.0,50.0,3.0,0.5,"
                                            "100,300,300,300,300,300,300,300,300,300,300"));
        // No time at all: zeros and N/A, never a 0-ms median.
        QCOMPARE(rows.at(3), QStringLiteral("WS emit,typing,2,0,0,0.0,0,0,10.0,1.0,0.0,N/A,N/A,"
                                            "N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A"));
        // Aggregated: the four GETs only (same values as without the messages).
        QVERIFY2(rows.at(4).startsWith(QStringLiteral(",Aggregated,4,1,20,25.0,10.0,40.0,100.0,"
                                                      "2.0,0.5,")),
                 qPrintable(rows.at(4)));
        // The history follows the Aggregated row.
        const QStringList history =
            LocustCsvWriter::historyRow(stats, kT0Ms + 3'000, 1).split(QLatin1Char(','));
        QCOMPARE(history.at(17), QStringLiteral("4"));
        QCOMPARE(history.at(18), QStringLiteral("1"));
        // Both kinds of failures are listed.
        QCOMPARE(lines(LocustCsvWriter::failuresCsv(stats)).size(), 3);
    }

    void emptyRowsPrintNotAvailablePercentiles()
    {
        Stats stats = fourRequests();
        stats.reset(kT0Ms + 10'000);
        const QStringList rows = lines(LocustCsvWriter::statsCsv(stats));
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(1), QStringLiteral("GET,/items,0,0,0,0.0,0,0,0,0.0,0.0,N/A,N/A,N/A,N/A,"
                                            "N/A,N/A,N/A,N/A,N/A,N/A,N/A"));
        QVERIFY(rows.at(2).startsWith(QStringLiteral(",Aggregated,0,0,")));
        QVERIFY(rows.at(2).endsWith(QStringLiteral(",N/A")));
    }

    void namesWithCommasAndQuotesAreQuoted()
    {
        Stats stats(kT0Ms);
        stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/a,b \"c\""), 1'000, kT0Ms + 1,
                             QStringLiteral("bad \"x\",\ny")));
        const QStringList rows = lines(LocustCsvWriter::statsCsv(stats));
        QVERIFY(rows.at(1).startsWith(QStringLiteral("GET,\"/a,b \"\"c\"\"\",1,1,")));
        QCOMPARE(LocustCsvWriter::failuresCsv(stats),
                 QStringLiteral("Method,Name,Error,Occurrences\r\n"
                                "GET,\"/a,b \"\"c\"\"\",\"bad \"\"x\"\",\ny\",1\r\n"));
        QCOMPARE(LocustCsvWriter::csvField(QStringLiteral("plain")), QStringLiteral("plain"));
        QCOMPARE(LocustCsvWriter::csvField(QStringLiteral("a\rb")), QStringLiteral("\"a\rb\""));
    }

    void locustRounding_data()
    {
        QTest::addColumn<qint64>("us");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("sub-ms") << qint64(400) << qint64(0);
        QTest::newRow("exact below 100 ms") << qint64(57'600) << qint64(58);
        QTest::newRow("to 10 ms") << qint64(147'000) << qint64(150);
        QTest::newRow("half to even") << qint64(145'000) << qint64(140);
        QTest::newRow("to 100 ms") << qint64(3'432'000) << qint64(3'400);
        QTest::newRow("to 1 s") << qint64(58'760'000) << qint64(59'000);
    }

    void locustRounding()
    {
        QFETCH(qint64, us);
        QFETCH(qint64, ms);
        QCOMPARE(LocustCsvWriter::locustRoundedMs(us), ms);
    }

    void pythonFloat_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << 0.0 << QStringLiteral("0.0");
        QTest::newRow("integral") << 25.0 << QStringLiteral("25.0");
        QTest::newRow("fraction") << 0.1 << QStringLiteral("0.1");
        QTest::newRow("third") << 1.0 / 3.0 << QStringLiteral("0.3333333333333333");
        QTest::newRow("million") << 1e6 << QStringLiteral("1000000.0");
        QTest::newRow("tiny") << 1.5e-5 << QStringLiteral("1.5e-05");
    }

    void pythonFloat()
    {
        QFETCH(double, value);
        QFETCH(QString, text);
        QCOMPARE(LocustCsvWriter::pythonFloat(value), text);
    }

    void medianIsClampedIntoMinMax()
    {
        Stats stats(kT0Ms);
        stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/slow"), 147'300, kT0Ms + 1));
        // Locust's bucket is 150 ms, more than the max: the median is the max.
        QCOMPARE(LocustCsvWriter::medianMs(stats.total()), 147.3);
        QCOMPARE(lines(LocustCsvWriter::statsCsv(stats)).at(1).split(QLatin1Char(',')).at(4),
                 QStringLiteral("147.3"));
    }

    void historyRowHasCurrentRatesAndTotals()
    {
        Stats stats(kT0Ms);
        // 5 requests per second in seconds 0..9, 1 of them failing.
        for (int s = 0; s < 10; ++s) {
            for (int i = 0; i < 5; ++i) {
                stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/a"), 10'000,
                                     kT0Ms + s * 1000 + i, i == 0 ? QStringLiteral("e") : QString(),
                                     10));
            }
        }
        const QString row = LocustCsvWriter::historyRow(stats, kT0Ms + 12'345, 8);
        const QStringList f = row.chopped(2).split(QLatin1Char(','));
        QVERIFY(row.endsWith(QStringLiteral("\r\n")));
        QCOMPARE(f.size(), 24);
        QCOMPARE(f.at(0), QString::number((kT0Ms + 12'345) / 1000));
        QCOMPARE(f.at(1), QStringLiteral("8"));
        QCOMPARE(f.at(2), QString());
        QCOMPARE(f.at(3), QStringLiteral("Aggregated"));
        QCOMPARE(f.at(4), QStringLiteral("5.000000"));
        QCOMPARE(f.at(5), QStringLiteral("1.000000"));
        QCOMPARE(f.at(6), QStringLiteral("10"));
        QCOMPARE(f.at(16), QStringLiteral("10"));
        QCOMPARE(f.at(17), QStringLiteral("50"));
        QCOMPARE(f.at(18), QStringLiteral("10"));
        QCOMPARE(f.at(19), QStringLiteral("10"));
        QCOMPARE(f.at(20), QStringLiteral("10.0"));
        QCOMPARE(f.at(21), QStringLiteral("10.0"));
        QCOMPARE(f.at(22), QStringLiteral("10.0"));
        QCOMPARE(f.at(23), QStringLiteral("10.0"));

        const QString before = LocustCsvWriter::historyRow(Stats(kT0Ms), kT0Ms, 0);
        QVERIFY(before.contains(QStringLiteral(",N/A,")));
    }

    void writesAllFourFiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        LocustCsvWriter writer(dir.filePath(QStringLiteral("sub/run")));
        const Stats stats = fourRequests();
        QVERIFY2(writer.appendHistory(stats, kT0Ms + 3'000, 2), qPrintable(writer.errorString()));
        QVERIFY(writer.appendHistory(stats, kT0Ms + 4'000, 3));
        QVERIFY2(writer.writeFinal(stats), qPrintable(writer.errorString()));

        QCOMPARE(readAll(writer.statsPath()), LocustCsvWriter::statsCsv(stats));
        QCOMPARE(readAll(writer.failuresPath()), LocustCsvWriter::failuresCsv(stats));
        QCOMPARE(readAll(writer.exceptionsPath()), LocustCsvWriter::exceptionsCsv());
        const QStringList history = lines(readAll(writer.historyPath()));
        QCOMPARE(history.size(), 3);
        QCOMPARE(history.at(0), LocustCsvWriter::kHistoryHeader);
        QVERIFY(history.at(1).startsWith(QString::number((kT0Ms + 3'000) / 1000) +
                                         QStringLiteral(",2,,Aggregated,")));
        QVERIFY(history.at(2).startsWith(QString::number((kT0Ms + 4'000) / 1000) +
                                         QStringLiteral(",3,,Aggregated,")));
        QVERIFY(dir.path().endsWith(QLatin1Char('/')) == false);
        QCOMPARE(writer.statsPath(), dir.filePath(QStringLiteral("sub/run_stats.csv")));
    }

    void fullHistoryHasARowPerNameThenAggregatedWithCurrentPercentiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        LocustCsvWriter full(dir.filePath(QStringLiteral("full")));
        full.setFullHistory(true);
        LocustCsvWriter aggregatedOnly(dir.filePath(QStringLiteral("agg")));
        Stats stats(kT0Ms);
        const QString get = QStringLiteral("GET");
        // Second s: /b 10 outcomes of (s+1) ms; /a 5 ms in seconds 0..2 only; an untimed push.
        for (int s = 0; s < 15; ++s) {
            for (int i = 0; i < 10; ++i)
                stats.record(outcome(get, QStringLiteral("/b"), (s + 1) * 1000,
                                     kT0Ms + s * 1000 + i,
                                     i == 0 ? QStringLiteral("e") : QString()));
            if (s < 3)
                stats.record(outcome(get, QStringLiteral("/a"), 5'000, kT0Ms + s * 1000));
            RequestOutcome push =
                outcome(QStringLiteral("WS recv"), QStringLiteral("push"), 0, kT0Ms + s * 1000);
            push.kind = RequestOutcome::Kind::Message;
            push.hasTime = false;
            stats.record(push);
            const qint64 tick = kT0Ms + (s + 1) * 1000;
            stats.tick(tick, 4);
            QVERIFY2(full.appendHistory(stats, tick, 4), qPrintable(full.errorString()));
            QVERIFY(aggregatedOnly.appendHistory(stats, tick, 4));
        }
        full.close();
        aggregatedOnly.close();

        // Without the flag: one Aggregated row per second, whole-run percentiles.
        const QStringList agg = lines(readAll(aggregatedOnly.historyPath()));
        QCOMPARE(agg.size(), 1 + 15);
        QCOMPARE(agg.constLast().split(QLatin1Char(',')).at(6), QStringLiteral("8"));

        const QStringList rows = lines(readAll(full.historyPath()));
        QCOMPARE(rows.size(), 1 + 15 * 4);
        QCOMPARE(rows.at(0), LocustCsvWriter::kHistoryHeader);
        // Locust's order in each second: the rows sorted by (name, type), then Aggregated; one
        // timestamp for the whole group.
        for (int s = 0; s < 15; ++s) {
            const QString timestamp = QString::number((kT0Ms + (s + 1) * 1000) / 1000);
            QStringList names;
            for (int r = 0; r < 4; ++r) {
                const QStringList f = rows.at(1 + s * 4 + r).split(QLatin1Char(','));
                QCOMPARE(f.size(), 24);
                QCOMPARE(f.at(0), timestamp);
                QCOMPARE(f.at(1), QStringLiteral("4"));
                names << f.at(2) + QLatin1Char(' ') + f.at(3);
            }
            QCOMPARE(names, (QStringList{"GET /a", "GET /b", "WS recv push", " Aggregated"}));
        }
        const auto field = [&rows](int row, int column) {
            return rows.at(row).split(QLatin1Char(',')).at(column);
        };
        // The first second: /b's window is that second only.
        QCOMPARE(field(2, 6), QStringLiteral("1"));
        // The last second: windows of the last 10 s (6..15 ms), not whole-run values (8 ms).
        const int last = 1 + 14 * 4;
        QCOMPARE(field(last + 1, 6), QStringLiteral("10"));   // /b 50%
        QCOMPARE(field(last + 1, 16), QStringLiteral("15"));  // /b 100%
        QCOMPARE(field(last + 1, 17), QStringLiteral("150")); // total requests
        QCOMPARE(field(last + 1, 18), QStringLiteral("15"));  // total failures
        QCOMPARE(field(last + 1, 19), QStringLiteral("8"));   // Total Median: whole run
        // /a had requests, none in the window: 0, like Locust's `or 0`.
        QCOMPARE(field(last, 6), QStringLiteral("0"));
        QCOMPARE(field(last, 17), QStringLiteral("3"));
        // An untimed message row has no percentiles at all.
        QCOMPARE(field(last + 2, 6), QStringLiteral("N/A"));
        // Aggregated: operations of the window, current too.
        QCOMPARE(field(last + 3, 6), QStringLiteral("10"));
        QCOMPARE(field(last + 3, 16), QStringLiteral("15"));
        QCOMPARE(field(last + 3, 17), QStringLiteral("153"));
    }

    void writeFinalCreatesHistoryHeaderToo()
    {
        QTemporaryDir dir;
        LocustCsvWriter writer(dir.filePath(QStringLiteral("run")));
        QVERIFY(writer.writeFinal(Stats()));
        QCOMPARE(readAll(writer.historyPath()), LocustCsvWriter::kHistoryHeader + "\r\n");
    }

    void unwritablePrefixReportsTheFile()
    {
        LocustCsvWriter writer(QStringLiteral("/proc/cicada-no-such-dir/run"));
        QString error;
        QVERIFY(!writer.open(&error));
        QVERIFY(error.contains(QStringLiteral("/proc/cicada-no-such-dir/run_stats_history.csv")));
        error.clear();
        QVERIFY(!writer.writeFinal(Stats(), &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(writer.errorString(), error);
    }
};

QTEST_GUILESS_MAIN(LocustCsvWriterTest)
#include "locustcsvwritertest.moc"
