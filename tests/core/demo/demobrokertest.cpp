#include "demo/demobroker.h"
#include "demo/demosubscription.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace cicada;

class DemoBrokerTest : public QObject
{
    Q_OBJECT

private slots:
    void replyTo_data();
    void replyTo();
    void replyKeepsTheIdOfAnyJsonType_data();
    void replyKeepsTheIdOfAnyJsonType();
    void settingsAreClamped();
    void nestedReplyMovesTheIdUnderMeta();
    void pushMessageCarriesTopicSeqTimestampAndPrice();
};

void DemoBrokerTest::nestedReplyMovesTheIdUnderMeta()
{
    QCOMPARE(
        DemoBroker::replyTo(QStringLiteral(R"({"id":5,"nested":true})"), 1000),
        QStringLiteral(
            R"({"echo":{"id":5,"nested":true},"meta":{"requestId":5},"ts":1000,"type":"reply"})"));
}

void DemoBrokerTest::pushMessageCarriesTopicSeqTimestampAndPrice()
{
    // 2026-11-29T01:16:10.123Z
    const qint64 epochMs = 1'795'914'970'123;
    const QJsonObject epoch =
        QJsonDocument::fromJson(
            DemoSubscription::pushMessage(QStringLiteral("px"), 3, epochMs, false).toUtf8())
            .object();
    QCOMPARE(epoch.value(QLatin1String("type")).toString(), QStringLiteral("px"));
    QCOMPARE(epoch.value(QLatin1String("seq")).toInteger(), qint64(3));
    QCOMPARE(epoch.value(QLatin1String("ts")).toInteger(), epochMs);
    QVERIFY(epoch.value(QLatin1String("price")).isDouble());
    const QJsonObject iso =
        QJsonDocument::fromJson(
            DemoSubscription::pushMessage(QStringLiteral("px"), 3, epochMs, true).toUtf8())
            .object();
    QCOMPARE(iso.value(QLatin1String("ts")).toString(), QStringLiteral("2026-11-29T01:16:10.123Z"));
    QCOMPARE(iso.value(QLatin1String("price")), epoch.value(QLatin1String("price")));
}

void DemoBrokerTest::replyTo_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("expected");

    QTest::newRow("object without id") << R"({"type":"x"})"
                                       << R"({"type":"ack"})";
    QTest::newRow("plain text") << "hello"
                                << "hello";
    QTest::newRow("broken json") << R"({"id":1)"
                                 << R"({"id":1)";
    QTest::newRow("array") << "[1,2]"
                           << "[1,2]";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("id with type")
        << R"({"id":7,"type":"chat"})"
        << R"({"echo":{"id":7,"type":"chat"},"id":7,"ts":1000,"type":"chat.reply"})";
    QTest::newRow("id without type") << R"(  {"id":"a"})"
                                     << R"({"echo":{"id":"a"},"id":"a","ts":1000,"type":"reply"})";
}

void DemoBrokerTest::replyTo()
{
    QFETCH(QString, message);
    QFETCH(QString, expected);
    QCOMPARE(DemoBroker::replyTo(message, 1000), expected);
}

void DemoBrokerTest::replyKeepsTheIdOfAnyJsonType_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("integer") << "12345678901";
    QTest::newRow("string") << R"("req-1")";
    QTest::newRow("null") << "null";
    QTest::newRow("object") << R"({"a":[1,2]})";
    QTest::newRow("double") << "1.5";
}

void DemoBrokerTest::replyKeepsTheIdOfAnyJsonType()
{
    QFETCH(QString, id);
    const QString message = QStringLiteral(R"({"id":%1})").arg(id);
    const QJsonObject reply =
        QJsonDocument::fromJson(DemoBroker::replyTo(message, 1).toUtf8()).object();
    const QJsonObject sent = QJsonDocument::fromJson(message.toUtf8()).object();
    QVERIFY(reply.contains(QLatin1String("id")));
    QCOMPARE(reply.value(QLatin1String("id")), sent.value(QLatin1String("id")));
}

void DemoBrokerTest::settingsAreClamped()
{
    DemoBroker broker;
    QCOMPARE(broker.pushIntervalMs(), DemoBroker::kDefaultPushIntervalMs);
    broker.setGapEvery(1); // would skip every seq
    QCOMPARE(broker.gapEvery(), qint64(0));
    broker.setGapEvery(4);
    QCOMPARE(broker.gapEvery(), qint64(4));
    broker.setPushInterval(-5);
    QCOMPARE(broker.pushIntervalMs(), qint64(0));
    broker.setLatency(50, 10);
    QCOMPARE(broker.latency().minMs, qint64(10));
    QCOMPARE(broker.latency().maxMs, qint64(50));
    for (int i = 0; i < 100; ++i) {
        const qint64 delay = broker.latency().pick();
        QVERIFY(delay >= 10 && delay <= 50);
    }
}

QTEST_GUILESS_MAIN(DemoBrokerTest)
#include "demobrokertest.moc"
