// The WsTransport contract, run through both kinds (lean = WsClient, qt = QtWsTransport over
// QWebSocket) against servers Cicada did not write: every row must give the same observable
// result for both, so the engine can switch transports without changing what users see.

#include "ws/wstransport.h"
#include "../../common/pythonserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace cicada;
using cicada::test::PythonServer;

Q_DECLARE_METATYPE(cicada::WsTransport::Kind)

namespace {

constexpr int kWaitMs = 15000;

struct Recorder
{
    explicit Recorder(WsTransport &t)
    {
        QObject::connect(&t, &WsTransport::connected, &t, [this] { ++connects; });
        QObject::connect(&t, &WsTransport::messageReceived, &t,
                         [this](const QByteArray &m, bool binary) {
                             messages << m;
                             binaries << binary;
                         });
        QObject::connect(&t, &WsTransport::error, &t, [this](const QString &e) { errors << e; });
        QObject::connect(&t, &WsTransport::disconnected, &t, [this] { ++disconnects; });
        QObject::connect(&t, &WsTransport::pong, &t,
                         [this](quint64, const QByteArray &p) { pongs << p; });
    }
    int connects = 0;
    int disconnects = 0;
    QList<QByteArray> messages;
    QList<bool> binaries;
    QStringList errors;
    QList<QByteArray> pongs;
};

void addKinds()
{
    QTest::addColumn<WsTransport::Kind>("kind");
    QTest::newRow("lean") << WsTransport::Kind::Lean;
    QTest::newRow("qt") << WsTransport::Kind::Qt;
}

} // namespace

class WsTransportTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PythonServer> m_raw;
    std::unique_ptr<PythonServer> m_broker;

    [[nodiscard]] QUrl raw(const QString &path) const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(m_raw->port()).arg(path));
    }
    [[nodiscard]] static WsTransport::Options brokerOptions()
    {
        WsTransport::Options options;
        options.headers = {{"Cookie", PythonServer::kWsBrokerCookie}};
        return options;
    }

private slots:
    void initTestCase()
    {
        m_raw = std::make_unique<PythonServer>(QStringLiteral("ws_raw.py"));
        m_broker = std::make_unique<PythonServer>(QStringLiteral("ws_broker.py"));
        QVERIFY(m_raw->isRunning() && m_broker->isRunning());
    }
    void cleanupTestCase()
    {
        m_raw.reset();
        m_broker.reset();
    }

    void parseKindAcceptsLeanAndQtOnly()
    {
        WsTransport::Kind kind = WsTransport::Kind::Qt;
        QVERIFY(WsTransport::parseKind(QStringLiteral("lean"), &kind));
        QCOMPARE(kind, WsTransport::Kind::Lean);
        QVERIFY(WsTransport::parseKind(QStringLiteral("qt"), &kind));
        QCOMPARE(kind, WsTransport::Kind::Qt);
        QVERIFY(!WsTransport::parseKind(QStringLiteral("Lean"), &kind));
        QVERIFY(!WsTransport::parseKind(QString(), &kind));
    }

    void echoesTextAndBinaryAsUtf8Bytes_data() { addKinds(); }
    void echoesTextAndBinaryAsUtf8Bytes()
    {
        QFETCH(WsTransport::Kind, kind);
        std::unique_ptr<WsTransport> t(WsTransport::create(kind));
        Recorder r(*t);
        t->open(m_broker->wsUrl(), brokerOptions());
        QTRY_COMPARE_WITH_TIMEOUT(r.connects, 1, kWaitMs);
        const QByteArray text = QStringLiteral(R"({"id":1,"text":"grüße 🙂"})").toUtf8();
        QCOMPARE(t->sendTextMessage(text), text.size());
        const QByteArray binary(70000, '\x7f');
        t->sendBinaryMessage(binary);
        QTRY_COMPARE_WITH_TIMEOUT(r.messages.size(), 2, kWaitMs);
        const QJsonObject reply = QJsonDocument::fromJson(r.messages[0]).object();
        QCOMPARE(reply.value("echo").toObject().value("text").toString(),
                 QStringLiteral("grüße 🙂"));
        QCOMPARE(r.binaries, (QList<bool>{false, true}));
        QCOMPARE(r.messages[1], binary);
    }

    void upgradeCarriesHeadersAndTheChosenSubprotocol_data() { addKinds(); }
    void upgradeCarriesHeadersAndTheChosenSubprotocol()
    {
        QFETCH(WsTransport::Kind, kind);
        std::unique_ptr<WsTransport> t(WsTransport::create(kind));
        Recorder r(*t);
        WsTransport::Options options;
        options.headers = {{"Cookie", "sessionid=abc"}, {"X-Trace", "t-1"}};
        options.subprotocols = {QStringLiteral("v2"), QStringLiteral("v1")};
        t->open(raw(QStringLiteral("/headers")), options);
        QTRY_COMPARE_WITH_TIMEOUT(r.messages.size(), 1, kWaitMs);
        const QJsonObject headers = QJsonDocument::fromJson(r.messages[0]).object();
        QCOMPARE(headers.value("cookie").toString(), QStringLiteral("sessionid=abc"));
        QCOMPARE(headers.value("x-trace").toString(), QStringLiteral("t-1"));
        QCOMPARE(t->subprotocol(), QStringLiteral("v2"));
    }

    void fragmentedMessagesArriveWhole_data() { addKinds(); }
    void fragmentedMessagesArriveWhole()
    {
        QFETCH(WsTransport::Kind, kind);
        std::unique_ptr<WsTransport> t(WsTransport::create(kind));
        Recorder r(*t);
        t->open(raw(QStringLiteral("/fragmented")), {});
        if (kind == WsTransport::Kind::Qt) {
            // Qt 6.4 deviation, pinned: it validates UTF-8 per fragment, so "ö" split across two
            // frames fails the connection with 1007 (it also accepts masked server frames).
            QTRY_COMPARE_WITH_TIMEOUT(r.disconnects, 1, kWaitMs);
            QCOMPARE(int(t->closeCode()), 1007);
            return;
        }
        QTRY_COMPARE_WITH_TIMEOUT(r.messages.size(), 2, kWaitMs);
        QCOMPARE(QString::fromUtf8(r.messages[0]), QStringLiteral("Hello, wörld!"));
        QCOMPARE(r.messages[1], QByteArray::fromHex("00010203"));
    }

    void rejectedUpgradeSaysTheStatus_data() { addKinds(); }
    void rejectedUpgradeSaysTheStatus()
    {
        QFETCH(WsTransport::Kind, kind);
        std::unique_ptr<WsTransport> t(WsTransport::create(kind));
        Recorder r(*t);
        t->open(m_broker->wsUrl(), {}); // no cookie: 403
        QTRY_COMPARE_WITH_TIMEOUT(r.disconnects, 1, kWaitMs);
        QCOMPARE(r.connects, 0);
        QCOMPARE(r.errors.size(), 1);
        QVERIFY2(r.errors[0].startsWith(QStringLiteral("WebSocket upgrade rejected: HTTP 403")),
                 qPrintable(r.errors[0]));
        QCOMPARE(t->httpStatus(), 403);
    }

    void tcpLossIs1006AndACloseFrameGivesItsCode_data()
    {
        QTest::addColumn<WsTransport::Kind>("kind");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("reason");
        for (const auto &[name, kind] :
             {std::pair{"lean", WsTransport::Kind::Lean}, std::pair{"qt", WsTransport::Kind::Qt}}) {
            QTest::addRow("%s drop", name) << kind << "/drop" << 1006 << "";
            QTest::addRow("%s drop mid-frame", name) << kind << "/abrupt" << 1006 << "";
            QTest::addRow("%s close 4001", name)
                << kind << "/close?code=4001&reason=kicked" << 4001 << "kicked";
            QTest::addRow("%s close 1001", name)
                << kind << "/close?code=1001&reason=bye" << 1001 << "bye";
        }
    }
    void tcpLossIs1006AndACloseFrameGivesItsCode()
    {
        QFETCH(WsTransport::Kind, kind);
        QFETCH(QString, path);
        QFETCH(int, code);
        QFETCH(QString, reason);
        std::unique_ptr<WsTransport> t(WsTransport::create(kind));
        Recorder r(*t);
        t->open(raw(path), {});
        QTRY_COMPARE_WITH_TIMEOUT(r.disconnects, 1, kWaitMs);
        QCOMPARE(r.connects, 1);
        QCOMPARE(int(t->closeCode()), code);
        QCOMPARE(t->closeReason(), reason);
        QVERIFY(!t->isOpen());
    }

    void pingPongAndClientClose_data() { addKinds(); }
    void pingPongAndClientClose()
    {
        QFETCH(WsTransport::Kind, kind);
        std::unique_ptr<WsTransport> t(WsTransport::create(kind));
        Recorder r(*t);
        t->open(raw(QStringLiteral("/echo")), {});
        QTRY_COMPARE_WITH_TIMEOUT(r.connects, 1, kWaitMs);
        t->ping(QByteArray("hb"));
        QTRY_COMPARE_WITH_TIMEOUT(r.pongs.size(), 1, kWaitMs);
        QCOMPARE(r.pongs[0], QByteArray("hb"));
        t->close(4000, QByteArray("done"));
        QTRY_COMPARE_WITH_TIMEOUT(r.disconnects, 1, kWaitMs);
        QCOMPARE(int(t->closeCode()), 4000);
        QCOMPARE(t->sendTextMessage(QByteArray("late")), 0);
    }

    void abortReports1006Once_data() { addKinds(); }
    void abortReports1006Once()
    {
        QFETCH(WsTransport::Kind, kind);
        std::unique_ptr<WsTransport> t(WsTransport::create(kind));
        Recorder r(*t);
        t->open(raw(QStringLiteral("/echo")), {});
        QTRY_COMPARE_WITH_TIMEOUT(r.connects, 1, kWaitMs);
        t->abort();
        QTRY_COMPARE_WITH_TIMEOUT(r.disconnects, 1, kWaitMs);
        QTest::qWait(50);
        QCOMPARE(r.disconnects, 1);
        QCOMPARE(int(t->closeCode()), 1006);
    }

    void serverLimitCloses1009_data() { addKinds(); }
    void serverLimitCloses1009()
    {
        QFETCH(WsTransport::Kind, kind);
        PythonServer limited(QStringLiteral("ws_broker.py"),
                             {QStringLiteral("--max-message"), QStringLiteral("100")});
        QVERIFY(limited.isRunning());
        std::unique_ptr<WsTransport> t(WsTransport::create(kind));
        Recorder r(*t);
        t->open(limited.wsUrl(), brokerOptions());
        QTRY_COMPARE_WITH_TIMEOUT(r.connects, 1, kWaitMs);
        t->sendTextMessage(QByteArray(200, 'x'));
        QTRY_COMPARE_WITH_TIMEOUT(r.disconnects, 1, kWaitMs);
        QCOMPARE(int(t->closeCode()), 1009);
        QVERIFY(!t->failedLocally()); // the server closed it
    }

    void clientLimitFailsLocallyWith1009_data() { addKinds(); }
    void clientLimitFailsLocallyWith1009()
    {
        QFETCH(WsTransport::Kind, kind);
        std::unique_ptr<WsTransport> t(WsTransport::create(kind));
        Recorder r(*t);
        WsTransport::Options options;
        options.maxMessageBytes = 1024;
        t->open(raw(QStringLiteral("/oversized?n=4096")), options);
        QTRY_COMPARE_WITH_TIMEOUT(r.disconnects, 1, kWaitMs);
        QCOMPARE(r.connects, 1);
        QVERIFY(r.messages.isEmpty());
        QCOMPARE(int(t->closeCode()), 1009);
        QVERIFY(t->failedLocally());
    }
};

QTEST_GUILESS_MAIN(WsTransportTest)
#include "wstransporttest.moc"
