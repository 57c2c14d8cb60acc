// JsonFieldScanner: when it is sure, it agrees with QJsonDocument + JsonPointer + JsonText.

#include "engine/jsonfieldscanner.h"
#include "engine/jsonpointer.h"
#include "engine/jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace cicada;

Q_DECLARE_METATYPE(cicada::JsonFieldScanner::Outcome)

class JsonFieldScannerTest : public QObject
{
    Q_OBJECT

private slots:
    void scan_data();
    void scan();
    void foundAgreesWithTheDomOnEveryPrefixOfAMessage();
};

void JsonFieldScannerTest::scan_data()
{
    using O = JsonFieldScanner::Outcome;
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<O>("outcome");
    QTest::addColumn<QString>("compact");

    QTest::newRow("bench message")
        << QByteArray(R"({"seq": "17", "msg": "hello"})") << "/seq" << O::Found << "\"17\"";
    QTest::newRow("integer") << QByteArray(R"({"id":5})") << "/id" << O::Found << "5";
    QTest::newRow("negative integer") << QByteArray(R"({"id":-12})") << "/id" << O::Found << "-12";
    QTest::newRow("zero") << QByteArray(R"({"id":0})") << "/id" << O::Found << "0";
    QTest::newRow("15 digits") << QByteArray(R"({"id":999999999999999})") << "/id" << O::Found
                               << "999999999999999";
    QTest::newRow("16 digits left to Qt")
        << QByteArray(R"({"id":9007199254740993})") << "/id" << O::Unsure << "";
    QTest::newRow("5.0 left to Qt") << QByteArray(R"({"id":5.0})") << "/id" << O::Unsure << "";
    QTest::newRow("5e0 left to Qt") << QByteArray(R"({"id":5e0})") << "/id" << O::Unsure << "";
    QTest::newRow("-0 left to Qt") << QByteArray(R"({"id":-0})") << "/id" << O::Unsure << "";
    QTest::newRow("fraction elsewhere is fine")
        << QByteArray(R"({"p": 1.25, "id": 3})") << "/id" << O::Found << "3";
    QTest::newRow("exponent elsewhere left to Qt")
        << QByteArray(R"({"p": 1e999, "id": 3})") << "/id" << O::Unsure << "";
    QTest::newRow("true") << QByteArray(R"({"a": true})") << "/a" << O::Found << "true";
    QTest::newRow("false") << QByteArray(R"({"a": false})") << "/a" << O::Found << "false";
    QTest::newRow("null") << QByteArray(R"({"a": null})") << "/a" << O::Found << "null";
    QTest::newRow("whitespace everywhere")
        << QByteArray(" \r\n\t{ \"a\" \n: \t\"x y\" , \"b\":[ 1 , 2 ] }\n ") << "/a" << O::Found
        << "\"x y\"";
    QTest::newRow("empty string") << QByteArray(R"({"a": ""})") << "/a" << O::Found << "\"\"";
    QTest::newRow("nested") << QByteArray(R"({"meta": {"requestId": "r-9"}, "type": "reply"})")
                            << "/meta/requestId" << O::Found << "\"r-9\"";
    QTest::newRow("same name at another level")
        << QByteArray(R"({"x": {"id": 1}, "id": 2})") << "/id" << O::Found << "2";
    QTest::newRow("array element")
        << QByteArray(R"({"a": [10, {"b": 20}, 30]})") << "/a/1/b" << O::Found << "20";
    QTest::newRow("top-level array")
        << QByteArray(R"([1, "two", 3])") << "/1" << O::Found << "\"two\"";
    QTest::newRow("index out of range") << QByteArray(R"({"a": [1]})") << "/a/1" << O::Absent << "";
    QTest::newRow("index with leading zero")
        << QByteArray(R"({"a": [1, 2]})") << "/a/01" << O::Absent << "";
    QTest::newRow("index into an object")
        << QByteArray(R"({"a": {"0": 7}})") << "/a/0" << O::Found << "7";
    QTest::newRow("key is a prefix of the token")
        << QByteArray(R"({"i": 1, "idx": 2})") << "/id" << O::Absent << "";
    QTest::newRow("escaped token longer than the key")
        << QByteArray(R"({"a": 1, "a/": 2})") << "/a~1b" << O::Absent << "";
    QTest::newRow("missing") << QByteArray(R"({"x": 1})") << "/id" << O::Absent << "";
    QTest::newRow("through a scalar") << QByteArray(R"({"a": 1})") << "/a/b" << O::Absent << "";
    QTest::newRow("escaped pointer ~1 and ~0")
        << QByteArray(R"({"a/b": 1, "c~d": 2})") << "/c~0d" << O::Found << "2";
    QTest::newRow("escaped pointer ~1")
        << QByteArray(R"({"a/b": 1})") << "/a~1b" << O::Found << "1";
    QTest::newRow("bad pointer escape left to Qt")
        << QByteArray(R"({"a": 1})") << "/a~2" << O::Unsure << "";
    QTest::newRow("empty pointer left to Qt") << QByteArray(R"({"a": 1})") << "" << O::Unsure << "";
    QTest::newRow("object value left to Qt")
        << QByteArray(R"({"id": {"b": 2, "a": 1}})") << "/id" << O::Unsure << "";
    QTest::newRow("array value left to Qt")
        << QByteArray(R"({"id": [1]})") << "/id" << O::Unsure << "";
    QTest::newRow("escaped string value left to Qt")
        << QByteArray(R"({"id": "a\"b"})") << "/id" << O::Unsure << "";
    QTest::newRow("escape elsewhere left to Qt")
        << QByteArray(R"({"m": "x\ny", "id": 1})") << "/id" << O::Unsure << "";
    QTest::newRow("escaped key left to Qt")
        << QByteArray(R"({"i\u0064": 1})") << "/id" << O::Unsure << "";
    QTest::newRow("non-ASCII left to Qt")
        << QByteArray("{\"m\": \"caf\xc3\xa9\", \"id\": 1}") << "/id" << O::Unsure << "";
    QTest::newRow("duplicate key on the path left to Qt")
        << QByteArray(R"({"id": 1, "id": 2})") << "/id" << O::Unsure << "";
    QTest::newRow("duplicate key elsewhere is fine")
        << QByteArray(R"({"x": 1, "x": 2, "id": 3})") << "/id" << O::Found << "3";
    QTest::newRow("not JSON") << QByteArray("id=1") << "/id" << O::Unsure << "";
    QTest::newRow("empty") << QByteArray() << "/id" << O::Unsure << "";
    QTest::newRow("scalar top level") << QByteArray("5") << "/id" << O::Unsure << "";
    QTest::newRow("truncated after the field")
        << QByteArray(R"({"id": 1, "m": "x)") << "/id" << O::Unsure << "";
    QTest::newRow("trailing garbage") << QByteArray(R"({"id": 1} x)") << "/id" << O::Unsure << "";
    QTest::newRow("trailing comma") << QByteArray(R"({"id": 1,})") << "/id" << O::Unsure << "";
    QTest::newRow("missing colon") << QByteArray(R"({"id" 1})") << "/id" << O::Unsure << "";
    QTest::newRow("leading zero number") << QByteArray(R"({"id": 01})") << "/id" << O::Unsure << "";
    QTest::newRow("bare word") << QByteArray(R"({"id": tru})") << "/id" << O::Unsure << "";
    QTest::newRow("control character in string")
        << QByteArray("{\"id\": \"a\tb\"}") << "/id" << O::Unsure << "";
    QTest::newRow("deep nesting left to Qt")
        << QByteArray(40, '[') + QByteArray(40, ']') << "/0" << O::Unsure << "";
}

void JsonFieldScannerTest::scan()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, pointer);
    QFETCH(JsonFieldScanner::Outcome, outcome);
    QFETCH(QString, compact);
    QString got;
    QCOMPARE(JsonFieldScanner::scan(json, pointer, &got), outcome);
    if (outcome != JsonFieldScanner::Outcome::Found)
        return;
    QCOMPARE(got, compact);
    // The reference path this scanner stands in for.
    const QJsonDocument document = QJsonDocument::fromJson(json);
    const QJsonValue root =
        document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
    QCOMPARE(JsonText::compact(JsonPointer::resolve(root, pointer)), got);
}

void JsonFieldScannerTest::foundAgreesWithTheDomOnEveryPrefixOfAMessage()
{
    // Every truncation of a valid message is either still answered like Qt answers it, or left
    // to Qt: the scanner never finds a key in text Qt rejects.
    const QByteArray full(R"({"a": [1, 2.5, {"b": null}], "id": "k", "n": -7, "t": true})");
    for (qsizetype n = 0; n <= full.size(); ++n) {
        const QByteArray json = full.left(n);
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(json, &error);
        for (const QString pointer : {"/id", "/n", "/t", "/a/2/b", "/a/0", "/zz"}) {
            QString got;
            const JsonFieldScanner::Outcome outcome = JsonFieldScanner::scan(json, pointer, &got);
            if (outcome == JsonFieldScanner::Outcome::Unsure)
                continue;
            QCOMPARE(error.error, QJsonParseError::NoError);
            const QJsonValue v = JsonPointer::resolve(document.object(), pointer);
            QCOMPARE(outcome == JsonFieldScanner::Outcome::Absent, v.isUndefined());
            if (outcome == JsonFieldScanner::Outcome::Found)
                QCOMPARE(got, JsonText::compact(v));
        }
    }
}

QTEST_GUILESS_MAIN(JsonFieldScannerTest)
#include "jsonfieldscannertest.moc"
