// FdLimit: the sentences a run prints when the users asked for exceed what this process's
// open-file limit or the local ports of its source addresses allow.

#include "engine/fdlimit.h"
#include "../../common/pythonserver.h"
#include "profile/profileio.h"
#include "runnerkit.h"

#include <QDir>
#include <QJsonDocument>
#include <QTest>

#include <sys/resource.h>

using namespace cicada;

namespace {

/** Descriptors open in the calling thread's table (/proc/self/fd lists that table). */
qsizetype openDescriptors()
{
    return QDir(QStringLiteral("/proc/self/fd"))
        .entryList(QDir::NoDotAndDotDot | QDir::System)
        .size();
}

} // namespace

class FdLimitTest : public QObject
{
    Q_OBJECT

private slots:
    void init() { QVERIFY(::getrlimit(RLIMIT_NOFILE, &m_saved) == 0); }
    void cleanup() { ::setrlimit(RLIMIT_NOFILE, &m_saved); }

    void usersOverTheOpenFileLimitAreNamedWithTheLimits()
    {
        // Lowering the soft limit needs no privilege.
        struct rlimit low = m_saved;
        low.rlim_cur = 300;
        QVERIFY(::setrlimit(RLIMIT_NOFILE, &low) == 0);
        QCOMPARE(FdLimit::softLimit(), 300);
        QCOMPARE(FdLimit::userCapacity(2), (300 - FdLimit::kReservedFds) / 2);
        QVERIFY(FdLimit::warningFor(FdLimit::userCapacity(2), 2).isEmpty());

        const QString warning = FdLimit::warningFor(1000, 2);
        QVERIFY2(warning.contains(QLatin1String("1000 users need about 2064 open files (2 sockets "
                                                "each), and this process may open 300")),
                 qPrintable(warning));
        QVERIFY2(warning.contains(QStringLiteral("at most %1 users can connect")
                                      .arg((300 - FdLimit::kReservedFds) / 2)),
                 qPrintable(warning));
        QVERIFY2(warning.contains(QLatin1String("\"Too many open files\"")), qPrintable(warning));
        const QString hard = m_saved.rlim_max == RLIM_INFINITY
                                 ? QStringLiteral("unlimited")
                                 : QString::number(qint64(m_saved.rlim_max));
        QVERIFY2(warning.contains(QStringLiteral("its hard limit, %1,").arg(hard)),
                 qPrintable(warning));
    }

    void privateTablesMultiplyTheLimitByTheThreads()
    {
        struct rlimit low = m_saved;
        low.rlim_cur = 300;
        QVERIFY(::setrlimit(RLIMIT_NOFILE, &low) == 0);
        const qint64 perTable = (300 - FdLimit::kReservedFds) / 2;
        QVERIFY(FdLimit::warningFor(3 * perTable, 2, 3).isEmpty());
        const QString warning = FdLimit::warningFor(1000, 2, 3);
        QVERIFY2(warning.contains(QStringLiteral("each of the 3 worker threads may open 300")),
                 qPrintable(warning));
        QVERIFY2(warning.contains(QStringLiteral("at most %1 users can connect").arg(3 * perTable)),
                 qPrintable(warning));
    }

    void privateTablesHoldMoreConnectionsThanTheLimit_data()
    {
        QTest::addColumn<bool>("privateTables");
        QTest::newRow("shared table") << false;
        QTest::newRow("a table per thread") << true;
    }
    void privateTablesHoldMoreConnectionsThanTheLimit()
    {
        // 300 users on 2 threads with a soft limit of 250 descriptors: one shared table runs out
        // ("Too many open files"); a table per thread holds 150 each.
        QFETCH(bool, privateTables);
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
        // The sanitizer runtimes check memory through a pipe; with every descriptor taken they
        // report a valid object as "invalid vptr" (seen in wssession.cpp's error path).
        if (!privateTables)
            QSKIP("runs out of descriptors on purpose, which the sanitizer runtime cannot survive");
#endif
        test::PythonServer server(
            QStringLiteral("ws_peers.py")); // started before the limit is lowered
        QVERIFY(server.isRunning());
        auto profile = test::compileJson(QStringLiteral(R"({"schema": 2, "name": "fd tables",
            "target": {"brokerUrl": "%1", "wsTransport": "lean"},
            "userTypes": [{"name": "Holder", "wait": {"constant": "0s"},
                "onStart": [{"wsConnect": {"name": "hold"}}],
                "tasks": [{"name": "idle", "steps": [{"think": "60s"}]}]}]})")
                                             .arg(server.wsUrl().toString()));
        QVERIFY(profile);
        struct rlimit low = m_saved;
        low.rlim_cur = 250;
        QVERIFY(::setrlimit(RLIMIT_NOFILE, &low) == 0);
        RunnerOptions options;
        options.threads = 2;
        options.privateFdTables = privateTables;
        options.epollDispatcher = true;
        const qsizetype openBefore = openDescriptors();
        auto runner = std::make_unique<Runner>(profile, options);
        QVERIFY(test::runFor(runner.get(), 300, 3000, 1000));
        const qint64 tooMany = test::errorCount(*runner, QStringLiteral("WS connect"),
                                                QStringLiteral("Too many open files"));
        if (privateTables) {
            QVERIFY2(
                test::failures(*runner, QStringLiteral("WS connect"), QStringLiteral("hold")) == 0,
                qPrintable(test::errorsText(*runner)));
            QCOMPARE(test::requests(*runner, QStringLiteral("WS connect"), QStringLiteral("hold")),
                     300);
        } else {
            QVERIFY2(tooMany > 0, qPrintable(test::errorsText(*runner)));
        }
        // Nothing left open in this thread's table once the runner is gone (with private tables
        // the workers' dispatchers closed only their own copies of their descriptors).
        runner.reset();
        QTRY_COMPARE_WITH_TIMEOUT(openDescriptors(), openBefore, 5000);
    }

    void raiseLiftsTheSoftLimitToTheHardOne()
    {
        struct rlimit low = m_saved;
        low.rlim_cur = 300;
        QVERIFY(::setrlimit(RLIMIT_NOFILE, &low) == 0);
        const FdLimit::Raise r = FdLimit::raiseToHard();
        QCOMPARE(r.before, 300);
        QVERIFY(r.after > 300);
        QCOMPARE(r.after, FdLimit::softLimit());
    }

    void connectionsOverTheLocalPortsAskForSourceAddresses()
    {
        QVERIFY(FdLimit::portWarningFor(28232, 1, 28232).isEmpty());
        QVERIFY(FdLimit::portWarningFor(100000, 4, 28232).isEmpty());
        const QString one = FdLimit::portWarningFor(100000, 1, 28232);
        QVERIFY2(one.contains(QLatin1String("100000 connections to one server address and port "
                                            "need 100000 local ports, and 1 source address have "
                                            "28232")),
                 qPrintable(one));
        QVERIFY2(one.contains(QLatin1String("\"Cannot assign requested address\"")),
                 qPrintable(one));
        QVERIFY2(one.contains(QLatin1String("target.sourceAddresses at least 4 addresses (e.g. "
                                            "\"127.0.0.1-127.0.0.4\"")),
                 qPrintable(one));
        const QString two = FdLimit::portWarningFor(100000, 2, 28232);
        QVERIFY2(two.contains(QLatin1String("2 source addresses have 56464")), qPrintable(two));
    }

    void profileWarningsCountItsSourceAddresses()
    {
        QList<ProfileIssue> issues;
        // No "//" in a raw string in a class body: Qt 6.4's moc takes it for a comment.
        const Profile p = ProfileIo::fromJson(QJsonDocument::fromJson(R"({"schema": 2, "name": "p",
                "target": {"brokerUrl": "ws:\/\/127.0.0.1:1/", "wsTransport": "lean",
                           "sourceAddresses": "127.0.0.1-127.0.0.8"},
                "userTypes": [{"name": "U", "onStart": [{"wsConnect": {}}],
                    "tasks": [{"name": "t", "steps": [{"think": "1s"}]}]}]})")
                                                  .object(),
                                              &issues);
        QVERIFY(!ProfileIo::hasErrors(issues));
        const qint64 ports = FdLimit::ephemeralPorts();
        QVERIFY(ports > 0);
        // 8 addresses: no port warning up to 8 × the range, one just past it.
        const auto portWarnings = [&](qint64 users) {
            int n = 0;
            for (const QString &w : FdLimit::warningsFor(p, users))
                n += w.contains(QLatin1String("local ports")) ? 1 : 0;
            return n;
        };
        QCOMPARE(portWarnings(8 * ports), 0);
        QCOMPARE(portWarnings(8 * ports + 1), 1);
    }

private:
    struct rlimit m_saved = {};
};

QTEST_MAIN(FdLimitTest)
#include "fdlimittest.moc"
