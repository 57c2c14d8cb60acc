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
        run.changeUsers(5);
        QTRY_COMPARE_WITH_TIMEOUT(run.runner()->userCount(), 5, 5000);
        run.stop();
        QVERIFY(finished.wait(kFinishTimeoutMs));
        QCOMPARE(run.state(), QString("stopped"));
        QVERIFY(run.lastResultPath().isEmpty()); // no store set
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
