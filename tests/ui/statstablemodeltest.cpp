#include "statstablemodel.h"

#include "stats/stats.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace cicada;

namespace {

constexpr qint64 kStartMs = 1'700'000'000'000;

Stats sampleStats()
{
    Stats stats(kStartMs);
    for (int i = 0; i < 100; ++i)
        stats.record({"WS send", "chat", (i + 1) * 1000, 100, {}, kStartMs + 1000 + i * 10});
    for (int i = 0; i < 10; ++i)
        stats.record({"GET", "/api/items", 5000, 500, i < 2 ? "HTTP 500" : "", kStartMs + 1500});
    return stats;
}

int columnOf(const StatsTableModel &model, const QString &header)
{
    for (int c = 0; c < model.columnCount(); ++c) {
        if (model.headerText(c) == header)
            return c;
    }
    return -1;
}

} // namespace

class StatsTableModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsCarryLocustColumnsAndAggregatedComesLast()
    {
        StatsTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.update(sampleStats(), kStartMs + 5000, false);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.headerText(0), QString("Type"));
        QCOMPARE(model.headerText(2), QString("# Requests"));
        QVERIFY(columnOf(model, "95%") > 0);
        const int last = model.rowCount() - 1;
        QVERIFY(model.data(model.index(last, 0), StatsTableModel::AggregatedRole).toBool());
        QCOMPARE(model.data(model.index(last, 2), Qt::DisplayRole).toString(), QString("110"));
        QCOMPARE(model.data(model.index(last, 3), Qt::DisplayRole).toString(), QString("2"));
        // Rows by name like Locust: "/api/items" before "chat".
        QCOMPARE(model.data(model.index(0, 1), Qt::DisplayRole).toString(), QString("/api/items"));
        const int p95 = columnOf(model, "95%");
        const qint64 p95Us =
            model.data(model.index(1, p95), StatsTableModel::ValueRole).toLongLong();
        QVERIFY(std::abs(p95Us - 95000) <= 95); // histogram: within 0.1 %
        QCOMPARE(model.data(model.index(1, p95), Qt::DisplayRole).toString(), QString("95.0"));
        QVERIFY(model.data(model.index(1, p95), StatsTableModel::NumericRole).toBool());
    }

    void percentileColumnsAreSelectable()
    {
        StatsTableModel model;
        model.update(sampleStats(), kStartMs + 5000, false);
        const int before = model.columnCount();
        model.togglePercentile(99.9);
        QCOMPARE(model.columnCount(), before + 1);
        QVERIFY(columnOf(model, "99.9%") > 0);
        model.togglePercentile(90);
        QCOMPARE(columnOf(model, "90%"), -1);
        model.update(sampleStats(), kStartMs + 5000, false);
        QCOMPARE(model.data(model.index(1, columnOf(model, "99.9%")), StatsTableModel::ValueRole)
                     .toLongLong(),
                 100000);
    }

    void sortingKeepsAggregatedLast()
    {
        StatsTableModel model;
        model.update(sampleStats(), kStartMs + 5000, false);
        model.sortBy(2); // # Requests, largest first
        QVERIFY(!model.sortAscending());
        QCOMPARE(model.data(model.index(0, 1), Qt::DisplayRole).toString(), QString("chat"));
        QCOMPARE(model.data(model.index(2, 1), Qt::DisplayRole).toString(), QString("Aggregated"));
        model.sortBy(2);
        QCOMPARE(model.data(model.index(0, 1), Qt::DisplayRole).toString(), QString("/api/items"));
        QCOMPARE(model.data(model.index(2, 1), Qt::DisplayRole).toString(), QString("Aggregated"));
    }

    void sameRowsUpdateInPlaceWithoutAReset()
    {
        StatsTableModel model;
        model.update(sampleStats(), kStartMs + 5000, true);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.update(sampleStats(), kStartMs + 6000, true);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        Stats more = sampleStats();
        more.record({"WS send", "typing", 10, 10, {}, kStartMs + 2000});
        model.update(more, kStartMs + 6000, true);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 4);
    }
};

QTEST_MAIN(StatsTableModelTest)
#include "statstablemodeltest.moc"
