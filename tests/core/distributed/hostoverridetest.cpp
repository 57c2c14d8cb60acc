// The master's `host` applied to a profile target.
#include "distributed/hostoverride.h"

#include <QTest>

using namespace cicada;

class HostOverrideTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replacesBaseAndFollowsWithTheBroker_data();
    void replacesBaseAndFollowsWithTheBroker();
    void rejectsWhatIsNotAUrl_data();
    void rejectsWhatIsNotAUrl();
};

void HostOverrideTest::replacesBaseAndFollowsWithTheBroker_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("broker");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("newBase");
    QTest::addColumn<QString>("newBroker");
    QTest::newRow("same server") << "http://127.0.0.1:8765"
                                 << "ws://127.0.0.1:8765/broker"
                                 << "http://10.0.0.5:9000"
                                 << "http://10.0.0.5:9000"
                                 << "ws://10.0.0.5:9000/broker";
    QTest::newRow("tls") << "http://127.0.0.1:8765"
                         << "ws://127.0.0.1:8765/broker?x=1"
                         << "https://example.test"
                         << "https://example.test"
                         << "wss://example.test/broker?x=1";
    QTest::newRow("ws host") << "http://a:1"
                             << "ws://a:1/b"
                             << "ws://c:2"
                             << "http://c:2"
                             << "ws://c:2/b";
    QTest::newRow("broker elsewhere stays") << "http://api.test"
                                            << "wss://push.test/ws"
                                            << "http://other.test:8080"
                                            << "http://other.test:8080"
                                            << "wss://push.test/ws";
    QTest::newRow("default ports match") << "http://a.test"
                                         << "ws://a.test:80/b"
                                         << "http://c.test"
                                         << "http://c.test"
                                         << "ws://c.test/b";
    QTest::newRow("trailing slash") << "http://a:1"
                                    << ""
                                    << "http://c:2/"
                                    << "http://c:2"
                                    << "";
    // The generated locustfile gives the master the host without credentials.
    QTest::newRow("same server keeps the userinfo") << "http://admin:pw@127.0.0.1:8765"
                                                    << ""
                                                    << "http://127.0.0.1:8765"
                                                    << "http://admin:pw@127.0.0.1:8765"
                                                    << "";
    QTest::newRow("another server does not get it") << "http://admin:pw@127.0.0.1:8765"
                                                    << ""
                                                    << "http://10.0.0.5:8765"
                                                    << "http://10.0.0.5:8765"
                                                    << "";
    QTest::newRow("empty host: no change") << "http://a:1"
                                           << "ws://a:1/b"
                                           << "  "
                                           << "http://a:1"
                                           << "ws://a:1/b";
}

void HostOverrideTest::replacesBaseAndFollowsWithTheBroker()
{
    QFETCH(QString, base);
    QFETCH(QString, broker);
    QFETCH(QString, host);
    QFETCH(QString, newBase);
    QFETCH(QString, newBroker);
    Target target;
    target.baseUrl = base;
    target.brokerUrl = broker;
    QString error;
    QVERIFY2(HostOverride::apply(&target, host, &error), qPrintable(error));
    QCOMPARE(target.baseUrl, newBase);
    QCOMPARE(target.brokerUrl, newBroker);
}

void HostOverrideTest::rejectsWhatIsNotAUrl_data()
{
    QTest::addColumn<QString>("host");
    QTest::newRow("no scheme") << "10.0.0.5:9000";
    QTest::newRow("ftp") << "ftp://x";
    QTest::newRow("no host") << "http://";
}

void HostOverrideTest::rejectsWhatIsNotAUrl()
{
    QFETCH(QString, host);
    Target target;
    target.baseUrl = QStringLiteral("http://a:1");
    target.brokerUrl = QStringLiteral("ws://a:1/b");
    QString error;
    QVERIFY(!HostOverride::apply(&target, host, &error));
    QVERIFY(error.contains(host));
    QCOMPARE(target.baseUrl, QStringLiteral("http://a:1"));
    QCOMPARE(target.brokerUrl, QStringLiteral("ws://a:1/b"));
}

QTEST_GUILESS_MAIN(HostOverrideTest)
#include "hostoverridetest.moc"
