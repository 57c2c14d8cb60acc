#include "output/terminalinfo.h"

#include <QTest>

using namespace cicada;

namespace {

TerminalInfo::Inputs terminal(int columns, int rows)
{
    TerminalInfo::Inputs inputs;
    inputs.isTty = true;
    inputs.ttyColumns = columns;
    inputs.ttyRows = rows;
    inputs.termEnv = "xterm-256color";
    return inputs;
}

TerminalInfo::Inputs pipe()
{
    TerminalInfo::Inputs inputs;
    inputs.termEnv = "xterm-256color";
    return inputs;
}

} // namespace

class TerminalInfoTest : public QObject
{
    Q_OBJECT

private slots:
    void aTerminalsOwnSizeWins()
    {
        TerminalInfo::Inputs inputs = terminal(100, 30);
        inputs.columnsEnv = "200";
        inputs.linesEnv = "60";
        const TerminalInfo info = TerminalInfo::resolve(inputs);
        QVERIFY(info.isTty());
        QCOMPARE(info.columns(), 100);
        QCOMPARE(info.rows(), 30);
        QVERIFY(info.canRedraw());
        QVERIFY(info.hasColour());
    }

    void aTerminalWithoutSizeUsesTheEnvironmentThenDefaults()
    {
        TerminalInfo::Inputs inputs = terminal(0, 0);
        inputs.columnsEnv = "132";
        inputs.linesEnv = "50";
        QCOMPARE(TerminalInfo::resolve(inputs).columns(), 132);
        QCOMPARE(TerminalInfo::resolve(inputs).rows(), 50);
        inputs.columnsEnv.clear();
        inputs.linesEnv.clear();
        QCOMPARE(TerminalInfo::resolve(inputs).columns(), TerminalInfo::kDefaultTerminalColumns);
        QCOMPARE(TerminalInfo::resolve(inputs).rows(), TerminalInfo::kDefaultTerminalRows);
    }

    void invalidColumnsAreIgnored_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("letters") << QByteArray("wide");
        QTest::newRow("suffix") << QByteArray("80x");
        QTest::newRow("zero") << QByteArray("0");
        QTest::newRow("negative") << QByteArray("-40");
    }

    void invalidColumnsAreIgnored()
    {
        QFETCH(QByteArray, value);
        TerminalInfo::Inputs inputs = pipe();
        inputs.columnsEnv = value;
        QCOMPARE(TerminalInfo::resolve(inputs).columns(), TerminalInfo::kDefaultPipeColumns);
    }

    void aPipeIsPlainAndAsWideAsColumnsSays()
    {
        TerminalInfo::Inputs inputs = pipe();
        const TerminalInfo bare = TerminalInfo::resolve(inputs);
        QVERIFY(!bare.isTty());
        QVERIFY(!bare.canRedraw());
        QVERIFY(!bare.hasColour()); // no NO_COLOR needed: a log gets no escape codes
        QCOMPARE(bare.columns(), TerminalInfo::kDefaultPipeColumns);
        QCOMPARE(bare.rows(), 0);
        inputs.columnsEnv = " 90 ";
        inputs.linesEnv = "40"; // a pipe has no height to fill
        QCOMPARE(TerminalInfo::resolve(inputs).columns(), 90);
        QCOMPARE(TerminalInfo::resolve(inputs).rows(), 0);
    }

    void noColorTakesAnyNonEmptyValue_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("colour");
        QTest::newRow("unset") << QByteArray() << true;
        QTest::newRow("1") << QByteArray("1") << false;
        QTest::newRow("0") << QByteArray("0") << false;
        QTest::newRow("word") << QByteArray("please") << false;
    }

    void noColorTakesAnyNonEmptyValue()
    {
        QFETCH(QByteArray, value);
        QFETCH(bool, colour);
        TerminalInfo::Inputs inputs = terminal(80, 24);
        inputs.noColorEnv = value;
        const TerminalInfo info = TerminalInfo::resolve(inputs);
        QCOMPARE(info.hasColour(), colour);
        QVERIFY(info.canRedraw()); // NO_COLOR is about colour, not about the live view
    }

    void aDumbTerminalGetsNeitherRedrawNorColour()
    {
        TerminalInfo::Inputs inputs = terminal(80, 24);
        inputs.termEnv = "dumb";
        const TerminalInfo info = TerminalInfo::resolve(inputs);
        QVERIFY(info.isTty());
        QVERIFY(!info.canRedraw());
        QVERIFY(!info.hasColour());
        QCOMPARE(info.columns(), 80);
    }
};

QTEST_APPLESS_MAIN(TerminalInfoTest)
#include "terminalinfotest.moc"
