#include "metrics/openmetricstext.h"
#include "stats/stats.h"

#include <QTest>

using namespace cicada;

class OpenMetricsTextTest : public QObject
{
    Q_OBJECT

private:
    static RequestOutcome outcome(const QString &name, qint64 us, const QString &error = {})
    {
        RequestOutcome o;
        o.type = QStringLiteral("GET");
        o.name = name;
        o.responseTimeUs = us;
        o.contentLength = 10;
        o.error = error;
        o.timestampMs = 1'700'000'000'000;
        return o;
    }

private Q_SLOTS:
    void bucketsCountValuesWhoseHdrMidpointIsAtOrBelowTheBound()
    {
        Stats stats;
        stats.record(outcome(QStringLiteral("/a"), 500));    // 1-µs counter: midpoint 500
        stats.record(outcome(QStringLiteral("/a"), 501));    // above 0.0005
        stats.record(outcome(QStringLiteral("/a"), 10'000)); // width 8: [10000, 10008) mid 10004
        MetricsSample sample;
        sample.stats = &stats;
        const QString text = QString::fromUtf8(
            OpenMetricsText::render(sample, OpenMetricsText::Format::OpenMetrics));
        QVERIFY(text.contains(QStringLiteral(
            "cicada_response_time_seconds_bucket{type=\"GET\",name=\"/a\",le=\"0.0005\"} 1\n")));
        QVERIFY(text.contains(QStringLiteral(
            "cicada_response_time_seconds_bucket{type=\"GET\",name=\"/a\",le=\"0.001\"} 2\n")));
        // 10000 µs sits in a counter whose midpoint is 10004 µs: counted from le=0.025 on.
        QVERIFY(text.contains(QStringLiteral(
            "cicada_response_time_seconds_bucket{type=\"GET\",name=\"/a\",le=\"0.01\"} 2\n")));
        QVERIFY(text.contains(QStringLiteral(
            "cicada_response_time_seconds_bucket{type=\"GET\",name=\"/a\",le=\"0.025\"} 3\n")));
        QVERIFY(text.contains(QStringLiteral(
            "cicada_response_time_seconds_bucket{type=\"GET\",name=\"/a\",le=\"+Inf\"} 3\n")));
        QVERIFY(text.contains(QStringLiteral(
            "cicada_response_time_seconds_sum{type=\"GET\",name=\"/a\"} 0.011001\n")));
        QVERIFY(text.endsWith(QStringLiteral("# EOF\n")));
    }

    void countersAreNamedPerFormat()
    {
        Stats stats;
        stats.record(outcome(QStringLiteral("/a"), 100, QStringLiteral("HTTP 500")));
        MetricsSample sample;
        sample.stats = &stats;
        const QString om = QString::fromUtf8(
            OpenMetricsText::render(sample, OpenMetricsText::Format::OpenMetrics));
        const QString prom =
            QString::fromUtf8(OpenMetricsText::render(sample, OpenMetricsText::Format::Prometheus));
        QVERIFY(om.contains(QStringLiteral("# TYPE cicada_requests counter\n")));
        QVERIFY(prom.contains(QStringLiteral("# TYPE cicada_requests_total counter\n")));
        QVERIFY(!prom.contains(QStringLiteral("# EOF")));
        QVERIFY(!prom.contains(QStringLiteral("# UNIT")));
        for (const QString &text : {om, prom}) {
            QVERIFY(text.contains(
                QStringLiteral("cicada_request_failures_total{type=\"GET\",name=\"/a\"} 1\n")));
            QVERIFY(text.contains(QStringLiteral(
                "cicada_errors_total{type=\"GET\",name=\"/a\",error=\"HTTP 500\"} 1\n")));
        }
    }

    void lateStartsDropsAndLateRateSendsAreCounters()
    {
        MetricsSample sample;
        sample.health.iterationsStarted = 120;
        sample.health.lateStarts = 7;
        sample.health.droppedIterations = 3;
        sample.health.lateStartsLastSecond = 1; // per-second figures are not counters
        sample.health.wsRateSends = 4000;
        sample.health.wsLateSends = 12;
        const QString om = QString::fromUtf8(
            OpenMetricsText::render(sample, OpenMetricsText::Format::OpenMetrics));
        const QString prom =
            QString::fromUtf8(OpenMetricsText::render(sample, OpenMetricsText::Format::Prometheus));
        QVERIFY(om.contains(QStringLiteral("# TYPE cicada_iterations_late counter\n")));
        QVERIFY(om.contains(QStringLiteral("# TYPE cicada_iterations_dropped counter\n")));
        QVERIFY(prom.contains(QStringLiteral("# TYPE cicada_iterations_late_total counter\n")));
        for (const QString &text : {om, prom}) {
            QVERIFY(text.contains(QStringLiteral("\ncicada_iterations_started_total 120\n")));
            QVERIFY(text.contains(QStringLiteral("\ncicada_iterations_late_total 7\n")));
            QVERIFY(text.contains(QStringLiteral("\ncicada_iterations_dropped_total 3\n")));
            QVERIFY(text.contains(QStringLiteral("\ncicada_ws_rate_sends_total 4000\n")));
            QVERIFY(text.contains(QStringLiteral("\ncicada_ws_rate_sends_late_total 12\n")));
        }
        QVERIFY(om.endsWith(QStringLiteral("# EOF\n")));
    }

    void labelValuesAreEscapedAndScrubbed()
    {
        Stats stats;
        stats.record(outcome(QStringLiteral("say \"hi\"\\\nsecret-token"), 100));
        MetricsSample sample;
        sample.stats = &stats;
        sample.scrub = [](const QString &text) {
            return QString(text).replace(QStringLiteral("secret-token"), QStringLiteral("X"));
        };
        const QString text = QString::fromUtf8(
            OpenMetricsText::render(sample, OpenMetricsText::Format::OpenMetrics));
        QVERIFY(text.contains(QStringLiteral("name=\"say \\\"hi\\\"\\\\\\nX\"")));
        QVERIFY(!text.contains(QStringLiteral("secret-token")));
    }

    void negotiatesOpenMetricsOnlyWhenAsked()
    {
        QCOMPARE(OpenMetricsText::negotiate("application/openmetrics-text; version=1.0.0,"
                                            "text/plain;version=0.0.4;q=0.5"),
                 OpenMetricsText::Format::OpenMetrics);
        QCOMPARE(OpenMetricsText::negotiate("*/*"), OpenMetricsText::Format::Prometheus);
        QCOMPARE(OpenMetricsText::negotiate(QByteArray()), OpenMetricsText::Format::Prometheus);
    }

    void secondsAreExactDecimals_data()
    {
        QTest::addColumn<qint64>("us");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0.000000");
        QTest::newRow("one µs") << qint64(1) << QStringLiteral("0.000001");
        QTest::newRow("large") << qint64(123'456'789'012) << QStringLiteral("123456.789012");
    }
    void secondsAreExactDecimals()
    {
        QFETCH(qint64, us);
        QFETCH(QString, text);
        QCOMPARE(OpenMetricsText::secondsText(us), text);
    }
};

QTEST_GUILESS_MAIN(OpenMetricsTextTest)
#include "openmetricstexttest.moc"
