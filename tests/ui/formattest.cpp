#include "format.h"

#include <QTest>

using namespace cicada;

class FormatTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void numbersHaveSeparatorsAndTimesUnits()
    {
        QCOMPARE(Format::integer(1234567), QString("1,234,567"));
        QCOMPARE(Format::decimal(8412.34, 1), QString("8,412.3"));
        QCOMPARE(Format::milliseconds(123), QString("0.12"));
        QCOMPARE(Format::milliseconds(12345), QString("12.3"));
        QCOMPARE(Format::milliseconds(1234567), QString("1,235"));
        QCOMPARE(Format::clock(134000), QString("02:14"));
        QCOMPARE(Format::clock(3723000), QString("1:02:03"));
        QCOMPARE(Format::percentileLabel(99.9), QString("99.9"));
        QCOMPARE(Format::duration(15000), QString("15 s"));
        QCOMPARE(Format::duration(300000), QString("5 min"));
        QCOMPARE(Format::duration(0), QString("until stopped"));
    }
};

QTEST_GUILESS_MAIN(FormatTest)
#include "formattest.moc"
