#include "profile/threshold.h"

#include <QTest>

using namespace cicada;

namespace {
constexpr double kUsPerMs = 1000;
constexpr double kUsPerS = 1000 * 1000;
} // namespace

Q_DECLARE_METATYPE(cicada::Threshold::Metric)
Q_DECLARE_METATYPE(cicada::Threshold::Op)

class ThresholdTest : public QObject
{
    Q_OBJECT

private slots:
    void validExpressionsParse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<Threshold::Metric>("metric");
        QTest::addColumn<double>("percentile");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("name");
        QTest::addColumn<Threshold::Op>("op");
        QTest::addColumn<double>("limit");

        using M = Threshold::Metric;
        using O = Threshold::Op;
        const auto row = [](const char *text, M metric, double p, const char *type,
                            const char *name, O op, double limit) {
            QTest::newRow(text) << QString::fromUtf8(text) << metric << p << QString::fromUtf8(type)
                                << QString::fromUtf8(name) << op << limit;
        };
        row("p95 < 200ms", M::Percentile, 95, "", "", O::Less, 200 * kUsPerMs);
        row("p95(WS send:chat) < 200ms", M::Percentile, 95, "WS send", "chat", O::Less,
            200 * kUsPerMs);
        row("p99.9(GET:/api/items) <= 1.5s", M::Percentile, 99.9, "GET", "/api/items", O::LessEqual,
            1.5 * kUsPerS);
        row("p50(chat)<250us", M::Percentile, 50, "", "chat", O::Less, 250);
        row("  p90 ( chat )  >=  3 ms ", M::Percentile, 90, "", "chat", O::GreaterEqual,
            3 * kUsPerMs);
        row("P99 < 10MS", M::Percentile, 99, "", "", O::Less, 10 * kUsPerMs);
        row("p95 < 200", M::Percentile, 95, "", "", O::Less, 200 * kUsPerMs);
        row("p100 < 2s", M::Percentile, 100, "", "", O::Less, 2 * kUsPerS);
        row("p95 < 7µs", M::Percentile, 95, "", "", O::Less, 7);
        row("avg < 20ms", M::Average, 0, "", "", O::Less, 20 * kUsPerMs);
        row("min > 1ms", M::Min, 0, "", "", O::Greater, 1 * kUsPerMs);
        row("max(POST:login) < 2s", M::Max, 0, "POST", "login", O::Less, 2 * kUsPerS);
        row("error_rate < 1%", M::ErrorRate, 0, "", "", O::Less, 0.01);
        row("error_rate < 0.05", M::ErrorRate, 0, "", "", O::Less, 0.05);
        row("error_rate(WS connect:broker) <= 0%", M::ErrorRate, 0, "WS connect", "broker",
            O::LessEqual, 0);
        row("rps > 100", M::Rps, 0, "", "", O::Greater, 100);
        row("rps(GET:/a) >= 2.5/s", M::Rps, 0, "GET", "/a", O::GreaterEqual, 2.5);
        row("requests > 1000", M::Requests, 0, "", "", O::Greater, 1000);
        row("rate(WS recv:price) > 100", M::Rate, 0, "WS recv", "price", O::Greater, 100);
        row("RATE(WS emit:typing) <= 2.5/s", M::Rate, 0, "WS emit", "typing", O::LessEqual, 2.5);
        row("p95(WS recv:price) < 200ms", M::Percentile, 95, "WS recv", "price", O::Less,
            200 * kUsPerMs);
        row("failures(chat) < 1", M::Failures, 0, "", "chat", O::Less, 1);
        // Names may hold colons and parentheses; only a leading TYPE: is a type.
        row("p95(ws://host:1/x) < 1s", M::Percentile, 95, "", "ws://host:1/x", O::Less,
            1 * kUsPerS);
        row("p95(GET:/f(x):y) < 1s", M::Percentile, 95, "GET", "/f(x):y", O::Less, 1 * kUsPerS);
        row("p95(Aggregated) < 1s", M::Percentile, 95, "", "", O::Less, 1 * kUsPerS);
    }
    void validExpressionsParse()
    {
        QFETCH(QString, text);
        QFETCH(Threshold::Metric, metric);
        QFETCH(double, percentile);
        QFETCH(QString, type);
        QFETCH(QString, name);
        QFETCH(Threshold::Op, op);
        QFETCH(double, limit);
        Threshold::ParseError error;
        const std::optional<Threshold> t = Threshold::parse(text, &error);
        QVERIFY2(t, qPrintable(error.toString(text)));
        QCOMPARE(t->expression, text.trimmed());
        QCOMPARE(t->metric, metric);
        QCOMPARE(t->percentile, percentile);
        QCOMPARE(t->type, type);
        QCOMPARE(t->name, name);
        QCOMPARE(t->op, op);
        QCOMPARE(t->limit, limit);
    }

    void badExpressionsReportWhereAndWhy_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("position");
        QTest::addColumn<QString>("message");
        const auto row = [](const char *text, int position, const char *message) {
            QTest::newRow(text) << QString::fromUtf8(text) << position
                                << QString::fromUtf8(message);
        };
        row("", 0, "empty threshold");
        row("   ", 3, "empty threshold");
        row("p95 200ms", 4, "expected an operator (<, <=, > or >=), found '2'");
        row("p95 <", 5, "expected a number after '<'");
        row("p95 < fast", 6, "expected a number after '<'");
        row("p95 < -3ms", 6, "the limit cannot be negative");
        row("p95 == 200ms", 4, "'==' is not supported; use <, <=, > or >=");
        row("p95 != 200ms", 4, "'!=' is not supported");
        row("p95", 3, "expected an operator");
        row("latency < 200ms", 0, "unknown metric 'latency'; expected p50");
        row("< 200ms", 0, "expected a metric");
        row("p0 < 1ms", 0, "percentile 0 is out of range");
        row("p101 < 1ms", 0, "percentile 101 is out of range");
        row("p95 < 200 parsecs", 10, "unknown unit 'parsecs' for p95; use ms, s or us");
        row("p95( ) < 1s", 4, "empty selector");
        row("p95(chat < 1s", 3, "'(' is not closed");
        row("p95(GET:) < 1s", 8, "expected a name after 'GET:'");
        row("error_rate < 5", 13,
            "error_rate without % is a fraction from 0 to 1; did you mean 5%?");
        row("error_rate < 101%", 13, "an error rate cannot exceed 100%");
        row("error_rate < 1 ms", 15, "unknown unit 'ms' for error_rate");
        row("rps > 100 per minute", 10, "unexpected 'per minute' after the rps limit");
        row("rate > 100", 5, "rate needs a row: write e.g. \"rate(WS recv:price) > 100\"");
        row("rate(WS recv:price) > 1 ms", 24, "unexpected 'ms' after the rate limit");
        row("requests > 10ms", 13, "unexpected 'ms' after the requests limit; it is a plain count");
    }
    void badExpressionsReportWhereAndWhy()
    {
        QFETCH(QString, text);
        QFETCH(int, position);
        QFETCH(QString, message);
        Threshold::ParseError error;
        QVERIFY(!Threshold::parse(text, &error));
        QVERIFY2(error.message.contains(message),
                 qPrintable(QStringLiteral("got: %1").arg(error.message)));
        QCOMPARE(error.position, position);
        QVERIFY(error.toString(text).contains(QStringLiteral("(at column %1)").arg(position + 1)));
    }

    void holdsComparesWithTheOperator_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("measured");
        QTest::addColumn<bool>("holds");
        QTest::newRow("< below") << "requests < 10" << 9.0 << true;
        QTest::newRow("< equal") << "requests < 10" << 10.0 << false;
        QTest::newRow("<= equal") << "requests <= 10" << 10.0 << true;
        QTest::newRow("> equal") << "requests > 10" << 10.0 << false;
        QTest::newRow(">= equal") << "requests >= 10" << 10.0 << true;
        QTest::newRow("> above") << "requests > 10" << 10.5 << true;
    }
    void holdsComparesWithTheOperator()
    {
        QFETCH(QString, text);
        QFETCH(double, measured);
        QFETCH(bool, holds);
        const std::optional<Threshold> t = Threshold::parse(text);
        QVERIFY(t);
        QCOMPARE(t->holds(measured), holds);
    }

    void namesForPeople()
    {
        const Threshold t = *Threshold::parse(QStringLiteral("p99.9(WS send:chat) >= 1ms"));
        QCOMPARE(t.metricName(), QStringLiteral("p99.9"));
        QCOMPARE(t.selectorText(), QStringLiteral("WS send:chat"));
        QCOMPARE(t.opText(), QStringLiteral(">="));
        QVERIFY(t.isLatency());
        QVERIFY(!t.isOverall());
        const Threshold overall = *Threshold::parse(QStringLiteral("error_rate < 1%"));
        QCOMPARE(overall.selectorText(), QStringLiteral("all operations"));
        QVERIFY(overall.isOverall());
        QVERIFY(!overall.isLatency());
    }
};

QTEST_GUILESS_MAIN(ThresholdTest)
#include "thresholdtest.moc"
