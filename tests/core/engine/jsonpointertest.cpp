// JsonPointer: RFC 6901 syntax and resolution (the RFC's own example document).

#include "engine/jsonpointer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace cicada;

namespace {

/** RFC 6901 §5. */
QJsonValue rfcDocument()
{
    // Built in code: moc cannot lex raw strings holding backslashes and quotes.
    QJsonObject doc{{"foo", QJsonArray{"bar", "baz"}},
                    {"", 0},
                    {"a/b", 1},
                    {"c%d", 2},
                    {"e^f", 3},
                    {"g|h", 4},
                    {"i\\j", 5},
                    {"k\"l", 6},
                    {" ", 7},
                    {"m~n", 8},
                    {"nested", QJsonObject{{"deep", QJsonObject{{"x", QJsonValue::Null}}}}},
                    {"list", QJsonArray{QJsonObject{{"id", 10}}, QJsonObject{{"id", 11}}}}};
    return doc;
}

QJsonValue json(const char *text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray("[") + text + "]");
    return doc.array().at(0);
}

} // namespace

class JsonPointerTest : public QObject
{
    Q_OBJECT

private slots:
    void isValid_data();
    void isValid();
    void resolve_data();
    void resolve();
    void scalarRootResolvesOnlyTheEmptyPointer();
};

void JsonPointerTest::isValid_data()
{
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("empty: whole document") << "" << true << "";
    QTest::newRow("root key") << "/" << true << "";
    QTest::newRow("nested") << "/meta/requestId" << true << "";
    QTest::newRow("escapes") << "/a~1b/m~0n" << true << "";
    QTest::newRow("no leading slash") << "meta/id" << false << "start with '/'";
    QTest::newRow("dangling tilde") << "/a~" << false << "~0";
    QTest::newRow("tilde 2") << "/a~2b" << false << "followed by 0 or 1";
}

void JsonPointerTest::isValid()
{
    QFETCH(QString, pointer);
    QFETCH(bool, valid);
    QFETCH(QString, errorPart);
    QString error;
    QCOMPARE(JsonPointer::isValid(pointer, &error), valid);
    if (valid)
        QVERIFY(error.isEmpty());
    else
        QVERIFY2(error.contains(errorPart), qPrintable(error));
}

void JsonPointerTest::resolve_data()
{
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QJsonValue>("expected"); // Undefined: does not resolve
    const QJsonValue undefined(QJsonValue::Undefined);
    QTest::newRow("whole document") << "" << rfcDocument();
    QTest::newRow("/foo") << "/foo" << json(R"(["bar", "baz"])");
    QTest::newRow("/foo/0") << "/foo/0" << json(R"("bar")");
    QTest::newRow("/foo/1") << "/foo/1" << json(R"("baz")");
    QTest::newRow("empty key") << "/" << json("0");
    QTest::newRow("~1 is slash") << "/a~1b" << json("1");
    QTest::newRow("percent") << "/c%d" << json("2");
    QTest::newRow("caret") << "/e^f" << json("3");
    QTest::newRow("pipe") << "/g|h" << json("4");
    QTest::newRow("backslash") << "/i\\j" << json("5");
    QTest::newRow("quote") << "/k\"l" << json("6");
    QTest::newRow("space") << "/ " << json("7");
    QTest::newRow("~0 is tilde") << "/m~0n" << json("8");
    QTest::newRow("null value resolves") << "/nested/deep/x" << QJsonValue(QJsonValue::Null);
    QTest::newRow("object in array") << "/list/1/id" << json("11");
    QTest::newRow("missing key") << "/nope" << undefined;
    QTest::newRow("missing nested") << "/nested/nope/x" << undefined;
    QTest::newRow("index out of range") << "/foo/2" << undefined;
    QTest::newRow("dash never resolves") << "/foo/-" << undefined;
    QTest::newRow("leading zero index") << "/foo/01" << undefined;
    QTest::newRow("negative index") << "/foo/-1" << undefined;
    QTest::newRow("non-numeric index") << "/foo/x" << undefined;
    QTest::newRow("into a scalar") << "/a~1b/x" << undefined;
    QTest::newRow("into null") << "/nested/deep/x/y" << undefined;
    QTest::newRow("invalid pointer") << "foo" << undefined;
    QTest::newRow("invalid escape") << "/m~2n" << undefined;
    QTest::newRow("huge index") << "/foo/99999999999999999999999" << undefined;
}

void JsonPointerTest::resolve()
{
    QFETCH(QString, pointer);
    QFETCH(QJsonValue, expected);
    const QJsonValue actual = JsonPointer::resolve(rfcDocument(), pointer);
    QCOMPARE(actual.type(), expected.type());
    QCOMPARE(actual, expected);
}

void JsonPointerTest::scalarRootResolvesOnlyTheEmptyPointer()
{
    QCOMPARE(JsonPointer::resolve(QJsonValue(5), u""), QJsonValue(5));
    QVERIFY(JsonPointer::resolve(QJsonValue(5), u"/0").isUndefined());
    QVERIFY(JsonPointer::resolve(QJsonValue(QJsonValue::Undefined), u"/a").isUndefined());
}

QTEST_GUILESS_MAIN(JsonPointerTest)
#include "jsonpointertest.moc"
