#include "../../common/pythonserver.h"
#include "../../common/rawwebsocket.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

namespace {

constexpr int kTimeoutMs = 10000;
constexpr int kCloseCodeServiceRestart = 1012; // RFC 6455 registry; not in QWebSocketProtocol
const char *const kPython = "/usr/bin/python3";
const char *const kScript = CICADA_SOURCE_DIR "/tests/servers/ws_broker.py";

} // namespace

using namespace cicada;

/**
 * Proves that tests/servers/ws_broker.py (a broker Cicada did not write, on Debian's
 * python3-websockets) behaves as the engine tests expect.
 */
class WsBrokerScriptTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void rejectsUpgradeWithoutSessionCookie();
    void repliesWithTheSentIdWhenTheCookieIsSent();
    void dropAfterClosesWith1011();
    void silentIdsGetNoReply();

    void partsArriveInOrderAndOnlyTheLastIsMarkedLast();
    void subscribePushesNumberedMessagesWithEpochMsTimestamps();
    void tsIsoSendsIsoTimestampsInUtc();
    void gapEveryInTheMessageSkipsEveryGthSeq();
    void gapEveryOptionAppliesToSubscriptionsWithoutOne();
    void loginRepliesWithATokenPerLogin();
    void loginRequiredRejectsMessagesUntilLogin();
    void forgetSessionsClosesEveryConnectionWith1012AndLogsOut();
    void forgetSessionsCanCloseWithAnotherCode();
    void dropAllAbortsEveryConnectionWithoutACloseFrame();
    void dropAllAfterSecondsAbortsConnections();
    void binaryFramesAreEchoedAsBinary();
    void subprotocolIsTheFirstOfferedOneTheServerSupports();
    void noSubprotocolWhenNoneOfferedMatches();
    void delayedReplyIsOvertakenByALaterMessage();
    void nestedReplyCarriesTheIdUnderMeta();
    void acceptThenCloseClosesWith1000AfterTheHandshake();
    void maxMessageClosesWith1009AboveTheLimitInBytes();
    void pythonServerHelperPassesArgumentsAndReportsThePort();

private:
    /** Starts the script with @p arguments and reads its port; false on failure. */
    bool startBroker(const QStringList &arguments = {});
    [[nodiscard]] QUrl url() const;
    /** Opens a connection carrying the script's default session cookie. */
    bool openWithCookie(QWebSocket *socket, const QStringList &subprotocols = {});
    /** Sends @p json and waits for the next text message, parsed; empty object on timeout. */
    QJsonObject request(QWebSocket *socket, const QString &json);

    QProcess m_process;
    quint16 m_port = 0;
};

void WsBrokerScriptTest::init()
{
    if (!QFileInfo::exists(QString::fromLatin1(kPython)))
        QSKIP("/usr/bin/python3 is not installed");
    m_port = 0;
}

void WsBrokerScriptTest::cleanup()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.closeWriteChannel(); // the script exits on end of stdin
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool WsBrokerScriptTest::startBroker(const QStringList &arguments)
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(QString::fromLatin1(kPython),
                    QStringList{QString::fromLatin1(kScript), QStringLiteral("--max-seconds"),
                                QStringLiteral("60")} +
                        arguments);
    if (!m_process.waitForStarted(kTimeoutMs))
        return false;
    QByteArray output;
    const bool ready = QTest::qWaitFor(
        [this, &output] {
            output += m_process.readAllStandardOutput();
            return output.contains('\n') || m_process.state() == QProcess::NotRunning;
        },
        kTimeoutMs);
    const QByteArray line = output.left(output.indexOf('\n')).trimmed();
    if (!ready || !line.startsWith("LISTENING ")) {
        qWarning() << "ws_broker.py did not report its port:" << output;
        return false;
    }
    m_port = quint16(line.mid(10).toUInt());
    return m_port != 0;
}

QUrl WsBrokerScriptTest::url() const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(m_port));
}

bool WsBrokerScriptTest::openWithCookie(QWebSocket *socket, const QStringList &subprotocols)
{
    QNetworkRequest request(url());
    request.setRawHeader("Cookie", "other=1; sessionid=test-session");
    QWebSocketHandshakeOptions options;
    options.setSubprotocols(subprotocols);
    QSignalSpy connected(socket, &QWebSocket::connected);
    socket->open(request, options);
    return connected.wait(kTimeoutMs);
}

QJsonObject WsBrokerScriptTest::request(QWebSocket *socket, const QString &json)
{
    QSignalSpy texts(socket, &QWebSocket::textMessageReceived);
    socket->sendTextMessage(json);
    if (!texts.wait(kTimeoutMs))
        return {};
    return QJsonDocument::fromJson(texts.at(0).at(0).toString().toUtf8()).object();
}

namespace {

QJsonObject objectAt(const QSignalSpy &texts, qsizetype index)
{
    return QJsonDocument::fromJson(texts.at(index).at(0).toString().toUtf8()).object();
}

} // namespace

void WsBrokerScriptTest::rejectsUpgradeWithoutSessionCookie()
{
    QVERIFY(startBroker());
    QWebSocket socket;
    QSignalSpy errors(&socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error));
    QSignalSpy connected(&socket, &QWebSocket::connected);
    socket.open(url());
    QVERIFY(errors.wait(kTimeoutMs));
    QCOMPARE(connected.size(), 0);
    // Qt reports the refused handshake with the server's status line in the error string.
    QVERIFY2(socket.errorString().contains(QLatin1String("403")), qPrintable(socket.errorString()));
}

void WsBrokerScriptTest::repliesWithTheSentIdWhenTheCookieIsSent()
{
    QVERIFY(startBroker());
    QWebSocket socket;
    QVERIFY(openWithCookie(&socket));
    QSignalSpy texts(&socket, &QWebSocket::textMessageReceived);
    socket.sendTextMessage(QStringLiteral(R"({"id":17,"op":"x"})"));
    socket.sendTextMessage(QStringLiteral(R"({"id":"s-1"})"));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 2, kTimeoutMs);
    const QJsonObject first =
        QJsonDocument::fromJson(texts.at(0).at(0).toString().toUtf8()).object();
    QCOMPARE(first.value(QLatin1String("id")), QJsonValue(17));
    QCOMPARE(first.value(QLatin1String("type")).toString(), QStringLiteral("reply"));
    QCOMPARE(first.value(QLatin1String("echo")).toObject().value(QLatin1String("op")),
             QJsonValue(QStringLiteral("x")));
    const QJsonObject second =
        QJsonDocument::fromJson(texts.at(1).at(0).toString().toUtf8()).object();
    QCOMPARE(second.value(QLatin1String("id")), QJsonValue(QStringLiteral("s-1")));
    socket.close();
}

void WsBrokerScriptTest::dropAfterClosesWith1011()
{
    QVERIFY(startBroker({QStringLiteral("--drop-after"), QStringLiteral("2")}));
    QWebSocket socket;
    QVERIFY(openWithCookie(&socket));
    QSignalSpy disconnected(&socket, &QWebSocket::disconnected);
    socket.sendTextMessage(QStringLiteral(R"({"id":1})"));
    socket.sendTextMessage(QStringLiteral(R"({"id":2})"));
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, kTimeoutMs);
    QCOMPARE(socket.closeCode(), QWebSocketProtocol::CloseCodeBadOperation); // 1011
}

void WsBrokerScriptTest::silentIdsGetNoReply()
{
    QVERIFY(startBroker({QStringLiteral("--silent-ids")}));
    QWebSocket socket;
    QVERIFY(openWithCookie(&socket));
    QSignalSpy texts(&socket, &QWebSocket::textMessageReceived);
    socket.sendTextMessage(QStringLiteral(R"({"id":"silent-1"})"));
    socket.sendTextMessage(QStringLiteral(R"({"id":"loud-1"})"));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 1, kTimeoutMs);
    QTest::qWait(200);
    QCOMPARE(texts.size(), 1);
    QCOMPARE(QJsonDocument::fromJson(texts.at(0).at(0).toString().toUtf8())
                 .object()
                 .value(QLatin1String("id")),
             QJsonValue(QStringLiteral("loud-1")));
}

void WsBrokerScriptTest::partsArriveInOrderAndOnlyTheLastIsMarkedLast()
{
    QVERIFY(startBroker());
    QWebSocket socket;
    QVERIFY(openWithCookie(&socket));
    QSignalSpy texts(&socket, &QWebSocket::textMessageReceived);
    socket.sendTextMessage(QStringLiteral(R"({"id":"p-1","op":"parts","n":3})"));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 3, kTimeoutMs);
    for (int i = 0; i < 3; ++i) {
        const QJsonObject part = objectAt(texts, i);
        QCOMPARE(part.value(QLatin1String("id")), QJsonValue(QStringLiteral("p-1")));
        QCOMPARE(part.value(QLatin1String("type")).toString(), QStringLiteral("part"));
        QCOMPARE(part.value(QLatin1String("part")).toInt(), i + 1);
        QCOMPARE(part.value(QLatin1String("last")), QJsonValue(i == 2));
    }
    // A plain message afterwards proves no fourth part was queued before it.
    QCOMPARE(request(&socket, QStringLiteral(R"({"id":9})")).value(QLatin1String("type")),
             QJsonValue(QStringLiteral("reply")));
    QCOMPARE(texts.size(), 4);
}

void WsBrokerScriptTest::subscribePushesNumberedMessagesWithEpochMsTimestamps()
{
    QVERIFY(startBroker());
    QWebSocket socket;
    QVERIFY(openWithCookie(&socket));
    QSignalSpy texts(&socket, &QWebSocket::textMessageReceived);
    const qint64 beforeMs = QDateTime::currentMSecsSinceEpoch();
    socket.sendTextMessage(
        QStringLiteral(R"({"id":5,"op":"subscribe","topic":"quote","interval_ms":20,"count":3})"));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 4, kTimeoutMs);
    const qint64 afterMs = QDateTime::currentMSecsSinceEpoch();
    const QJsonObject subscribed = objectAt(texts, 0);
    QCOMPARE(subscribed.value(QLatin1String("id")), QJsonValue(5));
    QCOMPARE(subscribed.value(QLatin1String("type")).toString(), QStringLiteral("subscribed"));
    QCOMPARE(subscribed.value(QLatin1String("topic")).toString(), QStringLiteral("quote"));
    qint64 previousTs = beforeMs;
    for (int i = 1; i <= 3; ++i) {
        const QJsonObject push = objectAt(texts, i);
        QCOMPARE(push.value(QLatin1String("type")).toString(), QStringLiteral("quote"));
        QCOMPARE(push.value(QLatin1String("seq")).toInt(), i);
        QVERIFY(push.value(QLatin1String("price")).isDouble());
        QVERIFY(!push.contains(QLatin1String("id")));
        const QJsonValue ts = push.value(QLatin1String("ts"));
        QVERIFY(ts.isDouble());
        const auto tsMs = qint64(ts.toDouble());
        QCOMPARE(double(tsMs), ts.toDouble()); // whole milliseconds
        QVERIFY2(tsMs >= previousTs && tsMs <= afterMs, qPrintable(QString::number(tsMs)));
        previousTs = tsMs;
    }
    // count 3 means three pushes, then nothing more before the next reply.
    QCOMPARE(request(&socket, QStringLiteral(R"({"id":6})")).value(QLatin1String("id")),
             QJsonValue(6));
    QTest::qWait(100);
    QCOMPARE(texts.size(), 5);
}

void WsBrokerScriptTest::tsIsoSendsIsoTimestampsInUtc()
{
    QVERIFY(startBroker({QStringLiteral("--ts-iso")}));
    QWebSocket socket;
    QVERIFY(openWithCookie(&socket));
    QSignalSpy texts(&socket, &QWebSocket::textMessageReceived);
    const qint64 beforeMs = QDateTime::currentMSecsSinceEpoch();
    socket.sendTextMessage(
        QStringLiteral(R"({"id":1,"op":"subscribe","topic":"t","interval_ms":10,"count":2})"));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 3, kTimeoutMs);
    const qint64 afterMs = QDateTime::currentMSecsSinceEpoch();
    for (int i = 1; i <= 2; ++i) {
        const QString ts = objectAt(texts, i).value(QLatin1String("ts")).toString();
        static const QRegularExpression shape(
            QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"));
        QVERIFY2(shape.match(ts).hasMatch(), qPrintable(ts));
        const QDateTime moment = QDateTime::fromString(ts, Qt::ISODateWithMs);
        QVERIFY(moment.isValid());
        QCOMPARE(moment.timeSpec(), Qt::UTC);
        QVERIFY2(moment.toMSecsSinceEpoch() >= beforeMs && moment.toMSecsSinceEpoch() <= afterMs,
                 qPrintable(ts));
    }
}

void WsBrokerScriptTest::gapEveryInTheMessageSkipsEveryGthSeq()
{
    QVERIFY(startBroker());
    QWebSocket socket;
    QVERIFY(openWithCookie(&socket));
    QSignalSpy texts(&socket, &QWebSocket::textMessageReceived);
    socket.sendTextMessage(QStringLiteral(
        R"({"id":1,"op":"subscribe","topic":"p","interval_ms":5,"count":4,"gap_every":3})"));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 5, kTimeoutMs);
    QList<int> seqs;
    for (int i = 1; i <= 4; ++i)
        seqs << objectAt(texts, i).value(QLatin1String("seq")).toInt();
    QCOMPARE(seqs, (QList<int>{1, 2, 4, 5})); // seq 3 is lost; count counts pushes sent
}

void WsBrokerScriptTest::gapEveryOptionAppliesToSubscriptionsWithoutOne()
{
    QVERIFY(startBroker({QStringLiteral("--gap-every"), QStringLiteral("2")}));
    QWebSocket socket;
    QVERIFY(openWithCookie(&socket));
    QSignalSpy texts(&socket, &QWebSocket::textMessageReceived);
    socket.sendTextMessage(
        QStringLiteral(R"({"id":1,"op":"subscribe","topic":"p","interval_ms":5,"count":3})"));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 4, kTimeoutMs);
    QList<int> seqs;
    for (int i = 1; i <= 3; ++i)
        seqs << objectAt(texts, i).value(QLatin1String("seq")).toInt();
    QCOMPARE(seqs, (QList<int>{1, 3, 5}));
}

void WsBrokerScriptTest::loginRepliesWithATokenPerLogin()
{
    QVERIFY(startBroker());
    QWebSocket socket;
    QVERIFY(openWithCookie(&socket));
    const QJsonObject first =
        request(&socket, QStringLiteral(R"({"id":"l1","op":"login","user":"alice"})"));
    QCOMPARE(first.value(QLatin1String("id")), QJsonValue(QStringLiteral("l1")));
    QCOMPARE(first.value(QLatin1String("type")).toString(), QStringLiteral("reply"));
    QCOMPARE(first.value(QLatin1String("token")).toString(), QStringLiteral("tok-alice-1"));
    const QJsonObject second =
        request(&socket, QStringLiteral(R"({"id":"l2","op":"login","user":"bob"})"));
    QCOMPARE(second.value(QLatin1String("token")).toString(), QStringLiteral("tok-bob-2"));
}

void WsBrokerScriptTest::loginRequiredRejectsMessagesUntilLogin()
{
    QVERIFY(startBroker({QStringLiteral("--login-required")}));
    QWebSocket socket;
    QVERIFY(openWithCookie(&socket));
    const QJsonObject refused = request(&socket, QStringLiteral(R"({"id":1,"op":"parts","n":2})"));
    QCOMPARE(refused.value(QLatin1String("id")), QJsonValue(1));
    QCOMPARE(refused.value(QLatin1String("type")).toString(), QStringLiteral("error"));
    QCOMPARE(refused.value(QLatin1String("error")).toString(), QStringLiteral("not logged in"));
    QCOMPARE(request(&socket, QStringLiteral(R"({"id":2,"op":"login","user":"u"})"))
                 .value(QLatin1String("token"))
                 .toString(),
             QStringLiteral("tok-u-1"));
    const QJsonObject accepted = request(&socket, QStringLiteral(R"({"id":3})"));
    QCOMPARE(accepted.value(QLatin1String("id")), QJsonValue(3));
    QCOMPARE(accepted.value(QLatin1String("type")).toString(), QStringLiteral("reply"));
}

void WsBrokerScriptTest::forgetSessionsClosesEveryConnectionWith1012AndLogsOut()
{
    QVERIFY(startBroker({QStringLiteral("--login-required")}));
    // The raw client reads the close frame itself: Qt 6.4's QWebSocket rejects 1012 as an
    // invalid code and reports 1002 instead.
    test::RawWebSocket raw;
    QCOMPARE(raw.open(m_port, {"Cookie: sessionid=test-session"}), 101);
    raw.sendText(R"({"id":1,"op":"login","user":"raw"})");
    const std::optional<test::RawWebSocket::Frame> loggedIn = raw.readFrame();
    QVERIFY(loggedIn && loggedIn->payload.contains("tok-raw-1"));
    QWebSocket control;
    QVERIFY(openWithCookie(&control));
    QSignalSpy controlClosed(&control, &QWebSocket::disconnected);
    control.sendTextMessage(QStringLiteral(R"({"op":"forget-sessions"})"));
    QTRY_COMPARE_WITH_TIMEOUT(controlClosed.size(), 1, kTimeoutMs); // the sender's too

    const std::optional<test::RawWebSocket::Frame> closeFrame = raw.readFrame();
    QVERIFY(closeFrame);
    QCOMPARE(closeFrame->opcode, test::RawWebSocket::kOpClose);
    QCOMPARE(closeFrame->closeCode(), kCloseCodeServiceRestart);
    QCOMPARE(closeFrame->closeReason(), QByteArray("restart"));

    QWebSocket again;
    QVERIFY(openWithCookie(&again));
    QCOMPARE(request(&again, QStringLiteral(R"({"id":2})")).value(QLatin1String("error")),
             QJsonValue(QStringLiteral("not logged in")));
}

void WsBrokerScriptTest::forgetSessionsCanCloseWithAnotherCode()
{
    QVERIFY(startBroker());
    QWebSocket user;
    QVERIFY(openWithCookie(&user));
    QSignalSpy closed(&user, &QWebSocket::disconnected);
    user.sendTextMessage(QStringLiteral(R"({"op":"forget-sessions","code":4001})"));
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, kTimeoutMs);
    QCOMPARE(int(user.closeCode()), 4001); // a code QWebSocket reports as sent
    QCOMPARE(user.closeReason(), QStringLiteral("restart"));
}

void WsBrokerScriptTest::dropAllAbortsEveryConnectionWithoutACloseFrame()
{
    QVERIFY(startBroker());
    test::RawWebSocket raw;
    QCOMPARE(raw.open(m_port, {"Cookie: sessionid=test-session"}), 101);
    // Qt 6.4's QWebSocket reports a connection lost without a close frame as closeCode 1000; what
    // tells it apart from a real close is no aboutToClose() and a RemoteHostClosedError.
    QWebSocket control;
    QVERIFY(openWithCookie(&control));
    QSignalSpy aboutToClose(&control, &QWebSocket::aboutToClose);
    QSignalSpy errors(&control, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error));
    QSignalSpy controlClosed(&control, &QWebSocket::disconnected);
    control.sendTextMessage(QStringLiteral(R"({"op":"drop-all"})"));
    QTRY_COMPARE_WITH_TIMEOUT(controlClosed.size(), 1, kTimeoutMs);
    QVERIFY(!raw.readFrame()); // no frame at all, in particular no close frame
    QVERIFY(raw.ended());
    QCOMPARE(aboutToClose.size(), 0);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.at(0).at(0).value<QAbstractSocket::SocketError>(),
             QAbstractSocket::RemoteHostClosedError);
    // The broker itself keeps serving.
    QWebSocket again;
    QVERIFY(openWithCookie(&again));
    QCOMPARE(request(&again, QStringLiteral(R"({"id":1})")).value(QLatin1String("id")),
             QJsonValue(1));
}

void WsBrokerScriptTest::dropAllAfterSecondsAbortsConnections()
{
    QVERIFY(startBroker({QStringLiteral("--drop-all-after-s"), QStringLiteral("0.3")}));
    test::RawWebSocket raw;
    QCOMPARE(raw.open(m_port, {"Cookie: sessionid=test-session"}), 101);
    QVERIFY(!raw.readFrame());
    QVERIFY(raw.ended());
    // It keeps doing so: a later connection is dropped too.
    test::RawWebSocket later;
    QCOMPARE(later.open(m_port, {"Cookie: sessionid=test-session"}), 101);
    QVERIFY(!later.readFrame());
    QVERIFY(later.ended());
}

void WsBrokerScriptTest::binaryFramesAreEchoedAsBinary()
{
    QVERIFY(startBroker());
    QWebSocket socket;
    QVERIFY(openWithCookie(&socket));
    QSignalSpy binaries(&socket, &QWebSocket::binaryMessageReceived);
    QSignalSpy texts(&socket, &QWebSocket::textMessageReceived);
    const QByteArray payload("\x00\x01\xfe\xff{\"id\":1}", 12);
    socket.sendBinaryMessage(payload);
    QVERIFY(binaries.wait(kTimeoutMs));
    QCOMPARE(binaries.at(0).at(0).toByteArray(), payload);
    QCOMPARE(texts.size(), 0);
}

void WsBrokerScriptTest::subprotocolIsTheFirstOfferedOneTheServerSupports()
{
    QVERIFY(startBroker({QStringLiteral("--subprotocols"), QStringLiteral("a.v1,b.v2")}));
    QWebSocket socket;
    QVERIFY(openWithCookie(&socket,
                           {QStringLiteral("x"), QStringLiteral("b.v2"), QStringLiteral("a.v1")}));
    QCOMPARE(socket.subprotocol(), QStringLiteral("b.v2"));
}

void WsBrokerScriptTest::noSubprotocolWhenNoneOfferedMatches()
{
    QVERIFY(startBroker({QStringLiteral("--subprotocols"), QStringLiteral("a.v1")}));
    QWebSocket unmatched;
    QVERIFY(openWithCookie(&unmatched, {QStringLiteral("x")}));
    QCOMPARE(unmatched.subprotocol(), QString());
    QWebSocket none;
    QVERIFY(openWithCookie(&none));
    QCOMPARE(none.subprotocol(), QString());
    // A control: the same server does select when the offer matches.
    QWebSocket matched;
    QVERIFY(openWithCookie(&matched, {QStringLiteral("a.v1")}));
    QCOMPARE(matched.subprotocol(), QStringLiteral("a.v1"));
}

void WsBrokerScriptTest::delayedReplyIsOvertakenByALaterMessage()
{
    QVERIFY(startBroker());
    QWebSocket socket;
    QVERIFY(openWithCookie(&socket));
    QSignalSpy texts(&socket, &QWebSocket::textMessageReceived);
    socket.sendTextMessage(QStringLiteral(R"({"id":"slow","op":"delay","ms":300})"));
    socket.sendTextMessage(QStringLiteral(R"({"id":"fast"})"));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 2, kTimeoutMs);
    QCOMPARE(objectAt(texts, 0).value(QLatin1String("id")), QJsonValue(QStringLiteral("fast")));
    const QJsonObject delayed = objectAt(texts, 1);
    QCOMPARE(delayed.value(QLatin1String("id")), QJsonValue(QStringLiteral("slow")));
    QCOMPARE(delayed.value(QLatin1String("type")).toString(), QStringLiteral("reply"));
}

void WsBrokerScriptTest::nestedReplyCarriesTheIdUnderMeta()
{
    QVERIFY(startBroker());
    QWebSocket socket;
    QVERIFY(openWithCookie(&socket));
    const QJsonObject reply = request(&socket, QStringLiteral(R"({"id":42,"nested":true})"));
    QCOMPARE(reply.value(QLatin1String("type")).toString(), QStringLiteral("reply"));
    QCOMPARE(reply.value(QLatin1String("meta")).toObject().value(QLatin1String("requestId")),
             QJsonValue(42));
    QVERIFY(!reply.contains(QLatin1String("id")));
}

void WsBrokerScriptTest::acceptThenCloseClosesWith1000AfterTheHandshake()
{
    QVERIFY(startBroker({QStringLiteral("--accept-then-close")}));
    QWebSocket socket;
    QSignalSpy closed(&socket, &QWebSocket::disconnected);
    QVERIFY(openWithCookie(&socket)); // the handshake itself succeeds
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, kTimeoutMs);
    QCOMPARE(socket.closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QCOMPARE(socket.closeReason(), QStringLiteral("accept-then-close"));
}

void WsBrokerScriptTest::maxMessageClosesWith1009AboveTheLimitInBytes()
{
    QVERIFY(startBroker({QStringLiteral("--max-message"), QStringLiteral("24")}));
    QWebSocket socket;
    QVERIFY(openWithCookie(&socket));
    const QString atLimit = QStringLiteral(R"({"id":1,"p":"abcdefghi"})");
    QCOMPARE(atLimit.toUtf8().size(), 24);
    QCOMPARE(request(&socket, atLimit).value(QLatin1String("id")), QJsonValue(1));
    // Fewer characters than the limit, more bytes: the limit is in bytes.
    const QString overLimit = QStringLiteral(u"{\"id\":2,\"p\":\"ééééééé\"}");
    QVERIFY(overLimit.size() < 24 && overLimit.toUtf8().size() > 24);
    QSignalSpy closed(&socket, &QWebSocket::disconnected);
    socket.sendTextMessage(overLimit);
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, kTimeoutMs);
    QCOMPARE(socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
}

void WsBrokerScriptTest::pythonServerHelperPassesArgumentsAndReportsThePort()
{
    test::PythonServer broker(QStringLiteral("ws_broker.py"),
                              {QStringLiteral("--login-required"), QStringLiteral("--max-seconds"),
                               QStringLiteral("60")});
    QVERIFY(broker.isRunning());
    QCOMPARE(broker.wsUrl().port(), int(broker.port()));
    QWebSocket socket;
    QNetworkRequest upgrade(broker.wsUrl());
    upgrade.setRawHeader("Cookie", test::PythonServer::kWsBrokerCookie);
    QSignalSpy connected(&socket, &QWebSocket::connected);
    socket.open(upgrade);
    QVERIFY(connected.wait(kTimeoutMs));
    // --login-required reached the script.
    QCOMPARE(request(&socket, QStringLiteral(R"({"id":1})")).value(QLatin1String("error")),
             QJsonValue(QStringLiteral("not logged in")));
}

QTEST_GUILESS_MAIN(WsBrokerScriptTest)
#include "wsbrokerscripttest.moc"
