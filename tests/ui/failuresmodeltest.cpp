#include "failuresmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace cicada;

class FailuresModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsErrorGroupsWithCounts()
    {
        FailuresModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setErrors({{"WS send", "chat", "No reply with matching 'id' within 5000 ms", 1234},
                         {"GET", "/api/profile", "HTTP 401 Unauthorized", 3}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), 4);
        QCOMPARE(model.total(), 1237);
        QCOMPARE(model.data(model.index(0, 0), Qt::DisplayRole).toString(), QString("1,234"));
        QCOMPARE(model.data(model.index(0, 0), FailuresModel::ValueRole).toLongLong(), 1234);
        QCOMPARE(model.data(model.index(1, 3), Qt::DisplayRole).toString(),
                 QString("HTTP 401 Unauthorized"));
        QCOMPARE(model.headerText(3), QString("Message"));
        model.setErrors({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(FailuresModelTest)
#include "failuresmodeltest.moc"
