import QtQuick
import QtQuick.Controls
import Cicada

// An entry of the side navigation.
ItemDelegate {
    id: root

    property bool current: false
    property string hint: ""

    implicitHeight: 36
    font.pixelSize: Theme.fontNormal
    highlighted: current
    background: Rectangle {
        color: root.current ? Theme.navSelected : (root.hovered ? Qt.rgba(0, 0, 0, 0.05) : "transparent")
        Rectangle {
            width: 3
            height: parent.height
            color: Theme.accent
            visible: root.current
        }
    }
    contentItem: Text {
        text: root.text
        font.pixelSize: Theme.fontNormal
        font.bold: root.current
        color: Theme.text
        verticalAlignment: Text.AlignVCenter
        leftPadding: Theme.spacingS
        elide: Text.ElideRight
    }
    ToolTip.visible: root.hint !== "" && hovered
    ToolTip.text: root.hint
    ToolTip.delay: 500
}
