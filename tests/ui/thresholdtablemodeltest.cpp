#include "thresholdtablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace cicada;

class ThresholdTableModelTest : public QObject
{
    Q_OBJECT

private:
    static QList<ThresholdVerdict> verdicts()
    {
        return {
            {.expression = "p95(WS send:chat) < 500ms",
             .passed = false,
             .hasValue = true,
             .measured = 612'000,
             .measuredText = "612 ms",
             .detail = "153/268 failed"},
            {.expression = "error_rate < 5%",
             .passed = true,
             .hasValue = true,
             .measured = 0.012,
             .measuredText = "1.2%",
             .detail = "3/268 failed"},
            {.expression = "p95(GET:/missing) < 100ms",
             .passed = false,
             .hasValue = false,
             .measured = 0,
             .measuredText = "no data",
             .detail = {}},
        };
    }

private Q_SLOTS:
    void oneRowPerThresholdWithMeasuredVerdictAndDetail()
    {
        ThresholdTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy rows(&model, &ThresholdTableModel::rowsChanged);
        model.setVerdicts(verdicts());
        QCOMPARE(rows.count(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), 4);
        QCOMPARE(model.headerText(ThresholdTableModel::DetailColumn), QString("Detail"));
        const auto text = [&](int row, int column) {
            return model.data(model.index(row, column), Qt::DisplayRole).toString();
        };
        QCOMPARE(text(0, ThresholdTableModel::ExpressionColumn),
                 QString("p95(WS send:chat) < 500ms"));
        QCOMPARE(text(0, ThresholdTableModel::MeasuredColumn), QString("612 ms"));
        QCOMPARE(text(0, ThresholdTableModel::VerdictColumn), QString("FAIL"));
        QCOMPARE(text(0, ThresholdTableModel::DetailColumn), QString("153/268 failed"));
        QCOMPARE(text(1, ThresholdTableModel::VerdictColumn), QString("PASS"));
        QCOMPARE(text(2, ThresholdTableModel::MeasuredColumn), QString("no data"));
        QCOMPARE(text(2, ThresholdTableModel::VerdictColumn), QString("FAIL (no data)"));
    }

    void theVerdictCellIsColouredByOutcome()
    {
        ThresholdTableModel model;
        model.setVerdicts(verdicts());
        const auto tone = [&](int row, int column) {
            return model.data(model.index(row, column), ThresholdTableModel::ToneRole).toString();
        };
        QCOMPARE(tone(0, ThresholdTableModel::VerdictColumn), QString("danger"));
        QCOMPARE(tone(1, ThresholdTableModel::VerdictColumn), QString("good"));
        QCOMPARE(tone(2, ThresholdTableModel::VerdictColumn), QString("danger"));
        // Only the verdict is coloured: the expression stays plain text.
        QCOMPARE(tone(0, ThresholdTableModel::ExpressionColumn), QString());
        QCOMPARE(model.data(model.index(1, 0), ThresholdTableModel::KindRole).toString(),
                 QString("pass"));
    }

    void anUnreliablePercentileIsAmberNotPass()
    {
        ThresholdVerdict v{.expression = "p95(WS send:chat) < 500ms",
                           .passed = false,
                           .hasValue = true,
                           .measured = 12'000,
                           .measuredText = "12 ms",
                           .detail = "153/268 failed",
                           .unreliable = true};
        ThresholdTableModel model;
        model.setVerdicts({v});
        QCOMPARE(model.data(model.index(0, ThresholdTableModel::VerdictColumn), Qt::DisplayRole)
                     .toString(),
                 QString("UNRELIABLE"));
        QCOMPARE(model
                     .data(model.index(0, ThresholdTableModel::VerdictColumn),
                           ThresholdTableModel::ToneRole)
                     .toString(),
                 QString("warning"));
        QCOMPARE(model.brokenCount(), 1);
        QVERIFY(model.brokenLines().at(0).endsWith("(153/268 failed) unreliable"));
    }

    void brokenThresholdsAreListedForTheBanner()
    {
        ThresholdTableModel model;
        model.setVerdicts(verdicts());
        QCOMPARE(model.brokenCount(), 2);
        const QStringList lines = model.brokenLines();
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(0), QString("p95(WS send:chat) < 500ms — 612 ms (153/268 failed)"));
        QVERIFY(lines.at(1).startsWith("p95(GET:/missing) < 100ms — no data"));
        model.setVerdicts({verdicts().at(1)});
        QCOMPARE(model.brokenCount(), 0);
        QVERIFY(model.brokenLines().isEmpty());
    }
};

QTEST_MAIN(ThresholdTableModelTest)
#include "thresholdtablemodeltest.moc"
