#include "resultview.h"

#include "resultfixture.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cicada;

class ResultViewTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;

private Q_SLOTS:
    void initTestCase()
    {
        m_path = m_dir.filePath("run.result.json");
        QVERIFY(testing::writeResult(m_path, 1'700'000'000'000, 2000, 500, 5));
    }

    void opensAResultWithTheRunPagesTablesAndCharts()
    {
        ResultView view;
        QSignalSpy loaded(&view, &ResultView::loaded);
        view.setPath(m_path);
        QCOMPARE(loaded.count(), 1);
        QVERIFY2(view.isValid(), qPrintable(view.error()));
        QCOMPARE(view.profileName(), QString("Chat broker demo"));
        QCOMPARE(view.requests(), 1000.0);
        QCOMPARE(view.stats()->rowCount(), 3); // the 250 pushes are not requests
        QVERIFY(!view.stats()->isLive());
        // The report's Messages tab: the pushes and their total.
        const MessagesTableModel *messages = view.stats()->messages();
        QCOMPARE(messages->rowCount(), 2);
        QCOMPARE(messages->rows().at(0).name, QString("price"));
        QCOMPARE(messages->rows().at(0).count, 250);
        QCOMPARE(messages->rows().at(0).timed, 125);
        QCOMPARE(messages->rows().at(0).bytes, 250 * 40);
        QVERIFY(messages->rows().at(0).rate > 0);
        QVERIFY(messages->rows().at(1).total);
        QCOMPARE(view.failures()->total(), 5);
        QVERIFY(view.chart()->pointCount() >= 5);
        QVERIFY(view.chart()->wholeRun());
        QVERIFY(view.summary().contains("req/s"));
        QVERIFY(view.rps() > 0);
    }

    void exportsJsonHtmlAndLocustCsv()
    {
        ResultView view;
        view.setPath(m_path);
        const QString json = m_dir.filePath("copy.json");
        QCOMPARE(view.exportJson(json), QString());
        ResultView reopened;
        reopened.setPath(json);
        QVERIFY(reopened.isValid());
        QCOMPARE(reopened.result(), view.result());

        const QString html = m_dir.filePath("report.html");
        QCOMPARE(view.exportHtml(html), QString());
        QFile h(html);
        QVERIFY(h.open(QIODevice::ReadOnly));
        const QByteArray page = h.readAll();
        QVERIFY(page.contains("<svg"));
        QVERIFY(page.contains("Chat broker demo"));

        QCOMPARE(view.exportCsv(m_dir.filePath("out_stats.csv")), QString());
        QFile stats(m_dir.filePath("out_stats.csv"));
        QVERIFY(stats.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = stats.readAll().split('\n');
        QVERIFY(
            lines.at(0).startsWith("Type,Name,Request Count,Failure Count,Median Response Time"));
        QVERIFY(lines.at(1).startsWith("GET,/api/items,500,0,"));
        QVERIFY(lines.at(2).startsWith("WS send,chat,500,5,"));
        QVERIFY(lines.at(3).startsWith("WS recv,price,250,0,"));
        QVERIFY(lines.at(4).startsWith(",Aggregated,1000,5,")); // messages listed, not summed
        QFile failures(m_dir.filePath("out_failures.csv"));
        QVERIFY(failures.open(QIODevice::ReadOnly));
        QVERIFY(failures.readAll().contains(
            "WS send,chat,No reply with matching 'id' within 5000 ms,5"));
        QVERIFY(QFile::exists(m_dir.filePath("out_exceptions.csv")));
    }

    void aFinishedRunShowsItsVerdictAndThresholds()
    {
        const QString path = m_dir.filePath("judged.result.json");
        QVERIFY(testing::writeResult(path, 1'700'000'000'000, 2000, 100, 30,
                                     {"error_rate < 5%", "p95 < 500ms"}));
        ResultView view;
        view.setPath(path);
        QVERIFY2(view.isValid(), qPrintable(view.error()));
        QCOMPARE(view.verdict(), QString("fail"));
        QCOMPARE(view.verdictTitle(), QString("FAIL"));
        // 15 % of the operations failed: error_rate fails, and p95 over them is unreliable
        // (above the default 10 % thresholdOptions.maxErrorRate).
        QCOMPARE(view.verdictSentence(), QString("1 of 2 threshold(s) broken, 1 unreliable."));
        QCOMPARE(view.thresholds()->rowCount(), 2);
        QCOMPARE(view.thresholds()->brokenCount(), 2);
        QVERIFY(view.thresholds()->brokenLines().at(0).startsWith("error_rate < 5% — 15"));
        QVERIFY(view.thresholds()->brokenLines().at(1).endsWith("unreliable"));
        QVERIFY2(view.summary().contains(" · 15.0 % errors · "), qPrintable(view.summary()));

        // Below the error-rate limit the same percentile is judged: the run passes.
        const QString fine = m_dir.filePath("fine.result.json");
        QVERIFY(testing::writeResult(fine, 1'700'000'000'000, 2000, 100, 4,
                                     {"error_rate < 5%", "p95 < 500ms"}));
        view.setPath(fine);
        QCOMPARE(view.verdict(), QString("pass"));
        QCOMPARE(view.verdictSentence(), QString("All 2 threshold(s) hold."));
        QVERIFY2(view.summary().contains(" · 2.0 % errors · "), qPrintable(view.summary()));
        // The names of the run are there to pick for the per-name charts.
        QCOMPARE(view.names()->keys(), QStringList({"GET /api/items", "WS send chat"}));
    }

    void anInterruptedRunIsNeverAGreenPass()
    {
        const QString path = m_dir.filePath("stopped.result.json");
        QVERIFY(testing::writeResult(path, 1'700'000'000'000, 2000, 100, 0, {"error_rate < 5%"},
                                     RunResult::EndReason::Interrupted));
        ResultView view;
        view.setPath(path);
        QCOMPARE(view.verdict(), QString("interrupted"));
        QCOMPARE(view.verdictTitle(), QString("INTERRUPTED"));
        QVERIFY(view.verdictSentence().startsWith("Stopped before its planned end"));

        const QString plain = m_dir.filePath("plain.result.json");
        QVERIFY(testing::writeResult(plain, 1'700'000'000'000, 2000, 100, 0));
        view.setPath(plain);
        QCOMPARE(view.verdict(), QString());
        QCOMPARE(view.verdictTitle(), QString("COMPLETED"));
        QCOMPARE(view.thresholds()->rowCount(), 0);
    }

    void aMissingFileIsReportedNotOpened()
    {
        ResultView view;
        view.setPath(m_dir.filePath("missing.json"));
        QVERIFY(!view.isValid());
        QVERIFY(!view.error().isEmpty());
        QCOMPARE(view.stats()->rowCount(), 0);
        QVERIFY(!view.exportHtml(m_dir.filePath("x.html")).isEmpty());
    }
};

QTEST_MAIN(ResultViewTest)
#include "resultviewtest.moc"
