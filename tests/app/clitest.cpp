// End-to-end tests of cicada-cli as a user runs it: the real binary, the bundled example
// profile, the demo server started by `cicada-cli serve-demo` on a free port.
#include "../common/csvfile.h"
#include "../common/demoprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kStatsHeader = QStringLiteral(
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
    "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
    "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%");
const QString kHistoryHeader = QStringLiteral(
    "Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,"
    "99.9%,99.99%,100%,Total Request Count,Total Failure Count,Total Median Response Time,"
    "Total Average Response Time,Total Min Response Time,Total Max Response Time,"
    "Total Average Content Size");
const QString kFailuresHeader = QStringLiteral("Method,Name,Error,Occurrences");
const QString kExceptionsHeader = QStringLiteral("Count,Message,Traceback,Nodes");

QString cli()
{
    return cicada::test::cicadaCli();
}

using cicada::test::csvFields;
using cicada::test::readLines;

using cicada::test::DemoProcess;

/** The bundled example profile pointed at @p port, written into @p dir. */
QString examplePointedAt(const QTemporaryDir &dir, quint16 port)
{
    QFile in(QStringLiteral(CICADA_SOURCE_DIR "/resources/profiles/demo-chat.cicada.json"));
    if (!in.open(QIODevice::ReadOnly))
        return {};
    QString text = QString::fromUtf8(in.readAll());
    text.replace(QStringLiteral("127.0.0.1:8765"), QStringLiteral("127.0.0.1:%1").arg(port));
    const QString path = dir.filePath(QStringLiteral("example.cicada.json"));
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return {};
    out.write(text.toUtf8());
    return path;
}

const QString kExample =
    QStringLiteral(CICADA_SOURCE_DIR "/resources/profiles/demo-chat.cicada.json");

/** A finished `cicada-cli ARGS...` (with @p env added to the environment). */
struct Finished
{
    int exitCode = -1;
    QString out;
    QString err;
};

Finished runCli(const QStringList &args, const QStringList &env = {})
{
    QProcess p;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &pair : env)
        environment.insert(pair.section(QLatin1Char('='), 0, 0), pair.section(QLatin1Char('='), 1));
    p.setProcessEnvironment(environment);
    p.start(cli(), args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit)
        return {};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

/** A short bounded run's options: 2 users, one thread, 3 s, the result as JSON into @p json. */
QStringList shortRun(const QString &json)
{
    return {QStringLiteral("-u"),
            QStringLiteral("2"),
            QStringLiteral("-r"),
            QStringLiteral("4"),
            QStringLiteral("-t"),
            QStringLiteral("3s"),
            QStringLiteral("--threads"),
            QStringLiteral("1"),
            QStringLiteral("--json"),
            json,
            QStringLiteral("--only-summary")};
}

/** (requests, failures) per "TYPE NAME" row of a result file. */
QHash<QString, QPair<qint64, qint64>> resultRows(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QHash<QString, QPair<qint64, qint64>> rows;
    const QJsonArray stats = QJsonDocument::fromJson(f.readAll()).object().value("stats").toArray();
    for (const QJsonValue &v : stats) {
        const QJsonObject row = v.toObject();
        rows.insert(row.value("type").toString() + QLatin1Char(' ') + row.value("name").toString(),
                    {qint64(row.value("numRequests").toDouble()),
                     qint64(row.value("numFailures").toDouble())});
    }
    return rows;
}

/** A port nothing listens on (taken and released). */
quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

/** The "# reqs" of the Aggregated row in the last stats table printed (`Aggregated  N  F(P%) |`).
 */
qint64 consoleAggregatedRequests(const QString &stdoutText)
{
    static const QRegularExpression row(QStringLiteral("Aggregated\\s+(\\d+)\\s+\\d+\\("));
    qint64 last = -1;
    QRegularExpressionMatchIterator it = row.globalMatch(stdoutText);
    while (it.hasNext())
        last = it.next().captured(1).toLongLong();
    return last;
}

} // namespace

class CliTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void helpDocumentsEveryOption();
    void validateReportsErrorsWithPathsAndExitCode();
    void validateAcceptsExample();
    void runExampleWritesLocustCsvAgreeingWithConsole();
    void sigtermStopsCleanlyAndStillWritesOutputs();
    void badArgumentsExitWithInputErrorCode();
    void hostAndBrokerPointTheProfileAtAnotherServer();
    void badHostOrBrokerIsRefusedBeforeTheRun();
    void envPlaceholdersInTargetUrlsAreResolvedAtRun();
    void subcommandHelpNamesTheCommand();
    void reportKeepsAnExistingHtmlUnlessForced();
    void closedModelOptionsAreRefusedForAnOpenModelProfile();
};

void CliTest::initTestCase()
{
    QVERIFY2(QFile::exists(cli()), "CICADA_CLI must point at the built cicada-cli");
}

void CliTest::helpDocumentsEveryOption()
{
    QProcess p;
    p.start(cli(), {QStringLiteral("run"), QStringLiteral("--help")});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    const QString help = QString::fromUtf8(p.readAllStandardOutput());
    for (const char *option : {"--users", "--spawn-rate", "--run-time", "--threads", "--csv",
                               "--transport", "Exit codes"})
        QVERIFY2(help.contains(QLatin1String(option)), option);
}

void CliTest::validateReportsErrorsWithPathsAndExitCode()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.cicada.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({ "schema": 1, "target": { "baseUrl": "ftp://x" },
      "userTypes": [ { "name": "U", "weight": -1,
        "tasks": [ { "name": "t", "steps": [ { "wsSend": { "template": "nope" } } ] } ] } ],
      "load": { "users": 0 } })");
    f.close();
    QProcess p;
    p.start(cli(), {QStringLiteral("validate"), path});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 2);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(QLatin1String("$.target.baseUrl")), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("$.userTypes[0].weight")), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("nope")), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("$.load.users")), qPrintable(err));
}

void CliTest::validateAcceptsExample()
{
    QProcess p;
    p.start(cli(), {QStringLiteral("validate"),
                    QStringLiteral(CICADA_SOURCE_DIR "/resources/profiles/demo-chat.cicada.json")});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
}

void CliTest::runExampleWritesLocustCsvAgreeingWithConsole()
{
    DemoProcess demo({QStringLiteral("--push-interval"), QStringLiteral("500")});
    QVERIFY(demo.port() != 0);
    QTemporaryDir dir;
    const QString profile = examplePointedAt(dir, demo.port());
    QVERIFY(!profile.isEmpty());
    const QString prefix = dir.filePath(QStringLiteral("out"));
    QProcess run;
    run.start(cli(), {QStringLiteral("run"), profile, QStringLiteral("-u"), QStringLiteral("8"),
                      QStringLiteral("-r"), QStringLiteral("8"), QStringLiteral("-t"),
                      QStringLiteral("5s"), QStringLiteral("--threads"), QStringLiteral("2"),
                      QStringLiteral("--csv"), prefix});
    QVERIFY(run.waitForFinished(40000));
    const QString out = QString::fromUtf8(run.readAllStandardOutput());
    const QString err = QString::fromUtf8(run.readAllStandardError());
    QVERIFY2(run.exitStatus() == QProcess::NormalExit && run.exitCode() == 0, qPrintable(err));
    QVERIFY2(out.contains(QLatin1String("Response time percentiles")), qPrintable(out));

    const QStringList stats = readLines(prefix + QStringLiteral("_stats.csv"));
    QVERIFY(stats.size() >= 3);
    QCOMPARE(stats.first(), kStatsHeader);
    QCOMPARE(readLines(prefix + QStringLiteral("_stats_history.csv")).value(0), kHistoryHeader);
    QVERIFY(readLines(prefix + QStringLiteral("_stats_history.csv")).size() >= 3);
    QCOMPARE(readLines(prefix + QStringLiteral("_failures.csv")).value(0), kFailuresHeader);
    QCOMPARE(readLines(prefix + QStringLiteral("_exceptions.csv")).value(0), kExceptionsHeader);

    bool sawWs = false;
    bool sawHttp = false;
    qint64 sum = 0;
    for (int i = 1; i + 1 < stats.size(); ++i) {
        const QStringList row = csvFields(stats[i]);
        QCOMPARE(row.size(), 22);
        const qint64 count = row[2].toLongLong();
        QVERIFY2(count > 0, qPrintable(stats[i]));
        // Message rows (pushes, fire-and-forget sends, drops) are listed but not in Aggregated.
        const bool message =
            row[0] == QLatin1String("WS recv") || row[0] == QLatin1String("WS emit") ||
            row[0] == QLatin1String("WS late") || row[0] == QLatin1String("WS disconnect");
        sum += message ? 0 : count;
        sawWs |= row[0].startsWith(QLatin1String("WS "));
        sawHttp |= row[0] == QLatin1String("GET") || row[0] == QLatin1String("POST");
    }
    QVERIFY(sawWs);
    QVERIFY(sawHttp);
    const QStringList aggregated = csvFields(stats.last());
    QCOMPARE(aggregated.value(0), QString());
    QCOMPARE(aggregated.value(1), QStringLiteral("Aggregated"));
    QCOMPARE(aggregated.value(2).toLongLong(), sum);
    QCOMPARE(consoleAggregatedRequests(out), sum);
}

void CliTest::sigtermStopsCleanlyAndStillWritesOutputs()
{
    DemoProcess demo({QStringLiteral("--push-interval"), QStringLiteral("500")});
    QVERIFY(demo.port() != 0);
    QTemporaryDir dir;
    const QString profile = examplePointedAt(dir, demo.port());
    const QString prefix = dir.filePath(QStringLiteral("int"));
    QProcess run;
    run.start(cli(),
              {QStringLiteral("run"), profile, QStringLiteral("-u"), QStringLiteral("4"),
               QStringLiteral("-t"), QStringLiteral("10m"), QStringLiteral("--csv"), prefix});
    QVERIFY(run.waitForStarted());
    QTest::qWait(2500);
    run.terminate(); // SIGTERM
    QVERIFY(run.waitForFinished(15000));
    QCOMPARE(run.exitStatus(), QProcess::NormalExit);
    QCOMPARE(run.exitCode(), 143); // 128 + SIGTERM (issue 11)
    const QString out = QString::fromUtf8(run.readAllStandardOutput());
    QVERIFY(consoleAggregatedRequests(out) > 0);
    const QStringList stats = readLines(prefix + QStringLiteral("_stats.csv"));
    QVERIFY(stats.size() >= 2);
    QCOMPARE(csvFields(stats.last()).value(2).toLongLong(), consoleAggregatedRequests(out));
}

void CliTest::badArgumentsExitWithInputErrorCode()
{
    const QString example =
        QStringLiteral(CICADA_SOURCE_DIR "/resources/profiles/demo-chat.cicada.json");
    const QList<QStringList> cases = {
        {QStringLiteral("run")},
        {QStringLiteral("run"), QStringLiteral("/nonexistent/x.cicada.json")},
        {QStringLiteral("run"), example, QStringLiteral("-t"), QStringLiteral("soon")},
        {QStringLiteral("run"), example, QStringLiteral("-u"), QStringLiteral("0")},
        {QStringLiteral("run"), example, QStringLiteral("--transport"),
         QStringLiteral("carrier-pigeon")},
        {QStringLiteral("frobnicate")},
    };
    for (const QStringList &args : cases) {
        QProcess p;
        p.start(cli(), args);
        QVERIFY(p.waitForFinished(10000));
        QVERIFY2(p.exitCode() == 2, qPrintable(args.join(QLatin1Char(' '))));
        QVERIFY2(!p.readAllStandardError().isEmpty(), qPrintable(args.join(QLatin1Char(' '))));
    }
}

void CliTest::hostAndBrokerPointTheProfileAtAnotherServer()
{
    DemoProcess demo;
    QVERIFY(demo.port() != 0);
    QTemporaryDir dir;
    const QString host = QStringLiteral("http://127.0.0.1:%1").arg(demo.port());
    const QString broker = QStringLiteral("ws://127.0.0.1:%1/broker").arg(demo.port());

    // The bundled example targets port 8765; --host moves both URLs (the broker follows).
    const QString moved = dir.filePath(QStringLiteral("moved.json"));
    const Finished run = runCli(
        QStringList{QStringLiteral("run"), kExample, QStringLiteral("-H"), host} + shortRun(moved));
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QVERIFY2(run.out.contains(
                 QStringLiteral("Running %1 against %2 and %3: ").arg(kExample, host, broker)),
             qPrintable(run.out));
    const auto rows = resultRows(moved);
    QVERIFY2(rows.value(QStringLiteral("WS connect broker")).first > 0, qPrintable(run.out));
    QVERIFY(rows.value(QStringLiteral("POST login")).first > 0);
    qint64 failures = 0;
    for (const auto &row : rows)
        failures += row.second;
    QCOMPARE(failures, 0);

    // --broker on top: the WebSocket goes elsewhere (a closed port), HTTP stays on --host.
    const quint16 closed = closedPort();
    QVERIFY(closed != 0);
    const QString split = dir.filePath(QStringLiteral("split.json"));
    const QString elsewhere = QStringLiteral("ws://127.0.0.1:%1/broker").arg(closed);
    const Finished both =
        runCli(QStringList{QStringLiteral("run"), kExample, QStringLiteral("--host"), host,
                           QStringLiteral("--broker"), elsewhere} +
               shortRun(split));
    QVERIFY2(both.out.contains(QStringLiteral(" against %1 and %2: ").arg(host, elsewhere)),
             qPrintable(both.out));
    const auto splitRows = resultRows(split);
    const auto connect = splitRows.value(QStringLiteral("WS connect broker"));
    QVERIFY2(connect.first > 0 && connect.second == connect.first, qPrintable(both.out));
    QVERIFY(splitRows.value(QStringLiteral("POST login")).first > 0);
    QCOMPARE(splitRows.value(QStringLiteral("POST login")).second, 0);
}

void CliTest::badHostOrBrokerIsRefusedBeforeTheRun()
{
    const Finished host = runCli(
        {QStringLiteral("run"), kExample, QStringLiteral("--host"), QStringLiteral("ftp://x")});
    QCOMPARE(host.exitCode, 2);
    QVERIFY2(host.err.contains(QLatin1String("-H/--host")) && host.err.contains("ftp://x"),
             qPrintable(host.err));
    QVERIFY(!host.out.contains(QLatin1String("Running")));
    const Finished broker = runCli(
        {QStringLiteral("run"), kExample, QStringLiteral("--broker"), QStringLiteral("http://x/")});
    QCOMPARE(broker.exitCode, 2);
    QVERIFY2(broker.err.contains(QLatin1String("--broker")), qPrintable(broker.err));
    const Finished worker = runCli(
        {QStringLiteral("worker"), kExample, QStringLiteral("-H"), QStringLiteral("nohost")});
    QCOMPARE(worker.exitCode, 2);
    QVERIFY2(worker.err.contains(QLatin1String("-H/--host")), qPrintable(worker.err));
}

void CliTest::envPlaceholdersInTargetUrlsAreResolvedAtRun()
{
    DemoProcess demo;
    QVERIFY(demo.port() != 0);
    QTemporaryDir dir;
    QFile in(kExample);
    QVERIFY(in.open(QIODevice::ReadOnly));
    QString text = QString::fromUtf8(in.readAll());
    text.replace(QStringLiteral("\"http://127.0.0.1:8765\""),
                 QStringLiteral("\"{{env.CICADA_TEST_BASE}}\""));
    text.replace(QStringLiteral("ws://127.0.0.1:8765/broker"),
                 QStringLiteral("ws://127.0.0.1:{{env.CICADA_TEST_PORT}}/broker"));
    QVERIFY(text.contains(QLatin1String("{{env.CICADA_TEST_BASE}}")));
    const QString profile = dir.filePath(QStringLiteral("env.cicada.json"));
    QFile out(profile);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(text.toUtf8());
    out.close();
    const QStringList env = {
        QStringLiteral("CICADA_TEST_BASE=http://127.0.0.1:%1").arg(demo.port()),
        QStringLiteral("CICADA_TEST_PORT=%1").arg(demo.port())};

    const Finished valid = runCli({QStringLiteral("validate"), profile}, env);
    QVERIFY2(valid.exitCode == 0, qPrintable(valid.out + valid.err));

    const QString json = dir.filePath(QStringLiteral("env.json"));
    const Finished run = runCli(QStringList{QStringLiteral("run"), profile} + shortRun(json), env);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    // The resolved URLs run; outputs show the variables' values redacted, as everywhere (an
    // environment variable behind a profile may hold a secret).
    QVERIFY2(run.out.contains(QStringLiteral(" against «redacted» and ws://127.0.0.1:«redacted»/"
                                             "broker: ")),
             qPrintable(run.out));
    QVERIFY(!run.out.contains(QStringLiteral("127.0.0.1:%1").arg(demo.port())));
    const auto rows = resultRows(json);
    QVERIFY(rows.value(QStringLiteral("POST login")).first > 0);
    QCOMPARE(rows.value(QStringLiteral("POST login")).second, 0);
    QVERIFY(rows.value(QStringLiteral("WS connect broker")).first > 0);
    QCOMPARE(rows.value(QStringLiteral("WS connect broker")).second, 0);

    // Unset: the run does not start, and says which variable.
    const Finished unset = runCli(QStringList{QStringLiteral("run"), profile} +
                                      shortRun(dir.filePath(QStringLiteral("unset.json"))),
                                  {QStringLiteral("CICADA_TEST_PORT=%1").arg(demo.port())});
    QCOMPARE(unset.exitCode, 2);
    QVERIFY2(unset.err.contains(QLatin1String("$.target.baseUrl")) &&
                 unset.err.contains(QLatin1String("CICADA_TEST_BASE is not set")),
             qPrintable(unset.err));
}

void CliTest::subcommandHelpNamesTheCommand()
{
    for (const QString &command :
         {QStringLiteral("run"), QStringLiteral("validate"), QStringLiteral("serve-demo"),
          QStringLiteral("report"), QStringLiteral("compare"), QStringLiteral("worker"),
          QStringLiteral("locustfile"), QStringLiteral("schema"), QStringLiteral("import")}) {
        const Finished help = runCli({command, QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        const QString first = help.out.section(QLatin1Char('\n'), 0, 0);
        QVERIFY2(first.startsWith(QStringLiteral("Usage: cicada-cli %1 [options]").arg(command)),
                 qPrintable(first));
    }
    const Finished run = runCli({QStringLiteral("run"), QStringLiteral("--help")});
    QVERIFY(run.out.startsWith(QLatin1String("Usage: cicada-cli run [options] PROFILE\n")));
    for (const char *option : {"-H, --host <URL>", "--broker <URL>"})
        QVERIFY2(run.out.contains(QLatin1String(option)), option);
}

void CliTest::reportKeepsAnExistingHtmlUnlessForced()
{
    DemoProcess demo;
    QVERIFY(demo.port() != 0);
    QTemporaryDir dir;
    const QString json = dir.filePath(QStringLiteral("r.json"));
    const Finished run =
        runCli(QStringList{QStringLiteral("run"), kExample, QStringLiteral("-H"),
                           QStringLiteral("http://127.0.0.1:%1").arg(demo.port())} +
               shortRun(json));
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    const QString html = dir.filePath(QStringLiteral("r.html"));

    const Finished first = runCli({QStringLiteral("report"), json});
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    QVERIFY(QFile::exists(html));
    QFile mark(html);
    QVERIFY(mark.open(QIODevice::WriteOnly));
    mark.write("kept");
    mark.close();

    const Finished again = runCli({QStringLiteral("report"), json});
    QCOMPARE(again.exitCode, 2);
    QVERIFY2(again.err.contains(QLatin1String("exists")) && again.err.contains("--force"),
             qPrintable(again.err));
    QCOMPARE(readLines(html), QStringList{QStringLiteral("kept")});

    const QString other = dir.filePath(QStringLiteral("other.html"));
    QCOMPARE(runCli({QStringLiteral("report"), json, QStringLiteral("-o"), other}).exitCode, 0);
    QVERIFY(QFile::exists(other));
    QCOMPARE(readLines(html), QStringList{QStringLiteral("kept")});

    const Finished forced = runCli({QStringLiteral("report"), json, QStringLiteral("--force")});
    QCOMPARE(forced.exitCode, 0);
    QVERIFY(readLines(html).join(QLatin1Char('\n')).contains(QLatin1String("<html")));
}

void CliTest::closedModelOptionsAreRefusedForAnOpenModelProfile()
{
    // bench/http-open.json sets load.arrivalRate: -u / -r would be ignored, so they are refused
    // before anything connects.
    const QString open = QStringLiteral(CICADA_SOURCE_DIR "/bench/http-open.json");
    for (const QString &option : {QStringLiteral("-u"), QStringLiteral("-r")}) {
        const Finished f = runCli({QStringLiteral("run"), open, option, QStringLiteral("5")});
        QCOMPARE(f.exitCode, 2);
        QVERIFY2(f.err.contains(QLatin1String("arrival rate")), qPrintable(f.err));
        QVERIFY(!f.out.contains(QLatin1String("Running")));
    }
    // Without them the start line states the arrival rate, not a user target it never had.
    // (Port 1 on loopback refuses: the run is all connection errors, which is fine here.)
    const Finished run = runCli({QStringLiteral("run"), open, QStringLiteral("-H"),
                                 QStringLiteral("http://127.0.0.1:1"), QStringLiteral("-t"),
                                 QStringLiteral("1s"), QStringLiteral("--only-summary")});
    QVERIFY2(run.out.contains(QLatin1String("1000 iterations/s on at most 50 users for 1s")),
             qPrintable(run.out));
}

QTEST_GUILESS_MAIN(CliTest)
#include "clitest.moc"
