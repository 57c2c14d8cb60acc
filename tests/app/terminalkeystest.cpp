// TerminalKeys: the key → command table of `cicada-cli run` in a terminal, and its arithmetic.
#include "terminalkeys.h"

#include <QTest>

#include <limits>

using namespace cicada;
using Kind = TerminalKeys::Command::Kind;

Q_DECLARE_METATYPE(TerminalKeys::Command)

class TerminalKeysTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keysMapToCommands_data();
    void keysMapToCommands();
    void usersStayWithinZeroAndTheMaximum_data();
    void usersStayWithinZeroAndTheMaximum();
    void rateNeverGoesBelowZero();
    void helpNamesTheKeysOfTheModel();
};

void TerminalKeysTest::keysMapToCommands_data()
{
    QTest::addColumn<char>("key");
    QTest::addColumn<TerminalKeys::Command>("command");
    // Locust's headless keys.
    QTest::newRow("w") << 'w' << TerminalKeys::Command{Kind::Users, 1};
    QTest::newRow("W") << 'W' << TerminalKeys::Command{Kind::Users, 10};
    QTest::newRow("s") << 's' << TerminalKeys::Command{Kind::Users, -1};
    QTest::newRow("S") << 'S' << TerminalKeys::Command{Kind::Users, -10};
    // The open model's rate: r raises, f (under r) lowers.
    QTest::newRow("r") << 'r' << TerminalKeys::Command{Kind::Rate, 1};
    QTest::newRow("R") << 'R' << TerminalKeys::Command{Kind::Rate, 10};
    QTest::newRow("f") << 'f' << TerminalKeys::Command{Kind::Rate, -1};
    QTest::newRow("F") << 'F' << TerminalKeys::Command{Kind::Rate, -10};
    QTest::newRow("q does nothing") << 'q' << TerminalKeys::Command{};
    QTest::newRow("newline") << '\n' << TerminalKeys::Command{};
    QTest::newRow("escape") << '\x1b' << TerminalKeys::Command{};
    QTest::newRow("NUL") << '\0' << TerminalKeys::Command{};
    QTest::newRow("high byte") << char(0xc3) << TerminalKeys::Command{};
}

void TerminalKeysTest::keysMapToCommands()
{
    QFETCH(char, key);
    QFETCH(TerminalKeys::Command, command);
    QCOMPARE(TerminalKeys::commandFor(key), command);
}

void TerminalKeysTest::usersStayWithinZeroAndTheMaximum_data()
{
    QTest::addColumn<int>("users");
    QTest::addColumn<int>("delta");
    QTest::addColumn<int>("maxUsers");
    QTest::addColumn<int>("expected");
    QTest::newRow("add one") << 10 << 1 << 100 << 11;
    QTest::newRow("remove ten") << 25 << -10 << 100 << 15;
    QTest::newRow("not below zero") << 3 << -10 << 100 << 0;
    QTest::newRow("zero stays zero") << 0 << -1 << 100 << 0;
    QTest::newRow("capped at the maximum") << 95 << 10 << 100 << 100;
    QTest::newRow("no overflow") << std::numeric_limits<int>::max() << 10
                                 << std::numeric_limits<int>::max()
                                 << std::numeric_limits<int>::max();
}

void TerminalKeysTest::usersStayWithinZeroAndTheMaximum()
{
    QFETCH(int, users);
    QFETCH(int, delta);
    QFETCH(int, maxUsers);
    QFETCH(int, expected);
    QCOMPARE(TerminalKeys::usersAfter(users, delta, maxUsers), expected);
}

void TerminalKeysTest::rateNeverGoesBelowZero()
{
    QCOMPARE(TerminalKeys::rateAfter(5, 10), 15.0);
    QCOMPARE(TerminalKeys::rateAfter(2.5, -1), 1.5);
    QCOMPARE(TerminalKeys::rateAfter(2.5, -10), 0.0);
}

void TerminalKeysTest::helpNamesTheKeysOfTheModel()
{
    QVERIFY(TerminalKeys::help(false).contains(QLatin1String("w/W")));
    QVERIFY(TerminalKeys::help(false).contains(QLatin1String("s/S")));
    QVERIFY(TerminalKeys::help(true).contains(QLatin1String("r/R")));
    QVERIFY(TerminalKeys::help(true).contains(QLatin1String("f/F")));
}

QTEST_GUILESS_MAIN(TerminalKeysTest)
#include "terminalkeystest.moc"
