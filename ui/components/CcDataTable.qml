pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// A read-only table over StatsTableModel or FailuresModel: a clickable header (sorts when the
// model can), numbers right-aligned, the Aggregated row highlighted, elided cells with a tooltip.
// stretchColumn takes the width left over. With pickable, a click on a row with a nameKey (the
// statistics table) emits picked(nameKey), and markerColor(nameKey) ("transparent" = none) draws a stripe
// at the row's start: the colour of its line in the per-name charts.
Rectangle {
    id: root

    required property var model
    property int stretchColumn: 1
    property bool sortable: model && model.sortBy !== undefined
    property var columnWidths: ({})
    property int defaultWidth: 92
    property string emptyText: ""
    property bool pickable: false
    property var markerColor: null
    readonly property alias tableView: table

    signal picked(string nameKey)

    color: Theme.surface
    border.color: Theme.border
    radius: Theme.radius
    clip: true

    function widthOf(column) {
        if (columnWidths[column] !== undefined)
            return columnWidths[column]
        return defaultWidth
    }
    function columnWidth(column) {
        if (column !== stretchColumn)
            return widthOf(column)
        let others = 0
        const n = table.columns
        for (let c = 0; c < n; ++c)
            if (c !== stretchColumn)
                others += widthOf(c)
        return Math.max(widthOf(column), table.width - others - 2)
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 1
        spacing: 0

        HorizontalHeaderView {
            id: header
            syncView: table
            Layout.fillWidth: true
            clip: true
            delegate: Rectangle {
                id: headerCell
                required property int index
                implicitHeight: Theme.rowHeight + 2
                implicitWidth: root.columnWidth(index)
                color: Theme.surfaceAlt
                Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.border }
                readonly property bool numeric: root.model.isNumericColumn !== undefined
                                                ? root.model.isNumericColumn(index) : index === 0
                Text {
                    anchors.fill: parent
                    anchors.leftMargin: Theme.spacingM
                    anchors.rightMargin: Theme.spacingM
                    text: root.model.headerText(headerCell.index)
                          + (root.sortable && root.model.sortColumn === headerCell.index
                             ? (root.model.sortAscending ? " ▲" : " ▼") : "")
                    font.pixelSize: Theme.fontSmall
                    font.bold: true
                    color: Theme.textMuted
                    elide: Text.ElideRight
                    verticalAlignment: Text.AlignVCenter
                    horizontalAlignment: headerCell.numeric ? Text.AlignRight : Text.AlignLeft
                }
                MouseArea {
                    anchors.fill: parent
                    enabled: root.sortable
                    cursorShape: root.sortable ? Qt.PointingHandCursor : Qt.ArrowCursor
                    onClicked: root.model.sortBy(headerCell.index)
                }
            }
        }

        TableView {
            id: table
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: root.model
            boundsBehavior: Flickable.StopAtBounds
            columnWidthProvider: column => root.columnWidth(column)
            onWidthChanged: forceLayout()
            ScrollBar.vertical: ScrollBar {}
            ScrollBar.horizontal: ScrollBar {}

            delegate: Rectangle {
                id: cell
                required property int row
                required property int column
                required property string display
                required property bool numeric
                required property var model
                readonly property bool aggregated: cell.model.aggregated === true
                implicitHeight: Theme.rowHeight
                color: cell.aggregated ? Theme.rowAggregated : (row % 2 ? Theme.rowAlt : Theme.surface)
                Text {
                    id: cellText
                    anchors.fill: parent
                    anchors.leftMargin: Theme.spacingM
                    anchors.rightMargin: Theme.spacingM
                    text: cell.display
                    font.pixelSize: Theme.fontNormal
                    font.family: cell.numeric ? Theme.monoFamily : Theme.uiFamily
                    color: cell.model.worse === true || cell.model.tone === "danger" ? Theme.danger
                           : cell.model.tone === "warning" ? Theme.warning
                           : cell.model.tone === "good" ? Theme.good : Theme.text
                    font.bold: cell.aggregated || (cell.model.tone !== undefined && cell.model.tone !== "")
                    elide: Text.ElideRight
                    verticalAlignment: Text.AlignVCenter
                    horizontalAlignment: cell.numeric ? Text.AlignRight : Text.AlignLeft
                }
                readonly property string nameKey: cell.model.nameKey !== undefined ? cell.model.nameKey : ""
                readonly property color marker: root.pickable && root.markerColor && cell.column === 0 && cell.nameKey !== ""
                                                ? root.markerColor(cell.nameKey) : "transparent"
                Rectangle {
                    visible: cell.marker.a > 0
                    width: 4
                    height: parent.height
                    color: cell.marker
                }
                MouseArea {
                    id: cellHover
                    anchors.fill: parent
                    hoverEnabled: cellText.truncated
                    acceptedButtons: root.pickable && cell.nameKey !== "" ? Qt.LeftButton : Qt.NoButton
                    cursorShape: root.pickable && cell.nameKey !== "" ? Qt.PointingHandCursor : Qt.ArrowCursor
                    onClicked: root.picked(cell.nameKey)
                }
                ToolTip.visible: cellText.truncated && cellHover.containsMouse
                ToolTip.text: cell.display
                ToolTip.delay: 400
            }
        }
    }

    Label {
        anchors.centerIn: parent
        visible: table.rows === 0 && root.emptyText !== ""
        text: root.emptyText
        color: Theme.textMuted
        font.pixelSize: Theme.fontNormal
    }
}
