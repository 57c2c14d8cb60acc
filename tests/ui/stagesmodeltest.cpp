// StagesModel: the profile editor's stage table (add, remove, move) on a ProfileDocument, and the
// planned load shape it draws.
#include "stagesmodel.h"

#include "plannedload.h"
#include "profiledocument.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace cicada;

namespace {

/** A valid closed-model profile with @p stages (JSON text of the array) or none. */
void loadProfile(ProfileDocument *doc, const QString &load)
{
    doc->loadJson(QJsonDocument::fromJson(QStringLiteral(R"({
      "schema": 2, "name": "stages",
      "target": { "baseUrl": "%2" },
      "userTypes": [ { "name": "U", "tasks": [ { "name": "t", "steps": [ { "think": "1s" } ] } ] } ],
      "load": %1
    })")
                                              .arg(load, QStringLiteral("http://127.0.0.1:1"))
                                              .toUtf8())
                      .toVariant());
}

/** The planned value at the sample nearest to @p seconds. */
double yAt(const QList<QPointF> &points, double seconds)
{
    const QPointF *best = nullptr;
    for (const QPointF &p : points)
        if (!best || std::abs(p.x() - seconds) < std::abs(best->x() - seconds))
            best = &p;
    return best ? best->y() : -1;
}

} // namespace

class StagesModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsAreTheDocumentsStagesWithTheirPaths()
    {
        ProfileDocument doc;
        loadProfile(&doc, QStringLiteral(R"({"users": 5, "spawnRate": 5, "stages": [
            {"duration": "10s", "users": 10, "spawnRate": 10}, {"duration": "20s", "users": 2}]})"));
        QVERIFY(doc.isValid());
        StagesModel model;
        model.setDocument(&doc);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.targetKey(), QStringLiteral("users"));
        QVERIFY(!model.isOpenModel());
        const QModelIndex second = model.index(1);
        QCOMPARE(second.data(StagesModel::DurationPathRole).toString(),
                 QStringLiteral("$.load.stages[1].duration"));
        QCOMPARE(second.data(StagesModel::TargetPathRole).toString(),
                 QStringLiteral("$.load.stages[1].users"));
        QCOMPARE(second.data(StagesModel::SpawnRatePathRole).toString(),
                 QStringLiteral("$.load.stages[1].spawnRate"));
        QCOMPARE(second.data(StagesModel::StartSecondsRole).toDouble(), 10.0);
        QCOMPARE(second.data(StagesModel::DurationRole).toString(), QStringLiteral("20s"));
        QCOMPARE(second.data(StagesModel::TargetRole).toString(), QStringLiteral("2"));
        QCOMPARE(model.totalSeconds(), 30.0);
        QVERIFY(model.roleNames().values().contains("targetPath"));
    }

    void addRemoveAndMoveEditTheDocument()
    {
        ProfileDocument doc;
        loadProfile(&doc, QStringLiteral(R"({"users": 7, "spawnRate": 1})"));
        StagesModel model;
        model.setDocument(&doc);
        QCOMPARE(model.rowCount(), 0);
        QSignalSpy counts(&model, &StagesModel::countChanged);

        model.addStage(); // holds the load's users
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(doc.text("$.load.stages[0].duration"), QStringLiteral("30s"));
        QCOMPARE(doc.text("$.load.stages[0].users"), QStringLiteral("7"));
        doc.setNumber("$.load.stages[0].users", "20");
        model.addStage(); // holds the last stage's users
        QCOMPARE(doc.text("$.load.stages[1].users"), QStringLiteral("20"));
        doc.setNumber("$.load.stages[1].users", "3");
        doc.setText("$.load.stages[1].duration", "1m");
        QVERIFY(doc.isValid());
        QCOMPARE(counts.count(), 2);

        model.moveStage(1, 0);
        QCOMPARE(doc.text("$.load.stages[0].users"), QStringLiteral("3"));
        QCOMPARE(doc.text("$.load.stages[1].users"), QStringLiteral("20"));
        QCOMPARE(model.index(1).data(StagesModel::StartSecondsRole).toDouble(), 60.0);
        model.moveStage(0, 5); // out of range: nothing
        model.moveStage(-1, 0);
        QCOMPARE(doc.text("$.load.stages[0].users"), QStringLiteral("3"));

        model.removeStage(0);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(doc.text("$.load.stages[0].users"), QStringLiteral("20"));
        model.removeStage(3); // out of range: nothing
        QCOMPARE(model.rowCount(), 1);
        model.removeStage(0); // the last one: no empty list is left in the file
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!doc.json().toObject().value("load").toObject().contains("stages"));
        QVERIFY(doc.isValid());
    }

    void plannedPointsFollowTheStages()
    {
        ProfileDocument doc;
        // Up to 10 users at 1/s within a 20-s stage, then down to 4 at 2/s.
        loadProfile(&doc, QStringLiteral(R"({"users": 1, "spawnRate": 1, "stages": [
            {"duration": "20s", "users": 10}, {"duration": "10s", "users": 4, "spawnRate": 2}]})"));
        StagesModel model;
        model.setDocument(&doc);
        const QList<QPointF> planned = model.plan()->series(QStringLiteral("planned"));
        QVERIFY(planned.size() >= 30);
        // Like the Runner: the first user at once, then 1 user/s.
        QCOMPARE(planned.first(), QPointF(0, 1));
        QCOMPARE(yAt(planned, 5), 6.0);
        QCOMPARE(yAt(planned, 19.999), 10.0);     // the last sample before the boundary
        QCOMPARE(yAt(planned, 20), 9.0);          // the ramp down starts at once
        QCOMPARE(planned.last(), QPointF(30, 4)); // 2 users/s down: 4 after 3 s, held
        QCOMPARE(model.plan()->xMax(), 30.0);
        // An edit redraws the plan.
        QSignalSpy plans(&model, &StagesModel::planChanged);
        doc.setNumber("$.load.stages[1].users", "8");
        QVERIFY(plans.count() >= 1);
        QCOMPARE(model.plan()->series(QStringLiteral("planned")).last().y(), 8.0);
    }

    void openModelStagesSetARate()
    {
        ProfileDocument doc;
        loadProfile(&doc, QStringLiteral(R"({"arrivalRate": {"rate": 10}, "stages": [
            {"duration": "10s", "rate": 50}, {"duration": "10s", "rate": 50}]})"));
        QVERIFY(doc.isValid());
        StagesModel model;
        model.setDocument(&doc);
        QVERIFY(model.isOpenModel());
        QCOMPARE(model.targetKey(), QStringLiteral("rate"));
        QCOMPARE(model.index(0).data(StagesModel::TargetPathRole).toString(),
                 QStringLiteral("$.load.stages[0].rate"));
        const QList<QPointF> planned = model.plan()->series(QStringLiteral("planned"));
        QCOMPARE(planned.first(), QPointF(0, 10));
        // Linear from 10 to 50 over the first stage (the nearest sample is within 0.1 s).
        QVERIFY(std::abs(yAt(planned, 5) - 30.0) < 0.5);
        QCOMPARE(planned.last(), QPointF(20, 50));
        model.addStage(); // holds the rate the plan reaches
        QCOMPARE(doc.text("$.load.stages[2].rate"), QStringLiteral("50"));
        QVERIFY(doc.isValid());
    }

    void withoutStagesThePlanIsTheRamp()
    {
        Profile closed;
        closed.load.users = 10;
        closed.load.spawnRate = 2;
        closed.load.runTimeMs = 60000;
        const QList<QPointF> ramp = PlannedLoad::points(closed);
        QCOMPARE(ramp.first(), QPointF(0, 1));
        QCOMPARE(yAt(ramp, 2.5), 6.0);
        QCOMPARE(ramp.last(), QPointF(60, 10));
        QVERIFY(ramp.size() <= PlannedLoad::kMaxSamples + 2);
        // Until stopped: a minute past the end of the ramp.
        closed.load.runTimeMs = 0;
        QCOMPARE(PlannedLoad::endMs(closed), 65000);
    }
};

QTEST_MAIN(StagesModelTest)
#include "stagesmodeltest.moc"
