// ConditionCheck: checks and awaits on messages, and the sentences that name a failed check.

#include "engine/conditioncheck.h"
#include "engine/parsedmessage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace cicada;

Q_DECLARE_METATYPE(cicada::Condition)

namespace {

Condition cond(const QString &pointer, Condition::Op op, const QJsonValue &value = {})
{
    Condition c;
    c.pointer = pointer;
    c.op = op;
    c.value = value;
    return c;
}

QJsonValue json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray("[") + text + "]").array().at(0);
}

const QByteArray kReply = R"({"status": "ok", "id": 42, "ratio": 0.5, "name": "cicada-test",
    "items": [1, 2], "meta": {"requestId": "r-1"}, "empty": null, "n": "5"})";

using Op = Condition::Op;

} // namespace

class ConditionCheckTest : public QObject
{
    Q_OBJECT

private slots:
    void holds_data();
    void holds();
    void describe_data();
    void describe();
    void allHoldStopsAtTheFirstFailure();
    void longValuesAreShortenedInMessages();
};

void ConditionCheckTest::holds_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<Condition>("condition");
    QTest::addColumn<bool>("expected");
    QTest::addColumn<QString>("why");

    QTest::newRow("equals string")
        << kReply << cond("/status", Op::Equals, json("\"ok\"")) << true << "";
    QTest::newRow("equals string fails")
        << kReply << cond("/status", Op::Equals, json("\"error\"")) << false
        << R"(check /status equals "error" failed: got "ok")";
    QTest::newRow("equals number 42 == 42.0")
        << kReply << cond("/id", Op::Equals, json("42.0")) << true << "";
    QTest::newRow("equals number vs string differ")
        << kReply << cond("/n", Op::Equals, json("5")) << false
        << R"(check /n equals 5 failed: got "5")";
    QTest::newRow("equals fraction")
        << kReply << cond("/ratio", Op::Equals, json("0.5")) << true << "";
    QTest::newRow("equals array") << kReply << cond("/items", Op::Equals, json("[1, 2.0]")) << true
                                  << "";
    QTest::newRow("equals object")
        << kReply << cond("/meta", Op::Equals, json(R"({"requestId": "r-1"})")) << true << "";
    QTest::newRow("equals null") << kReply << cond("/empty", Op::Equals, json("null")) << true
                                 << "";
    QTest::newRow("equals missing") << kReply << cond("/nope", Op::Equals, json("1")) << false
                                    << "check /nope equals 1 failed: /nope not found";
    QTest::newRow("equals on non-JSON")
        << QByteArray("plain") << cond("/status", Op::Equals, json("\"ok\"")) << false
        << R"(check /status equals "ok" failed: the message is not JSON)";
    QTest::newRow("equals whole text")
        << QByteArray("pong") << cond("", Op::Equals, json("\"pong\"")) << true << "";

    QTest::newRow("contains at pointer")
        << kReply << cond("/name", Op::Contains, json("\"ada-t\"")) << true << "";
    QTest::newRow("contains at pointer fails")
        << kReply << cond("/name", Op::Contains, json("\"xyz\"")) << false
        << R"(check /name contains "xyz" failed: got "cicada-test")";
    QTest::newRow("contains on a number fails")
        << kReply << cond("/id", Op::Contains, json("\"4\"")) << false
        << R"(check /id contains "4" failed: got 42, not a string)";
    QTest::newRow("contains in body")
        << QByteArray("hello world") << cond("", Op::Contains, json("\"lo wo\"")) << true << "";
    QTest::newRow("contains in body fails")
        << QByteArray("hello") << cond("", Op::Contains, json("\"bye\"")) << false
        << R"(check body contains "bye" failed: not found in the body)";

    QTest::newRow("exists") << kReply << cond("/meta/requestId", Op::Exists) << true << "";
    QTest::newRow("exists null") << kReply << cond("/empty", Op::Exists) << true << "";
    QTest::newRow("exists fails") << kReply << cond("/meta/nope", Op::Exists) << false
                                  << "check /meta/nope exists failed: not found";
    QTest::newRow("exists on non-JSON") << QByteArray("x") << cond("/a", Op::Exists) << false
                                        << "check /a exists failed: the message is not JSON";
    QTest::newRow("not exists") << kReply << cond("/error", Op::NotExists) << true << "";
    QTest::newRow("not exists fails") << kReply << cond("/status", Op::NotExists) << false
                                      << R"(check /status does not exist failed: got "ok")";

    QTest::newRow("regex at pointer")
        << kReply << cond("/name", Op::Regex, json(R"("^cic.*test$")")) << true << "";
    QTest::newRow("regex on a number uses its JSON")
        << kReply << cond("/id", Op::Regex, json(R"("^[0-9]+$")")) << true << "";
    QTest::newRow("regex fails") << kReply << cond("/status", Op::Regex, json(R"("^err")")) << false
                                 << R"(check /status matches regex "^err" failed: got "ok")";
    QTest::newRow("regex on body")
        << QByteArray("order=123") << cond("", Op::Regex, json(R"("order=\\d+")")) << true << "";
    QTest::newRow("regex on body fails")
        << QByteArray("none") << cond("", Op::Regex, json(R"("order=\\d+")")) << false
        << R"(check body matches regex "order=\\d+" failed: no match in the body)";
    QTest::newRow("regex missing pointer")
        << kReply << cond("/nope", Op::Regex, json(R"("x")")) << false
        << R"(check /nope matches regex "x" failed: /nope not found)";
    QTest::newRow("invalid regex")
        << kReply << cond("/status", Op::Regex, json("\"(\"")) << false
        << "check /status matches regex \"(\" failed: invalid regex: missing closing parenthesis";
}

void ConditionCheckTest::holds()
{
    QFETCH(QByteArray, message);
    QFETCH(Condition, condition);
    QFETCH(bool, expected);
    QFETCH(QString, why);
    ParsedMessage m(message);
    QString actualWhy;
    QCOMPARE(ConditionCheck::holds(condition, m, &actualWhy), expected);
    QCOMPARE(actualWhy, why);
    QCOMPARE(ConditionCheck::holds(condition, m, nullptr), expected);
}

void ConditionCheckTest::describe_data()
{
    QTest::addColumn<Condition>("condition");
    QTest::addColumn<QString>("text");
    QTest::newRow("equals") << cond("/status", Op::Equals, json("\"ok\""))
                            << R"(/status equals "ok")";
    QTest::newRow("equals object") << cond("/m", Op::Equals, json(R"({"b": 1, "a": [true]})"))
                                   << R"(/m equals {"a":[true],"b":1})";
    QTest::newRow("contains body")
        << cond("", Op::Contains, json("\"abc\"")) << R"(body contains "abc")";
    QTest::newRow("exists") << cond("/a", Op::Exists) << "/a exists";
    QTest::newRow("not exists") << cond("/a", Op::NotExists) << "/a does not exist";
    QTest::newRow("regex") << cond("/id", Op::Regex, json(R"("^[0-9]+$")"))
                           << R"(/id matches regex "^[0-9]+$")";
}

void ConditionCheckTest::describe()
{
    QFETCH(Condition, condition);
    QFETCH(QString, text);
    QCOMPARE(ConditionCheck::describe(condition), text);
}

void ConditionCheckTest::allHoldStopsAtTheFirstFailure()
{
    ParsedMessage m(kReply);
    QString why;
    QVERIFY(ConditionCheck::allHold({}, m, &why));
    QVERIFY(ConditionCheck::allHold(
        {cond("/status", Op::Equals, json("\"ok\"")), cond("/id", Op::Exists)}, m, &why));
    QVERIFY(why.isEmpty());
    QVERIFY(!ConditionCheck::allHold(
        {cond("/status", Op::Exists), cond("/x", Op::Exists), cond("/y", Op::Exists)}, m, &why));
    QCOMPARE(why, QStringLiteral("check /x exists failed: not found"));
}

void ConditionCheckTest::longValuesAreShortenedInMessages()
{
    // Failures are counted by message: a long varying value must not make a kilobyte key.
    const QByteArray reply = "{\"s\": \"" + QByteArray(1000, 'a') + "\"}";
    ParsedMessage m(reply);
    QString why;
    QVERIFY(!ConditionCheck::holds(cond("/s", Op::Equals, json("\"b\"")), m, &why));
    QVERIFY2(why.size() < 120, qPrintable(why));
    const QString start = QStringLiteral("check /s equals \"b\" failed: got \"aaa");
    QVERIFY(why.startsWith(start));
}

QTEST_GUILESS_MAIN(ConditionCheckTest)
#include "conditionchecktest.moc"
