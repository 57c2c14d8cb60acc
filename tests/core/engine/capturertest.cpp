// Capturer: captures from HTTP responses (json, header, regex, cookie) and WebSocket messages.

#include "engine/capturer.h"
#include "engine/parsedmessage.h"
#include "http/httptransport.h"

#include <QNetworkCookie>
#include <QNetworkCookieJar>
#include <QTest>

using namespace cicada;

Q_DECLARE_METATYPE(cicada::Capture::Source)

namespace {

const QByteArray kBody = R"({"auth": {"token": "t-123", "expires": 3600, "scopes": ["a", "b"],
    "ok": true, "none": null, "ratio": 2.50}, "text": "order=987 done"})";

HttpResponse response()
{
    HttpResponse r;
    r.status = 200;
    r.headers = {{"Content-Type", "application/json"},
                 {"X-Room", "room-7"},
                 {"Set-Cookie", "sessionid=s-1; Path=/; HttpOnly"},
                 {"set-cookie", "theme=dark\nlang=fr"}, // Qt joins repeated lines with '\n'
                 {"X-Empty", ""}};
    r.body = kBody;
    return r;
}

Capture capture(const QString &name, Capture::Source source, const QString &expression)
{
    Capture c;
    c.name = name;
    c.source = source;
    c.expression = expression;
    return c;
}

using Source = Capture::Source;

} // namespace

class CapturerTest : public QObject
{
    Q_OBJECT

private slots:
    void fromHttpResponse_data();
    void fromHttpResponse();
    void fromWebSocketMessage_data();
    void fromWebSocketMessage();
    void cookieFromTheJarForTheUrl();
};

void CapturerTest::fromHttpResponse_data()
{
    QTest::addColumn<Source>("source");
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("found");
    QTest::addColumn<QString>("value"); // or the failure sentence
    QTest::newRow("json string as is") << Source::Json << "/auth/token" << true << "t-123";
    QTest::newRow("json number") << Source::Json << "/auth/expires" << true << "3600";
    QTest::newRow("json fraction") << Source::Json << "/auth/ratio" << true << "2.5";
    QTest::newRow("json bool") << Source::Json << "/auth/ok" << true << "true";
    QTest::newRow("json null") << Source::Json << "/auth/none" << true << "null";
    QTest::newRow("json array compact") << Source::Json << "/auth/scopes" << true << R"(["a","b"])";
    QTest::newRow("json array item") << Source::Json << "/auth/scopes/1" << true << "b";
    QTest::newRow("json missing") << Source::Json << "/auth/nope" << false
                                  << "capture 'v': /auth/nope not found in the response";
    QTest::newRow("header") << Source::Header << "X-Room" << true << "room-7";
    QTest::newRow("header case-insensitive") << Source::Header << "x-rOOm" << true << "room-7";
    QTest::newRow("header present but empty") << Source::Header << "X-Empty" << true << "";
    QTest::newRow("header missing") << Source::Header << "X-Nope" << false
                                    << "capture 'v': header X-Nope not found in the response";
    QTest::newRow("regex group") << Source::Regex << R"(order=(\d+))" << true << "987";
    QTest::newRow("regex whole match") << Source::Regex << R"(order=\d+)" << true << "order=987";
    QTest::newRow("regex no match")
        << Source::Regex << R"(invoice=(\d+))" << false
        << R"(capture 'v': regex invoice=(\d+) did not match the response)";
    QTest::newRow("regex invalid") << Source::Regex << "(" << false
                                   << "capture 'v': invalid regex: missing closing parenthesis";
    QTest::newRow("cookie set by response") << Source::Cookie << "sessionid" << true << "s-1";
    QTest::newRow("cookie on a joined line") << Source::Cookie << "lang" << true << "fr";
    QTest::newRow("cookie missing")
        << Source::Cookie << "nope" << false
        << "capture 'v': cookie nope not set by the response nor in the session";
}

void CapturerTest::fromHttpResponse()
{
    QFETCH(Source, source);
    QFETCH(QString, expression);
    QFETCH(bool, found);
    QFETCH(QString, value);
    const HttpResponse r = response();
    ParsedMessage body(r.body);
    QNetworkCookieJar jar;
    QString actual;
    QString why;
    const bool ok =
        Capturer::extract(capture(QStringLiteral("v"), source, expression), body, &r, &jar,
                          QUrl(QStringLiteral("http://127.0.0.1/")), &actual, &why);
    QCOMPARE(ok, found);
    QCOMPARE(found ? actual : why, value);
}

void CapturerTest::fromWebSocketMessage_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<Source>("source");
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("found");
    QTest::addColumn<QString>("value");
    QTest::newRow("json") << kBody << Source::Json << "/auth/token" << true << "t-123";
    QTest::newRow("json missing") << kBody << Source::Json << "/x" << false
                                  << "capture 'v': /x not found in the message";
    QTest::newRow("json on text") << QByteArray("hi") << Source::Json << "/x" << false
                                  << "capture 'v': the message is not JSON";
    QTest::newRow("regex") << QByteArray("room=r9;") << Source::Regex << "room=(\\w+)" << true
                           << "r9";
    QTest::newRow("header needs HTTP") << kBody << Source::Header << "X-Room" << false
                                       << "capture 'v': header captures need an HTTP response";
    QTest::newRow("cookie needs HTTP") << kBody << Source::Cookie << "sid" << false
                                       << "capture 'v': cookie captures need an HTTP response";
}

void CapturerTest::fromWebSocketMessage()
{
    QFETCH(QByteArray, message);
    QFETCH(Source, source);
    QFETCH(QString, expression);
    QFETCH(bool, found);
    QFETCH(QString, value);
    ParsedMessage m(message);
    QString actual;
    QString why;
    const bool ok = Capturer::extract(capture(QStringLiteral("v"), source, expression), m, nullptr,
                                      nullptr, QUrl(), &actual, &why);
    QCOMPARE(ok, found);
    QCOMPARE(found ? actual : why, value);
}

void CapturerTest::cookieFromTheJarForTheUrl()
{
    QNetworkCookieJar jar;
    const QUrl url(QStringLiteral("http://127.0.0.1:8080/app/page"));
    QVERIFY(jar.setCookiesFromUrl(QNetworkCookie::parseCookies("sid=jar-1; Path=/app"), url));
    HttpResponse r;
    r.status = 200;
    ParsedMessage body{QByteArray()};
    QString value;
    QString why;
    const Capture c = capture(QStringLiteral("sid"), Source::Cookie, QStringLiteral("sid"));
    QVERIFY2(Capturer::extract(c, body, &r, &jar, url, &value, &why), qPrintable(why));
    QCOMPARE(value, QStringLiteral("jar-1"));
    // The jar's cookie is not sent to another path, so it is not found there.
    QVERIFY(!Capturer::extract(c, body, &r, &jar, QUrl(QStringLiteral("http://127.0.0.1:8080/x")),
                               &value, &why));
    QCOMPARE(why, QStringLiteral("capture 'sid': cookie sid not set by the response nor in the "
                                 "session"));
    // A cookie the response sets wins over the jar's older value.
    r.headers = {{"Set-Cookie", "sid=new-2; Path=/app"}};
    QVERIFY(Capturer::extract(c, body, &r, &jar, url, &value, &why));
    QCOMPARE(value, QStringLiteral("new-2"));
}

QTEST_GUILESS_MAIN(CapturerTest)
#include "capturertest.moc"
