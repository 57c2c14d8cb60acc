#include "resultstore.h"

#include "resultfixture.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace cicada;

class ResultStoreTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsResultFilesOfTheDirectoryNewestFirst()
    {
        QTemporaryDir dir;
        QVERIFY(
            testing::writeResult(dir.filePath("a.result.json"), 1'700'000'000'000, 1000, 200, 0));
        QVERIFY(
            testing::writeResult(dir.filePath("b.result.json"), 1'700'000'100'000, 1000, 300, 0));
        QFile junk(dir.filePath("notes.result.json"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not a result");
        junk.close();
        ResultStore store;
        QAbstractItemModelTester tester(&store,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        store.setDirectory(dir.path());
        QCOMPARE(store.count(), 2); // the broken file is left out
        QCOMPARE(store.pathAt(0), dir.filePath("b.result.json"));
        QCOMPARE(store.data(store.index(0), ResultStore::ProfileNameRole).toString(),
                 QString("Chat broker demo"));
        QCOMPARE(store.data(store.index(0), ResultStore::RequestsRole).toString(), QString("600"));
        QCOMPARE(store.data(store.index(1), ResultStore::RequestsRole).toString(), QString("400"));
        QCOMPARE(store.rowOfPath(dir.filePath("a.result.json")), 1);
        QVERIFY(store.removeAt(0));
        QCOMPARE(store.count(), 1);
        QVERIFY(!QFile::exists(dir.filePath("b.result.json")));
    }
};

QTEST_MAIN(ResultStoreTest)
#include "resultstoretest.moc"
