#include "feed/feedcursor.h"
#include "feed/feedset.h"

#include <QRandomGenerator>
#include <QTest>

using namespace cicada;

namespace {

std::shared_ptr<const FeedTable> table(int rows)
{
    QList<QStringList> data;
    for (int i = 0; i < rows; ++i)
        data.append({QStringLiteral("id%1").arg(i), QStringLiteral("mail%1").arg(i)});
    return std::make_shared<FeedTable>(QStringList{QStringLiteral("id"), QStringLiteral("mail")},
                                       data, 1);
}

Feeder feeder(const QString &name, Feeder::Strategy strategy)
{
    Feeder f;
    f.name = name;
    f.file = name + QStringLiteral(".csv");
    f.strategy = strategy;
    return f;
}

} // namespace

class FeedCursorTest : public QObject
{
    Q_OBJECT

private slots:
    void oneRowPerIterationForEveryPlaceholder()
    {
        FeedSet set({feeder(QStringLiteral("u"), Feeder::Strategy::Sequential)}, {table(10)});
        FeedCursor cursor(&set, 0);
        QRandomGenerator random(1);
        cursor.begin(FeedCursor::Block::Task);
        QCOMPARE(cursor.prepare({0}, random), -1);
        QCOMPARE(cursor.prepare({0}, random), -1); // a second step of the same iteration
        QCOMPARE(cursor.value(QStringLiteral("u"), QStringLiteral("id")), QStringLiteral("id0"));
        QCOMPARE(cursor.value(QStringLiteral("u"), QStringLiteral("mail")),
                 QStringLiteral("mail0"));
        QCOMPARE(set.rowsTaken(0), 1);
        cursor.begin(FeedCursor::Block::Task);
        // Until a step selects, the last row stays readable (a reconnect renders its URL).
        QCOMPARE(cursor.value(QStringLiteral("u"), QStringLiteral("id")), QStringLiteral("id0"));
        QCOMPARE(cursor.prepare({0}, random), -1);
        QCOMPARE(cursor.value(QStringLiteral("u"), QStringLiteral("id")), QStringLiteral("id1"));
    }

    void rowsAreTakenOnlyWhenAStepUsesTheFeeder()
    {
        FeedSet set({feeder(QStringLiteral("a"), Feeder::Strategy::Sequential),
                     feeder(QStringLiteral("b"), Feeder::Strategy::Sequential)},
                    {table(5), table(5)});
        FeedCursor cursor(&set, 0);
        QRandomGenerator random(1);
        for (int i = 0; i < 3; ++i) {
            cursor.begin(FeedCursor::Block::Task);
            QCOMPARE(cursor.prepare({1}, random), -1);
        }
        QCOMPARE(set.rowsTaken(0), 0);
        QCOMPARE(set.rowsTaken(1), 3);
        QCOMPARE(cursor.value(QStringLiteral("a"), QStringLiteral("id")), QString());
    }

    void onStartRowsAreKeptForOnStopAndARelogin()
    {
        FeedSet set({feeder(QStringLiteral("u"), Feeder::Strategy::Sequential)}, {table(10)});
        FeedCursor cursor(&set, 0);
        QRandomGenerator random(1);
        cursor.begin(FeedCursor::Block::OnStart);
        QCOMPARE(cursor.prepare({0}, random), -1); // login as row 0
        cursor.begin(FeedCursor::Block::Task);
        QCOMPARE(cursor.prepare({0}, random), -1);
        QCOMPARE(cursor.value(QStringLiteral("u"), QStringLiteral("id")), QStringLiteral("id1"));
        cursor.begin(FeedCursor::Block::OnStart); // a re-login: the same account
        QCOMPARE(cursor.prepare({0}, random), -1);
        QCOMPARE(cursor.value(QStringLiteral("u"), QStringLiteral("id")), QStringLiteral("id0"));
        cursor.begin(FeedCursor::Block::Task);
        QCOMPARE(cursor.prepare({0}, random), -1);
        cursor.begin(FeedCursor::Block::OnStop); // logout: the account that logged in
        QCOMPARE(cursor.prepare({0}, random), -1);
        QCOMPARE(cursor.value(QStringLiteral("u"), QStringLiteral("id")), QStringLiteral("id0"));
        QCOMPARE(set.rowsTaken(0), 3);
    }

    void exhaustionNamesTheFeederAndKeepsEarlierRows()
    {
        FeedSet set({feeder(QStringLiteral("a"), Feeder::Strategy::Circular),
                     feeder(QStringLiteral("b"), Feeder::Strategy::Sequential)},
                    {table(2), table(1)});
        FeedCursor cursor(&set, 0);
        QRandomGenerator random(1);
        cursor.begin(FeedCursor::Block::Task);
        QCOMPARE(cursor.prepare({0, 1}, random), -1);
        cursor.begin(FeedCursor::Block::Task);
        QCOMPARE(cursor.prepare({0, 1}, random), 1);
        QCOMPARE(cursor.row(0), 1);
    }

    void perUserIsFixedForTheUsersLife()
    {
        FeedSet set({feeder(QStringLiteral("u"), Feeder::Strategy::PerUser)}, {table(4)});
        FeedCursor third(&set, 2);
        FeedCursor beyond(&set, 4);
        QRandomGenerator random(1);
        for (int i = 0; i < 3; ++i) {
            third.begin(FeedCursor::Block::Task);
            QCOMPARE(third.prepare({0}, random), -1);
            QCOMPARE(third.value(QStringLiteral("u"), QStringLiteral("id")), QStringLiteral("id2"));
        }
        beyond.begin(FeedCursor::Block::Task);
        QCOMPARE(beyond.prepare({0}, random), 0);
    }

    void withoutFeedersEverythingIsEmpty()
    {
        FeedCursor cursor(nullptr, 0);
        QRandomGenerator random(1);
        cursor.begin(FeedCursor::Block::Task);
        QCOMPARE(cursor.prepare({}, random), -1);
        QCOMPARE(cursor.value(QStringLiteral("u"), QStringLiteral("id")), QString());
    }
};

QTEST_GUILESS_MAIN(FeedCursorTest)
#include "feedcursortest.moc"
