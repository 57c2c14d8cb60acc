// Fault injection: `cicada-cli run` against tests/servers/hostile_server.py (a server Cicada did
// not write) in each of its modes. For every fault the run must count a failure with a clear
// message, end on time (relative to its run time: run time + request timeout + a generous
// margin) and keep its memory bounded (peak RSS of the child, read from /proc). 127.0.0.1 only.
#include "../common/demoprocess.h"
#include "../common/pythonserver.h"

#include "report/resultfile.h"
#include "report/runresult.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace cicada;

#if defined(__SANITIZE_ADDRESS__)
#define CICADA_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CICADA_TEST_ASAN 1
#endif
#endif

namespace {

constexpr qint64 kRunTimeMs = 3000;
constexpr qint64 kRequestTimeoutMs = 2000;
/// Start-up, spawning and writing the outputs on 2 shared cores, under sanitizers too.
constexpr qint64 kMarginMs = 20000;
/// A bounded run of 2 users stays far below this (about 20 MB when healthy).
constexpr qint64 kMaxPeakRssKb = 256 * 1024;
constexpr int kPollMs = 20;

/// The profile: 2 users doing one HTTP GET, or one WebSocket connect + think + close, in a loop.
QByteArray profileText(const QString &kind, quint16 port)
{
    const bool tls = kind == QLatin1String("https") || kind == QLatin1String("wss");
    const bool ws = kind.startsWith(QLatin1String("ws"));
    const QString step = ws ? QStringLiteral("{\"wsConnect\": {\"name\": \"c\"}}, "
                                             "{\"think\": \"500ms\"}, {\"close\": {}}")
                            : QStringLiteral("{\"http\": {\"name\": \"/x\", \"method\": \"GET\", "
                                             "\"path\": \"/x\"}}");
    return QStringLiteral(
               "{\"schema\": 1, \"name\": \"hostile\",\n"
               " \"target\": {\"baseUrl\": \"%1://127.0.0.1:%3\", \"brokerUrl\": "
               "\"%2://127.0.0.1:%3/ws\",\n"
               "            \"connectTimeout\": \"%4ms\", \"requestTimeout\": \"%4ms\"},\n"
               " \"userTypes\": [{\"name\": \"U\", \"wait\": {\"constant\": \"100ms\"},\n"
               "   \"tasks\": [{\"name\": \"t\", \"steps\": [%5]}]}],\n"
               " \"load\": {\"users\": 2, \"spawnRate\": 2, \"runTime\": \"%6ms\"}}\n")
        .arg(tls ? QStringLiteral("https") : QStringLiteral("http"),
             tls ? QStringLiteral("wss") : QStringLiteral("ws"))
        .arg(port)
        .arg(kRequestTimeoutMs)
        .arg(step)
        .arg(kRunTimeMs)
        .toUtf8();
}

/// VmHWM (peak resident set, KB) of a running process; 0 when it is gone.
qint64 peakRssKb(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    static const QRegularExpression re(QStringLiteral("VmHWM:\\s+(\\d+) kB"));
    const QRegularExpressionMatch m = re.match(QString::fromLatin1(status.readAll()));
    return m.hasMatch() ? m.captured(1).toLongLong() : 0;
}

} // namespace

class FaultInjectionTest : public QObject
{
    Q_OBJECT

private slots:
    void faultIsCountedOnTimeAndBounded_data();
    void faultIsCountedOnTimeAndBounded();
};

void FaultInjectionTest::faultIsCountedOnTimeAndBounded_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message"); ///< a regular expression the error must match
    QTest::addColumn<QString>("skip");    ///< why the mode cannot pass yet (empty: runs)

    const auto row = [](const char *name, const char *mode, const char *kind, const char *type,
                        const char *message, const char *skip = "") {
        QTest::newRow(name) << QString::fromUtf8(mode) << QString::fromUtf8(kind)
                            << QString::fromUtf8(type) << QString::fromUtf8(message)
                            << QString::fromUtf8(skip);
    };
    row("refuse", "refuse", "http", "GET", "^Connection refused$");
    row("reset", "reset", "http", "GET", "^Connection (closed by server before response|reset)");
    row("close mid-response", "close-mid", "http", "GET",
        "^Connection closed by server before end of response");
    row("slowloris", "slowloris", "http", "GET", "^Timed out after 2000 ms$");
    row("garbage", "garbage", "http", "GET", "^Malformed HTTP response: ");
    row("TLS self-signed (https)", "tls", "https", "GET",
        "^TLS error: The certificate is self-signed");
    row("TLS self-signed (wss)", "tls", "wss", "WS connect", "certificate is self-signed");
    row("WS handshake accepted then closed", "ws-accept-close", "ws", "WS disconnect",
        "^Connection (closed by server \\(code \\d+|lost \\(code 1006)");
    row("endless chunked body", "endless-body", "http", "GET", "(body|larger|exceed|limit)");
    row("huge WS frame", "huge-ws-frame", "ws", "WS", "(message|larger|exceed|limit)");
}

void FaultInjectionTest::faultIsCountedOnTimeAndBounded()
{
    QFETCH(QString, mode);
    QFETCH(QString, kind);
    QFETCH(QString, type);
    QFETCH(QString, message);
    QFETCH(QString, skip);
    if (!skip.isEmpty())
        QSKIP(qPrintable(skip));

    test::PythonServer server(QStringLiteral("hostile_server.py"),
                              {QStringLiteral("--mode"), mode});
    QVERIFY2(server.isRunning(), "hostile_server.py did not start");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString profile = dir.filePath(QStringLiteral("hostile.cicada.json"));
    QFile out(profile);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(profileText(kind, server.port()));
    out.close();
    const QString json = dir.filePath(QStringLiteral("result.json"));

    QProcess run;
#ifdef CICADA_TEST_ASAN
    // The child is built with ASan too, whose quarantine keeps up to 256 MB of freed blocks by
    // default: an endless body fills it with freed buffers, and the RSS would measure ASan.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QStringList asanOptions =
        env.value(QStringLiteral("ASAN_OPTIONS")).split(QLatin1Char(':'), Qt::SkipEmptyParts);
    asanOptions << QStringLiteral("quarantine_size_mb=16");
    env.insert(QStringLiteral("ASAN_OPTIONS"), asanOptions.join(QLatin1Char(':')));
    run.setProcessEnvironment(env);
#endif
    QElapsedTimer clock;
    clock.start();
    run.start(test::cicadaCli(), {QStringLiteral("run"), profile, QStringLiteral("--only-summary"),
                                  QStringLiteral("--json"), json});
    QVERIFY(run.waitForStarted());
    const qint64 pid = run.processId();
    qint64 peakKb = 0;
    const qint64 deadlineMs = kRunTimeMs + kRequestTimeoutMs + kMarginMs;
    while (!run.waitForFinished(kPollMs) && clock.elapsed() < deadlineMs)
        peakKb = std::max(peakKb, peakRssKb(pid));
    const qint64 elapsedMs = clock.elapsed();
    if (run.state() != QProcess::NotRunning) {
        run.kill();
        run.waitForFinished();
    }
    const QByteArray err = run.readAllStandardError();
    QVERIFY2(elapsedMs < deadlineMs,
             qPrintable(QStringLiteral("the run did not end within run time + request timeout + "
                                       "%1 ms")
                            .arg(kMarginMs)));
    QCOMPARE(run.exitStatus(), QProcess::NormalExit);
    QVERIFY2(run.exitCode() == 0, err.constData());
    QVERIFY2(peakKb > 0 && peakKb < kMaxPeakRssKb,
             qPrintable(QStringLiteral("peak RSS %1 KB").arg(peakKb)));

    RunResult result;
    QString error;
    QVERIFY2(ResultFile::load(json, &result, &error), qPrintable(error));
    const QRegularExpression expected(message);
    qint64 counted = 0;
    QStringList seen;
    for (const StatsError &e : std::as_const(result.errors)) {
        seen << QStringLiteral("%1 %2: %3").arg(e.type, e.name, e.error);
        if (e.type.startsWith(type) && expected.match(e.error).hasMatch())
            counted += e.occurrences;
    }
    QVERIFY2(counted > 0, qPrintable(seen.join(QStringLiteral("; "))));
}

QTEST_GUILESS_MAIN(FaultInjectionTest)
#include "faultinjectiontest.moc"
