#include "stats/histogram.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

using cicada::Histogram;

namespace {

enum class Distribution
{
    Uniform,
    Normal,
    Exponential,
    LogNormal,
    Pareto,
    Constant
};

constexpr double kMaxRelativeError = 0.001;
const QList<double> kPercentiles = {50, 66, 75, 80, 90, 95, 98, 99, 99.9, 99.99, 100};

std::vector<qint64> samples(Distribution d, int n, unsigned seed)
{
    std::mt19937_64 rng(seed);
    std::vector<qint64> out;
    out.reserve(static_cast<size_t>(n));
    std::uniform_int_distribution<qint64> uniform(1, 2'000'000);
    std::normal_distribution<double> normal(50'000.0, 8'000.0);
    std::exponential_distribution<double> exponential(1.0 / 20'000.0);
    std::lognormal_distribution<double> logNormal(std::log(5'000.0), 1.2);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int i = 0; i < n; ++i) {
        double v = 0;
        switch (d) {
        case Distribution::Uniform:
            v = static_cast<double>(uniform(rng));
            break;
        case Distribution::Normal:
            v = normal(rng);
            break;
        case Distribution::Exponential:
            v = exponential(rng);
            break;
        case Distribution::LogNormal:
            v = logNormal(rng);
            break;
        case Distribution::Pareto:
            // x_m = 200 µs, alpha = 1.1: very heavy tail, capped at 1e9 µs.
            v = std::min(1e9, 200.0 / std::pow(1.0 - unit(rng), 1.0 / 1.1));
            break;
        case Distribution::Constant:
            v = 123'456.0;
            break;
        }
        out.push_back(std::max<qint64>(1, std::llround(v)));
    }
    return out;
}

qint64 exactPercentile(std::vector<qint64> sorted, double p)
{
    std::sort(sorted.begin(), sorted.end());
    const qint64 rank = Histogram::nearestRank(p, static_cast<qint64>(sorted.size()));
    return sorted[static_cast<size_t>(rank - 1)];
}

Histogram histogramOf(const std::vector<qint64> &values)
{
    Histogram h;
    for (const qint64 v : values) {
        h.record(v);
    }
    return h;
}

} // namespace

class HistogramTest : public QObject
{
    Q_OBJECT

private slots:
    void percentilesMatchExactNearestRank_data()
    {
        QTest::addColumn<int>("distribution");
        QTest::addColumn<int>("n");
        QTest::addColumn<uint>("seed");
        QTest::newRow("uniform") << int(Distribution::Uniform) << 100'000 << 1u;
        QTest::newRow("normal") << int(Distribution::Normal) << 100'000 << 2u;
        QTest::newRow("exponential") << int(Distribution::Exponential) << 100'000 << 3u;
        QTest::newRow("lognormal") << int(Distribution::LogNormal) << 100'000 << 4u;
        QTest::newRow("pareto") << int(Distribution::Pareto) << 200'000 << 5u;
        QTest::newRow("constant") << int(Distribution::Constant) << 1'000 << 6u;
        QTest::newRow("one sample") << int(Distribution::LogNormal) << 1 << 7u;
        QTest::newRow("two samples") << int(Distribution::Pareto) << 2 << 8u;
        QTest::newRow("three samples") << int(Distribution::Uniform) << 3 << 9u;
        QTest::newRow("odd size") << int(Distribution::Exponential) << 10'001 << 10u;
    }

    void percentilesMatchExactNearestRank()
    {
        QFETCH(int, distribution);
        QFETCH(int, n);
        QFETCH(uint, seed);
        const auto values = samples(static_cast<Distribution>(distribution), n, seed);
        const Histogram h = histogramOf(values);
        QCOMPARE(h.count(), n);
        for (const double p : kPercentiles) {
            const qint64 exact = exactPercentile(values, p);
            const qint64 approx = h.valueAtPercentile(p);
            const double error = std::fabs(double(approx - exact)) / double(exact);
            QVERIFY2(error <= kMaxRelativeError,
                     qPrintable(QStringLiteral("p%1: exact %2 histogram %3 error %4")
                                    .arg(p)
                                    .arg(exact)
                                    .arg(approx)
                                    .arg(error)));
        }
        QCOMPARE(h.valueAtPercentile(100), *std::max_element(values.begin(), values.end()));
    }

    void minMaxMeanAreExact()
    {
        const auto values = samples(Distribution::LogNormal, 5'000, 11);
        const Histogram h = histogramOf(values);
        qint64 sum = 0;
        for (const qint64 v : values) {
            sum += v;
        }
        QCOMPARE(h.min(), *std::min_element(values.begin(), values.end()));
        QCOMPARE(h.max(), *std::max_element(values.begin(), values.end()));
        QCOMPARE(h.sum(), sum);
        QCOMPARE(h.mean(), double(sum) / double(values.size()));
    }

    void nearestRank_data()
    {
        QTest::addColumn<double>("p");
        QTest::addColumn<qint64>("n");
        QTest::addColumn<qint64>("rank");
        QTest::newRow("median of 4") << 50.0 << qint64(4) << qint64(2);
        QTest::newRow("median of 5") << 50.0 << qint64(5) << qint64(3);
        QTest::newRow("p0 is first") << 0.0 << qint64(10) << qint64(1);
        QTest::newRow("p100 is last") << 100.0 << qint64(10) << qint64(10);
        QTest::newRow("p99.99 of 10000") << 99.99 << qint64(10000) << qint64(9999);
        QTest::newRow("p99.9 of 1000") << 99.9 << qint64(1000) << qint64(999);
        QTest::newRow("p66 of 3") << 66.0 << qint64(3) << qint64(2);
        QTest::newRow("empty") << 50.0 << qint64(0) << qint64(0);
    }

    void nearestRank()
    {
        QFETCH(double, p);
        QFETCH(qint64, n);
        QFETCH(qint64, rank);
        QCOMPARE(Histogram::nearestRank(p, n), rank);
    }

    void bucketsHaveBoundedRelativeWidth()
    {
        for (int i = 0; i < Histogram::kBucketCount; ++i) {
            const qint64 low = Histogram::lowestValueOf(i);
            QCOMPARE(Histogram::bucketIndex(low), i);
            QCOMPARE(Histogram::bucketIndex(low + Histogram::widthOf(i) - 1), i);
            if (low >= 2048) {
                QVERIFY(double(Histogram::widthOf(i)) / double(low) <= 1.0 / 1024.0);
            }
        }
        QCOMPARE(Histogram::bucketIndex(Histogram::kHighestTrackableUs),
                 Histogram::kBucketCount - 1);
    }

    void valuesAboveRangeClampToTopButKeepExactMax()
    {
        Histogram h;
        h.record(10);
        h.record(Histogram::kHighestTrackableUs * 3);
        QCOMPARE(h.max(), Histogram::kHighestTrackableUs * 3);
        QCOMPARE(h.valueAtPercentile(100), Histogram::kHighestTrackableUs * 3);
        QCOMPARE(h.valueAtPercentile(50), 10);
        QCOMPARE(h.count(), 2);
    }

    void negativeValuesRecordAsZero()
    {
        Histogram h;
        h.record(-5);
        QCOMPARE(h.min(), 0);
        QCOMPARE(h.valueAtPercentile(50), 0);
    }

    void recordNEqualsRepeatedRecord()
    {
        Histogram a;
        Histogram b;
        a.recordN(4711, 5);
        a.recordN(99, 0);
        for (int i = 0; i < 5; ++i) {
            b.record(4711);
        }
        QVERIFY(a == b);
    }

    void mergeEqualsHistogramOfConcatenation()
    {
        const auto first = samples(Distribution::LogNormal, 30'000, 21);
        const auto second = samples(Distribution::Pareto, 20'000, 22);
        Histogram merged = histogramOf(first);
        merged.merge(histogramOf(second));
        auto all = first;
        all.insert(all.end(), second.begin(), second.end());
        const Histogram whole = histogramOf(all);

        QVERIFY(merged == whole);
        QCOMPARE(merged.count(), whole.count());
        QCOMPARE(merged.min(), whole.min());
        QCOMPARE(merged.max(), whole.max());
        QCOMPARE(merged.sum(), whole.sum());
        for (const double p : kPercentiles) {
            QCOMPARE(merged.valueAtPercentile(p), whole.valueAtPercentile(p));
        }
    }

    void mergeIntoEmptyAndOfEmpty()
    {
        const Histogram h = histogramOf({5, 50, 5000});
        Histogram empty;
        empty.merge(h);
        QVERIFY(empty == h);
        Histogram copy = h;
        copy.merge(Histogram());
        QVERIFY(copy == h);
    }

    void jsonRoundTripIsExact()
    {
        const Histogram h = histogramOf(samples(Distribution::Pareto, 10'000, 31));
        const QJsonObject json = h.toJson();
        // Through text, as the result file will do.
        const QJsonObject reread = QJsonDocument::fromJson(QJsonDocument(json).toJson()).object();
        const auto back = Histogram::fromJson(reread);
        QVERIFY(back.has_value());
        QVERIFY(*back == h);
        QCOMPARE(back->valueAtPercentile(99.9), h.valueAtPercentile(99.9));
        QVERIFY(json.value(QStringLiteral("buckets")).toArray().size() < 10'000);
    }

    void jsonRoundTripOfEmptyHistogram()
    {
        const auto back = Histogram::fromJson(Histogram().toJson());
        QVERIFY(back.has_value());
        QVERIFY(back->isEmpty());
    }

    void fromJsonRejectsInconsistentData_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("missing fields") << QByteArray("{}");
        QTest::newRow("count mismatch")
            << QByteArray(R"({"count":3,"min":1,"max":1,"sum":2,"buckets":[[1,2]]})");
        QTest::newRow("index out of range")
            << QByteArray(R"({"count":1,"min":1,"max":1,"sum":1,"buckets":[[99999,1]]})");
        QTest::newRow("zero count")
            << QByteArray(R"({"count":0,"min":0,"max":0,"sum":0,"buckets":[[1,0]]})");
        QTest::newRow("fractional")
            << QByteArray(R"({"count":1.5,"min":1,"max":1,"sum":1,"buckets":[[1,1]]})");
        QTest::newRow("min outside buckets")
            << QByteArray(R"({"count":1,"min":7,"max":7,"sum":7,"buckets":[[1,1]]})");
        QTest::newRow("unsorted") << QByteArray(
            R"({"count":2,"min":1,"max":2,"sum":3,"buckets":[[2,1],[1,1]]})");
    }

    void fromJsonRejectsInconsistentData()
    {
        QFETCH(QByteArray, json);
        QVERIFY(!Histogram::fromJson(QJsonDocument::fromJson(json).object()).has_value());
    }

    void percentileOfEmptyHistogramIsZero()
    {
        const Histogram h;
        QVERIFY(h.isEmpty());
        QCOMPARE(h.count(), 0);
        QCOMPARE(h.min(), 0);
        QCOMPARE(h.max(), 0);
        QCOMPARE(h.mean(), 0.0);
        for (const double p : kPercentiles) {
            QCOMPARE(h.valueAtPercentile(p), 0);
        }
    }

    void resetEmptiesAndReleasesMemory()
    {
        Histogram h = histogramOf({1, 10'000, 1'000'000});
        QVERIFY(h.allocatedBytes() > 0);
        h.reset();
        QVERIFY(h.isEmpty());
        QCOMPARE(h.allocatedBytes(), 0);
        QCOMPARE(h.valueAtPercentile(50), 0);
    }

    void memoryIsLazyAndBounded()
    {
        QCOMPARE(Histogram().allocatedBytes(), 0);
        const Histogram narrow = histogramOf(samples(Distribution::Normal, 1'000, 41));
        QVERIFY(narrow.allocatedBytes() <= 3 * 8 * 1024);
        const Histogram wide = histogramOf(samples(Distribution::Pareto, 100'000, 42));
        QVERIFY(wide.allocatedBytes() <= qint64(Histogram::kBucketCount) * 8);
    }
};

QTEST_APPLESS_MAIN(HistogramTest)
#include "histogramtest.moc"
