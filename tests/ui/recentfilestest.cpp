#include "recentfiles.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace cicada;

class RecentFilesTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("CicadaTest");
        QCoreApplication::setApplicationName("recentfilestest");
    }

    void keepsExistingFilesNewestFirstWithoutDuplicates()
    {
        QTemporaryDir dir;
        RecentFiles recent;
        recent.clear();
        QSignalSpy changed(&recent, &RecentFiles::filesChanged);
        QStringList paths;
        for (int i = 0; i < RecentFiles::kMaxFiles + 2; ++i) {
            paths << dir.filePath(QString("p%1.cicada.json").arg(i));
            QFile f(paths.last());
            QVERIFY(f.open(QIODevice::WriteOnly));
            recent.add(paths.last());
        }
        QCOMPARE(changed.count(), RecentFiles::kMaxFiles + 2);
        QCOMPARE(recent.files().size(), RecentFiles::kMaxFiles);
        QCOMPARE(recent.files().constFirst(), paths.last());
        recent.add(paths.at(5));
        QCOMPARE(recent.files().constFirst(), paths.at(5));
        QCOMPARE(recent.files().count(paths.at(5)), 1);
        QFile::remove(paths.at(5));
        QVERIFY(!RecentFiles().files().contains(paths.at(5)));
        recent.clear();
        QVERIFY(recent.files().isEmpty());
    }
};

QTEST_GUILESS_MAIN(RecentFilesTest)
#include "recentfilestest.moc"
