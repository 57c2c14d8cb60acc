// Distributed runs end to end: real Locust masters (Debian's python3-locust 2.12.1) driving real
// `cicada-cli worker` processes that run the bundled example profile against `cicada-cli
// serve-demo`, all on 127.0.0.1 with free ports. Every wait is bounded.
#include "../common/csvfile.h"
#include "../common/demoprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <csignal>
#include <memory>

namespace {

constexpr int kHttpTimeoutMs = 10000;
/// /stats/requests is memoized by the master for 2 s; reads further apart than this are fresh.
constexpr int kStatsCacheMs = 2100;

QString cli()
{
    return cicada::test::cicadaCli();
}

quint16 freePort()
{
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost, 0) ? server.serverPort() : 0;
}

using cicada::test::csvFields;
using cicada::test::readLines;

/** Request and failure counts per "Type Name". */
struct Counts
{
    qint64 requests = 0;
    qint64 failures = 0;
    friend bool operator==(const Counts &, const Counts &) = default;
};
using CountTable = QMap<QString, Counts>;

/** A stats.csv text (the master's --csv file or /stats/requests/csv) as rows, "Aggregated" too. */
CountTable statsCsvCounts(const QStringList &lines)
{
    CountTable rows;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QStringList f = csvFields(lines[i]);
        if (f.size() < 4)
            continue;
        const QString key = f[0].isEmpty() ? f[1] : f[0] + QLatin1Char(' ') + f[1];
        rows.insert(key, {f[2].toLongLong(), f[3].toLongLong()});
    }
    return rows;
}

/** The totals table a worker prints on exit: " Type | Name | # reqs | # fails". */
CountTable workerTotals(const QString &stdoutText)
{
    CountTable rows;
    const qsizetype start = stdoutText.indexOf(QLatin1String("Totals reported to the master"));
    if (start < 0)
        return rows;
    static const QRegularExpression row(
        QStringLiteral("^ (.*?)\\s*\\| (.*?)\\s*\\|\\s*(\\d+) \\|\\s*(\\d+)$"));
    const QStringList lines = stdoutText.mid(start).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QRegularExpressionMatch m = row.match(line);
        if (!m.hasMatch())
            continue;
        const QString type = m.captured(1).trimmed();
        const QString key =
            type.isEmpty() ? m.captured(2) : type + QLatin1Char(' ') + m.captured(2);
        rows.insert(key, {m.captured(3).toLongLong(), m.captured(4).toLongLong()});
    }
    return rows;
}

CountTable sum(const QList<CountTable> &tables)
{
    CountTable out;
    for (const CountTable &t : tables)
        for (auto it = t.cbegin(); it != t.cend(); ++it) {
            out[it.key()].requests += it.value().requests;
            out[it.key()].failures += it.value().failures;
        }
    return out;
}

QString describe(const CountTable &t)
{
    QStringList parts;
    for (auto it = t.cbegin(); it != t.cend(); ++it)
        parts << QStringLiteral("%1=%2/%3")
                     .arg(it.key())
                     .arg(it.value().requests)
                     .arg(it.value().failures);
    return parts.join(QStringLiteral(", "));
}

/** A child process that is stopped (TERM, then KILL) when it goes out of scope. */
class Child
{
public:
    Child() = default;
    ~Child() { stop(); }
    Child(const Child &) = delete;
    Child &operator=(const Child &) = delete;

    void start(const QString &program, const QStringList &args, const QString &dir = {})
    {
        if (!dir.isEmpty())
            m_process.setWorkingDirectory(dir);
        m_process.start(program, args);
    }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(2000);
        }
    }
    void kill()
    {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    /** Waits for the exit, keeping the event loop alive. */
    bool waitForExit(int ms)
    {
        QDeadlineTimer deadline(ms);
        while (m_process.state() != QProcess::NotRunning && !deadline.hasExpired())
            m_process.waitForFinished(50);
        return m_process.state() == QProcess::NotRunning;
    }
    QProcess &process() { return m_process; }
    QString out()
    {
        m_out += QString::fromUtf8(m_process.readAllStandardOutput());
        return m_out;
    }
    QString err()
    {
        m_err += QString::fromUtf8(m_process.readAllStandardError());
        return m_err;
    }

private:
    QProcess m_process;
    QString m_out;
    QString m_err;
};

/** Everything a distributed run needs: a demo server with failures (20 % of API calls unless
 *  @p errorRate says otherwise), the example profile pointed at it, the master locustfile
 *  generated from the profile. */
class Setup
{
public:
    bool prepare(double errorRate = 0.2)
    {
        if (!m_dir.isValid())
            return false;
        m_demo = std::make_unique<cicada::test::DemoProcess>(
            QStringList{QStringLiteral("--error-rate"), QString::number(errorRate),
                        QStringLiteral("--push-interval"), QStringLiteral("500")});
        m_demoPort = m_demo->port();
        if (m_demoPort == 0)
            return false;
        QFile in(QStringLiteral(CICADA_SOURCE_DIR "/resources/profiles/demo-chat.cicada.json"));
        if (!in.open(QIODevice::ReadOnly))
            return false;
        QString text = QString::fromUtf8(in.readAll());
        text.replace(QStringLiteral("127.0.0.1:8765"),
                     QStringLiteral("127.0.0.1:%1").arg(m_demoPort));
        return useProfile(text);
    }
    /** Writes @p text as the profile, "DEMO" replaced by the demo's base URL, and generates the
     *  master locustfile from it. */
    bool useProfile(QString text)
    {
        text.replace(QStringLiteral("DEMO"), demoUrl());
        QFile out(profile());
        if (!out.open(QIODevice::WriteOnly) || out.write(text.toUtf8()) < 0)
            return false;
        out.close();
        QProcess gen;
        gen.start(cli(),
                  {QStringLiteral("locustfile"), profile(), QStringLiteral("-o"), locustfile()});
        return gen.waitForFinished(10000) && gen.exitCode() == 0 && QFile::exists(locustfile());
    }
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString profile() const { return path(QStringLiteral("example.cicada.json")); }
    QString locustfile() const { return path(QStringLiteral("master.py")); }
    QString demoUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_demoPort); }

    /** `locust --master` on a free bind port with @p extra arguments. */
    void startMaster(Child &master, quint16 bindPort, const QStringList &extra) const
    {
        master.start(QStringLiteral("/usr/bin/python3"),
                     QStringList{QStringLiteral("-m"), QStringLiteral("locust"),
                                 QStringLiteral("-f"), locustfile(), QStringLiteral("--master"),
                                 QStringLiteral("--master-bind-host"), QStringLiteral("127.0.0.1"),
                                 QStringLiteral("--master-bind-port"), QString::number(bindPort)} +
                         extra,
                     m_dir.path());
    }
    void startWorker(Child &worker, quint16 masterPort, const QStringList &extra = {}) const
    {
        worker.start(cli(),
                     QStringList{QStringLiteral("worker"), profile(),
                                 QStringLiteral("--master-port"), QString::number(masterPort),
                                 QStringLiteral("--threads"), QStringLiteral("1")} +
                         extra);
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<cicada::test::DemoProcess> m_demo;
    quint16 m_demoPort = 0;
};

/** Blocking HTTP against the master's web UI, with the event loop running meanwhile. */
class WebUi
{
public:
    explicit WebUi(quint16 port) : m_base(QStringLiteral("http://127.0.0.1:%1").arg(port)) {}

    QByteArray get(const QString &path, int *status = nullptr)
    {
        return finish(m_nam.get(QNetworkRequest(QUrl(m_base + path))), status);
    }
    QByteArray post(const QString &path, const QUrlQuery &form, int *status = nullptr)
    {
        QNetworkRequest request(QUrl(m_base + path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        return finish(m_nam.post(request, form.toString(QUrl::FullyEncoded).toUtf8()), status);
    }
    /** GET /stats/requests, at least kStatsCacheMs after the previous one so it is fresh. */
    QJsonObject freshStats()
    {
        if (m_lastStats.isValid() && m_lastStats.elapsed() < kStatsCacheMs)
            QTest::qWait(int(kStatsCacheMs - m_lastStats.elapsed()));
        m_lastStats.start();
        return QJsonDocument::fromJson(get(QStringLiteral("/stats/requests"))).object();
    }
    /** The master's totals now (/stats/requests/csv is not cached). */
    CountTable csvCounts()
    {
        return statsCsvCounts(QString::fromUtf8(get(QStringLiteral("/stats/requests/csv")))
                                  .remove(QLatin1Char('\r'))
                                  .split(QLatin1Char('\n'), Qt::SkipEmptyParts));
    }

private:
    QByteArray finish(QNetworkReply *reply, int *status)
    {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(kHttpTimeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
        const QByteArray body = reply->isFinished() ? reply->readAll() : QByteArray();
        if (status)
            *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->abort();
        reply->deleteLater();
        return body;
    }

    QString m_base;
    QNetworkAccessManager m_nam;
    QElapsedTimer m_lastStats;
};

/** Worker id → state, from a /stats/requests answer. */
QMap<QString, QString> workerStates(const QJsonObject &stats)
{
    QMap<QString, QString> states;
    for (const QJsonValue &w : stats.value(QStringLiteral("workers")).toArray())
        states.insert(w.toObject().value(QStringLiteral("id")).toString(),
                      w.toObject().value(QStringLiteral("state")).toString());
    return states;
}

/** Polls /stats/requests until @p ok holds (fresh reads), at most @p ms. */
template <typename Predicate>
bool waitForStats(WebUi &web, int ms, Predicate ok, QJsonObject *last = nullptr)
{
    QDeadlineTimer deadline(ms);
    while (true) {
        const QJsonObject stats = web.freshStats();
        if (last)
            *last = stats;
        if (ok(stats))
            return true;
        if (deadline.hasExpired())
            return false;
    }
}

bool allInState(const QJsonObject &stats, int workers, const QString &state)
{
    const QMap<QString, QString> states = workerStates(stats);
    return states.size() == workers && std::all_of(states.cbegin(), states.cend(),
                                                   [&](const QString &s) { return s == state; });
}

} // namespace

class DistributedTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void locustfileCommandWritesAndValidates();
    void headlessMasterCsvMatchesWhatWorkersReported();
    void webUiStopStartCyclesLoseNothing();
    void killedWorkerIsMarkedMissingWhileTheOtherRuns();
    void workerWaitsForTheMasterAndSurvivesItsRestart();
    void workerGivesUpWhenNoMasterAnswers();
    void workerHonoursTheMastersStopTimeout();
};

void DistributedTest::initTestCase()
{
    QVERIFY2(QFile::exists(cli()), "CICADA_CLI must point at the built cicada-cli");
    QProcess locust;
    locust.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral("-c"), QStringLiteral("import locust")});
    QVERIFY(locust.waitForFinished(20000));
    QVERIFY2(locust.exitCode() == 0,
             "Debian's python3-locust is needed (scripts/setup.sh installs it)");
}

void DistributedTest::locustfileCommandWritesAndValidates()
{
    QProcess p;
    p.start(cli(), {QStringLiteral("locustfile"),
                    QStringLiteral(CICADA_SOURCE_DIR "/resources/profiles/demo-chat.cicada.json")});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    const QString text = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY(text.contains(QLatin1String("class ChatUser(User):\n")));
    QVERIFY(text.contains(QLatin1String("    weight = 3\n")));
    QVERIFY(text.contains(QLatin1String("class Browser(User):\n")));

    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("bad.cicada.json"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{ \"schema\": 1, ");
    f.close();
    QProcess invalid;
    invalid.start(cli(), {QStringLiteral("locustfile"), bad});
    QVERIFY(invalid.waitForFinished(10000));
    QCOMPARE(invalid.exitCode(), 2);
}

void DistributedTest::headlessMasterCsvMatchesWhatWorkersReported()
{
    // 40 users (10 browsers) make ~50 API calls in 8 s: with 20 % of them failing, a run without
    // a failure (0.8^50) or without a /api/profile call (0.75^50) does not happen in practice.
    constexpr int kUsers = 40;
    Setup setup;
    QVERIFY(setup.prepare());
    const quint16 bindPort = freePort();
    const QString prefix = setup.path(QStringLiteral("out"));
    Child master;
    setup.startMaster(master, bindPort,
                      {QStringLiteral("--headless"), QStringLiteral("--expect-workers"),
                       QStringLiteral("2"), QStringLiteral("--expect-workers-max-wait"),
                       QStringLiteral("30"), QStringLiteral("-u"), QString::number(kUsers),
                       QStringLiteral("-r"), QString::number(kUsers), QStringLiteral("-t"),
                       QStringLiteral("8s"), QStringLiteral("--csv"), prefix,
                       QStringLiteral("--html"), setup.path(QStringLiteral("report.html"))});
    Child workerA;
    Child workerB;
    setup.startWorker(workerA, bindPort);
    setup.startWorker(workerB, bindPort);

    QVERIFY2(master.waitForExit(60000), qPrintable(master.err()));
    QVERIFY(workerA.waitForExit(15000));
    QVERIFY(workerB.waitForExit(15000));
    const QString log = master.err();
    QVERIFY2(log.contains(QLatin1String("2 workers connected")), qPrintable(log));
    QVERIFY2(log.contains(QLatin1String(
                 "All users spawned: {\"Browser\": 10, \"ChatUser\": 30} (40 total users)")),
             qPrintable(log));
    QVERIFY2(!log.contains(QLatin1String("Traceback")), qPrintable(log));
    // Locust exits with --exit-code-on-error (default 1) when the run recorded any failure, and
    // the demo server injected 500s into 20 % of the API calls: 1 is the right answer here.
    QCOMPARE(master.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(master.process().exitCode(), 1);
    QCOMPARE(workerA.process().exitCode(), 0);
    QCOMPARE(workerB.process().exitCode(), 0);

    const CountTable a = workerTotals(workerA.out());
    const CountTable b = workerTotals(workerB.out());
    QVERIFY2(a.contains(QStringLiteral("Aggregated")), qPrintable(workerA.out() + workerA.err()));
    QVERIFY2(b.contains(QStringLiteral("Aggregated")), qPrintable(workerB.out() + workerB.err()));
    const CountTable workers = sum({a, b});
    const CountTable csv = statsCsvCounts(readLines(prefix + QStringLiteral("_stats.csv")));
    // Every row the master wrote is exactly what the workers say they reported.
    QCOMPARE(describe(csv), describe(workers));
    for (const char *row :
         {"WS connect broker", "WS send chat", "POST login", "GET /api/items", "GET /api/profile"})
        QVERIFY2(csv.value(QString::fromLatin1(row)).requests > 0, row);
    QVERIFY(csv.value(QStringLiteral("Aggregated")).failures > 0);

    // The injected 500s are in the failures file, as many as the stats counted.
    const QStringList failures = readLines(prefix + QStringLiteral("_failures.csv"));
    QCOMPARE(failures.value(0), QStringLiteral("Method,Name,Error,Occurrences"));
    qint64 occurrences = 0;
    for (qsizetype i = 1; i < failures.size(); ++i) {
        const QStringList f = csvFields(failures[i]);
        QCOMPARE(f.size(), 4);
        QVERIFY2(f[2].contains(QLatin1String("500")), qPrintable(failures[i]));
        occurrences += f[3].toLongLong();
    }
    QCOMPARE(occurrences, csv.value(QStringLiteral("Aggregated")).failures);
    QCOMPARE(readLines(prefix + QStringLiteral("_exceptions.csv")).size(), 1); // header only

    // The history saw all users, and Locust's HTML report has Cicada's WebSocket rows.
    bool sawAllUsers = false;
    for (const QString &line : readLines(prefix + QStringLiteral("_stats_history.csv")))
        sawAllUsers |= csvFields(line).value(1) == QString::number(kUsers);
    QVERIFY(sawAllUsers);
    QFile html(setup.path(QStringLiteral("report.html")));
    QVERIFY(html.open(QIODevice::ReadOnly));
    const QByteArray report = html.readAll();
    QVERIFY(report.contains("WS send") && report.contains("WS connect"));
}

void DistributedTest::webUiStopStartCyclesLoseNothing()
{
    constexpr int kCycles = 10;
    Setup setup;
    QVERIFY(setup.prepare());
    const quint16 bindPort = freePort();
    const quint16 webPort = freePort();
    Child master;
    setup.startMaster(master, bindPort,
                      {QStringLiteral("--web-host"), QStringLiteral("127.0.0.1"),
                       QStringLiteral("--web-port"), QString::number(webPort)});
    Child workerA;
    Child workerB;
    setup.startWorker(workerA, bindPort);
    setup.startWorker(workerB, bindPort);
    WebUi web(webPort);
    QJsonObject stats;
    QVERIFY2(waitForStats(
                 web, 20000,
                 [](const QJsonObject &s) { return allInState(s, 2, QStringLiteral("ready")); },
                 &stats),
             qPrintable(QJsonDocument(stats).toJson() + master.err()));

    CountTable masterTotals; // the master's final numbers of every cycle, added up
    for (int cycle = 1; cycle <= kCycles; ++cycle) {
        const QString what = QStringLiteral("cycle %1").arg(cycle);
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("user_count"), QStringLiteral("4"));
        form.addQueryItem(QStringLiteral("spawn_rate"), QStringLiteral("4"));
        form.addQueryItem(QStringLiteral("host"), setup.demoUrl());
        int status = 0;
        const QJsonObject swarm =
            QJsonDocument::fromJson(web.post(QStringLiteral("/swarm"), form, &status)).object();
        QVERIFY2(status == 200 && swarm.value(QStringLiteral("success")).toBool(),
                 qPrintable(what));
        if (cycle == 1) {
            // Within a test the numbers keep growing: the 3-s reports add up on the master.
            QDeadlineTimer deadline(12000);
            qint64 first = 0;
            while (first == 0 && !deadline.hasExpired()) {
                QTest::qWait(200);
                first = web.csvCounts().value(QStringLiteral("Aggregated")).requests;
            }
            QVERIFY2(first > 0, qPrintable(what));
            qint64 later = first;
            while (later == first && !deadline.hasExpired()) {
                QTest::qWait(200);
                later = web.csvCounts().value(QStringLiteral("Aggregated")).requests;
            }
            QVERIFY2(later > first, qPrintable(what));
            QVERIFY(waitForStats(
                web, 5000,
                [](const QJsonObject &s) {
                    return allInState(s, 2, QStringLiteral("running")) &&
                           s.value(QStringLiteral("user_count")).toInt() == 4;
                },
                &stats));
        } else {
            QTest::qWait(1200);
        }
        // /stop returns once both workers said client_stopped, which they send after the
        // test's last report: the master's numbers for this test are final now.
        web.get(QStringLiteral("/stop"), &status);
        QCOMPARE(status, 200);
        const CountTable now = web.csvCounts();
        QVERIFY2(now.value(QStringLiteral("Aggregated")).requests > 0,
                 qPrintable(what + QLatin1Char(' ') + describe(now)));
        masterTotals = sum({masterTotals, now});
        // Workers come back as ready for the next test.
        QVERIFY2(
            waitForStats(
                web, 8000,
                [](const QJsonObject &s) { return allInState(s, 2, QStringLiteral("ready")); },
                &stats),
            qPrintable(what + QLatin1Char(' ') + QString::fromUtf8(QJsonDocument(stats).toJson())));
        QCOMPARE(stats.value(QStringLiteral("user_count")).toInt(), 0);
    }

    // A master shut down from outside sends quit; both workers print what they reported.
    master.process().terminate();
    QVERIFY(master.waitForExit(15000));
    QVERIFY(workerA.waitForExit(15000));
    QVERIFY(workerB.waitForExit(15000));
    QCOMPARE(workerA.process().exitCode(), 0);
    QCOMPARE(workerB.process().exitCode(), 0);
    const CountTable workers = sum({workerTotals(workerA.out()), workerTotals(workerB.out())});
    // Nothing lost and nothing counted twice over ten tests.
    QVERIFY(workers.value(QStringLiteral("Aggregated")).requests > 0);
    QCOMPARE(describe(masterTotals), describe(workers));
}

void DistributedTest::killedWorkerIsMarkedMissingWhileTheOtherRuns()
{
    Setup setup;
    QVERIFY(setup.prepare());
    const quint16 bindPort = freePort();
    const quint16 webPort = freePort();
    Child master;
    setup.startMaster(master, bindPort,
                      {QStringLiteral("--web-host"), QStringLiteral("127.0.0.1"),
                       QStringLiteral("--web-port"), QString::number(webPort)});
    Child survivor;
    Child victim;
    setup.startWorker(survivor, bindPort);
    setup.startWorker(victim, bindPort);
    WebUi web(webPort);
    QJsonObject stats;
    QVERIFY(waitForStats(
        web, 20000, [](const QJsonObject &s) { return allInState(s, 2, QStringLiteral("ready")); },
        &stats));
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("user_count"), QStringLiteral("4"));
    form.addQueryItem(QStringLiteral("spawn_rate"), QStringLiteral("4"));
    web.post(QStringLiteral("/swarm"), form);
    QVERIFY(waitForStats(
        web, 8000, [](const QJsonObject &s) { return allInState(s, 2, QStringLiteral("running")); },
        &stats));

    ::kill(pid_t(victim.process().processId()), SIGKILL); // no quit, no last report
    QVERIFY(victim.waitForExit(5000));
    // The master notices the missing heartbeats (≈ 4 s) and keeps the test running on the other.
    QVERIFY2(waitForStats(
                 web, 12000,
                 [](const QJsonObject &s) {
                     const QList<QString> states = workerStates(s).values();
                     return states.count(QStringLiteral("missing")) == 1 &&
                            states.count(QStringLiteral("running")) == 1;
                 },
                 &stats),
             qPrintable(QString::fromUtf8(QJsonDocument(stats).toJson())));
    QCOMPARE(stats.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
    const qint64 before = web.csvCounts().value(QStringLiteral("Aggregated")).requests;
    QDeadlineTimer deadline(8000);
    qint64 after = before;
    while (after == before && !deadline.hasExpired()) {
        QTest::qWait(250);
        after = web.csvCounts().value(QStringLiteral("Aggregated")).requests;
    }
    QVERIFY2(after > before, "the surviving worker kept reporting");
    QCOMPARE(survivor.process().state(), QProcess::Running);
}

void DistributedTest::workerWaitsForTheMasterAndSurvivesItsRestart()
{
    Setup setup;
    QVERIFY(setup.prepare());
    const quint16 bindPort = freePort();
    const quint16 webPort = freePort();
    Child worker;
    setup.startWorker(worker, bindPort,
                      {QStringLiteral("--connect-timeout"), QStringLiteral("30s")});
    QTest::qWait(1500); // the worker is up first and keeps retrying
    QCOMPARE(worker.process().state(), QProcess::Running);
    const QStringList masterArgs{QStringLiteral("--web-host"), QStringLiteral("127.0.0.1"),
                                 QStringLiteral("--web-port"), QString::number(webPort)};
    QJsonObject stats;
    {
        Child master;
        setup.startMaster(master, bindPort, masterArgs);
        WebUi web(webPort);
        QVERIFY(waitForStats(
            web, 20000,
            [](const QJsonObject &s) { return allInState(s, 1, QStringLiteral("ready")); },
            &stats));
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("user_count"), QStringLiteral("2"));
        form.addQueryItem(QStringLiteral("spawn_rate"), QStringLiteral("2"));
        web.post(QStringLiteral("/swarm"), form);
        QVERIFY(waitForStats(
            web, 8000,
            [](const QJsonObject &s) { return allInState(s, 1, QStringLiteral("running")); },
            &stats));
        master.kill(); // SIGKILL: the master vanishes mid-test
    }
    QVERIFY(QTest::qWaitFor(
        [&] { return worker.err().contains(QLatin1String("lost the connection")); }, 5000));
    Child restarted;
    setup.startMaster(restarted, bindPort, masterArgs);
    WebUi web(webPort);
    QVERIFY2(waitForStats(
                 web, 20000,
                 [](const QJsonObject &s) { return allInState(s, 1, QStringLiteral("ready")); },
                 &stats),
             qPrintable(worker.err()));
    QCOMPARE(worker.process().state(), QProcess::Running);
}

void DistributedTest::workerGivesUpWhenNoMasterAnswers()
{
    Setup setup;
    QVERIFY(setup.prepare());
    Child worker;
    QElapsedTimer clock;
    clock.start();
    setup.startWorker(worker, freePort(),
                      {QStringLiteral("--connect-timeout"), QStringLiteral("2s")});
    QVERIFY(worker.waitForExit(15000));
    QVERIFY(clock.elapsed() >= 2000);
    QCOMPARE(worker.process().exitCode(), 2);
    QVERIFY2(worker.err().contains(QLatin1String("no Locust master answered at tcp://127.0.0.1:")),
             qPrintable(worker.err()));
}

void DistributedTest::workerHonoursTheMastersStopTimeout()
{
    // One user whose only request takes 20 s, then waits a minute. The master is stopped while
    // that request is in flight: with `--stop-timeout 60` the worker lets it finish, so the
    // master counts it as a success (interrupted at once, it would be no success at all).
    if (qEnvironmentVariableIsSet("CICADA_STOP_TIMEOUT_CASE_APART"))
        QSKIP("runs as its own serial ctest entry (distributedtest-stopTimeout)");
    Setup setup;
    // No injected errors: with the default 20 % the one request failed in 1 of 5 runs ("500
    // injected error"), which read as the stop timeout not being honoured.
    QVERIFY(setup.prepare(0.0));
    QVERIFY(setup.useProfile(QStringLiteral(R"({
      "schema": 2, "name": "stop timeout",
      "target": { "baseUrl": "DEMO", "requestTimeout": "50s" },
      "userTypes": [ {
        "name": "Slow", "wait": { "constant": "60s" },
        "tasks": [ { "name": "slow", "steps": [
          { "http": { "path": "/api/slow?ms=20000", "name": "slow" } } ] } ]
      } ]
    })")));
    const quint16 bindPort = freePort();
    const quint16 webPort = freePort();
    Child master;
    setup.startMaster(master, bindPort,
                      {QStringLiteral("--web-host"), QStringLiteral("127.0.0.1"),
                       QStringLiteral("--web-port"), QString::number(webPort),
                       QStringLiteral("--stop-timeout"), QStringLiteral("60")});
    Child worker;
    setup.startWorker(worker, bindPort);
    WebUi web(webPort);
    QJsonObject stats;
    QVERIFY2(waitForStats(
                 web, 20000,
                 [](const QJsonObject &s) { return allInState(s, 1, QStringLiteral("ready")); },
                 &stats),
             qPrintable(master.err()));
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("user_count"), QStringLiteral("1"));
    form.addQueryItem(QStringLiteral("spawn_rate"), QStringLiteral("1"));
    QElapsedTimer sinceSwarm;
    sinceSwarm.start();
    web.post(QStringLiteral("/swarm"), form);
    QVERIFY(waitForStats(
        web, 10000,
        [](const QJsonObject &s) {
            return allInState(s, 1, QStringLiteral("running")) &&
                   s.value(QStringLiteral("user_count")).toInt() == 1;
        },
        &stats));
    // The request is still in flight (it takes 20 s); not a timing bound, a precondition.
    if (sinceSwarm.elapsed() >= 15000)
        QSKIP("the worker took too long to start for the request to be in flight at the stop");
    QCOMPARE(web.csvCounts().value(QStringLiteral("GET slow")).requests, 0);
    // The master answers /stop once the worker has no users left, which is after this client's
    // HTTP timeout: the answer is not waited for, the worker's state is.
    web.get(QStringLiteral("/stop"));
    QVERIFY2(waitForStats(
                 web, 70000,
                 [](const QJsonObject &s) { return allInState(s, 1, QStringLiteral("ready")); },
                 &stats),
             qPrintable(worker.err()));
    const CountTable counts = web.csvCounts();
    const Counts slow = counts.value(QStringLiteral("GET slow"));
    QVERIFY2(slow == (Counts{1, 0}),
             qPrintable(QStringLiteral("GET slow: %1 requests, %2 failures; worker log:\n%3")
                            .arg(slow.requests)
                            .arg(slow.failures)
                            .arg(worker.err())));
    QVERIFY2(worker.err().contains(QLatin1String("may finish for up to 60 s")),
             qPrintable(worker.err()));
}

QTEST_GUILESS_MAIN(DistributedTest)
#include "distributedtest.moc"
