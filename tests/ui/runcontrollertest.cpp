// RunController against the embedded demo server on 127.0.0.1 (a free port); every run is
// bounded in time.
#include "runcontroller.h"
#include "demoservice.h"
#include "profiledocument.h"
#include "resultstore.h"

#include "engine/runner.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cicada;

namespace {
constexpr int kFinishTimeoutMs = 20000;
}

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
