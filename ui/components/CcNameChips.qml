pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// The legend of the per-name charts: one chip per picked name in its line colour, × to drop it
// (rows of the statistics table add names: CcDataTable.picked). Wraps to more lines when the
// names do not fit. feed: a NameSeriesFeed.
Flow {
    id: root

    property NameSeriesFeed feed: null

    spacing: Theme.spacingS

    Repeater {
        model: root.feed ? root.feed.selected : []
        delegate: Rectangle {
            id: chip
            required property string modelData
            readonly property color lineColor: root.feed ? root.feed.colorOf(modelData, Theme.dark) : "transparent"
            objectName: "chip:" + modelData
            height: Theme.pillHeight - 4
            width: chipRow.implicitWidth + 2 * Theme.spacingS + 2
            radius: height / 2
            color: Theme.surfaceAlt
            border.color: Theme.border
            RowLayout {
                id: chipRow
                anchors.centerIn: parent
                spacing: Theme.spacingS
                Rectangle { width: 10; height: 10; radius: 2; color: chip.lineColor }
                Label {
                    text: chip.modelData
                    color: Theme.text
                    font.pixelSize: Theme.fontSmall
                }
                Label {
                    text: "×"
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontNormal
                    MouseArea {
                        anchors.fill: parent
                        anchors.margins: -4
                        cursorShape: Qt.PointingHandCursor
                        onClicked: root.feed.toggle(chip.modelData)
                    }
                }
            }
        }
    }
    Label {
        visible: root.feed !== null && root.feed.selected.length === 0
        height: Theme.pillHeight - 4
        verticalAlignment: Text.AlignVCenter
        text: qsTr("Click rows of the Statistics table to plot them here.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
    }
}
