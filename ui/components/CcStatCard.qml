import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// A key figure of the run: a small caption over a large number.
Rectangle {
    id: root

    property string title: ""
    property string value: ""
    property color valueColor: Theme.text

    implicitHeight: Theme.cardHeight
    implicitWidth: 150
    color: Theme.surface
    border.color: Theme.border
    radius: Theme.radius

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacingM
        spacing: 0
        Label {
            text: root.title
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            Layout.fillWidth: true
            elide: Text.ElideRight
        }
        Label {
            objectName: "cardValue"
            text: root.value
            color: root.valueColor
            font.pixelSize: Theme.fontKpi
            font.bold: true
            Layout.fillWidth: true
            elide: Text.ElideRight
        }
    }
}
