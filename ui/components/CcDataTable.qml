pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// A read-only table over StatsTableModel or FailuresModel: a clickable header (sorts when the
// model can), numbers right-aligned, the Aggregated row highlighted, elided cells with a tooltip.
// stretchColumn takes the width left over. pinAggregated keeps the model's Aggregated row (the last
// one, StatsTableModel::isAggregatedRow) below the scrolling rows, always in view. Scroll bars
// stay visible whenever the content overflows (not only on hover), so no column hides unseen.
Rectangle {
    id: root

    required property var model
    property int stretchColumn: 1
    property bool sortable: model && model.sortBy !== undefined
    property var columnWidths: ({})
    property int defaultWidth: 92
    property string emptyText: ""
    property bool pinAggregated: false
    readonly property alias tableView: table
    readonly property alias pinnedRow: pinned
    // Bumped on every model change, so the pinned row's cells re-read their text.
    property int modelRevision: 0
    // The model's count, not table.rows: that one changes in the middle of a layout.
    // (StatsTableModel has a rowCount property, other models the method.)
    readonly property int modelRowCount: {
        if (modelRevision < 0 || !root.model)
            return 0
        return typeof root.model.rowCount === "number" ? root.model.rowCount : root.model.rowCount()
    }
    readonly property int aggregatedRow: {
        if (!pinAggregated || !root.model || root.model.isAggregatedRow === undefined)
            return -1
        const last = modelRowCount - 1
        return last >= 0 && root.model.isAggregatedRow(last) ? last : -1
    }
    onAggregatedRowChanged: Qt.callLater(table.forceLayout)

    Connections {
        target: root.model
        function onDataChanged() { root.modelRevision++ }
        function onModelReset() { root.modelRevision++ }
        function onLayoutChanged() { root.modelRevision++ }
        function onRowsInserted() { root.modelRevision++ }
        function onRowsRemoved() { root.modelRevision++ }
    }

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
        return Math.max(widthOf(column), table.width - table.rightMargin - others - 2)
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
            Layout.alignment: Qt.AlignTop
            // With a pinned row, the rows end where they end and the row follows them.
            // (preferred = maximum: the filler below, preferred 0, takes only what is left.)
            readonly property real rowsHeight: Math.max(Theme.rowHeight, root.aggregatedRow * Theme.rowHeight + table.bottomMargin + 1)
            Layout.preferredHeight: root.aggregatedRow >= 0 ? rowsHeight : -1
            Layout.maximumHeight: root.aggregatedRow >= 0 ? rowsHeight : Number.POSITIVE_INFINITY
            clip: true
            model: root.model
            boundsBehavior: Flickable.StopAtBounds
            columnWidthProvider: column => root.columnWidth(column)
            // The pinned Aggregated row is drawn below instead (0 hides a row).
            rowHeightProvider: row => row === root.aggregatedRow ? 0 : Theme.rowHeight
            onWidthChanged: forceLayout()
            // Always-on scroll bars take their own room instead of covering the last column/row.
            rightMargin: verticalBar.policy === ScrollBar.AlwaysOn ? verticalBar.width : 0
            bottomMargin: horizontalBar.policy === ScrollBar.AlwaysOn ? horizontalBar.height : 0
            ScrollBar.vertical: ScrollBar {
                id: verticalBar
                objectName: "verticalScrollBar"
                // TableView estimates contentHeight from the rows it loaded, hidden pinned row
                // included; with a pinned row the rows' height is known exactly.
                policy: (root.aggregatedRow >= 0 ? root.aggregatedRow * Theme.rowHeight : table.contentHeight)
                        > table.height - table.bottomMargin + 1 ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded
            }
            ScrollBar.horizontal: ScrollBar {
                id: horizontalBar
                objectName: "horizontalScrollBar"
                policy: table.contentWidth > table.width + 1 ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded
            }

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
                    font.bold: cell.aggregated
                    font.family: cell.numeric ? Theme.monoFamily : Theme.uiFamily
                    color: cell.model.worse === true ? Theme.danger : Theme.text
                    elide: Text.ElideRight
                    verticalAlignment: Text.AlignVCenter
                    horizontalAlignment: cell.numeric ? Text.AlignRight : Text.AlignLeft
                }
                MouseArea {
                    id: cellHover
                    anchors.fill: parent
                    hoverEnabled: cellText.truncated
                    acceptedButtons: Qt.NoButton
                }
                ToolTip.visible: cellText.truncated && cellHover.containsMouse
                ToolTip.text: cell.display
                ToolTip.delay: 400
            }
        }

        // The Aggregated row, pinned under the rows; scrolls sideways with the table. The filler
        // below takes the height the rows leave.
        Rectangle {
            id: pinned
            objectName: "pinnedAggregated"
            visible: root.aggregatedRow >= 0
            Layout.fillWidth: true
            implicitHeight: Theme.rowHeight + 1
            color: Theme.rowAggregated
            clip: true
            Rectangle { width: parent.width; height: 1; color: Theme.borderStrong }
            Row {
                x: -table.contentX + table.leftMargin
                y: 1
                Repeater {
                    model: pinned.visible ? table.columns : 0
                    delegate: Item {
                        id: pinnedCell
                        required property int index
                        readonly property bool numeric: root.model.isNumericColumn !== undefined
                                                        ? root.model.isNumericColumn(index) : index === 0
                        width: root.columnWidth(index)
                        height: Theme.rowHeight
                        Text {
                            objectName: "pinned:" + pinnedCell.index
                            anchors.fill: parent
                            anchors.leftMargin: Theme.spacingM
                            anchors.rightMargin: Theme.spacingM
                            text: root.modelRevision < 0 || root.aggregatedRow < 0 ? ""
                                  : root.model.data(root.model.index(root.aggregatedRow, pinnedCell.index))
                            font.pixelSize: Theme.fontNormal
                            font.bold: true
                            font.family: pinnedCell.numeric ? Theme.monoFamily : Theme.uiFamily
                            color: Theme.text
                            elide: Text.ElideRight
                            verticalAlignment: Text.AlignVCenter
                            horizontalAlignment: pinnedCell.numeric ? Text.AlignRight : Text.AlignLeft
                        }
                    }
                }
            }
        }
        Item {
            visible: pinned.visible
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: 0
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
