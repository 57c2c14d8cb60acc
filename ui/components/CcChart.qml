pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import QtCharts
import Cicada

// A line chart fed by one or more ChartFeeds. series: [{feed, metric, name, color?, dashed?}].
// scale picks the y range: "rps" (requests and failures per second), "latency" (ms) or "users".
// The toggles above the plot show and hide series; hovering shows the values at that second.
Rectangle {
    id: root

    property string title: ""
    property var series: []
    property string scale: "rps"
    property string unit: ""
    property string emptyText: qsTr("Start a run to see live data here.")
    readonly property int pointCount: {
        let n = 0
        for (const s of lineSeries)
            n = Math.max(n, s.count)
        return n
    }
    property var lineSeries: []
    readonly property alias xAxis: axisX
    readonly property alias yAxis: axisY

    color: Theme.surface
    border.color: Theme.border
    radius: Theme.radius
    implicitHeight: Theme.chartMinHeight

    function feeds() {
        const list = []
        for (const s of series) {
            if (s.feed && list.indexOf(s.feed) < 0)
                list.push(s.feed)
        }
        return list
    }
    // The y axis has tickIntervals() intervals of a round size (1, 2 or 5 × 10^k).
    function tickIntervals() { return root.height < 170 ? 2 : 4 }
    function yMax() {
        let max = 0
        for (const f of feeds()) {
            const v = scale === "latency" ? f.latencyMaxMs : scale === "users" ? f.usersMax : f.rpsMax
            max = Math.max(max, v)
        }
        const n = tickIntervals()
        // No data yet: 0..n in whole numbers, not n ticks that all read "0.00".
        const raw = (max > 0 ? Math.max(max, scale === "users" ? n : 0.001) : n) / n
        const magnitude = Math.pow(10, Math.floor(Math.log10(raw)))
        let step = 10 * magnitude
        for (const m of [1, 2, 5, 10]) {
            if (raw <= m * magnitude * 1.0000001) { step = m * magnitude; break }
        }
        return step * n
    }
    function xMin() {
        let min = Number.MAX_VALUE
        for (const f of feeds())
            min = Math.min(min, f.xMin)
        return min === Number.MAX_VALUE ? 0 : min
    }
    function xMax() {
        // Each feed sets its own width (a run's at least a minute, a plan its length).
        let max = 0
        for (const f of feeds())
            max = Math.max(max, f.xMax)
        return max > 0 ? max : 60
    }
    function refresh() {
        for (let i = 0; i < lineSeries.length && i < series.length; ++i)
            series[i].feed.fill(lineSeries[i], series[i].metric)
        axisX.min = xMin()
        axisX.max = xMax()
        axisY.max = yMax()
        root.lineSeriesChanged()
    }
    function rebuild() {
        chart.removeAllSeries()
        const created = []
        for (const s of series) {
            const ls = chart.createSeries(ChartView.SeriesTypeLine, s.name, axisX, axisY)
            ls.color = s.color !== undefined ? s.color : Theme.seriesColor(s.name)
            ls.width = 2
            if (s.dashed)
                ls.style = Qt.DashLine
            ls.hovered.connect((point, state) => {
                hoverLabel.visible = state
                if (state) {
                    const v = s.feed.valuesAt(point.x)
                    hoverLabel.text = hoverText(v)
                }
            })
            created.push(ls)
        }
        lineSeries = created
        refresh()
    }
    function hoverText(v) {
        if (v.seconds === undefined)
            return ""
        const t = Format.formatClock(v.seconds * 1000)
        if (scale === "latency")
            return t + "  p50 " + Format.formatDecimal(v.p50, 1) + " · p95 " + Format.formatDecimal(v.p95, 1)
                   + " · p99 " + Format.formatDecimal(v.p99, 1) + " ms"
        if (scale === "users") {
            // Actual (users, or iterations/s in the open model) next to the plan.
            const parts = []
            if (v.rate !== undefined)
                parts.push(Format.formatDecimal(v.rate, 1) + " it/s")
            else if (v.users !== undefined)
                parts.push(Format.formatInteger(v.users) + " " + (unit !== "" ? unit : "users"))
            if (v.planned !== undefined)
                parts.push(qsTr("planned %1").arg(Format.formatDecimal(v.planned, v.planned < 100 ? 1 : 0)))
            return t + "  " + parts.join(" · ")
        }
        return t + "  " + Format.formatDecimal(v.rps, 1) + " req/s · " + Format.formatDecimal(v.failures, 1) + " fail/s"
    }

    FileDialog {
        id: pngDialog
        title: qsTr("Save chart as PNG")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "png"
        nameFilters: [qsTr("PNG images (*.png)")]
        onAccepted: {
            const file = selectedFile
            chart.grabToImage(result => result.saveToFile(file))
        }
    }

    onSeriesChanged: rebuild()
    Component.onCompleted: rebuild()

    Connections {
        target: root.feeds().length > 0 ? root.feeds()[0] : null
        function onUpdated() { root.refresh() }
    }
    Connections {
        target: root.feeds().length > 1 ? root.feeds()[1] : null
        function onUpdated() { root.refresh() }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacingS
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spacingS
            Layout.rightMargin: Theme.spacingS
            spacing: Theme.spacingM
            Label {
                text: root.title
                font.pixelSize: Theme.fontNormal
                font.bold: true
                color: Theme.text
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            CcButton {
                text: qsTr("PNG")
                implicitHeight: 20
                font.pixelSize: Theme.fontSmall
                tip: qsTr("Save this chart as a PNG image")
                onClicked: pngDialog.open()
            }
            Repeater {
                model: root.lineSeries.length
                delegate: CheckBox {
                    id: toggle
                    required property int index
                    readonly property var lineSeries: root.lineSeries[index]
                    checked: true
                    padding: 0
                    font.pixelSize: Theme.fontSmall
                    onToggled: lineSeries.visible = checked
                    indicator: Rectangle {
                        implicitWidth: 12
                        implicitHeight: 12
                        x: toggle.leftPadding
                        anchors.verticalCenter: parent.verticalCenter
                        radius: 2
                        // lineSeries is briefly null while the series are rebuilt.
                        color: toggle.checked && toggle.lineSeries ? toggle.lineSeries.color : "transparent"
                        border.color: toggle.lineSeries ? toggle.lineSeries.color : "transparent"
                        border.width: 2
                    }
                    contentItem: Text {
                        text: toggle.lineSeries ? toggle.lineSeries.name : ""
                        leftPadding: 16
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                        verticalAlignment: Text.AlignVCenter
                    }
                }
            }
        }

        ChartView {
            id: chart
            Layout.fillWidth: true
            Layout.fillHeight: true
            antialiasing: true
            legend.visible: false
            backgroundColor: Theme.chartBackground
            plotAreaColor: Theme.chartBackground
            backgroundRoundness: 0
            margins.top: 4
            margins.bottom: 2
            margins.left: 2
            margins.right: 8

            ValueAxis {
                id: axisX
                min: 0
                max: 60
                labelFormat: "%d s"
                tickType: ValueAxis.TicksDynamic
                // A round step in seconds that leaves each label about 48 px (narrow charts elided
                // "1…" "2…" with a fixed step).
                tickInterval: {
                    const range = axisX.max - axisX.min
                    const maxTicks = Math.max(2, Math.floor(chart.plotArea.width / 48))
                    for (const step of [5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600]) {
                        if (range / step <= maxTicks)
                            return step
                    }
                    return 7200
                }
                tickAnchor: 0
                labelsColor: Theme.chartLabel
                gridLineColor: Theme.chartGrid
                lineVisible: false
                labelsFont.pixelSize: Theme.fontSmall
            }
            ValueAxis {
                id: axisY
                min: 0
                max: 1
                tickCount: root.tickIntervals() + 1
                // As many decimals as the tick step needs, so that no two labels read the same.
                labelFormat: {
                    const step = axisY.max / root.tickIntervals()
                    const decimals = step >= 1 ? 0 : Math.min(4, Math.ceil(-Math.log10(step) - 1e-9))
                    return decimals === 0 ? "%d" : "%." + decimals + "f"
                }
                labelsColor: Theme.chartLabel
                gridLineColor: Theme.chartGrid
                lineVisible: false
                labelsFont.pixelSize: Theme.fontSmall
                titleText: root.unit
                titleFont.pixelSize: Theme.fontSmall
                titleBrush: Theme.chartLabel
            }

            Label {
                anchors.centerIn: parent
                visible: root.pointCount === 0
                text: root.emptyText
                color: Theme.textMuted
                font.pixelSize: Theme.fontNormal
            }
            Rectangle {
                visible: hoverLabel.visible
                x: chart.plotArea.x + 6
                y: chart.plotArea.y + 4
                width: hoverLabel.implicitWidth + 12
                height: hoverLabel.implicitHeight + 6
                color: Theme.surface
                border.color: Theme.border
                radius: Theme.radius
                Label {
                    id: hoverLabel
                    visible: false
                    anchors.centerIn: parent
                    color: Theme.text
                    font.pixelSize: Theme.fontSmall
                }
            }
        }
    }
}
