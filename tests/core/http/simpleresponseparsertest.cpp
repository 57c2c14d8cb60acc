// SimpleResponseParser against http-parser (the oracle): whatever the fast path accepts must
// parse to the same status, headers, body and keep-alive decision with http-parser.

#include "http/simpleresponseparser.h"

#include <QRandomGenerator>
#include <QTest>

#include <http_parser.h>

using namespace cicada;

namespace {

constexpr int kMutationRounds = 20000;
constexpr quint32 kSeed = 12345;

/** What http-parser reports for one response, through the same callbacks the raw client uses. */
struct OracleResult
{
    bool ok = false;
    int status = 0;
    HttpHeaders headers;
    QByteArray body;
    bool keepAlive = false;
    qsizetype consumed = 0;
    bool valueLast = false;
};

int onField(http_parser *parser, const char *at, size_t length)
{
    auto *r = static_cast<OracleResult *>(parser->data);
    if (r->valueLast || r->headers.isEmpty())
        r->headers.append({QByteArray(at, qsizetype(length)), QByteArray()});
    else
        r->headers.last().first.append(at, qsizetype(length));
    r->valueLast = false;
    return 0;
}

int onValue(http_parser *parser, const char *at, size_t length)
{
    auto *r = static_cast<OracleResult *>(parser->data);
    if (r->headers.isEmpty())
        return 0;
    if (r->valueLast)
        r->headers.last().second.append(at, qsizetype(length));
    else
        r->headers.last().second = QByteArray(at, qsizetype(length));
    r->valueLast = true;
    return 0;
}

int onBody(http_parser *parser, const char *at, size_t length)
{
    static_cast<OracleResult *>(parser->data)->body.append(at, qsizetype(length));
    return 0;
}

int onComplete(http_parser *parser)
{
    auto *r = static_cast<OracleResult *>(parser->data);
    r->ok = true;
    r->status = int(parser->status_code);
    r->keepAlive = http_should_keep_alive(parser) != 0;
    http_parser_pause(parser, 1);
    return 0;
}

OracleResult oracle(const QByteArray &data)
{
    http_parser_settings settings{};
    settings.on_header_field = onField;
    settings.on_header_value = onValue;
    settings.on_body = onBody;
    settings.on_message_complete = onComplete;
    OracleResult result;
    http_parser parser{};
    http_parser_init(&parser, HTTP_RESPONSE);
    parser.data = &result;
    result.consumed =
        qsizetype(http_parser_execute(&parser, &settings, data.constData(), size_t(data.size())));
    if (!result.ok)
        return result;
    return result;
}

/** True when the fast path accepted @p data; then it must agree with the oracle. */
bool agree(const QByteArray &data, QString *why)
{
    SimpleResponseParser::Result fast;
    if (!SimpleResponseParser::parse(data.constData(), data.size(), fast))
        return false;
    const OracleResult slow = oracle(data);
    auto fail = [&](const QString &what) {
        *why = what + QStringLiteral(" for ") + QString::fromLatin1(data.toPercentEncoding());
        return true;
    };
    if (!slow.ok)
        return fail(QStringLiteral("http-parser rejected what the fast path accepted"));
    if (slow.status != fast.status)
        return fail(QStringLiteral("status"));
    if (slow.headers != fast.headers)
        return fail(QStringLiteral("headers"));
    if (slow.body != fast.body)
        return fail(QStringLiteral("body"));
    const bool slowKeepAlive = slow.keepAlive && slow.consumed == data.size();
    const bool fastKeepAlive = fast.keepAlive && fast.consumed == data.size();
    if (slowKeepAlive != fastKeepAlive)
        return fail(QStringLiteral("keep-alive"));
    // Without all headers: the same response with only Set-Cookie and Location kept.
    SimpleResponseParser::Result lean;
    if (!SimpleResponseParser::parse(data.constData(), data.size(), lean, false))
        return fail(QStringLiteral("accepted with all headers only"));
    HttpHeaders kept;
    for (const auto &header : slow.headers) {
        if (header.first.compare("set-cookie", Qt::CaseInsensitive) == 0 ||
            header.first.compare("location", Qt::CaseInsensitive) == 0)
            kept.append(header);
    }
    if (lean.headers != kept || lean.status != fast.status || lean.body != fast.body ||
        lean.keepAlive != fast.keepAlive || lean.setCookie != fast.setCookie ||
        lean.consumed != fast.consumed)
        return fail(QStringLiteral("without all headers"));
    why->clear();
    return true;
}

QList<QByteArray> samples()
{
    return {
        "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Sun, 29 Nov 2026 07:00:00 GMT\r\n"
        "Content-Type: text/plain\r\nContent-Length: 6\r\nConnection: keep-alive\r\n\r\nhello\n",
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
        "{\"ok\":true}",
        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        "HTTP/1.1 302 Found\r\nLocation: /next\r\nSet-Cookie: a=1; Path=/\r\n"
        "Set-Cookie: b=2\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 \r\nX-Empty:\r\nX-Tab:\tv\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\ncontent-length: 3\r\nCONNECTION: Keep-Alive\r\n\r\nabcEXTRA",
    };
}

} // namespace

class SimpleResponseParserTest : public QObject
{
    Q_OBJECT

private slots:
    void commonResponsesTakeTheFastPathAndAgree();
    void unusualResponsesAreLeftToHttpParser_data();
    void unusualResponsesAreLeftToHttpParser();
    void mutatedResponsesAgreeWhenAccepted();
};

void SimpleResponseParserTest::commonResponsesTakeTheFastPathAndAgree()
{
    for (const QByteArray &sample : samples()) {
        QString why;
        QVERIFY2(agree(sample, &why), sample.constData());
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }
    SimpleResponseParser::Result result;
    const QByteArray nginx = samples().front();
    QVERIFY(SimpleResponseParser::parse(nginx.constData(), nginx.size(), result));
    QCOMPARE(result.status, 200);
    QCOMPARE(result.body, QByteArray("hello\n"));
    QCOMPARE(result.headers.size(), 5);
    QVERIFY(result.keepAlive);
    QVERIFY(!result.setCookie);
    QCOMPARE(result.consumed, nginx.size());
    const QByteArray cookies = samples().at(3);
    QVERIFY(SimpleResponseParser::parse(cookies.constData(), cookies.size(), result));
    QVERIFY(result.setCookie);
}

void SimpleResponseParserTest::unusualResponsesAreLeftToHttpParser_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::newRow("chunked") << QByteArray(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
    QTest::newRow("read until close") << QByteArray("HTTP/1.1 200 OK\r\n\r\nbody");
    QTest::newRow("204") << QByteArray("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
    QTest::newRow("304") << QByteArray("HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n");
    QTest::newRow("100") << QByteArray("HTTP/1.1 100 Continue\r\n\r\n");
    QTest::newRow("HTTP/1.0") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
    QTest::newRow("body incomplete")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nab");
    QTest::newRow("headers incomplete") << QByteArray("HTTP/1.1 200 OK\r\nContent-Len");
    QTest::newRow("folded header")
        << QByteArray("HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\nContent-Length: 0\r\n\r\n");
    QTest::newRow("trailing space")
        << QByteArray("HTTP/1.1 200 OK\r\nX-A: one \r\nContent-Length: 0\r\n\r\n");
    QTest::newRow("two lengths") << QByteArray(
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx");
    QTest::newRow("bare LF") << QByteArray("HTTP/1.1 200 OK\nContent-Length: 0\n\n");
    QTest::newRow("space before colon")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n");
    QTest::newRow("connection list")
        << QByteArray("HTTP/1.1 200 OK\r\nConnection: keep-alive, x\r\nContent-Length: 0\r\n\r\n");
    QTest::newRow("control byte") << QByteArray(
        "HTTP/1.1 200 OK\r\nX-A: a\x01\r\nContent-Length: 0\r\n\r\n");
}

void SimpleResponseParserTest::unusualResponsesAreLeftToHttpParser()
{
    QFETCH(QByteArray, response);
    SimpleResponseParser::Result result;
    QVERIFY(!SimpleResponseParser::parse(response.constData(), response.size(), result));
}

void SimpleResponseParserTest::mutatedResponsesAgreeWhenAccepted()
{
    // Bounded and seeded: single-byte changes, insertions and deletions of the samples.
    QRandomGenerator random(kSeed);
    const QList<QByteArray> bases = samples();
    static constexpr char kInteresting[] = " \t\r\n:0129aAzZ,;-\x01\x7f\x80\xff";
    int accepted = 0;
    for (int round = 0; round < kMutationRounds; ++round) {
        QByteArray data = bases.at(int(random.bounded(quint32(bases.size()))));
        const int edits = 1 + int(random.bounded(3u));
        for (int e = 0; e < edits && !data.isEmpty(); ++e) {
            const auto at = qsizetype(random.bounded(quint32(data.size())));
            const char c = kInteresting[random.bounded(quint32(sizeof kInteresting - 1))];
            switch (random.bounded(3u)) {
            case 0:
                data[at] = c;
                break;
            case 1:
                data.insert(at, c);
                break;
            default:
                data.remove(at, 1);
                break;
            }
        }
        QString why;
        if (agree(data, &why)) {
            ++accepted;
            QVERIFY2(why.isEmpty(), qPrintable(why));
        }
    }
    // The mutations must exercise the fast path, not only its refusals.
    QVERIFY2(accepted > kMutationRounds / 10, qPrintable(QString::number(accepted)));
}

QTEST_APPLESS_MAIN(SimpleResponseParserTest)
#include "simpleresponseparsertest.moc"
