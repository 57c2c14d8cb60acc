pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Cicada

// A push button with an optional tooltip (shown also when disabled, to say why) and a "primary"
// (accent) or "danger" look.
Button {
    id: root

    property string tip: ""
    property bool primary: false
    property bool danger: false

    implicitHeight: Theme.fieldHeight
    font.pixelSize: Theme.fontNormal
    hoverEnabled: true

    background: Rectangle {
        radius: Theme.radius
        color: !root.enabled ? Theme.surfaceAlt
             : root.primary ? (root.down ? Theme.accentFillPressed : Theme.accentFill)
             : root.danger ? (root.down ? Theme.dangerFillPressed : Theme.dangerFill)
             : root.down ? Theme.border : (root.hovered ? Theme.surfaceAlt : Theme.surface)
        border.color: root.primary || root.danger ? "transparent" : Theme.borderStrong
        border.width: 1
        opacity: root.enabled ? 1 : 0.7
    }
    contentItem: Text {
        text: root.text
        font: root.font
        color: !root.enabled ? Theme.textMuted
             : (root.primary || root.danger) ? Theme.textOnAccent : Theme.text
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }

    // A disabled Button gets no hover events; this area shows the reason anyway.
    MouseArea {
        id: tipArea
        anchors.fill: parent
        hoverEnabled: true
        acceptedButtons: Qt.NoButton
    }
    ToolTip.visible: root.tip !== "" && tipArea.containsMouse
    ToolTip.text: root.tip
    ToolTip.delay: 400
}
