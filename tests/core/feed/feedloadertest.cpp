#include "feed/feedloader.h"
#include "feed/feedtablecache.h"
#include "profile/profileio.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace cicada;

namespace {

QString describe(const QList<ProfileIssue> &issues)
{
    QStringList lines;
    for (const ProfileIssue &i : issues)
        lines << i.toString();
    return lines.join(QLatin1Char('\n'));
}

const ProfileIssue *find(const QList<ProfileIssue> &issues, const QString &path,
                         const QString &text)
{
    for (const ProfileIssue &i : issues)
        if (i.path == path && i.message.contains(text))
            return &i;
    return nullptr;
}

/** tests/data/feeds/feeders.cicada.json with @p feeders as its "feeders". */
QByteArray profileJson(const QByteArray &feeders)
{
    QFile f(QStringLiteral(CICADA_TEST_DATA_DIR "/feeds/feeders.cicada.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("tests/data/feeds/feeders.cicada.json is missing");
    return f.readAll().replace("\"FEEDERS\"", feeders);
}

const QByteArray kFeeders = R"([{"name": "users", "file": "users.csv"},
                                 {"name": "items", "file": "data/items.json"}])";

} // namespace

class FeedLoaderTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    void write(const QString &name, const QByteArray &bytes)
    {
        QDir().mkpath(QFileInfo(m_dir.filePath(name)).absolutePath());
        QFile f(m_dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
    }

    QList<ProfileIssue> check(const QByteArray &json, const QString &profileName)
    {
        write(profileName, json);
        QList<ProfileIssue> issues;
        Profile profile;
        ProfileIo::loadFile(m_dir.filePath(profileName), &profile, &issues);
        FeedLoader::checkProfileFile(m_dir.filePath(profileName), profile, &issues);
        return issues;
    }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        write(QStringLiteral("users.csv"), "id,email\r\n1,a@x\r\n2,b@x\r\n3,c@x\r\n");
        write(QStringLiteral("data/items.json"),
              R"([{"sku": "A1", "note": "n"}, {"sku": "B2", "note": ""}])");
    }

    void aValidProfileHasNoIssuesAndLoadsTables()
    {
        const QList<ProfileIssue> issues = check(profileJson(kFeeders), QStringLiteral("p.json"));
        QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));

        QList<ProfileIssue> loadIssues;
        const Profile profile =
            ProfileIo::fromJson(QJsonDocument::fromJson(profileJson(kFeeders)).object(), nullptr);
        const auto tables =
            FeedLoader::load(profile, ProfileIo::toJson(profile), m_dir.path(), &loadIssues);
        QVERIFY2(loadIssues.isEmpty(), qPrintable(describe(loadIssues)));
        QCOMPARE(tables.size(), 2);
        QCOMPARE(tables[0]->rowCount(), 3);
        QCOMPARE(tables[1]->value(1, tables[1]->columnIndex(QStringLiteral("sku"))),
                 QStringLiteral("B2"));
    }

    void aMissingFileIsReportedAtItsFeeder()
    {
        const QList<ProfileIssue> issues =
            check(profileJson(R"([{"name": "users", "file": "nope.csv"},
                                  {"name": "items", "file": "data/items.json"}])"),
                  QStringLiteral("missing.json"));
        const ProfileIssue *issue = find(issues, QStringLiteral("$.feeders[0].file"),
                                         QStringLiteral("nope.csv: the file does not exist"));
        QVERIFY2(issue, qPrintable(describe(issues)));
        QVERIFY2(issue->message.contains(QDir(m_dir.path()).filePath(QStringLiteral("nope.csv"))),
                 qPrintable(issue->message));
        QCOMPARE(issue->severity, ProfileIssue::Severity::Error);
        // The columns of a file that cannot be read are not reported on top.
        QCOMPARE(issues.size(), 1);
    }

    void aMissingColumnIsReportedAtThePlaceholder_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::newRow("csv column in a path")
            << QByteArray("users.id") << QByteArray("users.ID")
            << QStringLiteral("$.userTypes[0].tasks[0].steps[0].http.path")
            << QStringLiteral("{{feed.users.ID}}: users.csv:1 has no column 'ID'; columns: id, "
                              "email (did you mean 'id'?)");
        QTest::newRow("csv column in a header")
            << QByteArray("users.email") << QByteArray("users.mail")
            << QStringLiteral("$.userTypes[0].tasks[0].steps[0].http.headers[0].value")
            << QStringLiteral("users.csv:1 has no column 'mail'");
        QTest::newRow("json key in a template")
            << QByteArray("items.sku") << QByteArray("items.code")
            << QStringLiteral("$.templates.order.json.sku")
            << QStringLiteral("{{feed.items.code}}: data/items.json has no key 'code'; keys: note, "
                              "sku");
        QTest::newRow("a payload's own comment key is checked")
            << QByteArray("items.note") << QByteArray("items.notes")
            << QStringLiteral("$.templates.order.json.comment")
            << QStringLiteral("has no key 'notes'");
    }
    void aMissingColumnIsReportedAtThePlaceholder()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, path);
        QFETCH(QString, message);
        QByteArray json = profileJson(kFeeders);
        json.replace(from, to);
        const QList<ProfileIssue> issues = check(json, QStringLiteral("column.json"));
        QVERIFY2(find(issues, path, message), qPrintable(describe(issues)));
        QCOMPARE(issues.size(), 1); // the free-text comment of the user type is not checked
    }

    void fileErrorsCarryTheCsvLine()
    {
        write(QStringLiteral("users.csv"), "id,email\n1,a@x\n2,\"b@x\n");
        const QList<ProfileIssue> issues = check(profileJson(kFeeders), QStringLiteral("l.json"));
        QVERIFY2(find(issues, QStringLiteral("$.feeders[0].file"),
                      QStringLiteral("users.csv:3: the quoted field that starts here is never "
                                     "closed")),
                 qPrintable(describe(issues)));
    }

    void aJsonRowWithoutTheKeyIsNamed()
    {
        write(QStringLiteral("data/items.json"), R"([{"sku": "A1", "note": "n"}, {"note": ""}])");
        const QList<ProfileIssue> issues = check(profileJson(kFeeders), QStringLiteral("k.json"));
        QVERIFY2(find(issues, QStringLiteral("$.templates.order.json.sku"),
                      QStringLiteral("data/items.json element [1] has no key 'sku'")),
                 qPrintable(describe(issues)));
    }

    void perUserWithFewerRowsThanUsersIsAWarning()
    {
        const QList<ProfileIssue> issues =
            check(profileJson(R"([{"name": "users", "file": "users.csv", "strategy": "perUser"},
                                  {"name": "items", "file": "data/items.json",
                                   "strategy": "perUser"}])"),
                  QStringLiteral("w.json"));
        // users.csv has 3 rows for 3 users; items.json 2.
        QCOMPARE(issues.size(), 1);
        const ProfileIssue *issue =
            find(issues, QStringLiteral("$.feeders[1].strategy"),
                 QStringLiteral("perUser feeder 'items' has 2 rows but load.users is 3"));
        QVERIFY2(issue, qPrintable(describe(issues)));
        QCOMPARE(issue->severity, ProfileIssue::Severity::Warning);
    }

    void filesResolveAgainstTheProfilesDirectory()
    {
        QCOMPARE(FeedLoader::resolve(QStringLiteral("a/b.csv"), QStringLiteral("/p/q")),
                 QStringLiteral("/p/q/a/b.csv"));
        QCOMPARE(FeedLoader::resolve(QStringLiteral("../b.csv"), QStringLiteral("/p/q")),
                 QStringLiteral("/p/b.csv"));
        QCOMPARE(FeedLoader::resolve(QStringLiteral("/abs/b.csv"), QStringLiteral("/p/q")),
                 QStringLiteral("/abs/b.csv"));
        QCOMPARE(FeedLoader::resolve(QStringLiteral("b.csv"), QString()),
                 QDir::current().filePath(QStringLiteral("b.csv")));
    }

    void theCacheRereadsAChangedFileOnly()
    {
        FeedTableCache cache;
        FeedFileReader::Error error;
        const QString path = m_dir.filePath(QStringLiteral("users.csv"));
        const auto first = cache.get(path, Feeder::Format::Auto, &error);
        QVERIFY(first);
        QCOMPARE(cache.get(path, Feeder::Format::Auto, &error), first);
        write(QStringLiteral("users.csv"), "id\n9\n"); // another size: reread
        const auto second = cache.get(path, Feeder::Format::Auto, &error);
        QVERIFY(second && second != first);
        QCOMPARE(second->value(0, 0), QStringLiteral("9"));
        QFile::remove(path);
        QVERIFY(!cache.get(path, Feeder::Format::Auto, &error));
        QCOMPARE(error.message, QStringLiteral("the file does not exist"));
    }
};

QTEST_GUILESS_MAIN(FeedLoaderTest)
#include "feedloadertest.moc"
