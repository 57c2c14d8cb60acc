// Secrets never leave Cicada: a run against a server that echoes the client's credentials back
// (into message names, error messages, close reasons) must not print or write any of them —
// not on stdout/stderr, not in the CSV, JSON or HTML files — and neither may a Locust worker
// report them to a real `locust --master` (its CSV, HTML report and log). All on 127.0.0.1.
#include "../common/demoprocess.h"
#include "../common/pythonserver.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kCookie = QStringLiteral("SeCrEtCoOkIe-12345");
const QString kToken = QStringLiteral("TOPSECRET-TOKEN-abcdef");
const QString kEnvName = QStringLiteral("CICADA_SECRET");
const QString kEnvValue = QStringLiteral("env-value-8086");
const QString kUrlPassword = QStringLiteral("pw-hunter2");
const QString kQueryToken = QStringLiteral("qtok-31337");
const QStringList kSecrets = {kCookie, kToken, kEnvValue, kUrlPassword, kQueryToken};

/// A profile whose every user sends every kind of secret to the echo server on @p port.
QByteArray profileText(quint16 port)
{
    QString text = QStringLiteral(
        "{\"schema\": 1, \"name\": \"leaky\",\n"
        " \"target\": {\"baseUrl\": \"http://admin:%PW%@127.0.0.1:%PORT%\",\n"
        "            \"brokerUrl\": \"ws://127.0.0.1:%PORT%/ws?access_token=%QT%\",\n"
        "            \"connectTimeout\": \"2s\", \"requestTimeout\": \"2s\"},\n"
        " \"cookies\": [{\"name\": \"sessionid\", \"value\": \"%COOKIE%\"}],\n"
        " \"headers\": [{\"name\": \"Authorization\", \"value\": \"Bearer %TOKEN%\"},\n"
        "             {\"name\": \"X-Env\", \"value\": \"{{env.%ENV%}}\"}],\n"
        " \"userTypes\": [{\"name\": \"Leaky\", \"wait\": {\"constant\": \"200ms\"},\n"
        "   \"tasks\": [{\"name\": \"t\", \"steps\": [\n"
        "     {\"http\": {\"name\": \"/login?access_token=%QT%\", \"method\": \"GET\",\n"
        "                \"path\": \"/login?access_token=%QT%\", \"expect\": 200}},\n"
        "     {\"wsConnect\": {\"name\": \"echo\"}},\n"
        "     {\"wsSend\": {\"name\": \"hello\", \"body\": \"{\\\"id\\\": 1}\", \"await\": "
        "\"next\",\n"
        "                 \"timeout\": \"2s\"}},\n"
        "     {\"think\": \"300ms\"},\n"
        "     {\"close\": {}}]}]}],\n"
        " \"load\": {\"users\": 2, \"spawnRate\": 2, \"runTime\": \"3s\"}}\n");
    text.replace(QStringLiteral("%PORT%"), QString::number(port))
        .replace(QStringLiteral("%PW%"), kUrlPassword)
        .replace(QStringLiteral("%QT%"), kQueryToken)
        .replace(QStringLiteral("%COOKIE%"), kCookie)
        .replace(QStringLiteral("%TOKEN%"), kToken)
        .replace(QStringLiteral("%ENV%"), kEnvName);
    return text.toUtf8();
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Every secret found in @p text, with the output's name.
QStringList leaks(const QString &output, const QByteArray &text)
{
    QStringList found;
    for (const QString &secret : kSecrets) {
        if (text.contains(secret.toUtf8()))
            found << QStringLiteral("%1 in %2").arg(secret, output);
    }
    return found;
}

quint16 freePort()
{
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost, 0) ? server.serverPort() : 0;
}

QProcessEnvironment secretEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(kEnvName, kEnvValue);
    return env;
}

} // namespace

class RedactionTest : public QObject
{
    Q_OBJECT

private slots:
    void runOutputsHoldNoSecret();
    void locustMasterSeesNoSecret();
};

void RedactionTest::runOutputsHoldNoSecret()
{
    cicada::test::PythonServer server(QStringLiteral("echo_secrets_server.py"));
    QVERIFY2(server.isRunning(), "echo_secrets_server.py did not start");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString profile = dir.filePath(QStringLiteral("leaky.cicada.json"));
    QFile out(profile);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(profileText(server.port()));
    out.close();

    QProcess run;
    run.setProcessEnvironment(secretEnvironment());
    run.start(cicada::test::cicadaCli(),
              {QStringLiteral("run"), profile, QStringLiteral("--csv"),
               dir.filePath(QStringLiteral("out")), QStringLiteral("--json"),
               dir.filePath(QStringLiteral("out.json")), QStringLiteral("--html"),
               dir.filePath(QStringLiteral("out.html"))});
    QVERIFY(run.waitForFinished(60000));
    const QByteArray stdoutText = run.readAllStandardOutput();
    const QByteArray stderrText = run.readAllStandardError();
    QVERIFY2(run.exitCode() == 0, stderrText.constData());

    QStringList found =
        leaks(QStringLiteral("stdout"), stdoutText) + leaks(QStringLiteral("stderr"), stderrText);
    const QStringList files = QDir(dir.path()).entryList(QDir::Files);
    QVERIFY(files.contains(QStringLiteral("out_stats.csv")));
    QVERIFY(files.contains(QStringLiteral("out_failures.csv")));
    QVERIFY(files.contains(QStringLiteral("out.json")));
    QVERIFY(files.contains(QStringLiteral("out.html")));
    for (const QString &file : files) {
        if (file != QLatin1String("leaky.cicada.json"))
            found += leaks(file, readAll(dir.filePath(file)));
    }
    QVERIFY2(found.isEmpty(), qPrintable(found.join(QStringLiteral("; "))));
    // The server did echo: the redaction marks stand where the secrets were.
    QVERIFY2(stdoutText.contains("echo sessionid=«redacted»"), stdoutText.constData());
    QVERIFY2(stdoutText.contains("bye «redacted»"), stdoutText.constData());
    QVERIFY(readAll(dir.filePath(QStringLiteral("out_failures.csv"))).contains("«redacted»"));
}

void RedactionTest::locustMasterSeesNoSecret()
{
    QProcess probe;
    probe.start(QStringLiteral("/usr/bin/python3"),
                {QStringLiteral("-c"), QStringLiteral("import locust")});
    QVERIFY(probe.waitForFinished(20000));
    QVERIFY2(probe.exitCode() == 0, "Debian's python3-locust is needed (scripts/setup.sh)");

    cicada::test::PythonServer server(QStringLiteral("echo_secrets_server.py"));
    QVERIFY2(server.isRunning(), "echo_secrets_server.py did not start");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString profile = dir.filePath(QStringLiteral("leaky.cicada.json"));
    QFile out(profile);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(profileText(server.port()));
    out.close();
    const QString locustfile = dir.filePath(QStringLiteral("master.py"));
    QProcess gen;
    gen.start(cicada::test::cicadaCli(),
              {QStringLiteral("locustfile"), profile, QStringLiteral("-o"), locustfile});
    QVERIFY(gen.waitForFinished(20000));
    QCOMPARE(gen.exitCode(), 0);

    const quint16 bindPort = freePort();
    QVERIFY(bindPort != 0);
    QProcess master;
    master.setWorkingDirectory(dir.path());
    master.setProcessChannelMode(QProcess::MergedChannels);
    master.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-m"),
                                                      QStringLiteral("locust"),
                                                      QStringLiteral("-f"),
                                                      locustfile,
                                                      QStringLiteral("--master"),
                                                      QStringLiteral("--master-bind-host"),
                                                      QStringLiteral("127.0.0.1"),
                                                      QStringLiteral("--master-bind-port"),
                                                      QString::number(bindPort),
                                                      QStringLiteral("--headless"),
                                                      QStringLiteral("--expect-workers"),
                                                      QStringLiteral("1"),
                                                      QStringLiteral("--expect-workers-max-wait"),
                                                      QStringLiteral("30"),
                                                      QStringLiteral("-u"),
                                                      QStringLiteral("2"),
                                                      QStringLiteral("-r"),
                                                      QStringLiteral("2"),
                                                      QStringLiteral("-t"),
                                                      QStringLiteral("5s"),
                                                      QStringLiteral("--csv"),
                                                      dir.filePath(QStringLiteral("master")),
                                                      QStringLiteral("--html"),
                                                      dir.filePath(QStringLiteral("master.html")),
                                                      QStringLiteral("--logfile"),
                                                      dir.filePath(QStringLiteral("master.log"))});
    QVERIFY(master.waitForStarted(10000));
    QProcess worker;
    worker.setProcessEnvironment(secretEnvironment());
    worker.start(cicada::test::cicadaCli(),
                 {QStringLiteral("worker"), profile, QStringLiteral("--master-port"),
                  QString::number(bindPort), QStringLiteral("--threads"), QStringLiteral("1")});
    QVERIFY(master.waitForFinished(90000));
    QVERIFY(worker.waitForFinished(30000));
    const QByteArray masterOut = master.readAll();

    QStringList found = leaks(QStringLiteral("master output"), masterOut) +
                        leaks(QStringLiteral("worker stdout"), worker.readAllStandardOutput()) +
                        leaks(QStringLiteral("worker stderr"), worker.readAllStandardError());
    for (const QString &file :
         {QStringLiteral("master_stats.csv"), QStringLiteral("master_failures.csv"),
          QStringLiteral("master_exceptions.csv"), QStringLiteral("master_stats_history.csv"),
          QStringLiteral("master.html"), QStringLiteral("master.log")}) {
        QVERIFY2(QFile::exists(dir.filePath(file)),
                 qPrintable(file + QLatin1Char('\n') + masterOut));
        found += leaks(file, readAll(dir.filePath(file)));
    }
    QVERIFY2(found.isEmpty(), qPrintable(found.join(QStringLiteral("; "))));
    // The worker reported the echoed rows, scrubbed.
    const QByteArray stats = readAll(dir.filePath(QStringLiteral("master_stats.csv")));
    QVERIFY2(stats.contains("echo sessionid=«redacted»"), stats.constData());
    QVERIFY(readAll(dir.filePath(QStringLiteral("master_failures.csv"))).contains("«redacted»"));
}

QTEST_GUILESS_MAIN(RedactionTest)
#include "redactiontest.moc"
