import QtQuick
import QtQuick.Controls
import Cicada

// The run state at a glance: Ready / Spawning n/N / Running mm:ss / Stopping / Finished.
Rectangle {
    id: root

    property string state: "ready"
    property string text: ""

    implicitHeight: Theme.pillHeight
    implicitWidth: Math.max(112, label.implicitWidth + 2 * Theme.spacingL + dot.width)
    radius: height / 2
    color: Qt.rgba(Theme.stateColor(root.state).r, Theme.stateColor(root.state).g,
                   Theme.stateColor(root.state).b, 0.22)
    border.color: Theme.stateColor(root.state)

    Rectangle {
        id: dot
        width: 8
        height: 8
        radius: 4
        color: Theme.stateColor(root.state)
        anchors.verticalCenter: parent.verticalCenter
        anchors.left: parent.left
        anchors.leftMargin: Theme.spacingM
    }
    Label {
        id: label
        objectName: "statusPillText"
        anchors.verticalCenter: parent.verticalCenter
        anchors.left: dot.right
        anchors.leftMargin: Theme.spacingS
        text: root.text
        color: Theme.headerText
        font.pixelSize: Theme.fontNormal
        font.bold: true
        font.family: Theme.monoFamily
    }
}
