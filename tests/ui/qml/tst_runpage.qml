import QtQuick
import QtTest
import Cicada

// Start moves to running and the charts get points; Stop ends the run and the x axis fits it.
// An empty chart's y ticks read 0, 1, 2 … (not "0.00" n times).
Item {
    id: root
    width: 1280
    height: 760

    DemoService { id: demo; preferredPort: 0 }
    ProfileDocument { id: doc }
    RunController { id: run; document: doc; threadOption: 1 }
    RunPage { id: page; anchors.fill: parent; run: run }
    ChartFeed { id: emptyFeed }
    CcChart {
        id: emptyChart
        width: 400
        height: 200
        series: [{ feed: emptyFeed, metric: "rps", name: "Requests/s" }]
    }

    TestCase {
        name: "RunPage"
        when: windowShown

        // The labels QtCharts prints for the chart's y axis (its printf format on each tick).
        function yLabels(chart) {
            const format = chart.yAxis.labelFormat
            const n = chart.tickIntervals()
            const labels = []
            for (let i = 0; i <= n; ++i) {
                const v = chart.yAxis.max * i / n
                labels.push(format === "%d" ? String(Math.round(v)) : v.toFixed(Number(format.slice(2, -1))))
            }
            return labels
        }

        function test_emptyChartTicksAreDistinct() {
            compare(emptyChart.pointCount, 0)
            const labels = yLabels(emptyChart)
            compare(new Set(labels).size, labels.length, labels.join(" "))
            compare(labels[0], "0")
        }

        function test_startRunsAndChartsGetPointsAndStopEndsTheRun() {
            verify(demo.start(), demo.errorString)
            doc.loadExample(demo.baseUrl, demo.brokerUrl)
            doc.setText("$.load.runTime", "0s")
            verify(run.canStart)
            verify(run.start())
            tryCompare(run, "state", "running", 8000)
            tryVerify(() => page.rpsChart.pointCount >= 2, 8000, "requests/s chart has points")
            verify(page.latencyChart.pointCount >= 2)
            verify(page.usersChart.pointCount >= 2)
            const table = findChild(page, "statsTable")
            tryVerify(() => table.tableView.rows >= 3, 3000)
            // Aggregated is pinned below the rows, inside the table's frame, whatever the scroll.
            const pinned = findChild(table, "pinnedAggregated")
            tryVerify(() => pinned.visible, 3000, "the Aggregated row is pinned")
            const pinnedName = findChild(table, "pinned:1")
            compare(pinnedName.text, "Aggregated")
            verify(pinned.mapToItem(table, 0, 0).y + pinned.height <= table.height)
            table.tableView.contentY = table.tableView.contentHeight // scrolled down or not: in view
            verify(pinned.visible)
            // Messages (pushes, fire-and-forget sends) have their own tab and table.
            const messages = findChild(page, "messagesTable")
            verify(messages !== null)
            compare(messages.model, run.stats.messages)
            verify(findChild(page, "messagesTab").text.startsWith("Messages ("))
            run.stop()
            tryCompare(run, "state", "stopped", 15000)
            verify(run.totalRequests > 0)
            // A finished run is drawn on an axis that ends with it, not on the live minute.
            const last = run.chart.latest.seconds
            tryVerify(() => page.rpsChart.xAxis.max < last + 5.001, 3000,
                      "x axis ends at " + page.rpsChart.xAxis.max + " for a run of " + last + " s")
            verify(page.rpsChart.xAxis.max >= last)
            const labels = yLabels(page.rpsChart)
            compare(new Set(labels).size, labels.length, labels.join(" "))
            demo.stop()
        }
    }
}
