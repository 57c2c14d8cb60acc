#include "output/timeformat.h"
#include "report/reportformat.h"

#include <QTest>

using namespace cicada;

class TimeFormatTest : public QObject
{
    Q_OBJECT

private slots:
    void msHasThreeSignificantDigits_data()
    {
        QTest::addColumn<double>("us");
        QTest::addColumn<QString>("text");
        QTest::newRow("0") << 0.0 << QStringLiteral("0.000");
        QTest::newRow("52 us") << 52.0 << QStringLiteral("0.052");
        QTest::newRow("0.123 ms") << 123.0 << QStringLiteral("0.123");
        QTest::newRow("0.9994 ms") << 999.4 << QStringLiteral("0.999");
        QTest::newRow("1 ms") << 1'000.0 << QStringLiteral("1.00");
        QTest::newRow("4.21 ms") << 4'210.0 << QStringLiteral("4.21");
        QTest::newRow("4.215 ms rounds") << 4'216.0 << QStringLiteral("4.22");
        QTest::newRow("38.6 ms") << 38'600.0 << QStringLiteral("38.6");
        QTest::newRow("212 ms") << 212'000.0 << QStringLiteral("212");
        QTest::newRow("2.5 s") << 2'500'000.0 << QStringLiteral("2500");
        QTest::newRow("negative") << -1'500.0 << QStringLiteral("-1.50");
    }

    void msHasThreeSignificantDigits()
    {
        QFETCH(double, us);
        QFETCH(QString, text);
        QCOMPARE(TimeFormat::ms(us), text);
        // The HTML report prints the same text: one formatter.
        QCOMPARE(ReportFormat::ms(us), text);
    }

    void clockShowsHoursOnlyWhenThereAreAny_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("0") << qint64(0) << QStringLiteral("0:00");
        QTest::newRow("45 s") << qint64(45) << QStringLiteral("0:45");
        QTest::newRow("12:05") << qint64(725) << QStringLiteral("12:05");
        QTest::newRow("1:02:03") << qint64(3723) << QStringLiteral("1:02:03");
    }

    void clockShowsHoursOnlyWhenThereAreAny()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, text);
        QCOMPARE(TimeFormat::clock(seconds), text);
        QCOMPARE(ReportFormat::clock(seconds), text);
    }
};

QTEST_APPLESS_MAIN(TimeFormatTest)
#include "timeformattest.moc"
