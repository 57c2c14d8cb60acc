// `cicada-cli compare` and `run --baseline` end to end: results from real short runs of the
// binary against the demo server (`cicada-cli serve-demo --port 0`) on 127.0.0.1, and variants
// of them written with the core's result writer for deterministic verdicts.
#include "../common/demoprocess.h"

#include "report/resultfile.h"
#include "stats/histogram.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace cicada;
using cicada::test::cicadaCli;
using cicada::test::DemoProcess;

namespace {

constexpr int kRunDeadlineMs = 60'000;
constexpr int kRequestsDoublings = 10; // 1024 × the rps

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runCli(const QStringList &args)
{
    QProcess p;
    p.start(cicadaCli(), args);
    if (!p.waitForFinished(kRunDeadlineMs)) {
        p.kill();
        p.waitForFinished(5000);
    }
    Run r;
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

/** 2 users that GET /api/items and /api/profile in a loop on the demo server at @p port. */
QJsonObject itemsProfile(quint16 port)
{
    const auto get = [](const char *path) {
        return QJsonObject{
            {QStringLiteral("http"), QJsonObject{{QStringLiteral("path"), QLatin1String(path)}}}};
    };
    return QJsonObject{
        {QStringLiteral("schema"), 1},
        {QStringLiteral("name"), QStringLiteral("items")},
        {QStringLiteral("target"),
         QJsonObject{{QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:%1").arg(port)}}},
        {QStringLiteral("userTypes"),
         QJsonArray{QJsonObject{
             {QStringLiteral("name"), QStringLiteral("Reader")},
             {QStringLiteral("tasks"),
              QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("items")},
                                     {QStringLiteral("steps"),
                                      QJsonArray{get("/api/items"), get("/api/profile")}}}}}}}},
        {QStringLiteral("load"),
         QJsonObject{{QStringLiteral("users"), 2}, {QStringLiteral("spawnRate"), 2}}}};
}

/** @p result with every row's counts doubled @p doublings times: the same times and error
 *  rates at 2^doublings × the rps. */
RunResult scaled(RunResult result, int doublings)
{
    const auto scale = [doublings](ResultEntry &e) {
        for (int i = 0; i < doublings; ++i) {
            const Histogram copy = e.histogram;
            e.histogram.merge(copy);
        }
        e.numRequests <<= doublings;
        e.numFailures <<= doublings;
        e.totalContentLength <<= doublings;
    };
    for (ResultEntry &e : result.entries)
        scale(e);
    scale(result.aggregated);
    return result;
}

} // namespace

class CompareTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void helpDocumentsRulesAndExitCodes();
    void sameRunComparesAsPassAndPrintsTheTable();
    void brokenDeltaThresholdExitsOneAndWritesReports();
    void badInputExitsTwo();
    void runWithBaselineFoldsTheVerdictIntoItsExitCode();

private:
    QTemporaryDir m_dir;
    QString m_a; ///< a real run's result
    QString m_b; ///< a second real run's result
};

void CompareTest::initTestCase()
{
    QVERIFY2(QFile::exists(cicadaCli()), "CICADA_CLI must point at the built cicada-cli");
    DemoProcess demo;
    QVERIFY(demo.port() != 0);
    const QString profile = m_dir.filePath(QStringLiteral("items.cicada.json"));
    QFile f(profile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(itemsProfile(demo.port())).toJson());
    f.close();
    m_a = m_dir.filePath(QStringLiteral("a.json"));
    m_b = m_dir.filePath(QStringLiteral("b.json"));
    for (const QString &json : {m_a, m_b}) {
        const Run run =
            runCli({QStringLiteral("run"), profile, QStringLiteral("-t"), QStringLiteral("2s"),
                    QStringLiteral("--only-summary"), QStringLiteral("--json"), json});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    }
    RunResult a;
    QString error;
    QVERIFY2(ResultFile::load(m_a, &a, &error), qPrintable(error));
    QVERIFY(a.aggregated.numRequests > 0);
    // The baseline the next runs cannot reach: the same times at 1024 × the throughput.
    QVERIFY(ResultFile::save(m_dir.filePath(QStringLiteral("fast.json")),
                             scaled(a, kRequestsDoublings), &error));
}

void CompareTest::helpDocumentsRulesAndExitCodes()
{
    const Run help = runCli({QStringLiteral("compare"), QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    for (const char *text :
         {"--threshold", "--html", "--json", "p95 +10%", "rps -5%", "error_rate +0.5%",
          "0 every delta threshold holds", "1 a delta", "2 bad arguments"})
        QVERIFY2(help.out.contains(QLatin1String(text)), text);
    const Run run = runCli({QStringLiteral("run"), QStringLiteral("--help")});
    QVERIFY(run.out.contains(QStringLiteral("--baseline-threshold")));
    QVERIFY(runCli({QStringLiteral("--help")}).out.contains(QStringLiteral("compare A B")));
}

void CompareTest::sameRunComparesAsPassAndPrintsTheTable()
{
    const Run run = runCli({QStringLiteral("compare"), m_a, m_a, QStringLiteral("--threshold"),
                            QStringLiteral("p95 +10%"), QStringLiteral("--threshold"),
                            QStringLiteral("p99(GET:/api/items) +1ms"),
                            QStringLiteral("--threshold"), QStringLiteral("rps -5%")});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QStringList lines = run.out.split(QLatin1Char('\n'));
    const qsizetype header = lines.indexOf(QRegularExpression(QStringLiteral("^Name +p50 ms.*")));
    QVERIFY2(header > 0, qPrintable(run.out));
    QVERIFY(lines.at(header).endsWith(QStringLiteral("rps")));
    // One A, B, Δ group per row; the same run twice changes nothing.
    QVERIFY(lines.at(header + 1).startsWith(QStringLiteral("GET /api/items   A  ")));
    QVERIFY(lines.at(header + 4).startsWith(QStringLiteral("GET /api/profile A  ")));
    QVERIFY(lines.at(header + 7).startsWith(QStringLiteral("Aggregated       A  ")));
    QCOMPARE(lines.at(header + 1).mid(19), lines.at(header + 2).mid(19));
    QVERIFY2(lines.at(header + 9).contains(QStringLiteral("0pp")), qPrintable(run.out));
    QVERIFY(run.out.contains(QStringLiteral(" PASS  p95 +10%")));
    QVERIFY(run.out.contains(QStringLiteral("Baseline: PASS (all 3 delta thresholds hold)")));

    // Two real runs: both have the same rows; without rules the exit code is 0.
    const Run two = runCli({QStringLiteral("compare"), m_a, m_b});
    QVERIFY2(two.exitCode == 0, qPrintable(describe(two)));
    QVERIFY(!two.out.contains(QStringLiteral("only in")));
    QVERIFY(!two.out.contains(QStringLiteral("Delta thresholds")));
}

void CompareTest::brokenDeltaThresholdExitsOneAndWritesReports()
{
    const QString html = m_dir.filePath(QStringLiteral("cmp.html"));
    const QString json = m_dir.filePath(QStringLiteral("cmp.json"));
    const Run run = runCli({QStringLiteral("compare"), m_dir.filePath(QStringLiteral("fast.json")),
                            m_b, QStringLiteral("--threshold"), QStringLiteral("rps -5%"),
                            QStringLiteral("--threshold"), QStringLiteral("error_rate +100%"),
                            QStringLiteral("--html"), html, QStringLiteral("--json"), json});
    QVERIFY2(run.exitCode == 1, qPrintable(describe(run)));
    QVERIFY2(run.out.contains(
                 QRegularExpression(QStringLiteral(" FAIL  rps -5% +rps [0-9.]+/s → [0-9.]+/s "
                                                   "\\(−[0-9.]+ %, limit −5 %\\)"))),
             qPrintable(run.out));
    QVERIFY(run.out.contains(QStringLiteral(" PASS  error_rate +100%")));
    QVERIFY(run.out.contains(QStringLiteral("Baseline: FAIL (1 of 2 delta thresholds broken)")));

    QFile page(html);
    QVERIFY(page.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(page.readAll());
    QVERIFY(text.contains(QStringLiteral("<div class=\"verdict fail\">FAIL")));
    QVERIFY(text.contains(QStringLiteral("data-series=\"rps-b\"")));
    QVERIFY(!text.contains(QStringLiteral("<script")));

    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(o.value(QLatin1String("format")).toString(), QStringLiteral("cicada-comparison"));
    QCOMPARE(
        o.value(QLatin1String("thresholds")).toObject().value(QLatin1String("verdict")).toString(),
        QStringLiteral("fail"));
    QCOMPARE(o.value(QLatin1String("rows")).toArray().size(), 3);
}

void CompareTest::badInputExitsTwo()
{
    const Run rule = runCli({QStringLiteral("compare"), m_a, m_b, QStringLiteral("--threshold"),
                             QStringLiteral("p95 -10%")});
    QCOMPARE(rule.exitCode, 2);
    QVERIFY2(rule.err.contains(QStringLiteral("p95 rules limit a rise")), qPrintable(rule.err));
    QVERIFY(rule.err.contains(QStringLiteral("(at column 5)")));
    QVERIFY(rule.err.contains(QStringLiteral("    p95 -10%\n        ^")));

    const Run missing =
        runCli({QStringLiteral("compare"), m_a, m_dir.filePath(QStringLiteral("missing.json"))});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.err.contains(QStringLiteral("missing.json")));

    const Run one = runCli({QStringLiteral("compare"), m_a});
    QCOMPARE(one.exitCode, 2);
    QVERIFY(one.err.contains(QStringLiteral("expected two result files")));

    const QString notResult = m_dir.filePath(QStringLiteral("items.cicada.json"));
    const Run profile = runCli({QStringLiteral("compare"), m_a, notResult});
    QCOMPARE(profile.exitCode, 2);
}

void CompareTest::runWithBaselineFoldsTheVerdictIntoItsExitCode()
{
    // Bad baseline inputs are refused before the run starts (no server needed).
    const QString profile = m_dir.filePath(QStringLiteral("items.cicada.json"));
    const Run badRule = runCli({QStringLiteral("run"), profile, QStringLiteral("--baseline"), m_a,
                                QStringLiteral("--baseline-threshold"), QStringLiteral("p95 10%")});
    QCOMPARE(badRule.exitCode, 2);
    QVERIFY(badRule.err.contains(QStringLiteral("bad --baseline-threshold")));
    const Run noFile = runCli({QStringLiteral("run"), profile, QStringLiteral("--baseline"),
                               m_dir.filePath(QStringLiteral("missing.json"))});
    QCOMPARE(noFile.exitCode, 2);
    const Run ruleOnly =
        runCli({QStringLiteral("run"), profile, QStringLiteral("--baseline-threshold"),
                QStringLiteral("p95 +10%")});
    QCOMPARE(ruleOnly.exitCode, 2);
    QVERIFY(ruleOnly.err.contains(QStringLiteral("needs --baseline FILE")));

    DemoProcess demo;
    QVERIFY(demo.port() != 0);
    const QString live = m_dir.filePath(QStringLiteral("live.cicada.json"));
    QFile f(live);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(itemsProfile(demo.port())).toJson());
    f.close();
    const QStringList runArgs{QStringLiteral("run"), live, QStringLiteral("-t"),
                              QStringLiteral("2s"), QStringLiteral("--only-summary")};

    const Run holds = runCli(runArgs + QStringList{QStringLiteral("--baseline"), m_a,
                                                   QStringLiteral("--baseline-threshold"),
                                                   QStringLiteral("error_rate +100%")});
    QVERIFY2(holds.exitCode == 0, qPrintable(describe(holds)));
    QVERIFY(holds.out.contains(QStringLiteral("Comparison with the baseline (A = %1").arg(m_a)));
    QVERIFY(holds.out.contains(QStringLiteral("GET /api/items   A  ")));
    QVERIFY(holds.out.contains(QStringLiteral("Baseline: PASS (all 1 delta thresholds hold)")));

    const Run broken = runCli(runArgs + QStringList{QStringLiteral("--baseline"),
                                                    m_dir.filePath(QStringLiteral("fast.json")),
                                                    QStringLiteral("--baseline-threshold"),
                                                    QStringLiteral("rps -5%")});
    QVERIFY2(broken.exitCode == 1, qPrintable(describe(broken)));
    QVERIFY(broken.out.contains(QStringLiteral(" FAIL  rps -5%")));
}

QTEST_GUILESS_MAIN(CompareTest)
#include "comparetest.moc"
