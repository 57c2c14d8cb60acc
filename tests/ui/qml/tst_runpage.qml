import QtQuick
import QtTest
import Cicada

// Start moves to running and the charts get points; Stop ends the run.
Item {
    id: root
    width: 1280
    height: 760

    DemoService { id: demo; preferredPort: 0 }
    ProfileDocument { id: doc }
    RunController { id: run; document: doc; threadOption: 1 }
    RunPage { id: page; anchors.fill: parent; run: run }

    TestCase {
        name: "RunPage"
        when: windowShown

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
            // Messages (pushes, fire-and-forget sends) have their own tab and table.
            const messages = findChild(page, "messagesTable")
            verify(messages !== null)
            compare(messages.model, run.stats.messages)
            verify(findChild(page, "messagesTab").text.startsWith("Messages ("))
            run.stop()
            tryCompare(run, "state", "stopped", 15000)
            verify(run.totalRequests > 0)
            demo.stop()
        }
    }
}
