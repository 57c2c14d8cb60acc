pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// Run page: key figures, live charts (requests/s and failures/s, p50/p95/p99, users) with a
// rolling or whole-run view, then the statistics, failures and messages tables. Everything is
// pulled from the RunController once per second. Key figures and charts count timed operations
// only; pushes and fire-and-forget sends are in the Messages tab (DESIGN §11).
Item {
    id: root

    required property RunController run
    readonly property alias rpsChart: rpsChart
    readonly property alias latencyChart: latencyChart
    readonly property alias usersChart: usersChart

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacingL
        spacing: Theme.spacingM

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingM
            CcStatCard {
                objectName: "cardUsers"
                title: qsTr("Users")
                value: root.run.state === "spawning" ? Format.formatInteger(root.run.userCount) + " / " + Format.formatInteger(root.run.targetUserCount)
                                                       : Format.formatInteger(root.run.userCount)
                Layout.fillWidth: true
            }
            CcStatCard {
                objectName: "cardRps"
                title: root.run.state === "stopped" ? qsTr("Operations/s (whole run)") : qsTr("Operations/s")
                value: Format.formatDecimal(root.run.currentRps, root.run.currentRps < 100 ? 1 : 0)
                Layout.fillWidth: true
            }
            CcStatCard {
                objectName: "cardRequests"
                title: qsTr("Operations")
                value: Format.formatInteger(root.run.totalRequests)
                Layout.fillWidth: true
            }
            CcStatCard {
                objectName: "cardFailures"
                title: qsTr("Failures")
                value: Format.formatDecimal(root.run.failRatio * 100, 1) + " %"
                valueColor: root.run.failRatio > 0 ? Theme.danger : Theme.text
                Layout.fillWidth: true
            }
            CcStatCard {
                objectName: "cardP95"
                title: root.run.state === "stopped" ? qsTr("p95 (whole run)") : qsTr("p95 (last 10 s)")
                value: Format.formatDecimal(root.run.p95Ms, root.run.p95Ms < 10 ? 2 : 1) + " ms"
                Layout.fillWidth: true
            }
            CcStatCard {
                objectName: "cardElapsed"
                title: qsTr("Elapsed")
                value: Format.formatClock(root.run.elapsedMs) + (root.run.runTimeMs > 0 ? " / " + Format.formatClock(root.run.runTimeMs) : "")
                Layout.fillWidth: true
            }
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingM
            Label {
                text: qsTr("Charts")
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
            }
            Item { Layout.fillWidth: true }
            CcLiveControl {
                objectName: "liveControl"
                run: root.run
            }
            Label {
                visible: root.run.lastError !== ""
                text: root.run.lastError
                color: Theme.danger
                font.pixelSize: Theme.fontSmall
                elide: Text.ElideRight
                Layout.maximumWidth: 500
            }
            ButtonGroup { id: viewGroup }
            CcRadioButton {
                objectName: "viewRolling"
                text: qsTr("Last 5 min")
                checked: !root.run.chart.wholeRun
                ButtonGroup.group: viewGroup
                font.pixelSize: Theme.fontNormal
                onToggled: if (checked) root.run.chart.wholeRun = false
            }
            CcRadioButton {
                objectName: "viewWhole"
                text: qsTr("Whole run")
                checked: root.run.chart.wholeRun
                ButtonGroup.group: viewGroup
                font.pixelSize: Theme.fontNormal
                onToggled: if (checked) root.run.chart.wholeRun = true
            }
        }

        GridLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: root.height * 0.5
            Layout.minimumHeight: 300
            columns: 2
            columnSpacing: Theme.spacingM
            rowSpacing: Theme.spacingM

            CcChart {
                id: rpsChart
                objectName: "rpsChart"
                title: qsTr("Requests/s & failures/s")
                scale: "rps"
                Layout.fillWidth: true
                Layout.fillHeight: true
                series: [{ feed: root.run.chart, metric: "rps", name: "Requests/s" },
                         { feed: root.run.chart, metric: "failures", name: "Failures/s" }]
            }
            CcChart {
                id: latencyChart
                objectName: "latencyChart"
                title: qsTr("Response time (ms)")
                scale: "latency"
                Layout.fillWidth: true
                Layout.fillHeight: true
                series: [{ feed: root.run.chart, metric: "p50", name: "p50" },
                         { feed: root.run.chart, metric: "p95", name: "p95" },
                         { feed: root.run.chart, metric: "p99", name: "p99" }]
            }
            CcChart {
                id: usersChart
                objectName: "usersChart"
                // Planned against actual: users in the closed model, iterations started per second
                // in the open model.
                title: root.run.openModel ? qsTr("Iterations/s: planned and actual") : qsTr("Users: planned and actual")
                scale: "users"
                unit: root.run.openModel ? qsTr("it/s") : ""
                Layout.columnSpan: 2
                Layout.fillWidth: true
                Layout.preferredHeight: Math.max(150, root.height * 0.2)
                series: root.run.openModel
                        ? [{ feed: root.run.chart, metric: "rate", name: qsTr("Iterations/s") },
                           { feed: root.run.chart, metric: "planned", name: qsTr("Planned"), dashed: true, color: Theme.textMuted }]
                        : [{ feed: root.run.chart, metric: "users", name: qsTr("Users") },
                           { feed: root.run.chart, metric: "planned", name: qsTr("Planned"), dashed: true, color: Theme.textMuted }]
            }
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingM
            TabBar {
                id: tabs
                objectName: "tableTabs"
                font.pixelSize: Theme.fontNormal
                TabButton { text: qsTr("Statistics"); width: implicitWidth + 24 }
                TabButton { text: qsTr("Failures (%1)").arg(Format.formatInteger(root.run.failures.total)); width: implicitWidth + 24 }
                TabButton {
                    objectName: "messagesTab"
                    text: qsTr("Messages (%1)").arg(Format.formatInteger(root.run.stats.messages.total))
                    width: implicitWidth + 24
                }
            }
            Label {
                text: tabs.currentIndex === 1 ? ""
                      : tabs.currentIndex === 2 ? (root.run.stats.live ? qsTr("not in Aggregated · age in ms · rate: last 10 s") : qsTr("not in Aggregated · age in ms · rate: whole run"))
                      : root.run.stats.live ? qsTr("operations · times in ms · sizes in bytes · RPS and Fail/s: last 10 s") : qsTr("operations · times in ms · sizes in bytes · RPS and Fail/s: whole run")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
            Item { Layout.fillWidth: true }
            CcButton {
                id: pctButton
                visible: tabs.currentIndex === 0
                text: qsTr("Percentiles ▾")
                tip: qsTr("Choose the percentile columns")
                onClicked: pctMenu.popup(pctButton, 0, pctButton.height)
                Menu {
                    id: pctMenu
                    Repeater {
                        model: root.run.stats.availablePercentiles()
                        delegate: MenuItem {
                            required property var modelData
                            text: Format.formatPercentile(modelData) + " %"
                            checkable: true
                            checked: root.run.stats.percentiles.indexOf(modelData) >= 0
                            onTriggered: root.run.stats.togglePercentile(modelData)
                        }
                    }
                }
            }
        }

        StackLayout {
            currentIndex: tabs.currentIndex
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: root.height * 0.3
            Layout.minimumHeight: 150

            CcDataTable {
                objectName: "statsTable"
                pinAggregated: true
                model: root.run.stats
                stretchColumn: 1
                columnWidths: ({ 0: 96, 1: 130, 2: 90, 3: 64 })
                defaultWidth: 70
                emptyText: qsTr("No requests yet.")
            }
            CcDataTable {
                objectName: "failuresTable"
                model: root.run.failures
                stretchColumn: 3
                columnWidths: ({ 0: 96, 1: 100, 2: 180, 3: 300 })
                emptyText: qsTr("No failures.")
            }
            CcDataTable {
                objectName: "messagesTable"
                model: root.run.stats.messages
                stretchColumn: 1
                columnWidths: ({ 0: 96, 1: 130, 2: 96, 3: 64, 6: 100 })
                defaultWidth: 80
                emptyText: qsTr("No messages yet: server pushes and fire-and-forget sends are counted here, not as requests.")
            }
        }
    }
}
