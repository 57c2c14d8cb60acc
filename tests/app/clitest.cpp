// End-to-end tests of cicada-cli as a user runs it: the real binary, the bundled example
// profile, the demo server started by `cicada-cli serve-demo` on a free port.
#include "../common/csvfile.h"
#include "../common/demoprocess.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
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
    QCOMPARE(run.exitCode(), 0);
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

QTEST_GUILESS_MAIN(CliTest)
#include "clitest.moc"
