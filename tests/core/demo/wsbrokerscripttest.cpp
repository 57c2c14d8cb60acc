#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

namespace {

constexpr int kTimeoutMs = 10000;
const char *const kPython = "/usr/bin/python3";
const char *const kScript = CICADA_SOURCE_DIR "/tests/servers/ws_broker.py";

} // namespace

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

private:
    /** Starts the script with @p arguments and reads its port; false on failure. */
    bool startBroker(const QStringList &arguments = {});
    [[nodiscard]] QUrl url() const;
    /** Opens a connection carrying the script's default session cookie. */
    bool openWithCookie(QWebSocket *socket);

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

bool WsBrokerScriptTest::openWithCookie(QWebSocket *socket)
{
    QNetworkRequest request(url());
    request.setRawHeader("Cookie", "other=1; sessionid=test-session");
    QSignalSpy connected(socket, &QWebSocket::connected);
    socket->open(request);
    return connected.wait(kTimeoutMs);
}

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

QTEST_GUILESS_MAIN(WsBrokerScriptTest)
#include "wsbrokerscripttest.moc"
