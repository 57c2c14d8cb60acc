// The worker's side of Locust's protocol, message by message, against a scripted master
// (FakeLocustMaster) and the demo server. The real master is in tests/app/distributedtest.cpp.
#include "fakelocustmaster.h"

#include "demo/demoserver.h"
#include "distributed/locustworker.h"
#include "profile/profileio.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace cicada;
using cicada::test::FakeLocustMaster;

namespace {

constexpr int kRegisterTimeoutMs = 5000;

Profile demoProfile(const DemoServer &demo)
{
    const QString json = QStringLiteral(R"({
      "schema": 1, "target": { "baseUrl": "%1", "brokerUrl": "%2" },
      "templates": { "login": { "json": { "user": "u{{user.index}}" } },
                     "chat": { "json": { "type": "chat", "id": "{{uuid}}" } } },
      "userTypes": [
        { "name": "ChatUser", "weight": 3, "wait": { "constant": "30ms" },
          "onStart": [ { "http": { "name": "login", "method": "POST", "path": "/login", "template": "login" } },
                       { "wsConnect": { "name": "broker" } } ],
          "tasks": [ { "name": "say", "steps": [ { "wsSend": { "name": "chat", "template": "chat",
                       "await": "match", "matchField": "id", "timeout": "2s" } } ] } ] },
        { "name": "Browser", "weight": 1, "wait": { "constant": "30ms" },
          "tasks": [ { "name": "items", "steps": [ { "http": { "name": "/api/items", "path": "/api/items" } } ] } ] } ]
    })")
                             .arg(demo.baseUrl().toString(), demo.brokerUrl().toString());
    QList<ProfileIssue> issues;
    return ProfileIo::fromJson(QJsonDocument::fromJson(json.toUtf8()).object(), &issues);
}

LocustWorkerOptions optionsFor(quint16 port, qint64 connectTimeoutMs = 20000)
{
    LocustWorkerOptions options;
    options.masterHost = QStringLiteral("127.0.0.1");
    options.masterPort = port;
    options.connectTimeoutMs = connectTimeoutMs;
    options.runner.threads = 1;
    options.profilePath = QStringLiteral("test.cicada.json");
    return options;
}

QVariantMap spawnData(double timestamp, const QVariantMap &classes, const QVariant &host = {})
{
    return {{QStringLiteral("timestamp"), timestamp},
            {QStringLiteral("user_classes_count"), classes},
            {QStringLiteral("host"), host},
            {QStringLiteral("stop_timeout"), QVariant()},
            {QStringLiteral("parsed_options"), QVariantMap{{QStringLiteral("headless"), false}}}};
}

qint64 reportedRequests(const QList<FakeLocustMaster::Received> &messages)
{
    qint64 n = 0;
    for (const auto &r : messages)
        if (r.message.type == QLatin1String("stats"))
            n += r.message.data.toMap()
                     .value(QStringLiteral("stats_total"))
                     .toMap()
                     .value(QStringLiteral("num_requests"))
                     .toLongLong();
    return n;
}

/** Starts @p worker and answers its first client_ready; returns the worker's identity. */
QByteArray registerWorker(LocustWorker &worker, FakeLocustMaster &master, int index = 0)
{
    QString error;
    if (!worker.start(&error)) {
        qWarning() << error;
        return {};
    }
    const auto ready = master.waitFor(QStringLiteral("client_ready"), kRegisterTimeoutMs);
    if (!ready)
        return {};
    master.send(ready->identity, QStringLiteral("ack"),
                QVariantMap{{QStringLiteral("index"), index}});
    return master.waitFor(QStringLiteral("heartbeat"), kRegisterTimeoutMs) ? ready->identity
                                                                           : QByteArray();
}

} // namespace

class LocustWorkerTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void registersWithMinusOneAndWaitsForAck();
    void heartbeatsCarryStateCpuAndMemory();
    void spawnStopQuitCyclesReportEveryRequestOnce();
    void staleSpawnsAreDiscarded();
    void unknownMessagesAndClassesAreTolerated();
    void reconnectKeepsTheRegistration();
    void masterRestartMeansRegisteringAgain();
    void givesUpWithoutAMaster();
    void shutdownTellsTheMaster();

private:
    DemoServer m_demo;
};

void LocustWorkerTest::initTestCase()
{
    m_demo.setPushInterval(0);
    QVERIFY(m_demo.listen(0));
}

void LocustWorkerTest::registersWithMinusOneAndWaitsForAck()
{
    FakeLocustMaster master;
    LocustWorker worker(demoProfile(m_demo), optionsFor(master.port()));
    QString error;
    QVERIFY2(worker.start(&error), qPrintable(error));
    const auto ready = master.waitFor(QStringLiteral("client_ready"));
    QVERIFY(ready);
    QCOMPARE(ready->message.data.toLongLong(), qint64(-1));
    QCOMPARE(ready->message.data.typeId(), QMetaType::LongLong);
    static const QRegularExpression nodeId(QStringLiteral("^[^_]+_[0-9a-f]{32}$"));
    QVERIFY2(nodeId.match(ready->message.nodeId).hasMatch(), qPrintable(ready->message.nodeId));
    QCOMPARE(QString::fromUtf8(ready->identity), ready->message.nodeId);
    QCOMPARE(worker.nodeId(), ready->message.nodeId);
    QCOMPARE(worker.state(), WorkerState::Connecting);

    // Nothing but client_ready before the ack (a 2.12 master's listener dies on a "spawning"
    // from an unknown worker), and client_ready again after 5 s.
    const auto early = master.collect(5600);
    QCOMPARE(master.historyTypes(),
             (QStringList{QStringLiteral("client_ready"), QStringLiteral("client_ready")}));
    QCOMPARE(early.size(), 1);

    master.send(ready->identity, QStringLiteral("ack"), QVariantMap{{QStringLiteral("index"), 7}});
    QVERIFY(master.waitFor(QStringLiteral("heartbeat")));
    QCOMPARE(worker.state(), WorkerState::Ready);
    QCOMPARE(worker.workerIndex(), 7);
    QVERIFY(master.waitFor(QStringLiteral("stats"), 4000));
}

void LocustWorkerTest::heartbeatsCarryStateCpuAndMemory()
{
    FakeLocustMaster master;
    LocustWorker worker(demoProfile(m_demo), optionsFor(master.port()));
    const QByteArray id = registerWorker(worker, master);
    QVERIFY(!id.isEmpty());
    const auto beats = master.collect(2300);
    int count = 0;
    for (const auto &r : beats) {
        if (r.message.type != QLatin1String("heartbeat"))
            continue;
        ++count;
        QCOMPARE(r.message.nodeId, worker.nodeId());
        const QVariantMap data = r.message.data.toMap();
        QCOMPARE(data.value(QStringLiteral("state")).toString(), QStringLiteral("ready"));
        QVERIFY(data.contains(QStringLiteral("current_cpu_usage")));
        QVERIFY(data.value(QStringLiteral("current_cpu_usage")).toDouble() >= 0);
        QVERIFY(data.value(QStringLiteral("current_memory_usage")).toLongLong() > 1000000);
    }
    QVERIFY2(count >= 2, qPrintable(QString::number(count)));

    master.send(id, QStringLiteral("spawn"), spawnData(1.0, {{QStringLiteral("ChatUser"), 1}}));
    QVERIFY(master.waitFor(QStringLiteral("spawning_complete")));
    const auto running = master.waitFor(QStringLiteral("heartbeat"), 2000);
    QVERIFY(running);
    QCOMPARE(running->message.data.toMap().value(QStringLiteral("state")).toString(),
             QStringLiteral("running"));
}

void LocustWorkerTest::spawnStopQuitCyclesReportEveryRequestOnce()
{
    FakeLocustMaster master;
    LocustWorker worker(demoProfile(m_demo), optionsFor(master.port()));
    QSignalSpy finished(&worker, &LocustWorker::finished);
    const QByteArray id = registerWorker(worker, master);
    QVERIFY(!id.isEmpty());

    double timestamp = 1795609985.25;
    for (int cycle = 0; cycle < 3; ++cycle) {
        const QVariantMap classes{{QStringLiteral("ChatUser"), 2 + cycle},
                                  {QStringLiteral("Browser"), 1}};
        master.send(id, QStringLiteral("spawn"), spawnData(timestamp, classes));
        timestamp += 0.25; // sub-second steps must still count as newer
        QVERIFY(master.waitFor(QStringLiteral("spawning")));
        const auto complete = master.waitFor(QStringLiteral("spawning_complete"));
        QVERIFY(complete);
        const QVariantMap data = complete->message.data.toMap();
        QCOMPARE(data.value(QStringLiteral("user_classes_count")).toMap(), classes);
        QCOMPARE(data.value(QStringLiteral("user_count")).toInt(), 3 + cycle);
        QCOMPARE(worker.state(), WorkerState::Running);

        // A report while running echoes the master's counts.
        const auto report = master.waitFor(QStringLiteral("stats"), 4000);
        QVERIFY(report);
        QCOMPARE(report->message.data.toMap().value(QStringLiteral("user_classes_count")).toMap(),
                 classes);

        master.send(id, QStringLiteral("stop"));
        QVERIFY(master.waitFor(QStringLiteral("client_ready"), 5000));
        // The final report of the test comes before client_stopped, then client_ready.
        const QStringList types = master.historyTypes();
        const qsizetype ready = types.lastIndexOf(QStringLiteral("client_ready"));
        QCOMPARE(types.at(ready - 1), QStringLiteral("client_stopped"));
        QCOMPARE(types.at(ready - 2), QStringLiteral("stats"));
        const QVariantMap last = master.history().at(ready - 2).message.data.toMap();
        QVERIFY(last.value(QStringLiteral("user_classes_count")).toMap().isEmpty());
        master.send(id, QStringLiteral("ack"), QVariantMap{{QStringLiteral("index"), 0}});
        QTRY_COMPARE(worker.state(), WorkerState::Ready);
    }

    master.send(id, QStringLiteral("spawn"),
                spawnData(timestamp, {{QStringLiteral("ChatUser"), 2}}));
    QVERIFY(master.waitFor(QStringLiteral("spawning_complete")));
    QTest::qWait(700);
    master.send(id, QStringLiteral("quit"));
    master.send(id, QStringLiteral("quit")); // 2.12 sends it from several shutdown paths
    QVERIFY(finished.wait(5000));
    const auto tail = master.collect(300);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().toInt(), 0);
    QCOMPARE(master.historyTypes().count(QStringLiteral("quit")), 1);
    QCOMPARE(master.historyTypes().constLast(), QStringLiteral("quit"));

    // Every request was reported exactly once: the stats deltas add up to the worker's totals.
    const qint64 reported = reportedRequests(master.history());
    QVERIFY(reported > 20);
    QCOMPARE(reported, worker.reported().total().numRequests());
    QCOMPARE(worker.unreportedRequests(), 0);
    QVERIFY(worker.reported().entry(QStringLiteral("WS send"), QStringLiteral("chat")));
    QVERIFY(worker.reported().entry(QStringLiteral("GET"), QStringLiteral("/api/items")));
}

void LocustWorkerTest::staleSpawnsAreDiscarded()
{
    FakeLocustMaster master;
    LocustWorker worker(demoProfile(m_demo), optionsFor(master.port()));
    const QByteArray id = registerWorker(worker, master);
    QVERIFY(!id.isEmpty());
    master.send(id, QStringLiteral("spawn"), spawnData(100.5, {{QStringLiteral("Browser"), 1}}));
    master.send(id, QStringLiteral("spawn"), spawnData(100.0, {{QStringLiteral("Browser"), 4}}));
    master.send(id, QStringLiteral("spawn"), spawnData(100.5, {{QStringLiteral("Browser"), 5}}));
    (void)master.collect(500);
    QCOMPARE(master.historyTypes().count(QStringLiteral("spawning")), 1);
    QCOMPARE(master.historyTypes().count(QStringLiteral("spawning_complete")), 1);
    master.send(id, QStringLiteral("spawn"), spawnData(100.75, {{QStringLiteral("Browser"), 2}}));
    const auto complete = master.waitFor(QStringLiteral("spawning_complete"));
    QVERIFY(complete);
    QCOMPARE(complete->message.data.toMap().value(QStringLiteral("user_count")).toInt(), 2);
}

void LocustWorkerTest::unknownMessagesAndClassesAreTolerated()
{
    FakeLocustMaster master;
    LocustWorker worker(demoProfile(m_demo), optionsFor(master.port()));
    QStringList log;
    connect(&worker, &LocustWorker::logMessage, this, [&log](const QString &line) { log << line; });
    const QByteArray id = registerWorker(worker, master);
    QVERIFY(!id.isEmpty());
    master.send(id, QStringLiteral("update_user_class"), QVariantMap{{QStringLiteral("x"), 1}});
    master.send(id, QStringLiteral("update_user_class"), QVariant());
    master.send(id, QStringLiteral("spawn"), spawnData(1.0, {{QStringLiteral("Dummy"), 4}}));
    const auto first = master.waitFor(QStringLiteral("spawning_complete"));
    QVERIFY(first);
    QCOMPARE(first->message.data.toMap().value(QStringLiteral("user_classes_count")).toMap(),
             (QVariantMap{{QStringLiteral("Dummy"), 4}}));
    master.send(id, QStringLiteral("spawn"), spawnData(2.0, {{QStringLiteral("Dummy"), 8}}));
    QVERIFY(master.waitFor(QStringLiteral("spawning_complete")));
    QCOMPARE(log.filter(QStringLiteral("'update_user_class'")).size(), 1);
    const QStringList warnings = log.filter(QStringLiteral("Dummy"));
    QCOMPARE(warnings.size(), 1);
    QVERIFY2(warnings.first().contains(QLatin1String("weights")), qPrintable(warnings.first()));
    // By weight (3:1), 8 users are 6 chat users and 2 browsers.
    QVERIFY2(log.constLast().contains(QLatin1String("Browser=2 ChatUser=6")),
             qPrintable(log.constLast()));
    QCOMPARE(worker.state(), WorkerState::Running);
}

void LocustWorkerTest::reconnectKeepsTheRegistration()
{
    FakeLocustMaster master;
    LocustWorker worker(demoProfile(m_demo), optionsFor(master.port()));
    const QByteArray id = registerWorker(worker, master);
    QVERIFY(!id.isEmpty());
    master.send(id, QStringLiteral("reconnect"));
    (void)master.collect(300);
    const auto beat = master.waitFor(QStringLiteral("heartbeat"), 3000);
    QVERIFY(beat);
    QCOMPARE(beat->identity, id);
    QCOMPARE(worker.state(), WorkerState::Ready);
    const QStringList types = master.historyTypes();
    QCOMPARE(types.count(QStringLiteral("client_ready")), 1); // Locust's worker does not resend it
}

void LocustWorkerTest::masterRestartMeansRegisteringAgain()
{
    auto master = std::make_unique<FakeLocustMaster>();
    const quint16 port = master->port();
    LocustWorker worker(demoProfile(m_demo), optionsFor(port));
    QStringList log;
    connect(&worker, &LocustWorker::logMessage, this, [&log](const QString &line) { log << line; });
    const QByteArray id = registerWorker(worker, *master);
    QVERIFY(!id.isEmpty());
    master->send(id, QStringLiteral("spawn"), spawnData(5.0, {{QStringLiteral("ChatUser"), 2}}));
    QVERIFY(master->waitFor(QStringLiteral("spawning_complete")));
    QTest::qWait(300);

    master.reset(); // the master goes away...
    QTRY_COMPARE_WITH_TIMEOUT(worker.state(), WorkerState::Connecting, 5000);
    QVERIFY(!log.filter(QStringLiteral("lost the connection")).isEmpty());
    master = std::make_unique<FakeLocustMaster>(port); // ...and comes back on the same port
    const auto ready = master->waitFor(QStringLiteral("client_ready"), 8000);
    QVERIFY(ready);
    QCOMPARE(ready->identity, id);
    master->send(id, QStringLiteral("ack"), QVariantMap{{QStringLiteral("index"), 0}});
    QTRY_COMPARE(worker.state(), WorkerState::Ready);
    // A new master's timeline starts over: an older timestamp than before is accepted.
    master->send(id, QStringLiteral("spawn"), spawnData(1.0, {{QStringLiteral("Browser"), 1}}));
    QVERIFY(master->waitFor(QStringLiteral("spawning_complete")));
}

void LocustWorkerTest::givesUpWithoutAMaster()
{
    quint16 port = 0;
    {
        FakeLocustMaster probe; // a port that was free a moment ago and has no listener now
        port = probe.port();
    }
    LocustWorker worker(demoProfile(m_demo), optionsFor(port, 1500));
    QStringList log;
    connect(&worker, &LocustWorker::logMessage, this, [&log](const QString &line) { log << line; });
    QSignalSpy finished(&worker, &LocustWorker::finished);
    QElapsedTimer clock;
    clock.start();
    QString error;
    QVERIFY(worker.start(&error));
    QVERIFY(finished.wait(6000));
    QCOMPARE(finished.first().first().toInt(), 2);
    QVERIFY(clock.elapsed() >= 1400);
    QVERIFY2(!log.filter(QStringLiteral("no Locust master answered")).isEmpty(),
             qPrintable(log.join(QLatin1Char('\n'))));
}

void LocustWorkerTest::shutdownTellsTheMaster()
{
    FakeLocustMaster master;
    LocustWorker worker(demoProfile(m_demo), optionsFor(master.port()));
    QSignalSpy finished(&worker, &LocustWorker::finished);
    const QByteArray id = registerWorker(worker, master);
    QVERIFY(!id.isEmpty());
    master.send(id, QStringLiteral("spawn"), spawnData(1.0, {{QStringLiteral("ChatUser"), 2}}));
    QVERIFY(master.waitFor(QStringLiteral("spawning_complete")));
    QTest::qWait(1200);
    worker.shutdown();
    worker.shutdown();
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().first().toInt(), 0);
    (void)master.collect(300);
    const QStringList types = master.historyTypes();
    QCOMPARE(types.constLast(), QStringLiteral("quit"));
    QCOMPARE(types.at(types.size() - 2), QStringLiteral("stats"));
    QCOMPARE(reportedRequests(master.history()), worker.reported().total().numRequests());
    QVERIFY(worker.reported().total().numRequests() > 0);
}

QTEST_GUILESS_MAIN(LocustWorkerTest)
#include "locustworkertest.moc"
