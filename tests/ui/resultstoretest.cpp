#include "resultstore.h"

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
        auto write = [&](const QString &name, qint64 startMs) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(
                QStringLiteral(
                    "{\"format\":\"cicada-gui-run\",\"profileName\":\"%1\",\"startMs\":%2,"
                    "\"durationMs\":15000,\"users\":20,\"requests\":300,\"rps\":20,\"p95Ms\":1.5}")
                    .arg(name)
                    .arg(startMs)
                    .toUtf8());
        };
        write("a.result.json", 1'700'000'000'000);
        write("b.result.json", 1'700'000'100'000);
        QFile junk(dir.filePath("notes.txt"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        ResultStore store;
        QAbstractItemModelTester tester(&store,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        store.setDirectory(dir.path());
        QCOMPARE(store.count(), 2);
        QCOMPARE(store.data(store.index(0), ResultStore::ProfileNameRole).toString(),
                 QString("b.result.json"));
        QCOMPARE(store.data(store.index(0), ResultStore::DurationRole).toString(), QString("15 s"));
        QCOMPARE(store.data(store.index(0), ResultStore::UsersRole).toInt(), 20);
        QVERIFY(store.removeAt(0));
        QCOMPARE(store.count(), 1);
        QVERIFY(!QFile::exists(dir.filePath("b.result.json")));
    }
};

QTEST_MAIN(ResultStoreTest)
#include "resultstoretest.moc"
