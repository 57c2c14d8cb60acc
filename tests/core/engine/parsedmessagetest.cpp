// ParsedMessage: lazy JSON parse and UTF-8 decode of a body or WebSocket message.

#include "engine/parsedmessage.h"

#include <QTest>

using namespace cicada;

class ParsedMessageTest : public QObject
{
    Q_OBJECT

private slots:
    void isJson_data();
    void isJson();
    void valueResolvesPointers();
    void valueOfNonJsonIsUndefined();
    void textIsUtf8Decoded();
    void bytesAndBinaryFlagAreKept();
};

void ParsedMessageTest::isJson_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("binary");
    QTest::addColumn<bool>("json");
    QTest::newRow("object") << QByteArray(R"({"id": 1})") << false << true;
    QTest::newRow("array") << QByteArray("[1, 2]") << false << true;
    QTest::newRow("empty object") << QByteArray("{}") << false << true;
    QTest::newRow("whitespace around") << QByteArray(" \n{\"a\":1}\n") << false << true;
    QTest::newRow("scalar number") << QByteArray("5") << false << false;
    QTest::newRow("scalar string") << QByteArray("\"x\"") << false << false;
    QTest::newRow("plain text") << QByteArray("hello") << false << false;
    QTest::newRow("truncated") << QByteArray(R"({"id": )") << false << false;
    QTest::newRow("trailing garbage") << QByteArray(R"({"id": 1} x)") << false << false;
    QTest::newRow("empty") << QByteArray() << false << false;
    QTest::newRow("binary frame with JSON bytes") << QByteArray(R"({"id": 1})") << true << false;
}

void ParsedMessageTest::isJson()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, binary);
    QFETCH(bool, json);
    ParsedMessage m(bytes, binary);
    QCOMPARE(m.isJson(), json);
    QCOMPARE(m.isJson(), json); // cached answer is the same
}

void ParsedMessageTest::valueResolvesPointers()
{
    ParsedMessage m(QByteArray(R"({"meta": {"requestId": "r-7"}, "n": 5, "list": [true]})"));
    QCOMPARE(m.value(u"/meta/requestId"), QJsonValue(QStringLiteral("r-7")));
    QCOMPARE(m.value(u"/n").toInteger(), 5);
    QCOMPARE(m.value(u"/list/0"), QJsonValue(true));
    QVERIFY(m.value(u"/meta/nope").isUndefined());
    QVERIFY(m.value(u"").isObject());
}

void ParsedMessageTest::valueOfNonJsonIsUndefined()
{
    ParsedMessage text(QByteArray("not json"));
    QVERIFY(text.value(u"").isUndefined());
    QVERIFY(text.value(u"/a").isUndefined());
    ParsedMessage binary(QByteArray(R"({"a": 1})"), true);
    QVERIFY(binary.value(u"/a").isUndefined());
}

void ParsedMessageTest::textIsUtf8Decoded()
{
    const QString expected = QStringLiteral("h\u00e9llo \u20ac \U0001F600");
    ParsedMessage m(expected.toUtf8());
    QCOMPARE(m.text(), expected);
    QCOMPARE(m.text().size(), expected.size());
    QVERIFY(m.bytes().size() > m.text().size()); // bytes are bytes, not UTF-16 units
}

void ParsedMessageTest::bytesAndBinaryFlagAreKept()
{
    const QByteArray raw("\x00\x01\xff", 3);
    ParsedMessage m(raw, true);
    QCOMPARE(m.bytes(), raw);
    QVERIFY(m.isBinary());
    QVERIFY(!ParsedMessage(raw).isBinary());
}

QTEST_GUILESS_MAIN(ParsedMessageTest)
#include "parsedmessagetest.moc"
