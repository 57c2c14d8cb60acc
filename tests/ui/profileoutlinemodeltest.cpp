#include "profileoutlinemodel.h"
#include "profiledocument.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace cicada;

namespace {

QVariant role(const ProfileOutlineModel &model, const QString &path, int role)
{
    return model.data(model.index(model.rowOf(path)), role);
}

const QString kConnect = QStringLiteral("$.userTypes[0].onStart[1]");
const QString kOnConnect = QStringLiteral("$.userTypes[0].onStart[1].wsConnect.onConnect");

} // namespace

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
        QCOMPARE(labels.mid(0, 6),
                 (QStringList{"Templates", "chat", "login", "subscribe", "typing", "wsLogin"}));
        QVERIFY(labels.contains("ChatUser"));
        QVERIFY(labels.contains("send chat → reply matching /id"));
        QVERIFY(labels.contains("POST /login → 200"));
        QVERIFY(labels.contains("close the WebSocket"));
        QCOMPARE(role(model, "$.userTypes[0].tasks[0].steps[0]", ProfileOutlineModel::DetailRole)
                     .toString(),
                 QString("chat"));
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

    void onConnectStepsAreAChildListOfTheirWsConnect()
    {
        ProfileDocument doc;
        doc.loadExample("http://127.0.0.1:1", "ws://127.0.0.1:1/broker");
        ProfileOutlineModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDocument(&doc);
        const int connect = model.rowOf(kConnect);
        QVERIFY(connect > 0);
        const int depth = role(model, kConnect, ProfileOutlineModel::DepthRole).toInt();
        // Right below the wsConnect: its "on connect" section, then its two steps.
        QCOMPARE(model.rowOf(kOnConnect), connect + 1);
        QCOMPARE(role(model, kOnConnect, ProfileOutlineModel::KindRole).toString(),
                 QString("section"));
        QCOMPARE(role(model, kOnConnect, ProfileOutlineModel::LabelRole).toString(),
                 QString("on connect"));
        QCOMPARE(role(model, kOnConnect, ProfileOutlineModel::DepthRole).toInt(), depth + 1);
        for (int i = 0; i < 2; ++i) {
            const QString step = kOnConnect + QStringLiteral("[%1]").arg(i);
            QCOMPARE(model.rowOf(step), connect + 2 + i);
            QCOMPARE(role(model, step, ProfileOutlineModel::KindRole).toString(), QString("step"));
            QCOMPARE(role(model, step, ProfileOutlineModel::StepKindRole).toString(),
                     QString("wsSend"));
            QCOMPARE(role(model, step, ProfileOutlineModel::DepthRole).toInt(), depth + 2);
            QCOMPARE(role(model, step, ProfileOutlineModel::ArrayPathRole).toString(), kOnConnect);
            QCOMPARE(role(model, step, ProfileOutlineModel::IndexRole).toInt(), i);
            QCOMPARE(role(model, step, ProfileOutlineModel::SiblingCountRole).toInt(), 2);
        }
        QCOMPARE(role(model, kOnConnect + "[0]", ProfileOutlineModel::DetailRole).toString(),
                 QString("ws login · 1 capture"));
        // The wsAwait after the wsConnect follows its onConnect steps, back at the wsConnect's
        // depth, with a one-line summary.
        const QString await = "$.userTypes[0].onStart[2]";
        QCOMPARE(model.rowOf(await), connect + 4);
        QCOMPARE(role(model, await, ProfileOutlineModel::DepthRole).toInt(), depth);
        QCOMPARE(role(model, await, ProfileOutlineModel::StepKindRole).toString(),
                 QString("wsAwait"));
        QCOMPARE(role(model, await, ProfileOutlineModel::LabelRole).toString(),
                 QString("await /type = price"));

        // Reordering inside onConnect moves the rows; adding and removing follows.
        doc.move(kOnConnect, 1, 0);
        QVERIFY(role(model, kOnConnect + "[0]", ProfileOutlineModel::LabelRole)
                    .toString()
                    .startsWith("send subscribe"));
        doc.insert(kOnConnect, -1, doc.newStep("wsAwait"));
        QCOMPARE(model.rowOf(kOnConnect + "[2]"), connect + 4);
        QCOMPARE(role(model, kOnConnect + "[2]", ProfileOutlineModel::SiblingCountRole).toInt(), 3);
        doc.remove(kOnConnect + "[0]");
        QCOMPARE(model.rowOf(kOnConnect + "[2]"), -1);
        QCOMPARE(model.rowOf(await), connect + 4);
    }

    void aNewWsConnectHasAnEmptyOnConnectToAddTo()
    {
        ProfileDocument doc;
        ProfileOutlineModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDocument(&doc);
        const QString steps = "$.userTypes[0].tasks[0].steps";
        doc.insert(steps, 0, doc.newStep("wsConnect"));
        const QString onConnect = steps + "[0].wsConnect.onConnect";
        QCOMPARE(model.rowOf(onConnect), model.rowOf(steps + "[0]") + 1);
        QCOMPARE(role(model, onConnect, ProfileOutlineModel::KindRole).toString(),
                 QString("section"));
        doc.insert(onConnect, 0, doc.newStep("think"));
        QCOMPARE(model.rowOf(onConnect + "[0]"), model.rowOf(onConnect) + 1);
        QVERIFY(doc.isValid());
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
        QTest::newRow("onConnect") << "$.userTypes[0].onStart[1].wsConnect.onConnect"
                                   << "section";
        QTest::newRow("onConnect step") << "$.userTypes[0].onStart[1].wsConnect.onConnect[0]"
                                        << "step";
        QTest::newRow("task onConnect step")
            << "$.userTypes[0].tasks[1].steps[0].wsConnect.onConnect[3]"
            << "step";
        QTest::newRow("nested onConnect")
            << "$.userTypes[0].onStart[1].wsConnect.onConnect[0].wsConnect.onConnect"
            << "section";
        QTest::newRow("onConnect field") << "$.userTypes[0].onStart[1].wsConnect.onConnect[0].name"
                                         << "";
        QTest::newRow("not a wsConnect") << "$.userTypes[0].onStart[1].wsSend.onConnect[0]"
                                         << "";
        QTest::newRow("wsConnect field") << "$.userTypes[0].onStart[1].wsConnect.ping"
                                         << "";
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

    void feedersAreListedLast()
    {
        ProfileDocument doc;
        ProfileOutlineModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDocument(&doc);
        const int group = model.rowOf("$.feeders");
        QCOMPARE(group, model.rowCount() - 1); // shown when empty: somewhere to add the first
        doc.addFeeder();
        doc.setText("$.feeders[0].strategy", "perUser");
        const int row = model.rowOf("$.feeders[0]");
        QCOMPARE(row, group + 1);
        QCOMPARE(model.data(model.index(row), ProfileOutlineModel::LabelRole).toString(),
                 QString("users"));
        QCOMPARE(model.data(model.index(row), ProfileOutlineModel::DetailRole).toString(),
                 QString("users.csv · perUser"));
        QCOMPARE(ProfileOutlineModel::kindOfPath("$.feeders[0]"), QString("feeder"));
        QCOMPARE(ProfileOutlineModel::kindOfPath("$.feeders[0].file"), QString());
        QCOMPARE(doc.nodeOf("$.feeders[0].file"), QString("$.feeders[0]"));
    }
};

QTEST_MAIN(ProfileOutlineModelTest)
#include "profileoutlinemodeltest.moc"
