// A run interrupted by a signal still writes every output: SIGTERM, SIGINT and SIGHUP (the
// terminal closed, SSH dropped) to `cicada-cli run`, SIGTERM to the GUI while it records a run.
// Real processes against Cicada's demo server on 127.0.0.1; every wait is bounded.
#include "../common/demoprocess.h"

#include "output/locustcsvwriter.h"
#include "report/resultfile.h"
#include "report/runresult.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace cicada;

namespace {

constexpr int kStartTimeoutMs = 30000;
constexpr int kStopTimeoutMs = 60000;

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// The bundled example profile pointed at @p port, written into @p dir.
QString exampleProfile(const QTemporaryDir &dir, quint16 port, const QString &runTime)
{
    QString text = QString::fromUtf8(
        readAll(QStringLiteral(CICADA_SOURCE_DIR "/resources/profiles/demo-chat.cicada.json")));
    text.replace(QStringLiteral("127.0.0.1:8765"), QStringLiteral("127.0.0.1:%1").arg(port));
    text.replace(QStringLiteral("\"runTime\": \"15s\""),
                 QStringLiteral("\"runTime\": \"%1\"").arg(runTime));
    const QString path = dir.filePath(QStringLiteral("example.cicada.json"));
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(text.toUtf8()) < 0)
        return {};
    return path;
}

/// Waits until @p process printed @p marker on stdout (kept in *@p seen).
bool waitForOutput(QProcess &process, const QByteArray &marker, QByteArray *seen)
{
    QDeadlineTimer deadline(kStartTimeoutMs);
    process.waitForStarted(kStartTimeoutMs);
    while (!deadline.hasExpired() && process.state() == QProcess::Running) {
        process.waitForReadyRead(200);
        *seen += process.readAllStandardOutput();
        if (seen->contains(marker))
            return true;
    }
    return false;
}

} // namespace

class SignalTest : public QObject
{
    Q_OBJECT

private slots:
    void runStopsCleanlyAndWritesEveryOutput_data();
    void runStopsCleanlyAndWritesEveryOutput();
    void guiSavesTheRecordedRunOnSigterm();
};

void SignalTest::runStopsCleanlyAndWritesEveryOutput_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::addColumn<QString>("name");
    QTest::newRow("SIGHUP") << int(SIGHUP) << QStringLiteral("SIGHUP");
    QTest::newRow("SIGTERM") << int(SIGTERM) << QStringLiteral("SIGTERM");
    QTest::newRow("SIGINT") << int(SIGINT) << QStringLiteral("SIGINT");
}

void SignalTest::runStopsCleanlyAndWritesEveryOutput()
{
    QFETCH(int, signalNumber);
    QFETCH(QString, name);
    test::DemoProcess demo;
    QVERIFY(demo.port() != 0);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString profile = exampleProfile(dir, demo.port(), QStringLiteral("10m"));
    QVERIFY(!profile.isEmpty());

    QProcess run;
    run.start(test::cicadaCli(),
              {QStringLiteral("run"), profile, QStringLiteral("-u"), QStringLiteral("4"),
               QStringLiteral("-r"), QStringLiteral("4"), QStringLiteral("--csv"),
               dir.filePath(QStringLiteral("out")), QStringLiteral("--json"),
               dir.filePath(QStringLiteral("out.json")), QStringLiteral("--html"),
               dir.filePath(QStringLiteral("out.html"))});
    QByteArray stdoutText;
    // The first progress table: users are running and requests were counted.
    QVERIFY2(waitForOutput(run, "Aggregated", &stdoutText), stdoutText.constData());
    ::kill(pid_t(run.processId()), signalNumber);
    QVERIFY(run.waitForFinished(kStopTimeoutMs));
    stdoutText += run.readAllStandardOutput();
    const QByteArray stderrText = run.readAllStandardError();
    QCOMPARE(run.exitStatus(), QProcess::NormalExit);
    // The shell's convention, 128 + the signal: 130 for Ctrl+C, 143 for SIGTERM, 129 for SIGHUP.
    QVERIFY2(run.exitCode() == 128 + signalNumber, stderrText.constData());
    QVERIFY2(stderrText.contains("stopping"), stderrText.constData());

    RunResult result;
    QString error;
    QVERIFY2(ResultFile::load(dir.filePath(QStringLiteral("out.json")), &result, &error),
             qPrintable(error));
    QCOMPARE(result.endReason, RunResult::EndReason::Interrupted);
    QCOMPARE(result.verdict(), RunResult::Verdict::Interrupted);
    QVERIFY2(result.endDetail.contains(name), qPrintable(result.endDetail));
    QVERIFY(result.aggregated.numRequests > 0);
    const QByteArray html = readAll(dir.filePath(QStringLiteral("out.html")));
    QVERIFY(html.startsWith("<!DOCTYPE html>") && html.trimmed().endsWith("</html>"));
    const QByteArray stats = readAll(dir.filePath(QStringLiteral("out_stats.csv")));
    QVERIFY(stats.startsWith(LocustCsvWriter::kStatsHeader.toUtf8()));
    QVERIFY(stats.contains("\r\n,Aggregated,"));
    QVERIFY(readAll(dir.filePath(QStringLiteral("out_failures.csv")))
                .startsWith(LocustCsvWriter::kFailuresHeader.toUtf8()));
    QVERIFY(readAll(dir.filePath(QStringLiteral("out_stats_history.csv")))
                .startsWith(LocustCsvWriter::kHistoryHeader.toUtf8()));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("out_exceptions.csv"))));
}

void SignalTest::guiSavesTheRecordedRunOnSigterm()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcess gui;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    gui.setProcessEnvironment(env);
    gui.setProcessChannelMode(QProcess::MergedChannels);
    // --demo: the embedded demo server and the example profile, run at once.
    gui.start(QStringLiteral(CICADA_GUI_PATH),
              {QStringLiteral("--demo"), QStringLiteral("--data-dir"), dir.path()});
    QVERIFY(gui.waitForStarted(kStartTimeoutMs));
    // The run records for a few seconds (no event to wait for from outside the process).
    QTest::qWait(6000);
    QVERIFY2(gui.state() == QProcess::Running, gui.readAll().constData());
    gui.terminate(); // SIGTERM
    QVERIFY(gui.waitForFinished(kStopTimeoutMs));
    const QByteArray output = gui.readAll();
    QCOMPARE(gui.exitStatus(), QProcess::NormalExit);
    const QStringList saved = QDir(dir.filePath(QStringLiteral("results")))
                                  .entryList({QStringLiteral("*.result.json")}, QDir::Files);
    QVERIFY2(saved.size() == 1, output.constData());
    RunResult result;
    QString error;
    QVERIFY2(ResultFile::load(dir.filePath(QStringLiteral("results/")) + saved.constFirst(),
                              &result, &error),
             qPrintable(error));
    QVERIFY(result.aggregated.numRequests > 0);
    QCOMPARE(result.endReason, RunResult::EndReason::Interrupted);
}

QTEST_GUILESS_MAIN(SignalTest)
#include "signaltest.moc"
