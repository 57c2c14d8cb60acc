#include "comparisonmodel.h"

#include "resultfixture.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QTest>

using namespace cicada;

class ComparisonModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsBothRunsAndTheChangePerName()
    {
        QTemporaryDir dir;
        QVERIFY(testing::writeResult(dir.filePath("a.json"), 1'700'000'000'000, 2000, 300, 0));
        QVERIFY(testing::writeResult(dir.filePath("b.json"), 1'700'000'100'000, 4000, 300, 0));
        ResultView a;
        ResultView b;
        a.setPath(dir.filePath("a.json"));
        b.setPath(dir.filePath("b.json"));
        ComparisonModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFirst(&a);
        model.setSecond(&b);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), 14);
        QCOMPARE(model.headerText(5), QString("p50 ms A"));
        QCOMPARE(model.headerText(7), QString("Δ p50"));
        const int chat = 1; // "/api/items" sorts first
        QCOMPARE(model.data(model.index(chat, 1), Qt::DisplayRole).toString(), QString("chat"));
        const double change =
            model.data(model.index(chat, 7), ComparisonModel::ValueRole).toDouble();
        QVERIFY2(change > 0.9 && change < 1.1, qPrintable(QString::number(change))); // ~2x slower
        QVERIFY(model.data(model.index(chat, 7), ComparisonModel::WorseRole).toBool());
        QVERIFY(model.data(model.index(chat, 7), Qt::DisplayRole).toString().startsWith("+"));
        QVERIFY(model.data(model.index(2, 1), ComparisonModel::AggregatedRole).toBool());
        b.setPath(QString());
        QCOMPARE(model.data(model.index(chat, 7), Qt::DisplayRole).toString(), QString("–"));
    }
};

QTEST_MAIN(ComparisonModelTest)
#include "comparisonmodeltest.moc"
