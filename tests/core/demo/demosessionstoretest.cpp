#include "demo/demosessionstore.h"

#include <QRegularExpression>
#include <QTest>

using namespace cicada;

class DemoSessionStoreTest : public QObject
{
    Q_OBJECT

private slots:
    void issuedIdsAre32HexDigitsAndValid();
    void staticIdsAreAcceptedAndReplaceable();
    void oldestIssuedIdIsEvictedPastTheBound();
    void forgetIssuedInvalidatesIssuedIdsButNotStaticOnes();
};

void DemoSessionStoreTest::forgetIssuedInvalidatesIssuedIdsButNotStaticOnes()
{
    DemoSessionStore store;
    const QByteArray before = store.issue(QStringLiteral("alice"));
    QVERIFY(store.isValid(before));
    store.forgetIssued();
    QVERIFY(!store.isValid(before));
    QCOMPARE(store.user(before), QString());
    QCOMPARE(store.issuedCount(), qsizetype(0));
    QVERIFY(store.isValid("demo-session"));
    const QByteArray after = store.issue(QStringLiteral("alice"));
    QVERIFY(store.isValid(after));
    QCOMPARE(store.issuedCount(), qsizetype(1));
}

void DemoSessionStoreTest::issuedIdsAre32HexDigitsAndValid()
{
    DemoSessionStore store;
    const QByteArray first = store.issue(QStringLiteral("alice"));
    const QByteArray second = store.issue(QStringLiteral("bob"));
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{32}$"))
                .match(QString::fromLatin1(first))
                .hasMatch());
    QVERIFY(first != second);
    QVERIFY(store.isValid(first));
    QCOMPARE(store.user(first), QStringLiteral("alice"));
    QCOMPARE(store.user(second), QStringLiteral("bob"));
    QVERIFY(!store.isValid("0123"));
    QVERIFY(!store.isValid({}));
    QCOMPARE(store.user("0123"), QString());
}

void DemoSessionStoreTest::staticIdsAreAcceptedAndReplaceable()
{
    DemoSessionStore store;
    QVERIFY(store.isValid("demo-session"));
    QCOMPARE(store.user("demo-session"), QStringLiteral("demo"));
    store.setStaticIds({QStringLiteral("a"), QStringLiteral("b")});
    QVERIFY(!store.isValid("demo-session"));
    QVERIFY(store.isValid("a"));
    QVERIFY(store.isValid("b"));
}

void DemoSessionStoreTest::oldestIssuedIdIsEvictedPastTheBound()
{
    DemoSessionStore store(3);
    QList<QByteArray> ids;
    for (int i = 0; i < 5; ++i)
        ids.append(store.issue(QStringLiteral("u%1").arg(i)));
    QCOMPARE(store.issuedCount(), qsizetype(3));
    QVERIFY(!store.isValid(ids[0]));
    QVERIFY(!store.isValid(ids[1]));
    QVERIFY(store.isValid(ids[2]));
    QVERIFY(store.isValid(ids[4]));
}

QTEST_GUILESS_MAIN(DemoSessionStoreTest)
#include "demosessionstoretest.moc"
