import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// A titled panel; children go into a column.
Rectangle {
    id: root

    property string title: ""
    property string subtitle: ""
    default property alias content: column.data
    property alias headerItems: headerRow.data

    color: Theme.surface
    border.color: Theme.border
    radius: Theme.radius
    implicitHeight: outer.implicitHeight + 2 * Theme.spacingL
    implicitWidth: outer.implicitWidth + 2 * Theme.spacingL

    ColumnLayout {
        id: outer
        anchors.fill: parent
        anchors.margins: Theme.spacingL
        spacing: Theme.spacingM

        RowLayout {
            Layout.fillWidth: true
            visible: root.title !== ""
            spacing: Theme.spacingM
            Label {
                text: root.title
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
            }
            Label {
                id: subtitleLabel
                text: root.subtitle
                visible: text !== ""
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                Layout.fillWidth: true
                elide: Text.ElideRight
                HoverHandler { id: subtitleHover }
                ToolTip.visible: subtitleHover.hovered && subtitleLabel.truncated
                ToolTip.text: root.subtitle
                ToolTip.delay: 600
            }
            Item { Layout.fillWidth: root.subtitle === "" }
            RowLayout {
                id: headerRow
                spacing: Theme.spacingS
            }
        }
        ColumnLayout {
            id: column
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacingM
        }
    }
}
