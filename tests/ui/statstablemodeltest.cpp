#include "statstablemodel.h"

#include "stats/stats.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace cicada;

namespace {

constexpr qint64 kStartMs = 1'700'000'000'000;

RequestOutcome outcome(const QString &type, const QString &name, qint64 us, qint64 bytes,
                       const QString &error, qint64 atMs)
{
    return RequestOutcome{.type = type,
                          .name = name,
                          .responseTimeUs = us,
                          .contentLength = bytes,
                          .error = error,
                          .timestampMs = atMs};
}

RequestOutcome push(const QString &name, qint64 ageUs, qint64 atMs)
{
    RequestOutcome o = outcome("WS recv", name, ageUs < 0 ? 0 : ageUs, 64, {}, atMs);
    o.kind = RequestOutcome::Kind::Message;
    o.hasTime = ageUs >= 0;
    return o;
}

Stats sampleStats()
{
    Stats stats(kStartMs);
    for (int i = 0; i < 100; ++i)
        stats.record(outcome("WS send", "chat", (i + 1) * 1000, 100, {}, kStartMs + 1000 + i * 10));
    for (int i = 0; i < 10; ++i)
        stats.record(
            outcome("GET", "/api/items", 5000, 500, i < 2 ? "HTTP 500" : "", kStartMs + 1500));
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
    void messagesGoToTheirOwnTable()
    {
        StatsTableModel model;
        MessagesTableModel *messages = model.messages();
        QVERIFY(messages);
        QAbstractItemModelTester tester(messages,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        Stats stats = sampleStats();
        for (int i = 0; i < 300; ++i)
            stats.record(push("price", i % 3 == 0 ? (100 + i) * 1000 : -1, kStartMs + 1000 + i));
        for (int i = 0; i < 30; ++i)
            stats.record(push("news", -1, kStartMs + 1200 + i));
        model.update(stats, kStartMs + 5000, false);

        // The statistics table: operations and Aggregated only, unchanged by 330 pushes.
        QCOMPARE(model.rowCount(), 3);
        const int last = model.rowCount() - 1;
        QCOMPARE(model.data(model.index(last, 2), Qt::DisplayRole).toString(), QString("110"));
        QCOMPARE(model.data(model.index(last, 3), Qt::DisplayRole).toString(), QString("2"));

        // The messages table: news, price (by name), then the total.
        QCOMPARE(messages->rowCount(), 3);
        QCOMPARE(messages->columnCount(), 10);
        QCOMPARE(messages->headerText(2), QString("# Messages"));
        QCOMPARE(messages->headerText(7), QString("Age p50"));
        QCOMPARE(messages->data(messages->index(0, 1), Qt::DisplayRole).toString(),
                 QString("news"));
        QCOMPARE(messages->data(messages->index(1, 1), Qt::DisplayRole).toString(),
                 QString("price"));
        QCOMPARE(messages->data(messages->index(1, 2), Qt::DisplayRole).toString(), QString("300"));
        QCOMPARE(messages->data(messages->index(1, 4), Qt::DisplayRole).toString(),
                 QString("19,200"));
        QCOMPARE(messages->data(messages->index(1, 6), Qt::DisplayRole).toString(), QString("100"));
        // Ages 100, 103, ..., 397 ms: p50 is the 50th, 247 ms.
        const qint64 p50 =
            messages->data(messages->index(1, 7), MessagesTableModel::ValueRole).toLongLong();
        QVERIFY2(std::abs(p50 - 247'000) <= 247, qPrintable(QString::number(p50)));
        // Untimed pushes show no age rather than 0 ms.
        QCOMPARE(messages->data(messages->index(0, 7), Qt::DisplayRole).toString(), QString("–"));
        QVERIFY(
            !messages->data(messages->index(1, 0), MessagesTableModel::AggregatedRole).toBool());
        QVERIFY(messages->data(messages->index(2, 0), MessagesTableModel::AggregatedRole).toBool());
        QCOMPARE(messages->data(messages->index(2, 2), Qt::DisplayRole).toString(), QString("330"));
        QCOMPARE(messages->property("total").toDouble(), 330.0);
        QVERIFY(messages->isNumericColumn(2));
        QVERIFY(!messages->isNumericColumn(1));

        model.clear();
        QCOMPARE(messages->rowCount(), 0);
    }

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

    void serviceTimeColumnsOnlyWhenRowsHaveThem()
    {
        StatsTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.update(sampleStats(), kStartMs + 5000, false);
        const int closedColumns = model.columnCount();
        QCOMPARE(columnOf(model, "Svc median"), -1);

        // Open model: the main times count from the intended start, service times beside them.
        Stats open = sampleStats();
        for (int i = 0; i < 50; ++i) {
            RequestOutcome o = outcome("GET", "/open", 300'000, 10, {}, kStartMs + 1000 + i);
            o.serviceTimeUs = 2'000;
            open.record(o);
        }
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.update(open, kStartMs + 5000, false);
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model.columnCount(), closedColumns + 2);
        const int median = columnOf(model, "Svc median");
        const int p95 = columnOf(model, "Svc 95%");
        QCOMPARE(median, closedColumns);
        QCOMPARE(p95, closedColumns + 1);
        int row = -1;
        for (int r = 0; r < model.rowCount(); ++r)
            if (model.data(model.index(r, 1), Qt::DisplayRole).toString() == QString("/open"))
                row = r;
        QVERIFY(row >= 0);
        QCOMPARE(model.data(model.index(row, median), StatsTableModel::ValueRole).toLongLong(),
                 2000);
        QCOMPARE(model.data(model.index(row, p95), Qt::DisplayRole).toString(), QString("2.00"));
        // Rows without service times show a dash there.
        QCOMPARE(model.data(model.index(0, median), Qt::DisplayRole).toString(), QString("–"));
        // Back to a closed run: the columns go away.
        model.update(sampleStats(), kStartMs + 5000, false);
        QCOMPARE(model.columnCount(), closedColumns);
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
        more.record(outcome("WS send", "typing", 10, 10, {}, kStartMs + 2000));
        model.update(more, kStartMs + 6000, true);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 4);
    }
};

QTEST_MAIN(StatsTableModelTest)
#include "statstablemodeltest.moc"
