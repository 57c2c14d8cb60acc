// MatchKey: equal values give equal keys, different values different keys.

#include "engine/matchkey.h"
#include "engine/parsedmessage.h"

#include <QTest>

using namespace cicada;

class MatchKeyTest : public QObject
{
    Q_OBJECT

private slots:
    void keysOfTwoMessages_data();
    void keysOfTwoMessages();
    void unresolvedPointerHasNoKey_data();
    void unresolvedPointerHasNoKey();
    void keyIsCompactJsonJoinedByUnitSeparator();
};

void MatchKeyTest::keysOfTwoMessages_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<QStringList>("pointers");
    QTest::addColumn<bool>("equal");
    const QStringList id{QStringLiteral("/id")};
    QTest::newRow("same string") << QByteArray(R"({"id": "a1", "op": "x"})")
                                 << QByteArray(R"({"type": "reply", "id": "a1"})") << id << true;
    QTest::newRow("other string") << QByteArray(R"({"id": "a1"})") << QByteArray(R"({"id": "a2"})")
                                  << id << false;
    QTest::newRow("5 and 5.0") << QByteArray(R"({"id": 5})") << QByteArray(R"({"id": 5.0})") << id
                               << true;
    QTest::newRow("5 and 5e0") << QByteArray(R"({"id": 5})") << QByteArray(R"({"id": 5e0})") << id
                               << true;
    // The sent message's key comes from the text scanner, the reply's from the DOM (escapes).
    QTest::newRow("plain and escaped spelling of one string")
        << QByteArray(R"({"id": "a/b"})") << QByteArray(R"({"id": "a\/b", "m": "\u00e9"})") << id
        << true;
    QTest::newRow("scanned integer and parsed -0 differ")
        << QByteArray(R"({"id": 1})") << QByteArray(R"({"id": -0})") << id << false;
    QTest::newRow("string 5 and number 5")
        << QByteArray(R"({"id": "5"})") << QByteArray(R"({"id": 5})") << id << false;
    QTest::newRow("large integers differ")
        << QByteArray(R"({"id": 9007199254740993})") << QByteArray(R"({"id": 9007199254740992})")
        << id << false;
    QTest::newRow("objects by value, key order ignored")
        << QByteArray(R"({"id": {"a": 1, "b": 2}})") << QByteArray(R"({"id": {"b": 2, "a": 1.0}})")
        << id << true;
    QTest::newRow("nested pointer")
        << QByteArray(R"({"meta": {"requestId": "r-9"}})")
        << QByteArray(R"({"meta": {"requestId": "r-9"}, "type": "reply"})")
        << QStringList{QStringLiteral("/meta/requestId")} << true;
    QTest::newRow("type and id together")
        << QByteArray(R"({"type": "quote", "id": 3})")
        << QByteArray(R"({"id": 3, "type": "quote"})")
        << QStringList{QStringLiteral("/type"), QStringLiteral("/id")} << true;
    QTest::newRow("type differs, id same")
        << QByteArray(R"({"type": "quote", "id": 3})")
        << QByteArray(R"({"type": "trade", "id": 3})")
        << QStringList{QStringLiteral("/type"), QStringLiteral("/id")} << false;
    QTest::newRow("unit separator inside a value cannot forge a pair")
        << QByteArray("{\"a\": \"x\\u001f\\\"y\", \"b\": \"z\"}")
        << QByteArray("{\"a\": \"x\", \"b\": \"y\\u001f\\\"z\"}")
        << QStringList{QStringLiteral("/a"), QStringLiteral("/b")} << false;
}

void MatchKeyTest::keysOfTwoMessages()
{
    QFETCH(QByteArray, sent);
    QFETCH(QByteArray, reply);
    QFETCH(QStringList, pointers);
    QFETCH(bool, equal);
    ParsedMessage a(sent);
    ParsedMessage b(reply);
    const std::optional<QString> keyA = MatchKey::of(a, pointers);
    const std::optional<QString> keyB = MatchKey::of(b, pointers);
    QVERIFY(keyA.has_value());
    QVERIFY(keyB.has_value());
    QCOMPARE(*keyA == *keyB, equal);
}

void MatchKeyTest::unresolvedPointerHasNoKey_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QStringList>("pointers");
    QTest::newRow("missing field") << QByteArray(R"({"x": 1})") << QStringList{"/id"};
    QTest::newRow("one of two missing")
        << QByteArray(R"({"id": 1})") << QStringList{"/id", "/type"};
    QTest::newRow("not JSON") << QByteArray("id=1") << QStringList{"/id"};
    QTest::newRow("no pointers") << QByteArray(R"({"id": 1})") << QStringList{};
}

void MatchKeyTest::unresolvedPointerHasNoKey()
{
    QFETCH(QByteArray, message);
    QFETCH(QStringList, pointers);
    ParsedMessage m(message);
    QVERIFY(!MatchKey::of(m, pointers).has_value());
}

void MatchKeyTest::keyIsCompactJsonJoinedByUnitSeparator()
{
    ParsedMessage m(QByteArray(R"({"type": "q", "id": 12.0, "null": null})"));
    QCOMPARE(
        MatchKey::of(m, {QStringLiteral("/type"), QStringLiteral("/id"), QStringLiteral("/null")}),
        std::optional<QString>(QStringLiteral("\"q\"\x1f"
                                              "12\x1f"
                                              "null")));
}

QTEST_GUILESS_MAIN(MatchKeyTest)
#include "matchkeytest.moc"
