// msgpack encoding of Locust messages: byte-exact against locust-protocol.md §2, and generic
// decoding of what a master sends.
#include "distributed/locustmessage.h"
#include "distributed/msgpackreader.h"
#include "distributed/msgpackwriter.h"

#include <QTest>

using namespace cicada;

class MsgpackTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodesProtocolExamplesByteForByte_data();
    void encodesProtocolExamplesByteForByte();
    void stringsAreStrNeverBin();
    void variantRoundTrips();
    void integerMapKeysDecodeAsText();
    void decodesMessage();
    void rejectsMalformedInput_data();
    void rejectsMalformedInput();
};

void MsgpackTest::encodesProtocolExamplesByteForByte_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QVariant>("data");
    QTest::addColumn<QByteArray>("hex");
    // locust-protocol.md §2, byte-level examples.
    QTest::newRow("client_ready") << QStringLiteral("client_ready") << QVariant(-1)
                                  << QByteArray("93ac636c69656e745f7265616479ffa3685f31");
    QTest::newRow("ack") << QStringLiteral("ack")
                         << QVariant(QVariantMap{{QStringLiteral("index"), 0}})
                         << QByteArray("93a361636b81a5696e64657800a3685f31");
    QTest::newRow("stop") << QStringLiteral("stop") << QVariant()
                          << QByteArray("93a473746f70c0a3685f31");
}

void MsgpackTest::encodesProtocolExamplesByteForByte()
{
    QFETCH(QString, type);
    QFETCH(QVariant, data);
    QFETCH(QByteArray, hex);
    QCOMPARE(LocustMessage::encode(type, data, QStringLiteral("h_1")).toHex(), hex);
}

void MsgpackTest::stringsAreStrNeverBin()
{
    MsgpackWriter w;
    w.variant(QByteArray("state"));
    // 0xa5 = fixstr of 5 bytes (a bin would start with 0xc4).
    QCOMPARE(w.data().toHex(), QByteArray("a5") + QByteArray("state").toHex());
    MsgpackWriter longer;
    longer.string(QString(40, QLatin1Char('x')));
    QCOMPARE(quint8(longer.data().at(0)), quint8(0xd9)); // str 8
}

void MsgpackTest::variantRoundTrips()
{
    const QVariantMap in{
        {QStringLiteral("state"), QStringLiteral("running")},
        {QStringLiteral("current_cpu_usage"), 12.5},
        {QStringLiteral("current_memory_usage"), qint64(123456789012)},
        {QStringLiteral("flags"), QVariantList{true, false, QVariant(), -7, QStringLiteral("é")}},
    };
    QVariant out;
    QString error;
    QVERIFY2(MsgpackReader::decode(
                 LocustMessage::encode(QStringLiteral("heartbeat"), in, QStringLiteral("n")), &out,
                 &error),
             qPrintable(error));
    const QVariantList parts = out.toList();
    QCOMPARE(parts.size(), 3);
    const QVariantMap back = parts[1].toMap();
    QCOMPARE(back.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
    QCOMPARE(back.value(QStringLiteral("current_cpu_usage")).toDouble(), 12.5);
    QCOMPARE(back.value(QStringLiteral("current_memory_usage")).toLongLong(), qint64(123456789012));
    const QVariantList flags = back.value(QStringLiteral("flags")).toList();
    QCOMPARE(flags.size(), 5);
    QCOMPARE(flags[0].toBool(), true);
    QCOMPARE(flags[1].toBool(), false);
    QVERIFY(flags[2].isNull());
    QCOMPARE(flags[3].toLongLong(), -7);
    QCOMPARE(flags[4].toString(), QStringLiteral("é"));
}

void MsgpackTest::integerMapKeysDecodeAsText()
{
    MsgpackWriter w;
    w.beginMap(2);
    w.integer(150);
    w.integer(3);
    w.integer(1795609990);
    w.integer(-2);
    QVariant out;
    QString error;
    QVERIFY(MsgpackReader::decode(w.data(), &out, &error));
    const QVariantMap map = out.toMap();
    QCOMPARE(map.value(QStringLiteral("150")).toInt(), 3);
    QCOMPARE(map.value(QStringLiteral("1795609990")).toInt(), -2);
}

void MsgpackTest::decodesMessage()
{
    // A spawn as the master sends it: a float timestamp and nested options.
    const QVariantMap spawn{
        {QStringLiteral("timestamp"), 1795609985.45},
        {QStringLiteral("user_classes_count"),
         QVariantMap{{QStringLiteral("ChatUser"), 6}, {QStringLiteral("Browser"), 2}}},
        {QStringLiteral("host"), QVariant()},
        {QStringLiteral("stop_timeout"), QVariant()},
        {QStringLiteral("parsed_options"),
         QVariantMap{{QStringLiteral("headless"), true}, {QStringLiteral("tags"), QVariantList{}}}},
    };
    QString error;
    const auto message = LocustMessage::decode(
        LocustMessage::encode(QStringLiteral("spawn"), spawn, QStringLiteral("vm_1")), &error);
    QVERIFY2(message, qPrintable(error));
    QCOMPARE(message->type, QStringLiteral("spawn"));
    QCOMPARE(message->nodeId, QStringLiteral("vm_1"));
    const QVariantMap data = message->data.toMap();
    QCOMPARE(data.value(QStringLiteral("timestamp")).toDouble(), 1795609985.45);
    QCOMPARE(data.value(QStringLiteral("user_classes_count"))
                 .toMap()
                 .value(QStringLiteral("ChatUser"))
                 .toInt(),
             6);
    QVERIFY(data.value(QStringLiteral("host")).isNull());
}

void MsgpackTest::rejectsMalformedInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("truncated array") << QByteArray::fromHex("93a3616263");
    QTest::newRow("trailing bytes") << QByteArray::fromHex("93a3616263c0a1780000");
    QTest::newRow("not an array") << QByteArray::fromHex("a3616263");
    QTest::newRow("two elements") << QByteArray::fromHex("92a3616263c0");
    QTest::newRow("type not a string") << QByteArray::fromHex("9301c0a178");
    QTest::newRow("extension type") << QByteArray::fromHex("93a3616263d40100a178");
}

void MsgpackTest::rejectsMalformedInput()
{
    QFETCH(QByteArray, bytes);
    QString error;
    QVERIFY(!LocustMessage::decode(bytes, &error));
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(MsgpackTest)
#include "msgpacktest.moc"
