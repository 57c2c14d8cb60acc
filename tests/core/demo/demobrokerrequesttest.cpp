#include "demo/demobrokerrequest.h"

#include <QJsonArray>
#include <QTest>

using namespace cicada;

using Kind = DemoBrokerRequest::Kind;

/** DemoBrokerRequest::parse: which op a text message asks for, its arguments and its errors. */
class DemoBrokerRequestTest : public QObject
{
    Q_OBJECT

private slots:
    void kind_data();
    void kind();
    void invalidArgumentsNameTheField_data();
    void invalidArgumentsNameTheField();
    void subscribeArgumentsAndDefaults();
    void idOfAnyJsonTypeIsKeptAndNestedIsRead();
    void loginUserDefaultsToUser();
    void forgetSessionsTakesOnlyCodesAPeerMaySend_data();
    void forgetSessionsTakesOnlyCodesAPeerMaySend();
};

void DemoBrokerRequestTest::forgetSessionsTakesOnlyCodesAPeerMaySend_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("closeCode");
    QTest::newRow("default") << R"({"op":"forget-sessions"})" << 1012;
    QTest::newRow("going away") << R"({"op":"forget-sessions","code":1001})" << 1001;
    QTest::newRow("application") << R"({"op":"forget-sessions","code":4001})" << 4001;
    QTest::newRow("1006 is never sent") << R"({"op":"forget-sessions","code":1006})" << 1012;
    QTest::newRow("out of range") << R"({"op":"forget-sessions","code":5000})" << 1012;
    QTest::newRow("string") << R"({"op":"forget-sessions","code":"4001"})" << 1012;
}

void DemoBrokerRequestTest::forgetSessionsTakesOnlyCodesAPeerMaySend()
{
    QFETCH(QString, message);
    QFETCH(int, closeCode);
    const DemoBrokerRequest request = DemoBrokerRequest::parse(message);
    QCOMPARE(request.kind, Kind::ForgetSessions);
    QCOMPARE(request.closeCode, closeCode);
}

void DemoBrokerRequestTest::kind_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<Kind>("kind");

    QTest::newRow("plain text") << "hello" << Kind::EchoText;
    QTest::newRow("broken json") << R"({"id":1)" << Kind::EchoText;
    QTest::newRow("array") << "[1]" << Kind::EchoText;
    QTest::newRow("object without id") << R"({"type":"x"})" << Kind::Ack;
    QTest::newRow("parts without id") << R"({"op":"parts","n":2})" << Kind::Ack;
    QTest::newRow("delay without id") << R"({"op":"delay","ms":2})" << Kind::Ack;
    QTest::newRow("id") << R"({"id":1})" << Kind::Reply;
    QTest::newRow("unknown op") << R"({"id":1,"op":"frobnicate"})" << Kind::Reply;
    QTest::newRow("delay") << R"({"id":1,"op":"delay","ms":20})" << Kind::Delay;
    QTest::newRow("parts") << R"({"id":1,"op":"parts","n":3})" << Kind::Parts;
    QTest::newRow("subscribe") << R"({"id":1,"op":"subscribe","topic":"t"})" << Kind::Subscribe;
    QTest::newRow("subscribe without id") << R"({"op":"subscribe"})" << Kind::Subscribe;
    QTest::newRow("login") << R"({"id":1,"op":"login","user":"u"})" << Kind::Login;
    QTest::newRow("login without id") << R"({"op":"login"})" << Kind::Login;
    QTest::newRow("forget-sessions") << R"({"op":"forget-sessions"})" << Kind::ForgetSessions;
    QTest::newRow("drop-all") << R"( {"op":"drop-all"})" << Kind::DropAll;
}

void DemoBrokerRequestTest::kind()
{
    QFETCH(QString, message);
    QFETCH(Kind, kind);
    const DemoBrokerRequest request = DemoBrokerRequest::parse(message);
    QCOMPARE(request.kind, kind);
    QCOMPARE(request.error, QString());
}

void DemoBrokerRequestTest::invalidArgumentsNameTheField_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("field");

    QTest::newRow("parts without n") << R"({"id":1,"op":"parts"})"
                                     << "\"n\" is missing";
    QTest::newRow("parts n 0") << R"({"id":1,"op":"parts","n":0})"
                               << "\"n\" must be";
    QTest::newRow("parts n fraction") << R"({"id":1,"op":"parts","n":1.5})"
                                      << "\"n\" must be";
    QTest::newRow("parts n too many") << R"({"id":1,"op":"parts","n":100001})"
                                      << "\"n\" must be";
    QTest::newRow("delay without ms") << R"({"id":1,"op":"delay"})"
                                      << "\"ms\" is missing";
    QTest::newRow("delay ms string") << R"({"id":1,"op":"delay","ms":"5"})"
                                     << "\"ms\" must be";
    QTest::newRow("delay ms negative") << R"({"id":1,"op":"delay","ms":-1})"
                                       << "\"ms\" must be";
    QTest::newRow("topic empty") << R"({"op":"subscribe","topic":""})"
                                 << "\"topic\"";
    QTest::newRow("topic number") << R"({"op":"subscribe","topic":3})"
                                  << "\"topic\"";
    QTest::newRow("count 0") << R"({"op":"subscribe","count":0})"
                             << "\"count\" must be";
    QTest::newRow("gap_every 1") << R"({"op":"subscribe","gap_every":1})"
                                 << "\"gap_every\"";
    QTest::newRow("interval 0 unbounded") << R"({"op":"subscribe","interval_ms":0})"
                                          << "\"interval_ms\": 0 needs a \"count\"";
}

void DemoBrokerRequestTest::invalidArgumentsNameTheField()
{
    QFETCH(QString, message);
    QFETCH(QString, field);
    const DemoBrokerRequest request = DemoBrokerRequest::parse(message);
    QCOMPARE(request.kind, Kind::Invalid);
    QVERIFY2(request.error.contains(field), qPrintable(request.error));
}

void DemoBrokerRequestTest::subscribeArgumentsAndDefaults()
{
    const DemoBrokerRequest defaults = DemoBrokerRequest::parse(R"({"op":"subscribe"})");
    QCOMPARE(defaults.topic, QStringLiteral("price"));
    QCOMPARE(defaults.intervalMs, DemoBrokerRequest::kDefaultIntervalMs);
    QCOMPARE(defaults.count, qint64(0));
    QCOMPARE(defaults.gapEvery, qint64(-1));
    QVERIFY(!defaults.hasId());

    const DemoBrokerRequest given = DemoBrokerRequest::parse(
        R"({"id":"s","op":"subscribe","topic":"q","interval_ms":0,"count":7,"gap_every":3})");
    QCOMPARE(given.kind, Kind::Subscribe);
    QCOMPARE(given.topic, QStringLiteral("q"));
    QCOMPARE(given.intervalMs, qint64(0));
    QCOMPARE(given.count, qint64(7));
    QCOMPARE(given.gapEvery, qint64(3));
    QCOMPARE(given.id, QJsonValue(QStringLiteral("s")));
}

void DemoBrokerRequestTest::idOfAnyJsonTypeIsKeptAndNestedIsRead()
{
    const DemoBrokerRequest object = DemoBrokerRequest::parse(R"({"id":{"a":[1]},"nested":true})");
    QCOMPARE(object.kind, Kind::Reply);
    QVERIFY(object.nested);
    QCOMPARE(object.id.toObject().value(QLatin1String("a")).toArray().size(), 1);
    const DemoBrokerRequest null = DemoBrokerRequest::parse(R"({"id":null,"nested":"yes"})");
    QVERIFY(null.hasId()); // a null id is still an id
    QVERIFY(!null.nested); // only true nests
    QCOMPARE(DemoBrokerRequest::parse(R"({"id":1,"op":"parts","n":4})").count, qint64(4));
    QCOMPARE(DemoBrokerRequest::parse(R"({"id":1,"op":"delay","ms":250})").delayMs, qint64(250));
}

void DemoBrokerRequestTest::loginUserDefaultsToUser()
{
    QCOMPARE(DemoBrokerRequest::parse(R"({"op":"login"})").user, QStringLiteral("user"));
    QCOMPARE(DemoBrokerRequest::parse(R"({"op":"login","user":"ann"})").user,
             QStringLiteral("ann"));
}

QTEST_GUILESS_MAIN(DemoBrokerRequestTest)
#include "demobrokerrequesttest.moc"
