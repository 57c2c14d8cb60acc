#include "jsonpath.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace cicada;

class JsonPathTest : public QObject
{
    Q_OBJECT

private:
    static QJsonValue doc()
    {
        return QJsonDocument::fromJson("{\"a\":{\"b\":[1,{\"c\":\"x\"}]},\"odd key\":{\"k\":2}}")
            .object();
    }

private Q_SLOTS:
    void parsesTheIssuePathNotation_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("segments");
        QTest::addColumn<bool>("ok");
        QTest::newRow("root") << "$" << 0 << true;
        QTest::newRow("keys and indexes")
            << "$.userTypes[0].tasks[1].steps[0].wsSend.timeout" << 8 << true;
        QTest::newRow("quoted key") << "$.templates[\"a b\"].json" << 3 << true;
        QTest::newRow("no dollar") << "a.b" << 0 << false;
        QTest::newRow("unclosed index") << "$.a[1" << 0 << false;
        QTest::newRow("negative index") << "$.a[-1]" << 0 << false;
        QTest::newRow("empty key") << "$..a" << 0 << false;
    }
    void parsesTheIssuePathNotation()
    {
        QFETCH(QString, path);
        QFETCH(int, segments);
        QFETCH(bool, ok);
        bool parsedOk = false;
        const auto parsed = JsonPath::parse(path, &parsedOk);
        QCOMPARE(parsedOk, ok);
        if (ok)
            QCOMPARE(parsed.size(), segments);
    }

    void childQuotesKeysThatAreNotIdentifiers()
    {
        QCOMPARE(JsonPath::child("$.templates", "chat"), QString("$.templates.chat"));
        QCOMPARE(JsonPath::child("$.templates", "a b"), QString("$.templates[\"a b\"]"));
        QCOMPARE(JsonPath::child("$", "say \"hi\""), QString("$[\"say \\\"hi\\\"\"]"));
        const QString quoted = JsonPath::child("$", "x\"y\\z");
        QCOMPARE(JsonPath::parse(quoted).constFirst().key, QString("x\"y\\z"));
    }

    void getReadsNestedValuesAndUndefinedWhenMissing()
    {
        QCOMPARE(JsonPath::get(doc(), "$.a.b[1].c").toString(), QString("x"));
        QCOMPARE(JsonPath::get(doc(), "$[\"odd key\"].k").toInt(), 2);
        QVERIFY(JsonPath::get(doc(), "$.a.b[5]").isUndefined());
        QVERIFY(JsonPath::get(doc(), "$.nope.deeper").isUndefined());
    }

    void setCreatesMissingObjectsAndReplacesValues()
    {
        QJsonValue root = doc();
        QVERIFY(JsonPath::set(&root, "$.target.baseUrl", "http://x"));
        QCOMPARE(JsonPath::get(root, "$.target.baseUrl").toString(), QString("http://x"));
        QVERIFY(JsonPath::set(&root, "$.a.b[0]", 7));
        QCOMPARE(JsonPath::get(root, "$.a.b[0]").toInt(), 7);
        QVERIFY(JsonPath::set(&root, "$.a.b[2]", 8)); // append
        QCOMPARE(JsonPath::get(root, "$.a.b").toArray().size(), 3);
        QVERIFY(!JsonPath::set(&root, "$.a.b[9]", 8));     // no gaps
        QVERIFY(!JsonPath::set(&root, "$.a.b[1].c.d", 1)); // "x" is not an object
    }

    void removeInsertMoveAndRename()
    {
        QJsonValue root = doc();
        QVERIFY(JsonPath::remove(&root, "$.a.b[0]"));
        QCOMPARE(JsonPath::get(root, "$.a.b[0].c").toString(), QString("x"));
        QVERIFY(JsonPath::insert(&root, "$.a.b", 0, "first"));
        QCOMPARE(JsonPath::get(root, "$.a.b[0]").toString(), QString("first"));
        QVERIFY(JsonPath::move(&root, "$.a.b", 0, 1));
        QCOMPARE(JsonPath::get(root, "$.a.b[1]").toString(), QString("first"));
        QVERIFY(!JsonPath::move(&root, "$.a.b", 0, 5));
        QVERIFY(JsonPath::renameKey(&root, "$", "odd key", "even"));
        QCOMPARE(JsonPath::get(root, "$.even.k").toInt(), 2);
        QVERIFY(!JsonPath::renameKey(&root, "$", "even", "a")); // taken
        QVERIFY(!JsonPath::remove(&root, "$.missing"));
    }

    void parentLastIndexAndWithin()
    {
        QCOMPARE(JsonPath::parent("$.a.b[3]"), QString("$.a.b"));
        QCOMPARE(JsonPath::parent("$"), QString("$"));
        QCOMPARE(JsonPath::lastIndex("$.a.b[3]"), 3);
        QCOMPARE(JsonPath::lastIndex("$.a.b"), -1);
        QVERIFY(JsonPath::isWithin("$.a.b[3].c", "$.a.b"));
        QVERIFY(JsonPath::isWithin("$.a.b", "$.a.b"));
        QVERIFY(!JsonPath::isWithin("$.a.bc", "$.a.b"));
    }
};

QTEST_GUILESS_MAIN(JsonPathTest)
#include "jsonpathtest.moc"
