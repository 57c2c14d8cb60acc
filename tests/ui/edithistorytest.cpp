#include "edithistory.h"

#include <QJsonObject>
#include <QTest>

using namespace cicada;

namespace {
EditHistory::State state(int n)
{
    return {QJsonObject{{QStringLiteral("n"), n}}, {}};
}
int valueOf(const EditHistory::State &s)
{
    return s.root.toObject().value(QLatin1String("n")).toInt();
}
} // namespace

class EditHistoryTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void undoAndRedoWalkTheStatesAndReportTheEditsStructure()
    {
        EditHistory h;
        h.reset(state(0));
        h.record(state(1), "edit a", false, "$.a");
        h.record(state(2), "delete b", true);
        QCOMPARE(h.undoLabel(), QString("delete b"));
        bool structural = false;
        QCOMPARE(valueOf(h.undo(&structural)), 1);
        QVERIFY(structural);
        QCOMPARE(valueOf(h.undo(&structural)), 0);
        QVERIFY(!structural);
        QVERIFY(!h.canUndo());
        QCOMPARE(h.redoLabel(), QString("edit a"));
        QCOMPARE(valueOf(h.redo(&structural)), 1);
        QVERIFY(!structural);
    }

    void editsWithTheSameKeyMergeUntilSomethingElseHappens()
    {
        EditHistory h;
        h.reset(state(0));
        h.record(state(1), "edit a", false, "$.a");
        h.record(state(2), "edit a", false, "$.a");
        QCOMPARE(h.size(), 2);
        bool structural = false;
        h.undo(&structural);
        h.redo(&structural); // an undo/redo ends the merge
        h.record(state(3), "edit a", false, "$.a");
        QCOMPARE(h.size(), 3);
        h.record(state(4), "edit b", false, "$.b");
        h.record(state(5), "edit a", false, "$.a"); // another field in between
        QCOMPARE(h.size(), 5);
        h.record(state(6), "add", true); // no key: never merges
        h.record(state(7), "add", true);
        QCOMPARE(h.size(), 7);
    }

    void theSavedStateIsCleanAndAnEditNeverMergesIntoIt()
    {
        EditHistory h;
        h.reset(state(0));
        QVERIFY(h.isAtSavedState());
        h.record(state(1), "edit a", false, "$.a");
        QVERIFY(!h.isAtSavedState());
        h.markSaved();
        h.record(state(2), "edit a", false, "$.a");
        QCOMPARE(h.size(), 3); // saved state 1 is still reachable
        bool structural = false;
        h.undo(&structural);
        QVERIFY(h.isAtSavedState());
        h.undo(&structural);
        h.record(state(9), "edit c", false, "$.c"); // drops states 1 and 2, the saved one too
        QVERIFY(!h.canRedo());
        h.undo(&structural);
        QVERIFY(!h.isAtSavedState());
        h.markNoSavedState();
        h.reset(state(0));
        QVERIFY(h.isAtSavedState());
    }

    void theOldestStatesAreDroppedBeyondTheLimit()
    {
        EditHistory h;
        h.reset(state(0));
        for (int i = 1; i <= EditHistory::kMaxEntries + 10; ++i)
            h.record(state(i), "add", true);
        QCOMPARE(h.size(), EditHistory::kMaxEntries);
        QVERIFY(!h.isAtSavedState()); // the saved state (0) is gone
        bool structural = false;
        int undone = 0;
        while (h.canUndo()) {
            h.undo(&structural);
            ++undone;
        }
        QCOMPARE(undone, EditHistory::kMaxEntries - 1);
        QVERIFY(!h.isAtSavedState());
    }
};

QTEST_GUILESS_MAIN(EditHistoryTest)
#include "edithistorytest.moc"
