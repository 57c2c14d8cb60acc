// Every output path of `cicada-cli run` is checked before the run starts: no output replaces a
// redirected log, the input profile, or a directory, and /dev/stdout or /proc/self/fd/1 write into
// the stream. Real runs against Cicada's demo server on 127.0.0.1, bounded in time.
#include "../common/demoprocess.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace cicada;

namespace {

constexpr int kRunTimeoutMs = 60000;

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

struct Outcome
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Outcome runCli(const QStringList &args)
{
    QProcess p;
    p.start(test::cicadaCli(), args);
    Outcome o;
    if (!p.waitForFinished(kRunTimeoutMs)) {
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

class OutputPathTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void jsonToDevStdoutKeepsTheRedirectedLog();
    void jsonToProcSelfFdOneGoesIntoThePipe();
    void deviceOutputIsWrittenDirectly();
    void badOutputsAreRefusedBeforeTheRun_data();
    void badOutputsAreRefusedBeforeTheRun();

private:
    std::unique_ptr<test::DemoProcess> m_demo;
    QTemporaryDir m_dir;
    QString m_profile;
};

void OutputPathTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_demo = std::make_unique<test::DemoProcess>();
    QVERIFY(m_demo->port() != 0);
    QString text = QString::fromUtf8(
        readAll(QStringLiteral(CICADA_SOURCE_DIR "/resources/profiles/demo-chat.cicada.json")));
    text.replace(QStringLiteral("127.0.0.1:8765"),
                 QStringLiteral("127.0.0.1:%1").arg(m_demo->port()));
    m_profile = m_dir.filePath(QStringLiteral("example.cicada.json"));
    QVERIFY(writeFile(m_profile, text.toUtf8()));
}

void OutputPathTest::jsonToDevStdoutKeepsTheRedirectedLog()
{
    const QString log = m_dir.filePath(QStringLiteral("log.txt"));
    QProcess sh;
    sh.start(QStringLiteral("/bin/sh"),
             {QStringLiteral("-c"),
              QStringLiteral("exec \"$0\" run \"$1\" -u 2 -t 2s "
                             "--only-summary --json /dev/stdout > \"$2\""),
              test::cicadaCli(), m_profile, log});
    QVERIFY(sh.waitForFinished(kRunTimeoutMs));
    QVERIFY2(sh.exitCode() == 0 || sh.exitCode() == 1, sh.readAllStandardError().constData());
    const QByteArray text = readAll(log);
    // The console output stays, and the JSON follows it.
    QVERIFY2(text.startsWith("Running "), text.left(300).constData());
    QVERIFY(text.contains("Aggregated"));
    const qsizetype json = text.indexOf("\"format\": \"cicada-result\"");
    QVERIFY2(json > text.indexOf("Aggregated"), text.right(300).constData());
}

void OutputPathTest::jsonToProcSelfFdOneGoesIntoThePipe()
{
    const Outcome o =
        runCli({QStringLiteral("run"), m_profile, QStringLiteral("-u"), QStringLiteral("2"),
                QStringLiteral("-t"), QStringLiteral("2s"), QStringLiteral("--only-summary"),
                QStringLiteral("--json"), QStringLiteral("/proc/self/fd/1")});
    QVERIFY2(o.exitCode == 0 || o.exitCode == 1, o.err.constData());
    QVERIFY(o.out.startsWith("Running "));
    QVERIFY2(o.out.contains("\"format\": \"cicada-result\""), o.out.right(300).constData());
}

void OutputPathTest::deviceOutputIsWrittenDirectly()
{
    const Outcome o =
        runCli({QStringLiteral("run"), m_profile, QStringLiteral("-u"), QStringLiteral("1"),
                QStringLiteral("-t"), QStringLiteral("1s"), QStringLiteral("--only-summary"),
                QStringLiteral("--json"), QStringLiteral("/dev/null")});
    QVERIFY2(o.exitCode == 0 || o.exitCode == 1, o.err.constData());
    QVERIFY(o.out.contains("Result written to /dev/null"));
}

void OutputPathTest::badOutputsAreRefusedBeforeTheRun_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("message");
    const QString dir = m_dir.path();
    const QString profile = m_dir.filePath(QStringLiteral("example.cicada.json"));
    const QString plainFile = m_dir.filePath(QStringLiteral("plain.txt"));
    writeFile(plainFile, "x");
    QDir(dir).mkpath(QStringLiteral("stats_is_dir_stats.csv"));
    QTest::newRow("json names the profile")
        << QStringList{QStringLiteral("--json"), profile} << QStringLiteral("input profile");
    QTest::newRow("html names the profile via ..")
        << QStringList{QStringLiteral("--html"), dir + QStringLiteral("/./../") +
                                                     QDir(dir).dirName() +
                                                     QStringLiteral("/example.cicada.json")}
        << QStringLiteral("input profile");
    QTest::newRow("json is a directory")
        << QStringList{QStringLiteral("--json"), dir} << QStringLiteral("is a directory");
    QTest::newRow("csv prefix is a directory")
        << QStringList{QStringLiteral("--csv"), dir} << QStringLiteral("is a directory");
    QTest::newRow("csv file is a directory")
        << QStringList{QStringLiteral("--csv"), m_dir.filePath(QStringLiteral("stats_is_dir"))}
        << QStringLiteral("is a directory");
    QTest::newRow("csv in a directory that cannot exist")
        << QStringList{QStringLiteral("--csv"), plainFile + QStringLiteral("/sub/run")}
        << QStringLiteral("cannot create the directory");
    QTest::newRow("json in a directory that cannot exist")
        << QStringList{QStringLiteral("--json"), plainFile + QStringLiteral("/r.json")}
        << QStringLiteral("cannot create the directory");
    ::mkfifo(QFile::encodeName(m_dir.filePath(QStringLiteral("fifo_stats.csv"))).constData(), 0600);
    QTest::newRow("csv file is a FIFO")
        << QStringList{QStringLiteral("--csv"), m_dir.filePath(QStringLiteral("fifo"))}
        << QStringLiteral("the CSV files must be regular files");
    QTest::newRow("json and html the same file")
        << QStringList{QStringLiteral("--json"), m_dir.filePath(QStringLiteral("same")),
                       QStringLiteral("--html"), m_dir.filePath(QStringLiteral("./same"))}
        << QStringLiteral("are the same file");
}

void OutputPathTest::badOutputsAreRefusedBeforeTheRun()
{
    QFETCH(QStringList, options);
    QFETCH(QString, message);
    const QByteArray profileBefore = readAll(m_profile);
    const Outcome o = runCli(
        QStringList{QStringLiteral("run"), m_profile, QStringLiteral("-t"), QStringLiteral("1s")} +
        options);
    QCOMPARE(o.exitCode, 2);
    QVERIFY2(o.err.contains(message.toUtf8()), o.err.constData());
    QVERIFY2(o.err.contains("nothing was run"), o.err.constData());
    QVERIFY2(!o.out.contains("Running "), o.out.constData()); // refused before the run
    QCOMPARE(readAll(m_profile), profileBefore);
}

QTEST_GUILESS_MAIN(OutputPathTest)
#include "outputpathtest.moc"
