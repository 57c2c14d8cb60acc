pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Cicada

// Reports page: every saved run, newest first. Open one to see its charts and tables read-only
// and export it (Locust CSV, JSON, HTML); tick two to compare them (overlaid charts, deltas).
Item {
    id: root

    required property ResultStore store
    property var checked: []
    property bool comparing: false
    property string message: ""
    readonly property alias view: selectedView
    readonly property alias compareModel: comparison

    function select(path) {
        comparing = false
        selectedView.path = path
        list.currentIndex = store.rowOfPath(path)
    }
    function toggleChecked(path) {
        const c = checked.slice()
        const i = c.indexOf(path)
        if (i >= 0) c.splice(i, 1)
        else { c.push(path); if (c.length > 2) c.shift() }
        checked = c
    }
    function compare() {
        if (checked.length !== 2)
            return
        // Older run first: A is the baseline.
        const rows = checked.map(p => store.rowOfPath(p)).sort((x, y) => y - x)
        viewA.path = store.pathAt(rows[0])
        viewB.path = store.pathAt(rows[1])
        comparing = true
    }

    ResultView { id: selectedView }
    ResultView { id: viewA }
    ResultView { id: viewB }
    ComparisonModel { id: comparison; first: viewA; second: viewB }

    Connections {
        target: root.store
        function onCountChanged() {
            if (selectedView.path === "" && root.store.count > 0)
                root.select(root.store.pathAt(0))
        }
    }
    Component.onCompleted: if (store.count > 0) select(store.pathAt(0))

    FileDialog {
        id: exportDialog
        property string kind: "html"
        fileMode: FileDialog.SaveFile
        title: kind === "csv" ? qsTr("Export Locust CSV files (prefix)") : kind === "json" ? qsTr("Export JSON result") : qsTr("Export HTML report")
        nameFilters: kind === "csv" ? [qsTr("CSV prefix (*)")] : kind === "json" ? [qsTr("JSON (*.json)")] : [qsTr("HTML (*.html)")]
        onAccepted: {
            const path = selectedView.localPath(selectedFile)
            const error = kind === "csv" ? selectedView.exportCsv(path) : kind === "json" ? selectedView.exportJson(path) : selectedView.exportHtml(path)
            root.message = error === "" ? qsTr("Exported to %1").arg(path) : error
        }
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacingL
        spacing: Theme.spacingL

        // The list of runs
        Rectangle {
            Layout.preferredWidth: Math.max(300, root.width * 0.26)
            Layout.fillHeight: true
            color: Theme.surface
            border.color: Theme.border
            radius: Theme.radius

            ColumnLayout {
                anchors.fill: parent
                anchors.margins: 1
                spacing: 0
                RowLayout {
                    Layout.fillWidth: true
                    Layout.margins: Theme.spacingM
                    Label { text: qsTr("Past runs"); font.pixelSize: Theme.fontLarge; font.bold: true; color: Theme.text; Layout.fillWidth: true }
                    CcButton {
                        objectName: "compareButton"
                        text: qsTr("Compare")
                        enabled: root.checked.length === 2
                        tip: enabled ? qsTr("Overlay the two ticked runs") : qsTr("Tick two runs to compare them")
                        onClicked: root.compare()
                    }
                }
                Rectangle { Layout.fillWidth: true; height: 1; color: Theme.border }
                ListView {
                    id: list
                    objectName: "resultsList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: root.store
                    ScrollBar.vertical: ScrollBar {}
                    delegate: ItemDelegate {
                        id: entry
                        required property int index
                        required property string path
                        required property string profileName
                        required property string started
                        required property string duration
                        required property int users
                        required property string rps
                        required property string p95
                        required property string verdict
                        width: ListView.view.width
                        highlighted: !root.comparing && selectedView.path === path
                        onClicked: root.select(path)
                        background: Rectangle {
                            color: entry.highlighted ? Theme.selection : (entry.hovered ? Theme.surfaceAlt : "transparent")
                            Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.border; opacity: 0.6 }
                        }
                        contentItem: RowLayout {
                            spacing: Theme.spacingM
                            CcCheckBox {
                                objectName: "check:" + entry.index
                                checked: root.checked.indexOf(entry.path) >= 0
                                onToggled: root.toggleChecked(entry.path)
                                padding: 0
                            }
                            ColumnLayout {
                                spacing: 0
                                Layout.fillWidth: true
                                RowLayout {
                                    Layout.fillWidth: true
                                    Label { text: entry.profileName; font.bold: true; color: Theme.text; elide: Text.ElideRight; Layout.fillWidth: true; font.pixelSize: Theme.fontNormal }
                                    Label {
                                        visible: entry.verdict !== ""
                                        // An interrupted run is never a green PASS (issue 11).
                                        text: entry.verdict === "pass" ? qsTr("PASS")
                                              : entry.verdict === "interrupted" ? qsTr("INTERRUPTED")
                                              : entry.verdict === "aborted" ? qsTr("ABORTED") : qsTr("FAIL")
                                        color: entry.verdict === "pass" ? Theme.good
                                               : entry.verdict === "interrupted" ? Theme.warning : Theme.danger
                                        font.bold: true
                                        font.pixelSize: Theme.fontSmall
                                    }
                                }
                                Label { text: entry.started + " · " + entry.duration; color: Theme.textMuted; font.pixelSize: Theme.fontSmall; elide: Text.ElideRight; Layout.fillWidth: true }
                                Label { text: qsTr("%1 users · %2 req/s · p95 %3 ms").arg(entry.users).arg(entry.rps).arg(entry.p95); color: Theme.textMuted; font.pixelSize: Theme.fontSmall; elide: Text.ElideRight; Layout.fillWidth: true }
                            }
                        }
                    }
                    Label {
                        anchors.centerIn: parent
                        width: parent.width - 2 * Theme.spacingL
                        visible: list.count === 0
                        text: qsTr("No runs yet. Start one (or click “Try the demo”) and it is saved here when it ends.")
                        wrapMode: Text.Wrap
                        horizontalAlignment: Text.AlignHCenter
                        color: Theme.textMuted
                    }
                }
                Label {
                    Layout.fillWidth: true
                    Layout.margins: Theme.spacingM
                    text: qsTr("Saved in %1").arg(Format.formatPath(root.store.directory))
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    elide: Text.ElideMiddle
                }
            }
        }

        // One run, read-only, with its exports
        ColumnLayout {
            visible: !root.comparing
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacingM

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingM
                ColumnLayout {
                    spacing: 0
                    Layout.fillWidth: true
                    Label {
                        objectName: "reportTitle"
                        text: selectedView.valid ? selectedView.profileName : qsTr("No run selected")
                        font.pixelSize: Theme.fontTitle
                        font.bold: true
                        color: Theme.text
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                    Label {
                        text: selectedView.valid ? selectedView.summary + " · " + selectedView.endReason : selectedView.error
                        color: selectedView.valid || selectedView.error === "" ? Theme.textMuted : Theme.danger
                        font.pixelSize: Theme.fontSmall
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                }
                CcButton { objectName: "exportCsv"; text: qsTr("CSV…"); enabled: selectedView.valid; tip: qsTr("Locust-compatible PREFIX_stats.csv, _failures.csv, _exceptions.csv"); onClicked: { exportDialog.kind = "csv"; exportDialog.open() } }
                CcButton { objectName: "exportJson"; text: qsTr("JSON…"); enabled: selectedView.valid; tip: qsTr("The full result (histograms, history, redacted profile)"); onClicked: { exportDialog.kind = "json"; exportDialog.open() } }
                CcButton { objectName: "exportHtml"; text: qsTr("HTML…"); enabled: selectedView.valid; tip: qsTr("A self-contained report to send to the team"); onClicked: { exportDialog.kind = "html"; exportDialog.open() } }
                CcButton {
                    objectName: "openHtml"
                    text: qsTr("Open report")
                    primary: selectedView.valid
                    enabled: selectedView.valid
                    tip: qsTr("Write the HTML report next to the result and open it in the browser")
                    onClicked: {
                        const p = selectedView.openHtml()
                        root.message = p !== "" ? qsTr("Opened %1").arg(p) : qsTr("Could not write the report")
                    }
                }
            }
            Label {
                visible: root.message !== ""
                text: root.message
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                elide: Text.ElideMiddle
                Layout.fillWidth: true
            }
            RowLayout {
                Layout.fillWidth: true
                Layout.preferredHeight: root.height * 0.4
                Layout.minimumHeight: 220
                spacing: Theme.spacingM
                CcChart {
                    objectName: "reportRpsChart"
                    title: qsTr("Requests/s & failures/s")
                    scale: "rps"
                    emptyText: qsTr("Open a run to see its charts.")
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    series: [{ feed: selectedView.chart, metric: "rps", name: "Requests/s" },
                             { feed: selectedView.chart, metric: "failures", name: "Failures/s" }]
                }
                CcChart {
                    title: qsTr("Response time (ms)")
                    scale: "latency"
                    emptyText: qsTr("Open a run to see its charts.")
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    series: [{ feed: selectedView.chart, metric: "p50", name: "p50" },
                             { feed: selectedView.chart, metric: "p95", name: "p95" },
                             { feed: selectedView.chart, metric: "p99", name: "p99" }]
                }
            }
            TabBar {
                id: tabs
                font.pixelSize: Theme.fontNormal
                TabButton { text: qsTr("Statistics"); width: implicitWidth + 24 }
                TabButton { text: qsTr("Failures (%1)").arg(Format.formatInteger(selectedView.failures.total)); width: implicitWidth + 24 }
                TabButton {
                    objectName: "reportMessagesTab"
                    text: qsTr("Messages (%1)").arg(Format.formatInteger(selectedView.stats.messages.total))
                    width: implicitWidth + 24
                }
            }
            StackLayout {
                currentIndex: tabs.currentIndex
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredHeight: root.height * 0.4
                Layout.minimumHeight: 150
                CcDataTable {
                    objectName: "reportStatsTable"
                    pinAggregated: true
                    model: selectedView.stats
                    columnWidths: ({ 0: 96, 1: 130, 2: 90, 3: 64 })
                    defaultWidth: 72
                    emptyText: qsTr("No requests in this run.")
                }
                CcDataTable {
                    model: selectedView.failures
                    stretchColumn: 3
                    columnWidths: ({ 0: 96, 1: 100, 2: 160, 3: 300 })
                    emptyText: qsTr("No failures.")
                }
                CcDataTable {
                    objectName: "reportMessagesTable"
                    model: selectedView.stats.messages
                    stretchColumn: 1
                    // Narrower than on the Run page: all ten columns fit beside the run list.
                    columnWidths: ({ 0: 90, 1: 100, 2: 90, 3: 64, 4: 72, 5: 64, 6: 84 })
                    defaultWidth: 70
                    emptyText: qsTr("No messages in this run: pushes and fire-and-forget sends are counted here, not as requests.")
                }
            }
        }

        // Two runs compared
        ColumnLayout {
            visible: root.comparing
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacingM

            RowLayout {
                Layout.fillWidth: true
                ColumnLayout {
                    spacing: 0
                    Layout.fillWidth: true
                    Label { text: qsTr("Comparison"); font.pixelSize: Theme.fontTitle; font.bold: true; color: Theme.text }
                    Label { text: qsTr("A (solid): %1 — %2").arg(viewA.profileName).arg(viewA.summary); color: Theme.textMuted; font.pixelSize: Theme.fontSmall; elide: Text.ElideRight; Layout.fillWidth: true }
                    Label { text: qsTr("B (dashed): %1 — %2").arg(viewB.profileName).arg(viewB.summary); color: Theme.textMuted; font.pixelSize: Theme.fontSmall; elide: Text.ElideRight; Layout.fillWidth: true }
                }
                CcButton { text: qsTr("Close comparison"); onClicked: root.comparing = false }
            }
            RowLayout {
                Layout.fillWidth: true
                Layout.preferredHeight: root.height * 0.42
                Layout.minimumHeight: 220
                spacing: Theme.spacingM
                CcChart {
                    objectName: "compareRpsChart"
                    title: qsTr("Requests/s")
                    scale: "rps"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    series: [{ feed: viewA.chart, metric: "rps", name: "A req/s", color: Theme.seriesColor("Requests/s") },
                             { feed: viewB.chart, metric: "rps", name: "B req/s", color: Theme.seriesColor("Requests/s"), dashed: true }]
                }
                CcChart {
                    objectName: "compareLatencyChart"
                    title: qsTr("Response time p50 / p95 (ms)")
                    scale: "latency"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    series: [{ feed: viewA.chart, metric: "p50", name: "A p50", color: Theme.seriesColor("p50") },
                             { feed: viewA.chart, metric: "p95", name: "A p95", color: Theme.seriesColor("p95") },
                             { feed: viewB.chart, metric: "p50", name: "B p50", color: Theme.seriesColor("p50"), dashed: true },
                             { feed: viewB.chart, metric: "p95", name: "B p95", color: Theme.seriesColor("p95"), dashed: true }]
                }
            }
            Label { text: qsTr("Per name: A, B and the change from A to B (red: B is worse by more than 5 %)"); color: Theme.textMuted; font.pixelSize: Theme.fontSmall }
            CcDataTable {
                objectName: "comparisonTable"
                model: comparison
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredHeight: root.height * 0.35
                Layout.minimumHeight: 150
                columnWidths: ({ 0: 90, 1: 120 })
                defaultWidth: 64
                emptyText: qsTr("Tick two runs and press Compare.")
            }
        }
    }
}
