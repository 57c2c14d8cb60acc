// Input and resource limits of the CLI: a result file that never ends (/dev/zero) fails with a
// message, the open-file limit is raised at start and a user count beyond it is announced, and a
// Locust master asking for 10^12 users or sending garbage gets clear, few lines from the worker.
#include "../common/demoprocess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace cicada;

namespace {

constexpr int kTimeoutMs = 60000;

/// One user type "Idle" that only thinks: no sockets, so the user count alone is the test.
const QByteArray kIdleProfile =
    "{\"schema\": 1, \"name\": \"idle\", \"target\": {\"baseUrl\": \"http://127.0.0.1:9\"},\n"
    " \"userTypes\": [{\"name\": \"Idle\", \"tasks\": [{\"name\": \"t\", \"steps\": [\n"
    "   {\"think\": \"1s\"}]}]}],\n"
    " \"load\": {\"users\": 1, \"spawnRate\": 1, \"runTime\": \"1s\"}}\n";

struct Outcome
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

/// Runs `sh -c SCRIPT` with $0 = cicada-cli and $1.. = @p args.
Outcome shell(const QString &script, const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral("/bin/sh"),
            QStringList{QStringLiteral("-c"), script, test::cicadaCli()} + args);
    Outcome o;
    if (!p.waitForFinished(kTimeoutMs)) {
        p.kill();
        p.waitForFinished();
        return o;
    }
    o.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    o.out = p.readAllStandardOutput();
    o.err = p.readAllStandardError();
    return o;
}

} // namespace

class LimitsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_profile = m_dir.filePath(QStringLiteral("idle.cicada.json"));
        QFile f(m_profile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kIdleProfile);
    }

    void endlessResultFileFailsWithAMessage()
    {
        const Outcome o = shell(QStringLiteral("exec \"$0\" report /dev/zero -o \"$1\""),
                                {m_dir.filePath(QStringLiteral("zero.html"))});
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(o.err.contains("/dev/zero") && o.err.contains("larger than 64 MiB"),
                 o.err.constData());
    }

    void usersBeyondTheOpenFileLimitAreAnnounced()
    {
        // Hard limit 256: 64 kept for the process, so 192 one-socket users fit.
        const Outcome o = shell(QStringLiteral("ulimit -n 256 && exec \"$0\" run \"$1\" -u 1000 "
                                               "-r 1 -t 1s --only-summary"),
                                {m_profile});
        QVERIFY2(o.exitCode == 0, o.err.constData());
        QVERIFY2(o.err.contains("warning: 1000 users need about 1064 open files"),
                 o.err.constData());
        QVERIFY2(o.err.contains("at most 192 users"), o.err.constData());
    }

    void softOpenFileLimitIsRaisedToTheHardOne()
    {
        // Soft 256 under a hard limit of 4096: raised at start, so 1000 users fit silently.
        const Outcome o = shell(QStringLiteral("ulimit -Sn 256 && ulimit -Hn 4096 && exec \"$0\" "
                                               "run \"$1\" -u 1000 -r 1 -t 1s --only-summary"),
                                {m_profile});
        QVERIFY2(o.exitCode == 0, o.err.constData());
        QVERIFY2(!o.err.contains("open files"), o.err.constData());
    }

    void workerExplainsAnImpossibleUserCountAndCountsGarbage()
    {
        QProcess master;
        master.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        master.start(QStringLiteral("/usr/bin/python3"),
                     {QStringLiteral(CICADA_SOURCE_DIR "/tests/servers/fake_master.py"),
                      QStringLiteral("--users"), QStringLiteral("1e12"),
                      QStringLiteral("--user-class"), QStringLiteral("Idle"),
                      QStringLiteral("--garbage"), QStringLiteral("100")});
        QVERIFY(master.waitForReadyRead(20000));
        const QByteArray first = master.readLine().trimmed();
        QVERIFY2(first.startsWith("LISTENING "), first.constData());
        const QString port = QString::fromUtf8(first.mid(10));

        QProcess worker;
        worker.start(QStringLiteral("/bin/sh"),
                     {QStringLiteral("-c"),
                      QStringLiteral("ulimit -n 256 && exec \"$0\" worker \"$1\" --master-port "
                                     "\"$2\" --threads 1"),
                      test::cicadaCli(), m_profile, port});
        QVERIFY(worker.waitForFinished(kTimeoutMs));
        QVERIFY(master.waitForFinished(kTimeoutMs));
        const QByteArray masterOut = master.readAll();
        const QByteArray err = worker.readAllStandardError();
        QCOMPARE(worker.exitCode(), 0);
        // Not a silent 0: the worker runs what it can and says why, to its operator and the
        // master.
        QVERIFY2(masterOut.contains("SPAWNED 192"), masterOut.constData());
        QVERIFY2(err.contains("the master asked this worker for 1000000000000 users; it runs at "
                              "most 192 (open-file limit 256"),
                 err.constData());
        QVERIFY2(masterOut.contains("EXCEPTION the master asked this worker for 1000000000000"),
                 masterOut.constData());
        // 100 garbage frames: three lines and a count, not 100 lines.
        QCOMPARE(err.count("ignoring an undecodable message"), 3);
        QVERIFY2(err.contains("ignored 100 undecodable messages from the master so far"),
                 err.constData());
    }

private:
    QTemporaryDir m_dir;
    QString m_profile;
};

QTEST_GUILESS_MAIN(LimitsTest)
#include "limitstest.moc"
