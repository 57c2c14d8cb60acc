// End-to-end tests of results, reports and thresholds as a user meets them: the real cicada-cli
// binary against the demo server (`cicada-cli serve-demo --port 0`) on 127.0.0.1.
#include "../common/demoprocess.h"

#include "report/resultfile.h"
#include "stats/histogram.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace cicada;
using cicada::test::cicadaCli;
using cicada::test::DemoProcess;

namespace {

constexpr int kRunDeadlineMs = 60'000;
const QString kCookieSecret = QStringLiteral("e2e-cookie-secret-31337");
const QString kAuthSecret = QStringLiteral("Bearer e2e-auth-token-8086");
const QString kEnvName = QStringLiteral("CICADA_E2E_SECRET");
const QString kEnvSecret = QStringLiteral("e2e-env-secret-6502");

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeJson(const QString &path, const QJsonObject &json)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(QJsonDocument(json).toJson()) > 0;
}

/** The bundled example pointed at @p port, with a secret cookie, an Authorization header and a
 *  header whose value comes from the environment. */
QJsonObject secretExample(quint16 port)
{
    QString text = QString::fromUtf8(
        readAll(QStringLiteral(CICADA_SOURCE_DIR "/resources/profiles/demo-chat.cicada.json")));
    text.replace(QStringLiteral("127.0.0.1:8765"), QStringLiteral("127.0.0.1:%1").arg(port));
    QJsonObject profile = QJsonDocument::fromJson(text.toUtf8()).object();
    profile.insert(QStringLiteral("cookies"),
                   QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("tracking")},
                                          {QStringLiteral("value"), kCookieSecret}}});
    QJsonArray headers = profile.value(QLatin1String("headers")).toArray();
    headers.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("Authorization")},
                               {QStringLiteral("value"), kAuthSecret}});
    headers.append(
        QJsonObject{{QStringLiteral("name"), QStringLiteral("X-Trace")},
                    {QStringLiteral("value"), QStringLiteral("{{env.%1}}").arg(kEnvName)}});
    profile.insert(QStringLiteral("headers"), headers);
    profile.remove(QStringLiteral("thresholds"));
    // The broker answers {"type": T} with a message of type "T.reply", which becomes a WS recv
    // row: a type built from the environment would put the secret into a stats name.
    QJsonObject templates = profile.value(QLatin1String("templates")).toObject();
    QJsonObject typing = templates.value(QLatin1String("typing")).toObject();
    QJsonObject payload = typing.value(QLatin1String("json")).toObject();
    payload.insert(QStringLiteral("type"), QStringLiteral("{{env.%1}}").arg(kEnvName));
    typing.insert(QStringLiteral("json"), payload);
    templates.insert(QStringLiteral("typing"), typing);
    profile.insert(QStringLiteral("templates"), templates);
    // Typing as often as chatting, so that a 5-s run surely sends some.
    QJsonArray userTypes = profile.value(QLatin1String("userTypes")).toArray();
    QJsonObject chatUser = userTypes.at(0).toObject();
    QJsonArray tasks = chatUser.value(QLatin1String("tasks")).toArray();
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        QJsonObject task = tasks.at(i).toObject();
        task.insert(QStringLiteral("weight"), 1);
        tasks.replace(i, task);
    }
    chatUser.insert(QStringLiteral("tasks"), tasks);
    userTypes.replace(0, chatUser);
    profile.insert(QStringLiteral("userTypes"), userTypes);
    return profile;
}

/** A profile of 4 users that GET /api/items in a loop, with @p thresholds. */
QJsonObject itemsProfile(quint16 port, const QStringList &thresholds = {})
{
    const QJsonObject step{{QStringLiteral("http"),
                            QJsonObject{{QStringLiteral("path"), QStringLiteral("/api/items")}}}};
    QJsonObject profile{
        {QStringLiteral("schema"), 1},
        {QStringLiteral("name"), QStringLiteral("items")},
        {QStringLiteral("target"),
         QJsonObject{{QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:%1").arg(port)}}},
        {QStringLiteral("userTypes"),
         QJsonArray{
             QJsonObject{{QStringLiteral("name"), QStringLiteral("Reader")},
                         {QStringLiteral("tasks"),
                          QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("items")},
                                                 {QStringLiteral("steps"), QJsonArray{step}}}}}}}},
        {QStringLiteral("load"),
         QJsonObject{{QStringLiteral("users"), 4}, {QStringLiteral("spawnRate"), 4}}}};
    if (!thresholds.isEmpty())
        profile.insert(QStringLiteral("thresholds"), QJsonArray::fromStringList(thresholds));
    return profile;
}

struct Run
{
    int exitCode = -1;
    bool finished = false;
    QString out;
    QString err;
    qint64 elapsedMs = 0;
};

Run runCli(const QStringList &args, int deadlineMs = kRunDeadlineMs,
           const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    QElapsedTimer clock;
    clock.start();
    p.start(cicadaCli(), args);
    Run r;
    r.finished = p.waitForFinished(deadlineMs);
    if (!r.finished) {
        p.kill();
        p.waitForFinished(5000);
    }
    r.elapsedMs = clock.elapsed();
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString describe(const Run &r)
{
    return QStringLiteral("exit %1\n--- stdout\n%2\n--- stderr\n%3")
        .arg(r.exitCode)
        .arg(r.out, r.err);
}

QStringList csvLines(const QString &path)
{
    return QString::fromUtf8(readAll(path))
        .remove(QLatin1Char('\r'))
        .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

/** data-points of the polyline of series @p key in @p html; -1 when absent. */
int seriesPoints(const QString &html, const QString &key)
{
    const QRegularExpression re(
        QStringLiteral("data-series=\\\"%1\\\" data-points=\\\"(\\d+)\\\"").arg(key));
    const QRegularExpressionMatch m = re.match(html);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

} // namespace

class ReportTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void helpDocumentsOutputsThresholdsAndExitCodes();
    void runWritesJsonHtmlAndCsvThatAgreeAndKeepSecrets();
    void brokenLatencyThresholdExitsOneAndKeptOneExitsZero();
    void abortOnThresholdStopsTheRunEarly();
    void sigtermStillWritesALoadableResult();
    void unreliablePercentileIsNotAPass();
    void badThresholdsAndOutputsAreInputErrors();
    void reportRejectsWhatIsNotAResult();
};

void ReportTest::initTestCase()
{
    QVERIFY2(QFile::exists(cicadaCli()), "CICADA_CLI must point at the built cicada-cli");
}

void ReportTest::helpDocumentsOutputsThresholdsAndExitCodes()
{
    const Run run = runCli({QStringLiteral("run"), QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    for (const char *text :
         {"--json", "--html", "--threshold", "--abort-on-threshold", "error_rate",
          "p95(WS send:chat) < 200ms", "1 a threshold", "3 aborted by --abort-on-threshold",
          "130 interrupted by SIGINT", "143 by SIGTERM", "maxErrorRate", "UNRELIABLE"})
        QVERIFY2(run.out.contains(QLatin1String(text)), text);
    const Run report = runCli({QStringLiteral("report"), QStringLiteral("--help")});
    QCOMPARE(report.exitCode, 0);
    QVERIFY(report.out.contains(QStringLiteral("--output")));
    const Run usage = runCli({QStringLiteral("--help")});
    QVERIFY(usage.out.contains(QStringLiteral("report RESULT")));
}

void ReportTest::runWritesJsonHtmlAndCsvThatAgreeAndKeepSecrets()
{
    DemoProcess demo({QStringLiteral("--push-interval"), QStringLiteral("500")});
    QVERIFY(demo.port() != 0);
    QTemporaryDir dir;
    const QString profile = dir.filePath(QStringLiteral("secret.cicada.json"));
    QVERIFY(writeJson(profile, secretExample(demo.port())));
    const QString json = dir.filePath(QStringLiteral("out/result.json"));
    const QString html = dir.filePath(QStringLiteral("out/report.html"));
    const QString prefix = dir.filePath(QStringLiteral("out/run"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(kEnvName, kEnvSecret);
    const Run run = runCli({QStringLiteral("run"),
                            profile,
                            QStringLiteral("-u"),
                            QStringLiteral("6"),
                            QStringLiteral("-r"),
                            QStringLiteral("6"),
                            QStringLiteral("-t"),
                            QStringLiteral("5s"),
                            QStringLiteral("--threads"),
                            QStringLiteral("2"),
                            QStringLiteral("--only-summary"),
                            QStringLiteral("--csv"),
                            prefix,
                            QStringLiteral("--json"),
                            json,
                            QStringLiteral("--html"),
                            html,
                            QStringLiteral("--threshold"),
                            QStringLiteral("error_rate < 50%"),
                            QStringLiteral("--threshold"),
                            QStringLiteral("p95(WS send:chat) < 5s")},
                           kRunDeadlineMs, env);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY2(run.out.contains(QStringLiteral("Result: PASS")), qPrintable(run.out));
    QVERIFY(run.out.contains(QStringLiteral(" PASS  p95(WS send:chat) < 5s")));

    // The JSON loads, and its percentiles are those of its histograms.
    RunResult result;
    QString error;
    QVERIFY2(ResultFile::load(json, &result, &error), qPrintable(error));
    QVERIFY(result.aggregated.numRequests > 0);
    QCOMPARE(result.verdict(), RunResult::Verdict::Pass);
    QCOMPARE(result.endReason, RunResult::EndReason::Completed);
    QVERIFY2(result.durationMs() >= 4500, qPrintable(QString::number(result.durationMs())));
    QList<ResultEntry> rows = result.entries;
    rows.append(result.aggregated);
    for (const ResultEntry &row : std::as_const(rows)) {
        QCOMPARE(row.percentilesUs.size(), 11);
        for (const auto &[p, us] : row.percentilesUs)
            QCOMPARE(us, row.histogram.valueAtPercentile(p));
    }

    // `report` regenerates the very same page.
    const QString again = dir.filePath(QStringLiteral("again.html"));
    const Run report = runCli({QStringLiteral("report"), json, QStringLiteral("-o"), again});
    QVERIFY2(report.exitCode == 0, qPrintable(describe(report)));
    const QByteArray page = readAll(html);
    QVERIFY(!page.isEmpty());
    QCOMPARE(readAll(again), page);

    // The page fetches nothing and has one chart point per second run (±1).
    const QString text = QString::fromUtf8(page);
    static const QRegularExpression external(
        QStringLiteral("(?:src|href)\\s*=\\s*[\"']?\\s*(?:https?:)?//"
                       "|@import|url\\(\\s*[\"']?\\s*(?:https?:)?//"),
        QRegularExpression::CaseInsensitiveOption);
    QVERIFY2(!external.match(text).hasMatch(), qPrintable(external.match(text).captured()));
    QVERIFY(!text.contains(QStringLiteral("<script"), Qt::CaseInsensitive));
    // Requests/s, response times, users and the distribution; failures over time when there were
    // failures; the generator's health; one small chart per row over time.
    int rowCharts = 0;
    for (const ResultEntry &e : std::as_const(result.entries))
        rowCharts += e.isEmpty() || e.history.isEmpty() ? 0 : 1;
    QVERIFY(rowCharts > 0);
    QVERIFY(!result.health.isEmpty());
    QCOMPARE(text.count(QStringLiteral("<svg class=\"chart\"")),
             4 + (result.aggregated.numFailures > 0 ? 1 : 0) + 1 + rowCharts);
    const int seconds = int(std::lround(double(result.durationMs()) / 1000));
    for (const char *series : {"rps", "failures", "p50", "p95", "p99", "users"}) {
        const int points = seriesPoints(text, QString::fromLatin1(series));
        QCOMPARE(points, int(result.history.size()));
        QVERIFY2(std::abs(points - seconds) <= 1,
                 qPrintable(QStringLiteral("%1 points for %2 s").arg(points).arg(seconds)));
    }
    QVERIFY(seriesPoints(text, QStringLiteral("distribution-0")) > 2);

    // PREFIX_stats_history.csv holds the JSON history: same points, times and values.
    const QStringList history = csvLines(prefix + QStringLiteral("_stats_history.csv"));
    QCOMPARE(history.size() - 1, result.history.size());
    for (qsizetype i = 0; i < result.history.size(); ++i) {
        const HistoryPoint &p = result.history.at(i);
        const QStringList f = history.at(i + 1).split(QLatin1Char(','));
        QCOMPARE(f.size(), 24);
        QCOMPARE(f[0].toLongLong(), p.timestampMs / 1000);
        QCOMPARE(f[1].toInt(), p.userCount);
        QCOMPARE(f[3], QStringLiteral("Aggregated"));
        QCOMPARE(f[4], QString::number(p.currentRps, 'f', 6));
        QCOMPARE(f[5], QString::number(p.currentFailPerSec, 'f', 6));
        QCOMPARE(f[17].toLongLong(), p.totalCount);
        QCOMPARE(f[18].toLongLong(), p.totalFailures);
    }
    const QStringList stats = csvLines(prefix + QStringLiteral("_stats.csv"));
    QCOMPARE(stats.constLast().split(QLatin1Char(',')).value(2).toLongLong(),
             result.aggregated.numRequests);

    // No secret reaches any output file.
    QStringList files = {json, html, again};
    for (const char *suffix :
         {"_stats.csv", "_stats_history.csv", "_failures.csv", "_exceptions.csv"})
        files.append(prefix + QLatin1String(suffix));
    for (const QString &file : std::as_const(files)) {
        const QByteArray content = readAll(file);
        QVERIFY2(QFile::exists(file), qPrintable(file));
        for (const QString &secret :
             {kCookieSecret, kAuthSecret, kEnvSecret, QStringLiteral("e2e-auth-token-8086")})
            QVERIFY2(!content.contains(secret.toUtf8()),
                     qPrintable(QStringLiteral("%1 leaks into %2").arg(secret, file)));
    }
    QVERIFY(readAll(json).contains("«redacted»"));
    // The echoed secret was there to leak, and was scrubbed from the row name.
    const auto echoed =
        std::find_if(result.entries.cbegin(), result.entries.cend(), [](const ResultEntry &e) {
            return e.type == QLatin1String("WS recv") &&
                   e.name == QStringLiteral("«redacted».reply");
        });
    QVERIFY(echoed != result.entries.cend());
    QVERIFY(readAll(prefix + QStringLiteral("_stats.csv")).contains("«redacted».reply"));
}

void ReportTest::brokenLatencyThresholdExitsOneAndKeptOneExitsZero()
{
    DemoProcess slow({QStringLiteral("--latency"), QStringLiteral("300")});
    QVERIFY(slow.port() != 0);
    QTemporaryDir dir;
    const QString profile = dir.filePath(QStringLiteral("items.cicada.json"));
    QVERIFY(writeJson(profile, itemsProfile(slow.port(), {QStringLiteral("p95 < 100ms")})));
    const QString json = dir.filePath(QStringLiteral("slow.json"));
    const Run broken =
        runCli({QStringLiteral("run"), profile, QStringLiteral("-t"), QStringLiteral("3s"),
                QStringLiteral("--only-summary"), QStringLiteral("--json"), json});
    QVERIFY2(broken.exitCode == 1, qPrintable(describe(broken)));
    static const QRegularExpression failLine(
        QStringLiteral(" FAIL  p95 < 100ms  measured 3\\d\\d ms"));
    QVERIFY2(failLine.match(broken.out).hasMatch(), qPrintable(broken.out));
    QVERIFY(broken.out.contains(QStringLiteral("Result: FAIL (1 of 1 thresholds broken)")));
    RunResult result;
    QVERIFY(ResultFile::load(json, &result, nullptr));
    QCOMPARE(result.verdict(), RunResult::Verdict::Fail);
    QVERIFY(result.verdicts.at(0).measured >= 300'000);

    // Within limits: the same load with thresholds it keeps exits 0.
    QVERIFY(writeJson(profile, itemsProfile(slow.port())));
    const Run pass =
        runCli({QStringLiteral("run"), profile, QStringLiteral("-t"), QStringLiteral("3s"),
                QStringLiteral("--only-summary"), QStringLiteral("--threshold"),
                QStringLiteral("error_rate < 1%"), QStringLiteral("--threshold"),
                QStringLiteral("rps > 1"), QStringLiteral("--threshold"),
                QStringLiteral("p95(GET:/api/items) < 2s")});
    QVERIFY2(pass.exitCode == 0, qPrintable(describe(pass)));
    QVERIFY(pass.out.contains(QStringLiteral("Result: PASS (all 3 thresholds hold)")));
}

void ReportTest::abortOnThresholdStopsTheRunEarly()
{
    DemoProcess slow({QStringLiteral("--latency"), QStringLiteral("300")});
    QVERIFY(slow.port() != 0);
    QTemporaryDir dir;
    const QString profile = dir.filePath(QStringLiteral("items.cicada.json"));
    QVERIFY(writeJson(profile, itemsProfile(slow.port())));
    const QString json = dir.filePath(QStringLiteral("aborted.json"));
    const Run run =
        runCli({QStringLiteral("run"), profile, QStringLiteral("-t"), QStringLiteral("60s"),
                QStringLiteral("--only-summary"), QStringLiteral("--threshold"),
                QStringLiteral("rps > 0"), QStringLiteral("--threshold"),
                QStringLiteral("p95 < 100ms"), QStringLiteral("--abort-on-threshold"),
                QStringLiteral("2s"), QStringLiteral("--json"), json},
               30'000);
    QVERIFY2(run.finished, "the run was not aborted");
    QVERIFY2(run.exitCode == 3, qPrintable(describe(run)));
    QVERIFY2(run.out.contains(QStringLiteral("Result: ABORTED (1 of 2 thresholds broken)")),
             qPrintable(run.out));
    QVERIFY2(run.elapsedMs < 20'000, qPrintable(QString::number(run.elapsedMs)));
    QVERIFY2(run.err.contains(QStringLiteral("threshold 'p95 < 100ms' broken for")),
             qPrintable(run.err));
    RunResult result;
    QVERIFY(ResultFile::load(json, &result, nullptr));
    QCOMPARE(result.endReason, RunResult::EndReason::ThresholdAbort);
    QVERIFY(result.endDetail.contains(QStringLiteral("p95 < 100ms")));
    QCOMPARE(result.verdicts.size(), 2);
    QVERIFY(result.verdicts.at(0).passed);
    QVERIFY(!result.verdicts.at(1).passed);
    QVERIFY(result.verdicts.at(1).detail.contains(QStringLiteral("aborted")));
    QCOMPARE(result.verdict(), RunResult::Verdict::Aborted);
}

void ReportTest::sigtermStillWritesALoadableResult()
{
    DemoProcess demo;
    QVERIFY(demo.port() != 0);
    QTemporaryDir dir;
    const QString profile = dir.filePath(QStringLiteral("example.cicada.json"));
    QVERIFY(writeJson(profile, secretExample(demo.port())));
    const QString json = dir.filePath(QStringLiteral("interrupted.json"));
    const QString html = dir.filePath(QStringLiteral("interrupted.html"));
    QProcess run;
    run.start(cicadaCli(), {QStringLiteral("run"), profile, QStringLiteral("-u"),
                            QStringLiteral("4"), QStringLiteral("-t"), QStringLiteral("10m"),
                            QStringLiteral("--json"), json, QStringLiteral("--html"), html});
    QVERIFY(run.waitForStarted());
    QTest::qWait(3000);
    run.terminate(); // SIGTERM
    QVERIFY(run.waitForFinished(15'000));
    QCOMPARE(run.exitStatus(), QProcess::NormalExit);
    QCOMPARE(run.exitCode(), 143); // 128 + SIGTERM: an interrupted run is not judged
    RunResult result;
    QString error;
    QVERIFY2(ResultFile::load(json, &result, &error), qPrintable(error));
    QCOMPARE(result.endReason, RunResult::EndReason::Interrupted);
    QVERIFY2(result.endDetail.contains(QStringLiteral("SIGTERM")), qPrintable(result.endDetail));
    QVERIFY(result.aggregated.numRequests > 0);
    QVERIFY(result.durationMs() < 10'000);
    QVERIFY(readAll(html).contains("stopped early (interrupted)"));
    // Never a green PASS (issue 11).
    QVERIFY(readAll(html).contains("<div class=\"verdict warn\">INTERRUPTED"));
}

void ReportTest::unreliablePercentileIsNotAPass()
{
    DemoProcess demo;
    QVERIFY(demo.port() != 0);
    QTemporaryDir dir;
    // Half the iterations GET the demo's failing endpoint, half /api/items.
    QJsonObject profile = itemsProfile(demo.port(), {QStringLiteral("p95(/api/status/500) < 10s"),
                                                     QStringLiteral("p95(/api/items) < 10s")});
    QJsonArray userTypes = profile.value(QLatin1String("userTypes")).toArray();
    QJsonObject reader = userTypes.at(0).toObject();
    QJsonArray tasks = reader.value(QLatin1String("tasks")).toArray();
    tasks.append(QJsonObject{
        {QStringLiteral("name"), QStringLiteral("broken")},
        {QStringLiteral("steps"),
         QJsonArray{QJsonObject{
             {QStringLiteral("http"),
              QJsonObject{{QStringLiteral("path"), QStringLiteral("/api/status/500")}}}}}}});
    reader.insert(QStringLiteral("tasks"), tasks);
    userTypes.replace(0, reader);
    profile.insert(QStringLiteral("userTypes"), userTypes);
    const QString path = dir.filePath(QStringLiteral("flaky.cicada.json"));
    QVERIFY(writeJson(path, profile));
    const QString json = dir.filePath(QStringLiteral("flaky.json"));
    const QString html = dir.filePath(QStringLiteral("flaky.html"));
    const Run run = runCli({QStringLiteral("run"), path, QStringLiteral("-t"), QStringLiteral("2s"),
                            QStringLiteral("--only-summary"), QStringLiteral("--json"), json,
                            QStringLiteral("--html"), html});
    QVERIFY2(run.exitCode == 1, qPrintable(describe(run)));
    static const QRegularExpression unreliableLine(QStringLiteral(
        " UNRELIABLE  p95\\(/api/status/500\\) < 10s  measured [^\\n]* \\((\\d+)/\\1 failed; "
        "unreliable: 100.00% failed, more than the 10.00% allowed"));
    QVERIFY2(unreliableLine.match(run.out).hasMatch(), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral(" PASS        p95(/api/items) < 10s")),
             qPrintable(run.out));
    RunResult result;
    QVERIFY(ResultFile::load(json, &result, nullptr));
    QVERIFY(result.verdicts.at(0).unreliable);
    QVERIFY(!result.verdicts.at(1).unreliable);
    QVERIFY(result.verdicts.at(1).detail.startsWith(QStringLiteral("0/")));
    QCOMPARE(result.verdict(), RunResult::Verdict::Fail);
    const QByteArray report = readAll(html);
    QVERIFY(report.contains("<span class=\"warn-text\">UNRELIABLE</span>"));
    QVERIFY(report.contains("failed; unreliable: 100.00% failed"));

    // The profile allows every failure: the same percentile passes, exit 0.
    profile.insert(QStringLiteral("thresholdOptions"),
                   QJsonObject{{QStringLiteral("maxErrorRate"), 1}});
    QVERIFY(writeJson(path, profile));
    const Run lenient = runCli({QStringLiteral("run"), path, QStringLiteral("-t"),
                                QStringLiteral("2s"), QStringLiteral("--only-summary")});
    QVERIFY2(lenient.exitCode == 0, qPrintable(describe(lenient)));
    QVERIFY(lenient.out.contains(QStringLiteral("Result: PASS (all 2 thresholds hold)")));
}

void ReportTest::badThresholdsAndOutputsAreInputErrors()
{
    const QString example =
        QStringLiteral(CICADA_SOURCE_DIR "/resources/profiles/demo-chat.cicada.json");
    const Run bad = runCli(
        {QStringLiteral("run"), example, QStringLiteral("--threshold"), QStringLiteral("p95 <")});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(QStringLiteral("bad --threshold 'p95 <': expected a number after "
                                             "'<' (at column 6)")),
             qPrintable(bad.err));
    QVERIFY2(bad.err.contains(QStringLiteral("    p95 <\n         ^")), qPrintable(bad.err));

    QTemporaryDir dir;
    const QString profile = dir.filePath(QStringLiteral("bad.cicada.json"));
    QVERIFY(writeJson(profile, itemsProfile(9, {QStringLiteral("p95 < 1 parsec")})));
    const Run badProfile = runCli({QStringLiteral("run"), profile});
    QCOMPARE(badProfile.exitCode, 2);
    QVERIFY2(badProfile.err.contains(QStringLiteral("$.thresholds[0]: 'p95 < 1 parsec': unknown "
                                                    "unit 'parsec'")),
             qPrintable(badProfile.err));

    QFile blocker(dir.filePath(QStringLiteral("file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    for (const char *option : {"--json", "--html"}) {
        const Run unwritable = runCli({QStringLiteral("run"), example, QLatin1String(option),
                                       dir.filePath(QStringLiteral("file/out"))});
        QCOMPARE(unwritable.exitCode, 2);
        QVERIFY2(unwritable.err.contains(QLatin1String(option)), qPrintable(unwritable.err));
    }
    const Run window =
        runCli({QStringLiteral("run"), example, QStringLiteral("--abort-on-threshold=soon")});
    QCOMPARE(window.exitCode, 2);
    QVERIFY(window.err.contains(QStringLiteral("--abort-on-threshold takes a duration")));
    const Run unknown = runCli({QStringLiteral("run"), example, QStringLiteral("--frobnicate")});
    QCOMPARE(unknown.exitCode, 2);
}

void ReportTest::reportRejectsWhatIsNotAResult()
{
    const Run missing = runCli({QStringLiteral("report"), QStringLiteral("/nonexistent/r.json")});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.err.contains(QStringLiteral("cannot read '/nonexistent/r.json'")));
    QTemporaryDir dir;
    const Run profile =
        runCli({QStringLiteral("report"),
                QStringLiteral(CICADA_SOURCE_DIR "/resources/profiles/demo-chat.cicada.json"),
                QStringLiteral("-o"), dir.filePath(QStringLiteral("x.html"))});
    QCOMPARE(profile.exitCode, 2);
    QVERIFY2(profile.err.contains(QStringLiteral("not a Cicada result file")),
             qPrintable(profile.err));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.html"))));
    const Run none = runCli({QStringLiteral("report")});
    QCOMPARE(none.exitCode, 2);
}

QTEST_GUILESS_MAIN(ReportTest)
#include "reporttest.moc"
