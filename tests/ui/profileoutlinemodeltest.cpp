#include "profileoutlinemodel.h"
#include "profiledocument.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace cicada;

class ProfileOutlineModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsTemplatesUserTypesTasksAndSteps()
    {
        ProfileDocument doc;
        doc.loadExample("http://127.0.0.1:1", "ws://127.0.0.1:1/broker");
        ProfileOutlineModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDocument(&doc);
        QStringList labels;
        for (int i = 0; i < model.rowCount(); ++i)
            labels << model.data(model.index(i), ProfileOutlineModel::LabelRole).toString();
        QCOMPARE(labels.mid(0, 4), (QStringList{"Templates", "chat", "login", "typing"}));
        QVERIFY(labels.contains("ChatUser"));
        QVERIFY(labels.contains("WS send chat"));
        QVERIFY(labels.contains("POST /login"));
        QVERIFY(labels.contains("close WebSocket"));
        const int say = model.rowOf("$.userTypes[0].tasks[0]");
        QCOMPARE(model.data(model.index(say), ProfileOutlineModel::DetailRole).toString(),
                 QString("w 5"));
        QCOMPARE(model.data(model.index(say), ProfileOutlineModel::DepthRole).toInt(), 2);
    }

    void followsStructureChangesAndCountsIssues()
    {
        ProfileDocument doc;
        ProfileOutlineModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDocument(&doc);
        const int before = model.rowCount();
        doc.insert("$.userTypes[0].tasks[0].steps", -1, doc.newStep("think"));
        QCOMPARE(model.rowCount(), before + 1);
        doc.setText("$.userTypes[0].tasks[0].steps[1].think", "forever");
        const int row = model.rowOf("$.userTypes[0].tasks[0].steps[1]");
        QVERIFY(row > 0);
        QCOMPARE(model.data(model.index(row), ProfileOutlineModel::IssueCountRole).toInt(), 1);
        QCOMPARE(model.data(model.index(row), ProfileOutlineModel::LabelRole).toString(),
                 QString("think forever"));
    }

    void kindOfPath_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("kind");
        QTest::newRow("template") << "$.templates.chat"
                                  << "template";
        QTest::newRow("quoted template") << "$.templates[\"a b\"]"
                                         << "template";
        QTest::newRow("user type") << "$.userTypes[1]"
                                   << "userType";
        QTest::newRow("on start") << "$.userTypes[1].onStart"
                                  << "section";
        QTest::newRow("on start step") << "$.userTypes[1].onStart[0]"
                                       << "step";
        QTest::newRow("task") << "$.userTypes[0].tasks[2]"
                              << "task";
        QTest::newRow("task step") << "$.userTypes[0].tasks[2].steps[0]"
                                   << "step";
        QTest::newRow("field") << "$.userTypes[0].tasks[2].name"
                               << "";
        QTest::newRow("target") << "$.target"
                                << "";
    }
    void kindOfPath()
    {
        QFETCH(QString, path);
        QFETCH(QString, kind);
        QCOMPARE(ProfileOutlineModel::kindOfPath(path), kind);
    }
};

QTEST_MAIN(ProfileOutlineModelTest)
#include "profileoutlinemodeltest.moc"
