#include "report/runcomparison.h"

#include "comparisonfixture.h"

#include <QJsonArray>
#include <QTest>

using namespace cicada;
using namespace cicada::test;

namespace {

const QString kGet = QStringLiteral("GET");
const QString kItems = QStringLiteral("/api/items");

/// Runs A and B of one row, GET /api/items: @p us per request, @p requests in 10 s.
RunComparison itemsComparison(qint64 aUs, qint64 bUs, qint64 aRequests, qint64 bRequests,
                              qint64 aFailures, qint64 bFailures)
{
    const RunResult a = comparisonRun({comparisonRow(kGet, kItems, aUs, aRequests, aFailures)});
    const RunResult b = comparisonRun({comparisonRow(kGet, kItems, bUs, bRequests, bFailures)},
                                      kComparisonT0Ms + 60'000);
    return RunComparison(&a, &b);
}

} // namespace

class RunComparisonTest : public QObject
{
    Q_OBJECT

private slots:
    void parsesDeltaThresholds_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("metric");
        QTest::addColumn<double>("percentile");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("relative");
        QTest::addColumn<double>("limit");
        QTest::addColumn<QString>("limitText");
        using M = DeltaThreshold::Metric;
        QTest::newRow("p95 relative") << "p95 +10%" << int(M::Percentile) << 95.0 << ""
                                      << "" << true << 0.10 << "+10 %";
        QTest::newRow("spaces, case") << "  P99  +  20 MS " << int(M::Percentile) << 99.0 << ""
                                      << "" << false << 20'000.0 << "+20 ms";
        QTest::newRow("seconds") << "p99.9 +1s" << int(M::Percentile) << 99.9 << ""
                                 << "" << false << 1e6 << "+1000 ms";
        QTest::newRow("microseconds") << "p50 +250us" << int(M::Percentile) << 50.0 << ""
                                      << "" << false << 250.0 << "+0.25 ms";
        QTest::newRow("error rate points") << "error_rate +0.5%" << int(M::ErrorRate) << 0.0 << ""
                                           << "" << false << 0.005 << "+0.5 pp";
        QTest::newRow("rps relative") << "rps -5%" << int(M::Rps) << 0.0 << ""
                                      << "" << true << 0.05 << "−5 %";
        QTest::newRow("rps absolute") << "rps -10/s" << int(M::Rps) << 0.0 << ""
                                      << "" << false << 10.0 << "−10/s";
        QTest::newRow("type and name")
            << "p95(GET:/api/items) +10%" << int(M::Percentile) << 95.0 << "GET"
            << "/api/items" << true << 0.10 << "+10 %";
        QTest::newRow("WS type") << "p95( WS send : chat ) +5ms" << int(M::Percentile) << 95.0
                                 << "WS send"
                                 << "chat" << false << 5000.0 << "+5 ms";
        QTest::newRow("name only") << "rps(chat) -5%" << int(M::Rps) << 0.0 << ""
                                   << "chat" << true << 0.05 << "−5 %";
        QTest::newRow("Aggregated is all")
            << "p95(Aggregated) +10%" << int(M::Percentile) << 95.0 << ""
            << "" << true << 0.10 << "+10 %";
        QTest::newRow("parentheses in name")
            << "p99(GET:/a(b)) +1ms" << int(M::Percentile) << 99.0 << "GET"
            << "/a(b)" << false << 1000.0 << "+1 ms";
    }
    void parsesDeltaThresholds()
    {
        QFETCH(QString, text);
        QFETCH(int, metric);
        QFETCH(double, percentile);
        QFETCH(QString, type);
        QFETCH(QString, name);
        QFETCH(bool, relative);
        QFETCH(double, limit);
        QFETCH(QString, limitText);
        Threshold::ParseError error;
        const std::optional<DeltaThreshold> t = DeltaThreshold::parse(text, &error);
        QVERIFY2(t, qPrintable(error.toString(text)));
        QCOMPARE(int(t->metric), metric);
        QCOMPARE(t->percentile, percentile);
        QCOMPARE(t->type, type);
        QCOMPARE(t->name, name);
        QCOMPARE(t->relative, relative);
        QCOMPARE(t->limit, limit);
        QCOMPARE(t->limitText(), limitText);
        QCOMPARE(t->expression, text.trimmed());
    }

    void rejectsBadRulesSayingWhereAndWhat_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("position");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << "  " << 2 << "empty delta threshold";
        QTest::newRow("operator") << "p95 < 200ms" << 4 << "no comparison operator";
        QTest::newRow("latency falls") << "p95 -10%" << 4 << "p95 rules limit a rise; write '+'";
        QTest::newRow("rps rises") << "rps +5%" << 4 << "rps rules limit a drop; write '-'";
        QTest::newRow("no sign") << "p95 10%" << 4 << "expected '+' and the rise allowed";
        QTest::newRow("no sign rps") << "rps 5%" << 4 << "expected '-' and the drop allowed";
        QTest::newRow("unknown metric") << "avg +10%" << 0 << "unknown metric 'avg'";
        QTest::newRow("no metric") << "+10%" << 0 << "expected a metric";
        QTest::newRow("percentile range") << "p0 +10%" << 0 << "out of range";
        QTest::newRow("no number") << "p95 +%" << 5 << "expected a number after '+'";
        QTest::newRow("no unit") << "p95 +10" << 7 << "expected a unit after 10";
        QTest::newRow("bad unit") << "p95 +10kb" << 7 << "unknown unit 'kb' for p95";
        QTest::newRow("error rate fraction")
            << "error_rate +0.5" << 15 << "expected a unit for error_rate";
        QTest::newRow("error rate over 100")
            << "error_rate +101%" << 12 << "cannot rise by more than 100 points";
        QTest::newRow("rps no unit") << "rps -5" << 6 << "expected a unit for rps";
        QTest::newRow("rps bad unit") << "rps -5ms" << 6 << "unknown unit 'ms' for rps";
        QTest::newRow("rps over 100") << "rps -150%" << 5 << "cannot drop by more than 100%";
        QTest::newRow("type without name")
            << "p95(GET:) +10%" << 8 << "expected a name after 'GET:'";
        QTest::newRow("empty selector") << "p95( ) +10%" << 4 << "empty selector";
        QTest::newRow("unclosed") << "p95(chat +10%" << 3 << "'(' is not closed";
    }
    void rejectsBadRulesSayingWhereAndWhat()
    {
        QFETCH(QString, text);
        QFETCH(int, position);
        QFETCH(QString, message);
        Threshold::ParseError error;
        QVERIFY(!DeltaThreshold::parse(text, &error));
        QVERIFY2(error.message.contains(message), qPrintable(error.message));
        QCOMPARE(error.position, position);
        QVERIFY(error.toString(text).endsWith(QStringLiteral("(at column %1)").arg(position + 1)));
    }

    void evaluatesRulesAgainstTheBaseline_data()
    {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<qint64>("aUs");
        QTest::addColumn<qint64>("bUs");
        QTest::addColumn<qint64>("aRequests");
        QTest::addColumn<qint64>("bRequests");
        QTest::addColumn<qint64>("bFailures");
        QTest::addColumn<bool>("passed");
        QTest::addColumn<QString>("detail"); // empty: not checked
        QTest::newRow("p95 at the limit")
            << "p95 +10%" << 1000LL << 1100LL << 1000LL << 1000LL << 0LL << true
            << "p95 1.00 ms → 1.10 ms (+10.0 %, limit +10 %)";
        QTest::newRow("p95 past the limit")
            << "p95 +10%" << 1000LL << 1101LL << 1000LL << 1000LL << 0LL << false << "";
        QTest::newRow("p50 faster") << "p50 +10%" << 1000LL << 500LL << 1000LL << 1000LL << 0LL
                                    << true << "p50 1.00 ms → 0.500 ms (−50.0 %, limit +10 %)";
        QTest::newRow("p99 absolute at the limit")
            << "p99 +0.1ms" << 1000LL << 1100LL << 1000LL << 1000LL << 0LL << true
            << "p99 1.00 ms → 1.10 ms (+0.100 ms, limit +0.1 ms)";
        QTest::newRow("p99 absolute past the limit")
            << "p99 +0.1ms" << 1000LL << 1101LL << 1000LL << 1000LL << 0LL << false << "";
        QTest::newRow("error rate at the limit")
            << "error_rate +0.5%" << 1000LL << 1000LL << 1000LL << 1000LL << 5LL << true << "";
        QTest::newRow("error rate past the limit")
            << "error_rate +0.5%" << 1000LL << 1000LL << 1000LL << 1000LL << 6LL << false
            << "error_rate 0% → 0.600% (+0.600 pp, limit +0.5 pp)";
        QTest::newRow("rps at the limit")
            << "rps -5%" << 1000LL << 1000LL << 1000LL << 950LL << 0LL << true << "";
        QTest::newRow("rps past the limit")
            << "rps -5%" << 1000LL << 1000LL << 1000LL << 949LL << 0LL << false
            << "rps 100/s → 94.9/s (−5.10 %, limit −5 %)";
        QTest::newRow("rps absolute")
            << "rps -10/s" << 1000LL << 1000LL << 1000LL << 900LL << 0LL << true << "";
        QTest::newRow("rps absolute past")
            << "rps -10/s" << 1000LL << 1000LL << 1000LL << 899LL << 0LL << false << "";
        QTest::newRow("rps rise is fine")
            << "rps -5%" << 1000LL << 1000LL << 1000LL << 2000LL << 0LL << true << "";
        QTest::newRow("scoped row")
            << "p95(GET:/api/items) +10%" << 1000LL << 1200LL << 1000LL << 1000LL << 0LL << false
            << "p95(GET:/api/items) 1.00 ms → 1.20 ms (+20.0 %, limit +10 %)";
        QTest::newRow("scoped by name")
            << "p95(/api/items) +10%" << 1000LL << 1050LL << 1000LL << 1000LL << 0LL << true << "";
        QTest::newRow("missing row")
            << "p95(GET:/missing) +10%" << 1000LL << 1000LL << 1000LL << 1000LL << 0LL << false
            << "no requests matched 'GET:/missing' in the baseline (A)";
    }
    void evaluatesRulesAgainstTheBaseline()
    {
        QFETCH(QString, rule);
        QFETCH(qint64, aUs);
        QFETCH(qint64, bUs);
        QFETCH(qint64, aRequests);
        QFETCH(qint64, bRequests);
        QFETCH(qint64, bFailures);
        QFETCH(bool, passed);
        QFETCH(QString, detail);
        const RunComparison c = itemsComparison(aUs, bUs, aRequests, bRequests, 0, bFailures);
        const std::optional<DeltaThreshold> t = DeltaThreshold::parse(rule);
        QVERIFY(t);
        const ThresholdVerdict v = c.evaluate(*t);
        QCOMPARE(v.expression, rule);
        QCOMPARE(v.passed, passed);
        if (!detail.isEmpty())
            QCOMPARE(v.detail, detail);
    }

    void ruleWithoutRequestsInTheCurrentRunFails()
    {
        const RunComparison c = itemsComparison(1000, 1000, 1000, 0, 0, 0);
        const ThresholdVerdict v = c.evaluate(*DeltaThreshold::parse(QStringLiteral("p95 +10%")));
        QVERIFY(!v.passed);
        QVERIFY(!v.hasValue);
        QCOMPARE(v.detail,
                 QStringLiteral("'all operations' had no requests in the current run (B)"));
    }

    void rowsCoverBothRunsWithAggregatedLast()
    {
        const RunResult a = comparisonRun({comparisonRow(kGet, kItems, 1000, 100),
                                           comparisonRow(kGet, QStringLiteral("/old"), 500, 50)});
        const RunResult b = comparisonRun({comparisonRow(kGet, QStringLiteral("/new"), 800, 20),
                                           comparisonRow(kGet, kItems, 1500, 80, 8)});
        const RunComparison c(&a, &b);
        QCOMPARE(c.rows().size(), 4);
        QCOMPARE(c.rows().at(0).name, kItems);
        QCOMPARE(c.rows().at(1).name, QStringLiteral("/new"));
        QCOMPARE(c.rows().at(2).name, QStringLiteral("/old"));
        QVERIFY(c.rows().at(3).aggregated);
        QCOMPARE(c.rows().at(3).label(), QStringLiteral("Aggregated"));
        QVERIFY(!c.rows().at(1).a && c.rows().at(1).b);
        QVERIFY(c.rows().at(2).a && !c.rows().at(2).b);
        QVERIFY(!c.rows().at(1).delta(RunComparison::Figure::P95));

        const RunComparison::Row &items = c.rows().at(0);
        using F = RunComparison::Figure;
        QCOMPARE(*items.delta(F::P50), 500.0);
        QCOMPARE(*items.relative(F::P95), 0.5);
        QCOMPARE(*items.value(F::Rps, false), 10.0);
        QCOMPARE(*items.value(F::Rps, true), 8.0);
        QCOMPARE(*items.relative(F::Rps), -0.2);
        QCOMPARE(*items.delta(F::ErrorRate), 0.1);
        QVERIFY(items.isWorse(F::P95));
        QVERIFY(items.isWorse(F::Rps));
        QVERIFY(items.isWorse(F::ErrorRate));
        QCOMPARE(RunComparison::formatDelta(items, F::P95), QStringLiteral("+0.50 +50.0%"));
        QCOMPARE(RunComparison::formatDelta(items, F::ErrorRate), QStringLiteral("+10.0pp"));
        QCOMPARE(RunComparison::formatDelta(items, F::Rps), QStringLiteral("-2.0 -20.0%"));
        // Aggregated: 150 requests in A, 100 in B.
        QCOMPARE(*c.rows().at(3).value(F::Rps, false), 15.0);
        QCOMPARE(*c.rows().at(3).value(F::Rps, true), 10.0);
    }

    void messageRowsAreLeftOut()
    {
        ResultEntry push = comparisonRow(QStringLiteral("WS recv"), QStringLiteral("push"), 0, 40);
        push.kind = ResultEntry::Kind::Message;
        const RunResult a = comparisonRun({comparisonRow(kGet, kItems, 1000, 100)});
        RunResult b = a;
        b.entries.append(push);
        const RunComparison c(&a, &b);
        QCOMPARE(c.rows().size(), 2);
        QCOMPARE(c.rows().at(0).name, kItems);
        QVERIFY(c.rows().at(1).aggregated);
    }

    void worseNeedsMoreThanFivePercent_data()
    {
        QTest::addColumn<qint64>("bUs");
        QTest::addColumn<qint64>("bRequests");
        QTest::addColumn<bool>("latencyWorse");
        QTest::addColumn<bool>("rpsWorse");
        QTest::newRow("same") << 1000LL << 1000LL << false << false;
        QTest::newRow("4 % off") << 1040LL << 960LL << false << false;
        QTest::newRow("6 % off") << 1060LL << 940LL << true << true;
        QTest::newRow("better") << 500LL << 2000LL << false << false;
    }
    void worseNeedsMoreThanFivePercent()
    {
        QFETCH(qint64, bUs);
        QFETCH(qint64, bRequests);
        QFETCH(bool, latencyWorse);
        QFETCH(bool, rpsWorse);
        const RunComparison c = itemsComparison(1000, bUs, 1000, bRequests, 0, 0);
        QCOMPARE(c.rows().at(0).isWorse(RunComparison::Figure::P99), latencyWorse);
        QCOMPARE(c.rows().at(0).isWorse(RunComparison::Figure::Rps), rpsWorse);
    }

    void oneSideMissingKeepsTheRowsAndFailsRules()
    {
        const RunResult a = comparisonRun({comparisonRow(kGet, kItems, 1000, 100)});
        const RunComparison c(&a, nullptr);
        QCOMPARE(c.rows().size(), 2);
        QVERIFY(c.rows().at(0).a && !c.rows().at(0).b);
        QVERIFY(c.rows().at(1).aggregated && !c.rows().at(1).b);
        const ThresholdVerdict v = c.evaluate(*DeltaThreshold::parse(QStringLiteral("p95 +10%")));
        QVERIFY(!v.passed);
        QCOMPARE(v.detail, QStringLiteral("no current run (B) to compare"));
        QVERIFY(RunComparison(nullptr, nullptr).rows().isEmpty());
    }

    void tableHasThreeAlignedLinesPerRowAndMarksOneSidedRows()
    {
        const RunResult a = comparisonRun({comparisonRow(kGet, kItems, 1000, 100),
                                           comparisonRow(kGet, QStringLiteral("/old"), 500, 50)});
        const RunResult b = comparisonRun({comparisonRow(kGet, kItems, 1500, 80, 8)});
        const QString table = RunComparison(&a, &b).table();
        const QStringList lines = table.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 3 * 3);
        QVERIFY(lines.at(0).startsWith(QStringLiteral("Name")));
        const qsizetype p95Column = lines.at(0).indexOf(QStringLiteral("p95 ms"));
        QVERIFY(p95Column > 0);
        QVERIFY(lines.at(1).startsWith(QStringLiteral("GET /api/items A  1.00")));
        QCOMPARE(lines.at(1).mid(p95Column, 4), QStringLiteral("1.00"));
        QCOMPARE(lines.at(2).mid(p95Column, 4), QStringLiteral("1.50"));
        QCOMPARE(lines.at(3).mid(p95Column, 12), QStringLiteral("+0.50 +50.0%"));
        QVERIFY(lines.at(4).startsWith(QStringLiteral("GET /old")));
        QVERIFY(lines.at(5).contains(QStringLiteral("(not in B)")));
        QVERIFY(lines.at(6).contains(QStringLiteral("only in A")));
        QVERIFY(lines.at(7).startsWith(QStringLiteral("Aggregated")));
        for (const QString &line : lines)
            QVERIFY2(!line.endsWith(QLatin1Char(' ')), qPrintable(line));
    }

    void significantDigits_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<double>("reference");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << 0.0 << 0.0 << "0";
        QTest::newRow("small") << 0.012345 << 0.012345 << "0.0123";
        QTest::newRow("one") << 1.2345 << 1.2345 << "1.23";
        QTest::newRow("ten") << 12.345 << 12.345 << "12.3";
        QTest::newRow("hundred") << 123.45 << 123.45 << "123";
        QTest::newRow("large") << 12345.6 << 12345.6 << "12346";
        QTest::newRow("negative") << -1.5 << -1.5 << "-1.50";
        QTest::newRow("difference of larger values") << 0.003 << 0.3 << "0.003";
    }
    void significantDigits()
    {
        QFETCH(double, value);
        QFETCH(double, reference);
        QFETCH(QString, text);
        QCOMPARE(RunComparison::significant(value, reference), text);
    }

    void verdictTextAndJsonSayWhatFailed()
    {
        const RunComparison c = itemsComparison(1000, 1200, 1000, 1000, 0, 0);
        const QList<ThresholdVerdict> verdicts =
            c.evaluate({*DeltaThreshold::parse(QStringLiteral("p95 +10%")),
                        *DeltaThreshold::parse(QStringLiteral("rps -5%"))});
        const QString text = RunComparison::verdictText(verdicts);
        QVERIFY(text.contains(QStringLiteral(" FAIL  p95 +10%  p95 1.00 ms → 1.20 ms")));
        QVERIFY(text.contains(QStringLiteral(" PASS  rps -5%")));
        QVERIFY(text.endsWith(QStringLiteral("Baseline: FAIL (1 of 2 delta thresholds broken)\n")));
        QVERIFY(RunComparison::verdictText({}).isEmpty());

        const QJsonObject json = c.toJson(verdicts);
        QCOMPARE(json.value(QLatin1String("format")).toString(),
                 QStringLiteral("cicada-comparison"));
        const QJsonArray rows = json.value(QLatin1String("rows")).toArray();
        QCOMPARE(rows.size(), 2);
        const QJsonObject p95 = rows.at(0).toObject().value(QLatin1String("p95Us")).toObject();
        QCOMPARE(p95.value(QLatin1String("baseline")).toDouble(), 1000.0);
        QCOMPARE(p95.value(QLatin1String("current")).toDouble(), 1200.0);
        QCOMPARE(p95.value(QLatin1String("relative")).toDouble(), 0.2);
        QVERIFY(p95.value(QLatin1String("worse")).toBool());
        const QJsonObject thresholds = json.value(QLatin1String("thresholds")).toObject();
        QCOMPARE(thresholds.value(QLatin1String("verdict")).toString(), QStringLiteral("fail"));
        QCOMPARE(thresholds.value(QLatin1String("results")).toArray().size(), 2);
    }
};

QTEST_GUILESS_MAIN(RunComparisonTest)
#include "runcomparisontest.moc"
