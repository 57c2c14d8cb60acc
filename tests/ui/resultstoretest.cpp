#include "resultstore.h"

#include "resultfixture.h"

#include "profile/threshold.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cicada;

class ResultStoreTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsResultFilesOfTheDirectoryNewestFirst()
    {
        QTemporaryDir dir;
        QVERIFY(
            testing::writeResult(dir.filePath("a.result.json"), 1'700'000'000'000, 1000, 200, 0));
        QVERIFY(
            testing::writeResult(dir.filePath("b.result.json"), 1'700'000'100'000, 1000, 300, 0));
        QFile junk(dir.filePath("notes.result.json"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not a result");
        junk.close();
        ResultStore store;
        QAbstractItemModelTester tester(&store,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        store.setDirectory(dir.path());
        QCOMPARE(store.count(), 2); // the broken file is left out
        QCOMPARE(store.pathAt(0), dir.filePath("b.result.json"));
        QCOMPARE(store.data(store.index(0), ResultStore::ProfileNameRole).toString(),
                 QString("Chat broker demo"));
        QCOMPARE(store.data(store.index(0), ResultStore::RequestsRole).toString(), QString("600"));
        QCOMPARE(store.data(store.index(1), ResultStore::RequestsRole).toString(), QString("400"));
        QCOMPARE(store.rowOfPath(dir.filePath("a.result.json")), 1);
        QVERIFY(store.removeAt(0));
        QCOMPARE(store.count(), 1);
        QVERIFY(!QFile::exists(dir.filePath("b.result.json")));
    }

    void eachRunsLineShowsItsErrorPercentAndHowItEnded()
    {
        QTemporaryDir dir;
        // 600 operations, 143 failed sends: 23.8 %.
        QVERIFY(
            testing::writeResult(dir.filePath("a.result.json"), 1'700'000'000'000, 1000, 300, 143));
        ResultStore store;
        store.setDirectory(dir.path());
        QCOMPARE(store.count(), 1);
        const QModelIndex row = store.index(0);
        QCOMPARE(store.data(row, ResultStore::ErrorPercentRole).toString(), QString("23.8"));
        const QString summary = store.data(row, ResultStore::SummaryRole).toString();
        QVERIFY2(summary.contains(" users · ") &&
                     summary.contains(" req/s · 23.8 % errors · p95 ") &&
                     summary.endsWith(" ms · completed"),
                 qPrintable(summary));
        QCOMPARE(store.data(row, Qt::DisplayRole).toString(), summary);
        QCOMPARE(store.data(row, ResultStore::VerdictRole).toString(), QString()); // no thresholds
    }

    void theVerdictOfEachRunIsListed()
    {
        QTemporaryDir dir;
        QVERIFY(testing::writeResult(dir.filePath("pass.result.json"), 1'700'000'300'000, 1000, 100,
                                     0, {"error_rate < 5%"}));
        QVERIFY(testing::writeResult(dir.filePath("fail.result.json"), 1'700'000'200'000, 1000, 100,
                                     40, {"error_rate < 5%", "p95 < 500ms"}));
        // Stopped early with every threshold holding: not a green PASS.
        QVERIFY(testing::writeResult(dir.filePath("stopped.result.json"), 1'700'000'100'000, 1000,
                                     100, 0, {"error_rate < 5%"},
                                     RunResult::EndReason::Interrupted));
        ResultStore store;
        store.setDirectory(dir.path());
        QCOMPARE(store.count(), 3);
        const auto verdict = [&](int row) {
            return store.data(store.index(row), ResultStore::VerdictRole).toString();
        };
        QCOMPARE(verdict(0), QString("pass"));
        QCOMPARE(verdict(1), QString("fail"));
        QCOMPARE(verdict(2), QString("interrupted"));
        QCOMPARE(store.data(store.index(2), ResultStore::EndReasonRole).toString(),
                 QString("interrupted"));
    }

    void deletingARunRemovesItsResultAndItsHtmlReport()
    {
        QTemporaryDir dir;
        const QString kept = dir.filePath("a.result.json");
        const QString deleted = dir.filePath("b.result.json");
        QVERIFY(testing::writeResult(kept, 1'700'000'000'000, 1000, 100, 0));
        QVERIFY(testing::writeResult(deleted, 1'700'000'100'000, 1000, 100, 0));
        const QString html = ResultStore::htmlPathOf(deleted);
        QCOMPARE(html, dir.filePath("b.result.html"));
        const QString keptHtml = ResultStore::htmlPathOf(kept);
        for (const QString &path : {html, keptHtml}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("<html></html>");
        }
        ResultStore store;
        QAbstractItemModelTester tester(&store,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        store.setDirectory(dir.path());
        QSignalSpy count(&store, &ResultStore::countChanged);
        QCOMPARE(store.rowOfPath(deleted), 0);
        QVERIFY(store.removeAt(0));
        QCOMPARE(count.count(), 1);
        QVERIFY(!QFile::exists(deleted));
        QVERIFY(!QFile::exists(html));
        QVERIFY(QFile::exists(kept));
        QVERIFY(QFile::exists(keptHtml));
        // Re-reading the folder agrees: the run is gone for good.
        store.refresh();
        QCOMPARE(store.count(), 1);
        QCOMPARE(store.pathAt(0), kept);
        QVERIFY(!store.removeAt(5));
        QCOMPARE(store.count(), 1);
    }

    void savedRunsShowHowTheyEnded_data()
    {
        QTest::addColumn<int>("endReason");
        QTest::addColumn<QString>("verdict");
        QTest::newRow("completed") << int(RunResult::EndReason::Completed) << QString("pass");
        // Never a green PASS for a run cut short (issue 11).
        QTest::newRow("signal") << int(RunResult::EndReason::Interrupted) << QString("interrupted");
        QTest::newRow("stopped early")
            << int(RunResult::EndReason::StoppedByUser) << QString("interrupted");
        QTest::newRow("aborted") << int(RunResult::EndReason::ThresholdAbort) << QString("aborted");
    }
    void savedRunsShowHowTheyEnded()
    {
        QFETCH(int, endReason);
        QFETCH(QString, verdict);
        QTemporaryDir dir;
        Profile profile;
        profile.name = QStringLiteral("ended");
        profile.load.runTimeMs = 60'000;
        ResultBuilder builder(profile, {});
        builder.setThresholds({*Threshold::parse(QStringLiteral("requests > 0"))});
        builder.setEnd(RunResult::EndReason(endReason));
        Stats stats(1'700'000'000'000);
        stats.record(RequestOutcome{.type = QStringLiteral("GET"),
                                    .name = QStringLiteral("/"),
                                    .responseTimeUs = 1000,
                                    .contentLength = 10,
                                    .error = {},
                                    .timestampMs = 1'700'000'000'500});
        ResultStore store;
        store.setDirectory(dir.path());
        QString error;
        const QString path = store.saveRun(builder.build(stats, 1'700'000'001'000), &error);
        QVERIFY2(!path.isEmpty(), qPrintable(error));
        QVERIFY(path.endsWith(QStringLiteral("-ended.result.json")));
        QCOMPARE(store.count(), 1);
        QCOMPARE(store.data(store.index(0), ResultStore::VerdictRole).toString(), verdict);
    }
};

QTEST_MAIN(ResultStoreTest)
#include "resultstoretest.moc"
