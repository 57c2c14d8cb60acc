// Cicada statistics in Locust's worker `stats` format: rounding, the 14-key StatsEntry maps, error
// keys, and a cross-check with Locust's own master-side merge (Debian's python3-locust).
#include "distributed/locuststatsencoder.h"
#include "distributed/locustmessage.h"
#include "distributed/msgpackreader.h"
#include "distributed/msgpackwriter.h"
#include "stats/statsshard.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <msgpack.hpp>

using namespace cicada;

namespace {

constexpr qint64 kT0Ms = 1795609990123; // an epoch time in ms

RequestOutcome outcome(const QString &type, const QString &name, qint64 us, qint64 atMs,
                       const QString &error = {}, qint64 bytes = 10)
{
    RequestOutcome o;
    o.type = type;
    o.name = name;
    o.responseTimeUs = us;
    o.timestampMs = atMs;
    o.error = error;
    o.contentLength = bytes;
    return o;
}

QByteArray report(const StatsDelta &delta, double startS, const QMap<QString, int> &users = {})
{
    return LocustMessage::encodeWith(
        QStringLiteral("stats"), QStringLiteral("vm_test"),
        [&](MsgpackWriter &w) { LocustStatsEncoder::writeReport(w, delta, startS, users); });
}

/** The data map of an encoded stats message, decoded generically. */
QVariantMap decodedData(const QByteArray &bytes)
{
    QString error;
    const auto message = LocustMessage::decode(bytes, &error);
    if (!message)
        qWarning() << error;
    return message ? message->data.toMap() : QVariantMap();
}

} // namespace

class LocustStatsEncoderTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundsResponseTimesLikeLocust_data();
    void roundsResponseTimesLikeLocust();
    void responseTimesComeFromHistogramBuckets();
    void entryHasLocustsFourteenKeysInMilliseconds();
    void emptyEntryHasNilMinAndTimestamp();
    void histogramAndPerSecondKeysAreIntegersOnTheWire();
    void reportCarriesTotalErrorsAndUserCounts();
    void messagesAreEntriesButNotInTheTotal();
    void errorKeysMatchLocustsCreateKey_data();
    void errorKeysMatchLocustsCreateKey();
    void locustMasterMergesOurReports();
};

void LocustStatsEncoderTest::roundsResponseTimesLikeLocust_data()
{
    QTest::addColumn<qint64>("us");
    QTest::addColumn<qint64>("ms");
    // locust-protocol.md §6; Python's round() is half-to-even.
    QTest::newRow("0") << qint64(0) << qint64(0);
    QTest::newRow("0.499 ms") << qint64(499) << qint64(0);
    QTest::newRow("0.5 ms half-even") << qint64(500) << qint64(0);
    QTest::newRow("1.5 ms half-even") << qint64(1500) << qint64(2);
    QTest::newRow("2.5 ms half-even") << qint64(2500) << qint64(2);
    QTest::newRow("42.7 ms") << qint64(42700) << qint64(43);
    QTest::newRow("99.4 ms") << qint64(99400) << qint64(99);
    QTest::newRow("99.5 ms half-even") << qint64(99500) << qint64(100);
    QTest::newRow("100 ms") << qint64(100000) << qint64(100);
    QTest::newRow("145 ms half-even") << qint64(145000) << qint64(140);
    QTest::newRow("147 ms") << qint64(147000) << qint64(150);
    QTest::newRow("155 ms half-even") << qint64(155000) << qint64(160);
    QTest::newRow("999 ms") << qint64(999000) << qint64(1000);
    QTest::newRow("3432 ms") << qint64(3432000) << qint64(3400);
    QTest::newRow("10 s") << qint64(10000000) << qint64(10000);
    QTest::newRow("12.5 s half-even") << qint64(12500000) << qint64(12000);
    QTest::newRow("58.76 s") << qint64(58760000) << qint64(59000);
}

void LocustStatsEncoderTest::roundsResponseTimesLikeLocust()
{
    QFETCH(qint64, us);
    QFETCH(qint64, ms);
    QCOMPARE(LocustStatsEncoder::roundedResponseTimeMs(us), ms);
}

void LocustStatsEncoderTest::responseTimesComeFromHistogramBuckets()
{
    Histogram h;
    h.recordN(10000, 3);  // 10 ms
    h.recordN(147000, 2); // 147 ms → 150
    h.record(152000);     // 152 ms → 150
    h.record(3432000);    // 3.432 s → 3400
    h.record(700);        // 0.7 ms → 1
    const QMap<qint64, qint64> rt = LocustStatsEncoder::responseTimes(h);
    const QMap<qint64, qint64> expected{{1, 1}, {10, 3}, {150, 3}, {3400, 1}};
    QCOMPARE(rt, expected);
}

void LocustStatsEncoderTest::entryHasLocustsFourteenKeysInMilliseconds()
{
    StatsEntry e(QStringLiteral("WS send"), QStringLiteral("chat"));
    e.record(outcome(QStringLiteral("WS send"), QStringLiteral("chat"), 1500, kT0Ms, {}, 100));
    e.record(outcome(QStringLiteral("WS send"), QStringLiteral("chat"), 147250, kT0Ms + 1000,
                     QStringLiteral("boom"), 50));
    MsgpackWriter w;
    LocustStatsEncoder::writeEntry(w, e, 1795609989.5);
    QVariant decoded;
    QString error;
    QVERIFY2(MsgpackReader::decode(w.data(), &decoded, &error), qPrintable(error));
    const QVariantMap m = decoded.toMap();
    QCOMPARE(m.size(), LocustStatsEncoder::kEntryKeyCount);
    QCOMPARE(m.value(QStringLiteral("name")).toString(), QStringLiteral("chat"));
    QCOMPARE(m.value(QStringLiteral("method")).toString(), QStringLiteral("WS send"));
    QCOMPARE(m.value(QStringLiteral("num_requests")).toLongLong(), 2);
    QCOMPARE(m.value(QStringLiteral("num_none_requests")).toLongLong(), 0);
    QCOMPARE(m.value(QStringLiteral("num_failures")).toLongLong(), 1);
    QCOMPARE(m.value(QStringLiteral("total_response_time")).toDouble(), 148.75);
    QCOMPARE(m.value(QStringLiteral("min_response_time")).toDouble(), 1.5);
    QCOMPARE(m.value(QStringLiteral("max_response_time")).toDouble(), 147.25);
    QCOMPARE(m.value(QStringLiteral("total_content_length")).toLongLong(), 150);
    QCOMPARE(m.value(QStringLiteral("start_time")).toDouble(), 1795609989.5);
    QCOMPARE(m.value(QStringLiteral("last_request_timestamp")).toDouble(),
             double(kT0Ms + 1000) / 1000.0);
    const QVariantMap rt = m.value(QStringLiteral("response_times")).toMap();
    QCOMPARE(rt.value(QStringLiteral("2")).toInt(), 1);   // 1.5 ms → 2 (half-even)
    QCOMPARE(rt.value(QStringLiteral("150")).toInt(), 1); // 147.25 ms → 150
    QCOMPARE(rt.size(), 2);
    const QVariantMap perSec = m.value(QStringLiteral("num_reqs_per_sec")).toMap();
    QCOMPARE(perSec.value(QString::number(kT0Ms / 1000)).toInt(), 1);
    QCOMPARE(perSec.value(QString::number(kT0Ms / 1000 + 1)).toInt(), 1);
    const QVariantMap failPerSec = m.value(QStringLiteral("num_fail_per_sec")).toMap();
    QCOMPARE(failPerSec.size(), 1);
    QCOMPARE(failPerSec.value(QString::number(kT0Ms / 1000 + 1)).toInt(), 1);
}

void LocustStatsEncoderTest::emptyEntryHasNilMinAndTimestamp()
{
    MsgpackWriter w;
    LocustStatsEncoder::writeEntry(w, StatsEntry(QString(), QStringLiteral("Aggregated")), 1.0);
    QVariant decoded;
    QString error;
    QVERIFY(MsgpackReader::decode(w.data(), &decoded, &error));
    const QVariantMap m = decoded.toMap();
    QCOMPARE(m.size(), LocustStatsEncoder::kEntryKeyCount);
    QVERIFY(m.contains(QStringLiteral("min_response_time")));
    QVERIFY(m.value(QStringLiteral("min_response_time")).isNull());
    QVERIFY(m.value(QStringLiteral("last_request_timestamp")).isNull());
    QCOMPARE(m.value(QStringLiteral("max_response_time")).toDouble(), 0.0);
    QCOMPARE(m.value(QStringLiteral("method")).toString(), QString());
}

void LocustStatsEncoderTest::histogramAndPerSecondKeysAreIntegersOnTheWire()
{
    StatsShard shard;
    shard.record(outcome(QStringLiteral("GET"), QStringLiteral("/x"), 12000, kT0Ms,
                         QStringLiteral("HTTP 500")));
    const QByteArray bytes = report(shard.takeDelta(), 1.0);
    const msgpack::object_handle handle =
        msgpack::unpack(bytes.constData(), std::size_t(bytes.size()));
    const msgpack::object &root = handle.get();
    QCOMPARE(root.type, msgpack::type::ARRAY);
    const msgpack::object &data = root.via.array.ptr[1];
    QCOMPARE(data.type, msgpack::type::MAP);
    int checkedMaps = 0;
    for (quint32 i = 0; i < data.via.map.size; ++i) {
        const msgpack::object &key = data.via.map.ptr[i].key;
        QCOMPARE(key.type, msgpack::type::STR); // never bin
        if (std::string(key.via.str.ptr, key.via.str.size) != "stats_total")
            continue;
        const msgpack::object &entry = data.via.map.ptr[i].val;
        for (quint32 j = 0; j < entry.via.map.size; ++j) {
            const msgpack::object &k = entry.via.map.ptr[j].key;
            QCOMPARE(k.type, msgpack::type::STR);
            const std::string name(k.via.str.ptr, k.via.str.size);
            if (name != "response_times" && name != "num_reqs_per_sec" &&
                name != "num_fail_per_sec")
                continue;
            const msgpack::object &counts = entry.via.map.ptr[j].val;
            QCOMPARE(counts.via.map.size, 1u);
            QCOMPARE(counts.via.map.ptr[0].key.type, msgpack::type::POSITIVE_INTEGER);
            ++checkedMaps;
        }
    }
    QCOMPARE(checkedMaps, 3);
}

void LocustStatsEncoderTest::reportCarriesTotalErrorsAndUserCounts()
{
    StatsShard shard;
    shard.record(outcome(QStringLiteral("GET"), QStringLiteral("/a"), 1000, kT0Ms));
    shard.record(outcome(QStringLiteral("GET"), QStringLiteral("/a"), 3000, kT0Ms,
                         QStringLiteral("HTTP 500")));
    shard.record(outcome(QStringLiteral("WS send"), QStringLiteral("chat"), 2000, kT0Ms));
    const StatsDelta delta = shard.takeDelta();
    const QVariantMap data = decodedData(
        report(delta, 5.0, {{QStringLiteral("ChatUser"), 3}, {QStringLiteral("Browser"), 1}}));
    QCOMPARE(data.size(), 5);
    QCOMPARE(data.value(QStringLiteral("stats")).toList().size(), 2);
    const QVariantMap total = data.value(QStringLiteral("stats_total")).toMap();
    QCOMPARE(total.value(QStringLiteral("name")).toString(), QStringLiteral("Aggregated"));
    QCOMPARE(total.value(QStringLiteral("method")).toString(), QString());
    QCOMPARE(total.value(QStringLiteral("num_requests")).toInt(), 3);
    QCOMPARE(total.value(QStringLiteral("num_failures")).toInt(), 1);
    QCOMPARE(total.value(QStringLiteral("total_response_time")).toDouble(), 6.0);
    const QVariantMap errors = data.value(QStringLiteral("errors")).toMap();
    QCOMPARE(errors.size(), 1);
    const QVariantMap error = errors.first().toMap();
    QCOMPARE(errors.firstKey(),
             LocustStatsEncoder::errorKey(
                 {QStringLiteral("GET"), QStringLiteral("/a"), QStringLiteral("HTTP 500")}));
    QCOMPARE(error.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
    QCOMPARE(error.value(QStringLiteral("name")).toString(), QStringLiteral("/a"));
    QCOMPARE(error.value(QStringLiteral("error")).toString(), QStringLiteral("HTTP 500"));
    QCOMPARE(error.value(QStringLiteral("occurrences")).toInt(), 1);
    const QVariantMap users = data.value(QStringLiteral("user_classes_count")).toMap();
    QCOMPARE(users.value(QStringLiteral("ChatUser")).toInt(), 3);
    QCOMPARE(data.value(QStringLiteral("user_count")).toInt(), 4);

    // An idle window: no rows, an all-zero total, still every key.
    const QVariantMap idle = decodedData(report(StatsDelta{}, 5.0));
    QCOMPARE(idle.value(QStringLiteral("stats")).toList().size(), 0);
    QCOMPARE(idle.value(QStringLiteral("stats_total"))
                 .toMap()
                 .value(QStringLiteral("num_requests"))
                 .toInt(),
             0);
    QVERIFY(idle.contains(QStringLiteral("errors")));
    QVERIFY(idle.contains(QStringLiteral("user_classes_count")));
}

void LocustStatsEncoderTest::messagesAreEntriesButNotInTheTotal()
{
    StatsShard shard;
    shard.record(outcome(QStringLiteral("WS send"), QStringLiteral("chat"), 2000, kT0Ms));
    shard.record(outcome(QStringLiteral("WS send"), QStringLiteral("chat"), 4000, kT0Ms,
                         QStringLiteral("timeout")));
    for (int i = 0; i < 6; ++i) {
        RequestOutcome push = outcome(QStringLiteral("WS recv"), QStringLiteral("price"), 0, kT0Ms,
                                      i == 0 ? QStringLiteral("lost: sequence gap") : QString());
        push.kind = RequestOutcome::Kind::Message;
        push.hasTime = false;
        shard.record(push);
    }
    const QVariantMap data = decodedData(report(shard.takeDelta(), 5.0));
    const QVariantList rows = data.value(QStringLiteral("stats")).toList();
    QCOMPARE(rows.size(), 2);
    QVariantMap prices;
    for (const QVariant &row : rows)
        if (row.toMap().value(QStringLiteral("method")).toString() == QStringLiteral("WS recv"))
            prices = row.toMap();
    QCOMPARE(prices.value(QStringLiteral("num_requests")).toInt(), 6);
    QCOMPARE(prices.value(QStringLiteral("num_failures")).toInt(), 1);
    // Untimed pushes are not zero-millisecond requests on the wire either.
    QVERIFY(prices.value(QStringLiteral("response_times")).toMap().isEmpty());
    const QVariantMap total = data.value(QStringLiteral("stats_total")).toMap();
    QCOMPARE(total.value(QStringLiteral("num_requests")).toInt(), 2);
    QCOMPARE(total.value(QStringLiteral("num_failures")).toInt(), 1);
    QCOMPARE(total.value(QStringLiteral("total_content_length")).toInt(), 20);
    QCOMPARE(total.value(QStringLiteral("response_times")).toMap().size(), 2);
    QCOMPARE(data.value(QStringLiteral("errors")).toMap().size(), 2);
}

void LocustStatsEncoderTest::errorKeysMatchLocustsCreateKey_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("key");
    // Expected values printed by python3-locust 2.12.1: StatsError.create_key(method, name, error).
    QTest::newRow("plain")
        << QStringLiteral("GET") << QStringLiteral("/api/items") << QStringLiteral("HTTP 500")
        << QStringLiteral("7f5db76d4eca9fffe3acf2f33755b3ba0578ee9d792bd748fd7bda77b4bbd0ef");
    QTest::newRow("single quotes")
        << QStringLiteral("WS send") << QStringLiteral("chat")
        << QStringLiteral("No reply with matching 'id' within 5000 ms")
        << QStringLiteral("df91075becbee6449c738b091aad7b89170c448ba25280bc73d8e5918c07af8c");
    QTest::newRow("both quotes, backslash, newline")
        << QStringLiteral("X") << QStringLiteral("y") << QStringLiteral("a\"b'c\\d\nz")
        << QStringLiteral("30e9d50741953c25a6c9c9e58393326a8949357fb2bb61364e9c6cbfbf3c2ae8");
}

void LocustStatsEncoderTest::errorKeysMatchLocustsCreateKey()
{
    QFETCH(QString, method);
    QFETCH(QString, name);
    QFETCH(QString, error);
    QFETCH(QString, key);
    QCOMPARE(LocustStatsEncoder::errorKey({method, name, error}), key);
}

void LocustStatsEncoderTest::locustMasterMergesOurReports()
{
    // Two report windows, as a worker sends them 3 s apart; Locust's own master-side code
    // (stats.setup_distributed_stats_event_listeners) merges them.
    StatsShard shard;
    const QString chat = QStringLiteral("chat");
    const QString send = QStringLiteral("WS send");
    qint64 sumUs = 0;
    for (int i = 0; i < 40; ++i) {
        const qint64 us = 1000 + i * 2500; // 1 .. 98.5 ms
        sumUs += us;
        shard.record(outcome(send, chat, us, kT0Ms + i * 50));
    }
    shard.record(outcome(QStringLiteral("GET"), QStringLiteral("/api/items"), 147000, kT0Ms,
                         QStringLiteral("HTTP 500"), 0));
    const StatsDelta first = shard.takeDelta();
    shard.record(outcome(send, chat, 3432000, kT0Ms + 3000));
    sumUs += 3432000;
    shard.record(outcome(QStringLiteral("GET"), QStringLiteral("/api/items"), 20000, kT0Ms + 3000,
                         QStringLiteral("HTTP 500"), 0));
    const StatsDelta second = shard.takeDelta();

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString a = dir.filePath(QStringLiteral("a.msgpack"));
    const QString b = dir.filePath(QStringLiteral("b.msgpack"));
    for (const auto &[path, bytes] : {std::pair{a, report(first, kT0Ms / 1000.0 - 1)},
                                      std::pair{b, report(second, kT0Ms / 1000.0 + 2)}}) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }
    const QString script = QStringLiteral(R"PY(
import json, sys, msgpack
from locust.event import Events
from locust.stats import RequestStats, StatsError, setup_distributed_stats_event_listeners
events = Events()
stats = RequestStats()
setup_distributed_stats_event_listeners(events, stats)
int_keys = True
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        msg = msgpack.unpackb(f.read(), raw=False, strict_map_key=False)
    assert msg[0] == "stats" and msg[2] == "vm_test", msg[:1]
    for e in msg[1]["stats"] + [msg[1]["stats_total"]]:
        int_keys = int_keys and all(type(k) is int for k in e["response_times"])
    events.worker_report.fire(client_id=msg[2], data=msg[1])
def entry(e):
    return {"n": e.num_requests, "f": e.num_failures, "avg": e.avg_response_time,
            "min": e.min_response_time, "max": e.max_response_time,
            "median": e.median_response_time, "p99": e.get_response_time_percentile(0.99),
            "rt": {str(k): v for k, v in e.response_times.items()}}
out = {"entries": {e.method + " " + e.name: entry(e) for e in stats.entries.values()},
       "total": entry(stats.total), "int_keys": int_keys,
       "errors": [{"key": k, "locust_key": StatsError.create_key(e.method, e.name, e.error),
                   "occurrences": e.occurrences, "error": e.error}
                  for k, e in stats.errors.items()]}
print(json.dumps(out))
)PY");
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, a, b});
    QVERIFY2(python.waitForFinished(30000), "python3 did not finish");
    const QByteArray err = python.readAllStandardError();
    QVERIFY2(python.exitCode() == 0,
             qPrintable(QStringLiteral("python3-locust needed (scripts/setup.sh installs it): ") +
                        QString::fromUtf8(err)));
    const QJsonObject out = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
    QVERIFY(out.value(QStringLiteral("int_keys")).toBool());

    const QJsonObject chatRow = out.value(QStringLiteral("entries"))
                                    .toObject()
                                    .value(QStringLiteral("WS send chat"))
                                    .toObject();
    QCOMPARE(chatRow.value(QStringLiteral("n")).toInt(), 41);
    QCOMPARE(chatRow.value(QStringLiteral("f")).toInt(), 0);
    QCOMPARE(chatRow.value(QStringLiteral("min")).toDouble(), 1.0);
    QCOMPARE(chatRow.value(QStringLiteral("max")).toDouble(), 3432.0);
    QVERIFY(qAbs(chatRow.value(QStringLiteral("avg")).toDouble() - double(sumUs) / 1000.0 / 41) <
            1e-9);
    QCOMPARE(chatRow.value(QStringLiteral("p99")).toInt(), 3400); // Locust's bucket
    // Locust's median: the 21st of 41 values, 51 ms (1 + 20 × 2.5 ms) → bucket 51.
    QCOMPARE(chatRow.value(QStringLiteral("median")).toInt(), 51);

    const QJsonObject total = out.value(QStringLiteral("total")).toObject();
    QCOMPARE(total.value(QStringLiteral("n")).toInt(), 43);
    QCOMPARE(total.value(QStringLiteral("f")).toInt(), 2);

    // Equal keys in both windows: the master adds the occurrences into one row.
    const QJsonArray errors = out.value(QStringLiteral("errors")).toArray();
    QCOMPARE(errors.size(), 1);
    const QJsonObject e = errors.first().toObject();
    QCOMPARE(e.value(QStringLiteral("occurrences")).toInt(), 2);
    QCOMPARE(e.value(QStringLiteral("key")).toString(),
             e.value(QStringLiteral("locust_key")).toString());
    QCOMPARE(e.value(QStringLiteral("error")).toString(), QStringLiteral("HTTP 500"));
}

QTEST_GUILESS_MAIN(LocustStatsEncoderTest)
#include "locuststatsencodertest.moc"
