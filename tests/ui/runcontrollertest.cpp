// RunController against the embedded demo server on 127.0.0.1 (a free port); every run is
// bounded in time.
#include "runcontroller.h"
#include "demoservice.h"
#include "format.h"
#include "profiledocument.h"
#include "resultstore.h"

#include "engine/runner.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace cicada;

namespace {
constexpr int kFinishTimeoutMs = 20000;
constexpr int kScrapeTimeoutMs = 10000;

/** GET /metrics over loopback (HTTP/1.1, one request per connection); the body, or "" with a
 *  test failure. */
QByteArray scrape(const QString &url)
{
    const QUrl u(url);
    QTcpSocket socket;
    socket.connectToHost(u.host(), quint16(u.port()));
    if (!socket.waitForConnected(kScrapeTimeoutMs))
        return {};
    socket.write("GET " + u.path().toUtf8() + " HTTP/1.1\r\nHost: " + u.host().toUtf8() +
                 "\r\nConnection: close\r\n\r\n");
    QByteArray response;
    // The endpoint answers from the GUI thread's event loop: keep it turning while waiting.
    QDeadlineTimer deadline(kScrapeTimeoutMs);
    while (socket.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        socket.waitForReadyRead(20);
        response += socket.readAll();
    }
    response += socket.readAll();
    if (!response.startsWith("HTTP/1.1 200"))
        return {};
    return response.mid(response.indexOf("\r\n\r\n") + 4);
}

/** The value of the sample `FAMILY{type="T",name="N"}` in a scrape, or -1. */
double sampleValue(const QByteArray &text, const QString &family, const QString &type,
                   const QString &name)
{
    const QRegularExpression re(QStringLiteral("^%1\\{type=\"%2\",name=\"%3\"\\} (\\S+)$")
                                    .arg(QRegularExpression::escape(family),
                                         QRegularExpression::escape(type),
                                         QRegularExpression::escape(name)),
                                QRegularExpression::MultilineOption);
    const QRegularExpressionMatch m = re.match(QString::fromUtf8(text));
    return m.hasMatch() ? m.captured(1).toDouble() : -1;
}
} // namespace

class RunControllerTest : public QObject
{
    Q_OBJECT

private:
    DemoService m_demo;

    void loadDemo(ProfileDocument *doc, int users, const QString &runTime)
    {
        doc->loadExample(m_demo.baseUrl(), m_demo.brokerUrl());
        doc->setNumber("$.load.users", QString::number(users));
        doc->setNumber("$.load.spawnRate", "20");
        doc->setText("$.load.runTime", runTime);
        QVERIFY(doc->isValid());
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_demo.setPreferredPort(0);
        QVERIFY2(m_demo.start(), qPrintable(m_demo.errorString()));
        QVERIFY(m_demo.port() > 0);
        QVERIFY(m_demo.brokerUrl().startsWith("ws://127.0.0.1:"));
    }

    void startRunsTheProfileAndSnapshotsFeedTheModels()
    {
        QTemporaryDir dir;
        ProfileDocument doc;
        loadDemo(&doc, 6, "4s");
        ResultStore store;
        store.setDirectory(dir.path());
        RunController run;
        run.setDocument(&doc);
        run.setResultStore(&store);
        run.setThreadOption(1);
        QCOMPARE(run.state(), QString("ready"));
        QVERIFY(run.canStart());
        QSignalSpy finished(&run, &RunController::finished);
        QSignalSpy snapshots(&run, &RunController::snapshot);
        QVERIFY(run.start());
        QVERIFY(run.isActive());
        QVERIFY(!run.canStart());
        QVERIFY(run.statusText().startsWith("Spawning") || run.statusText().startsWith("Running"));
        QTRY_COMPARE_WITH_TIMEOUT(run.state(), QString("running"), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(run.chart()->pointCount() >= 2, 5000);
        QVERIFY(finished.wait(kFinishTimeoutMs));
        QCOMPARE(run.state(), QString("stopped"));
        QVERIFY(run.statusText().startsWith("Finished"));
        QVERIFY(snapshots.count() >= 3);
        QVERIFY(run.totalRequests() > 10);
        QVERIFY(run.stats()->rowCount() >= 4);
        QCOMPARE(run.failures()->rowCount(), 0);
        QVERIFY(run.chart()->pointCount() >= 3);
        QVERIFY(QFile::exists(run.lastResultPath()));
        QCOMPARE(store.count(), 1);
        QVERIFY(run.canStart());
        // The per-name and health charts were fed from the same snapshots.
        QVERIFY(run.names()->keys().size() >= 3);
        QVERIFY(!run.names()->selected().isEmpty());
        QVERIFY(run.names()->pointCount() >= 2);
        double namedRequests = 0;
        for (const QString &key : run.names()->keys())
            for (const QPointF &p : run.names()->points("rps|" + key))
                namedRequests += p.y();
        QVERIFY(namedRequests > 0);
        QVERIFY(run.healthFeed()->points("cpu|").size() >= 2);
        QVERIFY(run.healthFeed()->points("lag|").size() >= 2);
    }

    void stopEndsARunAndUsersCanChangeWhileRunning()
    {
        ProfileDocument doc;
        loadDemo(&doc, 2, "0s"); // until stopped
        RunController run;
        run.setDocument(&doc);
        run.setThreadOption(1);
        QSignalSpy finished(&run, &RunController::finished);
        QVERIFY(run.start());
        QTRY_COMPARE_WITH_TIMEOUT(run.state(), QString("running"), 5000);
        QVERIFY(!run.isOpenModel());
        // The planned users are drawn from the start: the ramp to the profile's 2 users.
        const QList<QPointF> planned = run.chart()->series(QStringLiteral("planned"));
        QVERIFY(!planned.isEmpty());
        QCOMPARE(planned.first().y(), 1.0); // the first user at once, as the Runner does
        QCOMPARE(planned.last().y(), 2.0);
        run.changeUsers(5);
        QTRY_COMPARE_WITH_TIMEOUT(run.runner()->userCount(), 5, 5000);
        QCOMPARE(run.runner()->targetUserCount(), 5);
        run.changeRate(50); // the closed model has no rate: nothing changes
        QCOMPARE(run.arrivalRate(), 0.0);
        run.stop();
        QVERIFY(finished.wait(kFinishTimeoutMs));
        QCOMPARE(run.state(), QString("stopped"));
        QVERIFY(run.lastResultPath().isEmpty()); // no store set
    }

    void rateCanChangeWhileRunningInTheOpenModel()
    {
        ProfileDocument doc;
        loadDemo(&doc, 2, "0s");
        doc.setValue("$.load.arrivalRate", QVariantMap{{QStringLiteral("rate"), 4}});
        QVERIFY2(doc.isValid(),
                 qPrintable(doc.issues().isEmpty()
                                ? QString()
                                : doc.issues().first().toMap().value("message").toString()));
        RunController run;
        run.setDocument(&doc);
        run.setThreadOption(1);
        QVERIFY(run.isOpenModel());
        QSignalSpy finished(&run, &RunController::finished);
        QVERIFY(run.start());
        QTRY_VERIFY_WITH_TIMEOUT(
            run.state() == QString("running") || run.state() == QString("spawning"), 5000);
        QCOMPARE(run.arrivalRate(), 4.0);
        QCOMPARE(run.chart()->series(QStringLiteral("planned")).first().y(), 4.0);
        run.changeRate(30);
        QCOMPARE(run.runner()->arrivalRate(), 30.0);
        QCOMPARE(run.arrivalRate(), 30.0);
        run.changeUsers(9); // the open model has no user count to set: nothing changes
        QVERIFY(run.runner()->targetUserCount() != 9);
        // The actual rate (iterations started per second) follows: planned against actual.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const QList<QPointF> rate = run.chart()->series(QStringLiteral("rate"));
                return !rate.isEmpty() && rate.last().y() > 15;
            }(),
            15000);
        run.stop();
        QVERIFY(finished.wait(kFinishTimeoutMs));
    }

    void lateStartsAndDropsOfTheOpenModelReachTheHealth()
    {
        // A pool of one user against a 300-ms endpoint at 20 iterations/s: nearly every arrival
        // finds the user busy and, with dropAfter 0s, is dropped at once.
        const QJsonObject profile = QJsonDocument::fromJson(QStringLiteral(R"({
            "schema": 2, "name": "capped pool",
            "target": {"baseUrl": "%1"},
            "userTypes": [{"name": "Slow", "tasks": [{"name": "slow", "steps": [
                {"http": {"method": "GET", "path": "/api/slow?ms=300", "name": "slow"}}]}]}],
            "load": {"arrivalRate": {"rate": 20, "maxConcurrent": 1, "dropAfter": "0s"},
                     "runTime": "0s"}})")
                                                                .arg(m_demo.baseUrl())
                                                                .toUtf8())
                                        .object();
        QVERIFY(!profile.isEmpty());
        ProfileDocument doc;
        doc.loadUnsaved(profile);
        QVERIFY2(doc.isValid(),
                 qPrintable(doc.issues().isEmpty()
                                ? QString()
                                : doc.issues().first().toMap().value("message").toString()));
        RunController run;
        run.setDocument(&doc);
        run.setThreadOption(1);
        QVERIFY(run.isOpenModel());
        QSignalSpy finished(&run, &RunController::finished);
        QVERIFY(run.start());
        QCOMPARE(run.droppedIterations(), 0.0);
        // The threads report their counts once a second; the controller shows them after a
        // snapshot.
        QTRY_VERIFY_WITH_TIMEOUT(run.droppedIterations() > 0, 15000);
        QCOMPARE(run.droppedIterations(), double(run.runner()->health().droppedIterations));
        QVERIFY(run.healthText().contains(
            QStringLiteral("dropped %1").arg(Format::integer(qint64(run.droppedIterations())))));
        run.stop();
        QVERIFY(finished.wait(kFinishTimeoutMs));
        // The run's totals stay readable after it ends (the result keeps them too).
        QVERIFY(run.droppedIterations() > 0);
    }

    void theClosedModelHasNoLateStartsInItsHealth()
    {
        RunController run;
        QCOMPARE(run.lateStarts(), 0.0);
        QCOMPARE(run.droppedIterations(), 0.0);
        QVERIFY(!run.healthText().contains("dropped"));
    }

    void aProfileWithErrorsCannotStart()
    {
        ProfileDocument doc;
        doc.setText("$.target.baseUrl", "nope");
        RunController run;
        run.setDocument(&doc);
        QVERIFY(!run.canStart());
        QVERIFY(run.startBlockedReason().contains("error"));
        QVERIFY(!run.start());
        QVERIFY(!run.lastError().isEmpty());
    }

    void metricsAreOffByDefault()
    {
        ProfileDocument doc;
        loadDemo(&doc, 1, "1s");
        RunController run;
        run.setDocument(&doc);
        run.setThreadOption(1);
        QVERIFY(!run.metricsEnabled());
        QCOMPARE(run.metricsPort(), RunController::kDefaultMetricsPort);
        QSignalSpy finished(&run, &RunController::finished);
        QVERIFY(run.start());
        QVERIFY(run.metricsUrl().isEmpty());
        QVERIFY(finished.wait(kFinishTimeoutMs));
        QVERIFY(run.metricsUrl().isEmpty());
    }

    void aRunServesItsCountsAsOpenMetricsOnTheChosenPort()
    {
        ProfileDocument doc;
        loadDemo(&doc, 3, "3s");
        RunController run;
        run.setDocument(&doc);
        run.setThreadOption(1);
        run.setMetricsEnabled(true);
        run.setMetricsPort(0); // a free port
        QSignalSpy urlChanged(&run, &RunController::metricsUrlChanged);
        QSignalSpy finished(&run, &RunController::finished);
        QVERIFY2(run.start(), qPrintable(run.lastError()));
        QCOMPARE(urlChanged.count(), 1);
        QVERIFY2(run.metricsUrl().startsWith("http://127.0.0.1:") &&
                     run.metricsUrl().endsWith("/metrics"),
                 qPrintable(run.metricsUrl()));

        // During the run: users are up and requests are counted.
        QTRY_VERIFY_WITH_TIMEOUT(run.totalRequests() > 0, 10000);
        const QByteArray live = scrape(run.metricsUrl());
        QVERIFY2(live.contains("cicada_users "), live.constData());
        QVERIFY(live.contains("cicada_requests_total{"));

        // After it: the endpoint still answers, with the run's final counts per row.
        QVERIFY(finished.wait(kFinishTimeoutMs));
        const QByteArray text = scrape(run.metricsUrl());
        QVERIFY2(!text.isEmpty(), "no 200 from the metrics endpoint");
        const QList<const StatsEntry *> rows = run.runner()->stats().entries();
        QVERIFY(rows.size() >= 4);
        qint64 sum = 0;
        for (const StatsEntry *row : rows) {
            const double scraped =
                sampleValue(text, "cicada_requests_total", row->type(), row->name());
            QVERIFY2(scraped == double(row->numRequests()),
                     qPrintable(QString("%1 %2: scraped %3, run %4")
                                    .arg(row->type(), row->name())
                                    .arg(scraped)
                                    .arg(row->numRequests())));
            QCOMPARE(sampleValue(text, "cicada_request_failures_total", row->type(), row->name()),
                     double(row->numFailures()));
            if (row->kind() == StatsEntry::Kind::Operation)
                sum += row->numRequests();
        }
        QCOMPARE(double(sum), run.totalRequests());

        // Turning the setting off between runs closes the endpoint.
        const QString url = run.metricsUrl();
        run.setMetricsEnabled(false);
        QVERIFY(run.metricsUrl().isEmpty());
        QTcpSocket probe;
        probe.connectToHost(QUrl(url).host(), quint16(QUrl(url).port()));
        QVERIFY(!probe.waitForConnected(2000));
    }

    void aBusyMetricsPortStopsTheStartWithAReason()
    {
        QTcpServer holder;
        QVERIFY(holder.listen(QHostAddress::LocalHost, 0));
        ProfileDocument doc;
        loadDemo(&doc, 1, "1s");
        RunController run;
        run.setDocument(&doc);
        run.setMetricsEnabled(true);
        run.setMetricsPort(holder.serverPort());
        QVERIFY(!run.start());
        QVERIFY2(run.lastError().contains(QString::number(holder.serverPort())),
                 qPrintable(run.lastError()));
        QCOMPARE(run.state(), QString("ready"));
        QVERIFY(run.metricsUrl().isEmpty());
    }

    void healthIsReportedWithoutFalseAlarms()
    {
        RunController run;
        QVERIFY(!run.isBottleneck());
        QVERIFY(run.healthText().contains("CPU"));
        QVERIFY(!run.healthTooltip().isEmpty());
    }
};

QTEST_MAIN(RunControllerTest)
#include "runcontrollertest.moc"
