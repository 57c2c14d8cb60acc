// Master class names → profile user types: by name, else by weight.
#include "distributed/userclassmapping.h"

#include <QTest>

using namespace cicada;

class UserClassMappingTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesMapOneToOne();
    void unknownClassesAreSplitByWeight();
    void weightSplitOnlyGrowsWithTheCount();
    void mixedKnownAndUnknown();
    void usersByWeightFillFixedCountsFirst();
    void negativeCountsAreZero();
};

namespace {
const QList<QPair<QString, int>> kTypes{{QStringLiteral("ChatUser"), 3},
                                        {QStringLiteral("Browser"), 1}};
}

void UserClassMappingTest::namesMapOneToOne()
{
    const auto r = UserClassMapping(kTypes).map(
        {{QStringLiteral("ChatUser"), 6}, {QStringLiteral("Browser"), 2}});
    QCOMPARE(r.countsByType.value(QStringLiteral("ChatUser")), 6);
    QCOMPARE(r.countsByType.value(QStringLiteral("Browser")), 2);
    QVERIFY(r.unknownClasses.isEmpty());
    QCOMPARE(r.usersByWeight, 0);
    // Types the master did not mention are listed with 0.
    const auto only = UserClassMapping(kTypes).map({{QStringLiteral("Browser"), 1}});
    QCOMPARE(only.countsByType.size(), 2);
    QCOMPARE(only.countsByType.value(QStringLiteral("ChatUser")), 0);
}

void UserClassMappingTest::unknownClassesAreSplitByWeight()
{
    const auto r = UserClassMapping(kTypes).map({{QStringLiteral("Dummy"), 8}});
    QCOMPARE(r.unknownClasses, QStringList{QStringLiteral("Dummy")});
    QCOMPARE(r.usersByWeight, 8);
    QCOMPARE(r.countsByType.value(QStringLiteral("ChatUser")), 6);
    QCOMPARE(r.countsByType.value(QStringLiteral("Browser")), 2);
}

void UserClassMappingTest::weightSplitOnlyGrowsWithTheCount()
{
    UserClassMapping mapping(kTypes);
    QMap<QString, int> previous = mapping.map({}).countsByType;
    for (int n = 1; n <= 25; ++n) {
        const QMap<QString, int> now = mapping.map({{QStringLiteral("Other"), n}}).countsByType;
        int sum = 0;
        for (auto it = now.cbegin(); it != now.cend(); ++it) {
            QVERIFY2(it.value() >= previous.value(it.key()), qPrintable(QString::number(n)));
            sum += it.value();
        }
        QCOMPARE(sum, n);
        previous = now;
    }
}

void UserClassMappingTest::mixedKnownAndUnknown()
{
    const auto r = UserClassMapping(kTypes).map(
        {{QStringLiteral("Browser"), 1}, {QStringLiteral("b"), 2}, {QStringLiteral("a"), 2}});
    QCOMPARE(r.unknownClasses, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(r.usersByWeight, 4);
    QCOMPARE(r.countsByType.value(QStringLiteral("ChatUser")) +
                 r.countsByType.value(QStringLiteral("Browser")),
             5);
    QCOMPARE(r.countsByType.value(QStringLiteral("ChatUser")), 3);
}

void UserClassMappingTest::usersByWeightFillFixedCountsFirst()
{
    // Browser has fixedCount 2: users of unknown classes make it up to 2 before any weighting.
    const UserClassMapping mapping(kTypes, {0, 2});
    const auto r = mapping.map({{QStringLiteral("Dummy"), 5}});
    QCOMPARE(r.countsByType.value(QStringLiteral("Browser")), 2);
    QCOMPARE(r.countsByType.value(QStringLiteral("ChatUser")), 3);
    // Users the master sent by name count towards the fixed count.
    const auto named = mapping.map({{QStringLiteral("Browser"), 1}, {QStringLiteral("Dummy"), 3}});
    QCOMPARE(named.countsByType.value(QStringLiteral("Browser")), 2);
    QCOMPARE(named.countsByType.value(QStringLiteral("ChatUser")), 2);
}

void UserClassMappingTest::negativeCountsAreZero()
{
    const auto r = UserClassMapping(kTypes).map({{QStringLiteral("ChatUser"), -3}});
    QCOMPARE(r.countsByType.value(QStringLiteral("ChatUser")), 0);
}

QTEST_GUILESS_MAIN(UserClassMappingTest)
#include "userclassmappingtest.moc"
