// Data feeders through the Runner (issue 10) against a server Cicada did not write
// (tests/servers/recording_server.py, Python http.server), which records every request: the
// server-side record is the proof. Every run is bounded in time.
#include "engine/compiledprofile.h"
#include "engine/runner.h"
#include "profile/profileio.h"

#include "../../common/pythonserver.h"
#include "runnerkit.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cicada;

namespace {

constexpr int kWaitMs = 60000; ///< generous: two shared cores; never a timing assertion

/** A profile whose only task runs @p steps, with @p feeders, against @p base. */
QString profileText(const QString &base, const QString &feeders, const QString &steps, int users)
{
    return QStringLiteral(R"({
      "schema": 2, "name": "feeders",
      "target": { "baseUrl": "%1", "requestTimeout": "10s" },
      "feeders": %2,
      "userTypes": [ { "name": "U", "tasks": [ { "name": "t", "steps": %3 } ] } ],
      "load": { "users": %4, "spawnRate": 1000 }
    })")
        .arg(base, feeders, steps)
        .arg(users);
}

/** Compiles @p json with feeder files relative to @p dir; nullptr (with warnings) on errors. */
std::shared_ptr<const CompiledProfile> compile(const QString &json, const QString &dir)
{
    QList<ProfileIssue> issues;
    const Profile profile =
        ProfileIo::fromJson(QJsonDocument::fromJson(json.toUtf8()).object(), &issues);
    for (const ProfileIssue &issue : std::as_const(issues))
        qWarning().noquote() << issue.toString();
    if (ProfileIo::hasErrors(issues))
        return nullptr;
    QStringList errors;
    auto compiled = CompiledProfile::compile(profile, &errors, dir);
    if (!errors.isEmpty())
        qWarning() << errors;
    return compiled;
}

/** The requests the server recorded, in arrival order. */
QJsonArray records(const test::PythonServer &server)
{
    QNetworkAccessManager manager;
    QNetworkReply *reply =
        manager.get(QNetworkRequest(server.httpUrl(QStringLiteral("/__records"))));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    return QJsonDocument::fromJson(reply->readAll()).array();
}

QString query(const QJsonValue &record, const QString &name)
{
    return record[QLatin1String("query")][name].toString();
}

/** Starts @p runner, waits for @p done (or kWaitMs), then stops it; false when it did not end. */
template <typename Done> bool runUntil(Runner *runner, int users, Done done)
{
    QSignalSpy finished(runner, &Runner::finished);
    LoadSettings load;
    load.users = users;
    load.spawnRate = 1000;
    load.runTimeMs = kWaitMs;
    runner->start(load);
    QDeadlineTimer deadline(kWaitMs);
    while (!done() && !deadline.hasExpired() && finished.isEmpty())
        QTest::qWait(20);
    runner->stop();
    return !finished.isEmpty() || finished.wait(test::kRunnerFinishTimeoutMs);
}

} // namespace

class FeedRunnerTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    void write(const QString &name, const QByteArray &bytes)
    {
        QFile f(m_dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
    }

    /** "id,email" and @p rows rows: "r0,r0@example.org", ... */
    void writeUsers(int rows)
    {
        QByteArray csv = "id,email\r\n";
        for (int i = 0; i < rows; ++i)
            csv += QStringLiteral("r%1,r%1@example.org\r\n").arg(i).toUtf8();
        write(QStringLiteral("users.csv"), csv);
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void sequentialRowsAreUsedExactlyOnceAcrossFourThreads()
    {
        constexpr int kRows = 400;
        constexpr int kUsers = 20;
        writeUsers(kRows);
        test::PythonServer server(QStringLiteral("recording_server.py"));
        QVERIFY(server.isRunning());
        // Two steps per iteration: both must read the same row.
        const auto compiled =
            compile(profileText(server.httpUrl(QString()).toString(),
                                QStringLiteral(R"([{"name": "users", "file": "users.csv"}])"),
                                QStringLiteral(R"([
                          {"http": {"path": "/a?id={{feed.users.id}}", "name": "a"}},
                          {"http": {"method": "POST", "path": "/b", "name": "b",
                            "headers": [{"name": "X-Mail", "value": "{{feed.users.email}}"}],
                            "body": "id={{feed.users.id}}"}}])"),
                                kUsers),
                    m_dir.path());
        QVERIFY(compiled);
        RunnerOptions options;
        options.threads = 4;
        Runner runner(compiled, options);
        FeedSet &feeds = *compiled->feeds;
        QVERIFY(runUntil(&runner, kUsers, [&] { return feeds.exhaustedCount(0) == kUsers; }));
        QCOMPARE(runner.health().threads, 4); // threadCount() is 0 once the threads are joined
        QCOMPARE(feeds.rowsTaken(0), kRows);
        QCOMPARE(feeds.exhaustedCount(0), kUsers); // every user found the feeder empty, once

        const QJsonArray all = records(server);
        QMap<QString, int> aUses;
        QMap<QString, QString> bMail;
        QMap<QString, int> bUses;
        for (const QJsonValue &r : all) {
            const QString path = r[QLatin1String("path")].toString();
            if (path == QLatin1String("/a")) {
                ++aUses[query(r, QStringLiteral("id"))];
            } else if (path == QLatin1String("/b")) {
                const QString id = r[QLatin1String("body")].toString().mid(3);
                ++bUses[id];
                bMail[id] = r[QLatin1String("headers")][QLatin1String("x-mail")].toString();
            }
        }
        QCOMPARE(aUses.size(), kRows);
        QCOMPARE(bUses.size(), kRows);
        for (int i = 0; i < kRows; ++i) {
            const QString id = QStringLiteral("r%1").arg(i);
            QVERIFY2(aUses.value(id) == 1, qPrintable(id));
            QVERIFY2(bUses.value(id) == 1, qPrintable(id));
            QCOMPARE(bMail.value(id), id + QStringLiteral("@example.org")); // the same row
        }
        QCOMPARE(all.size(), 2 * kRows);
        // The stop is counted, once per user, and says why.
        QCOMPARE(test::requests(runner, QStringLiteral("feed"), QStringLiteral("users")), kUsers);
        QCOMPARE(test::errorCount(runner, QStringLiteral("feed"),
                                  QStringLiteral("feeder 'users' has no rows left: all 400 rows "
                                                 "were used (sequential); the user stopped")),
                 kUsers);
        QCOMPARE(test::failures(runner, QStringLiteral("GET"), QStringLiteral("a")), 0);
    }

    void circularWrapsInOrder()
    {
        writeUsers(5);
        test::PythonServer server(QStringLiteral("recording_server.py"));
        QVERIFY(server.isRunning());
        const auto compiled =
            compile(profileText(server.httpUrl(QString()).toString(),
                                QStringLiteral(R"([{"name": "users", "file": "users.csv",
                                                   "strategy": "circular"}])"),
                                QStringLiteral(R"([{"http": {"path": "/c?id={{feed.users.id}}",
                                                   "name": "c"}}])"),
                                1),
                    m_dir.path());
        QVERIFY(compiled);
        RunnerOptions options;
        options.threads = 1;
        Runner runner(compiled, options);
        QVERIFY(runUntil(&runner, 1, [&] { return compiled->feeds->rowsTaken(0) >= 13; }));
        const QJsonArray all = records(server);
        QVERIFY(all.size() >= 12);
        // One user: its requests arrive in the order the rows were taken.
        for (qsizetype i = 0; i < all.size(); ++i)
            QCOMPARE(query(all.at(i), QStringLiteral("id")), QStringLiteral("r%1").arg(i % 5));
    }

    void perUserGivesEachUserItsRow()
    {
        writeUsers(4);
        test::PythonServer server(QStringLiteral("recording_server.py"));
        QVERIFY(server.isRunning());
        // Five users for four rows: user 4 finds none and stops before sending anything.
        const auto compiled =
            compile(profileText(server.httpUrl(QString()).toString(),
                                QStringLiteral(R"([{"name": "users", "file": "users.csv",
                                           "strategy": "perUser"}])"),
                                QStringLiteral(R"([{"http": {"name": "p",
                          "path": "/p?user={{user.index}}&id={{feed.users.id}}"}},
                          {"think": "20ms"}])"),
                                5),
                    m_dir.path());
        QVERIFY(compiled);
        RunnerOptions options;
        options.threads = 2;
        Runner runner(compiled, options);
        QVERIFY(runUntil(&runner, 5, [&] {
            return compiled->feeds->exhaustedCount(0) == 1 &&
                   test::requests(runner, QStringLiteral("GET"), QStringLiteral("p")) >= 40;
        }));
        const QJsonArray all = records(server);
        QMap<QString, int> perUser;
        for (const QJsonValue &r : all) {
            const QString user = query(r, QStringLiteral("user"));
            QCOMPARE(query(r, QStringLiteral("id")), QStringLiteral("r") + user);
            ++perUser[user];
        }
        QCOMPARE(perUser.keys(), (QStringList{"0", "1", "2", "3"}));
        QCOMPARE(compiled->feeds->exhaustedCount(0), 1);
        QCOMPARE(test::errorCount(runner, QStringLiteral("feed"),
                                  QStringLiteral("feeder 'users' has no row for this user: it has "
                                                 "4 rows, one per user index (perUser)")),
                 1);
    }

    void failModeFailsTheStepAndTheUserGoesOn()
    {
        writeUsers(3);
        test::PythonServer server(QStringLiteral("recording_server.py"));
        QVERIFY(server.isRunning());
        const auto compiled =
            compile(profileText(server.httpUrl(QString()).toString(),
                                QStringLiteral(R"([{"name": "users", "file": "users.csv",
                                           "onExhausted": "fail"}])"),
                                QStringLiteral(R"([{"http": {"path": "/f?id={{feed.users.id}}",
                                           "name": "f"}},
                                           {"http": {"path": "/alive", "name": "alive"}}])"),
                                1),
                    m_dir.path());
        QVERIFY(compiled);
        Runner runner(compiled, RunnerOptions{1, {}});
        QVERIFY(runUntil(&runner, 1, [&] {
            return test::failures(runner, QStringLiteral("GET"), QStringLiteral("f")) >= 5;
        }));
        QVERIFY(test::failures(runner, QStringLiteral("GET"), QStringLiteral("f")) >= 5);
        QCOMPARE(test::errorCount(runner, QStringLiteral("GET"),
                                  QStringLiteral("feeder 'users' has no rows left: all 3 rows "
                                                 "were used (sequential)")),
                 test::failures(runner, QStringLiteral("GET"), QStringLiteral("f")));
        // The failed step sent nothing; the next step of the iteration still ran.
        int f = 0;
        int alive = 0;
        for (const QJsonValue &r : records(server))
            (r[QLatin1String("path")].toString() == QLatin1String("/f") ? f : alive)++;
        QCOMPARE(f, 3);
        QVERIFY(alive > 5);
        QCOMPARE(test::requests(runner, QStringLiteral("feed"), QStringLiteral("users")), 0);
    }

    void aMissingColumnStopsTheRunBeforeItStarts()
    {
        writeUsers(2);
        QList<ProfileIssue> issues;
        const Profile profile = ProfileIo::fromJson(
            QJsonDocument::fromJson(
                profileText(QStringLiteral("http:") + QStringLiteral("//127.0.0.1:9"),
                            QStringLiteral(R"([{"name": "users", "file": "users.csv"}])"),
                            QStringLiteral(R"([{"http": {"path": "/{{feed.users.mail}}"}}])"), 1)
                    .toUtf8())
                .object(),
            &issues);
        QVERIFY(!ProfileIo::hasErrors(issues));
        QStringList errors;
        QVERIFY(!CompiledProfile::compile(profile, &errors, m_dir.path()));
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.front().startsWith(
                     QLatin1String("$.userTypes[0].tasks[0].steps[0].http.path: "
                                   "{{feed.users.mail}}: users.csv:1 has no column 'mail'")),
                 qPrintable(errors.front()));
        QVERIFY(!CompiledProfile::compile(profile, &errors, m_dir.filePath(QStringLiteral("no"))));
        QVERIFY2(errors.back().contains(QLatin1String("users.csv: the file does not exist")),
                 qPrintable(errors.back()));
    }
};

QTEST_MAIN(FeedRunnerTest)
#include "feedrunnertest.moc"
