pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Cicada

// A check box whose box is visible in both themes: a 3:1 outline (Theme.controlBorder) and, when
// checked, white on the accent fill (Fusion draws the box from the window colour, which nearly
// vanishes on the dark theme).
CheckBox {
    id: root

    font.pixelSize: Theme.fontNormal
    indicator: Rectangle {
        implicitWidth: 16
        implicitHeight: 16
        x: root.text === "" ? (root.width - width) / 2 : root.leftPadding
        y: (root.height - height) / 2
        radius: 3
        color: root.checked ? (root.down ? Theme.accentFillPressed : Theme.accentFill) : Theme.surface
        border.width: root.visualFocus ? 2 : 1
        border.color: root.checked ? Theme.accentFill : (root.visualFocus ? Theme.accent : Theme.controlBorder)
        opacity: root.enabled ? 1 : 0.5
        Text {
            anchors.centerIn: parent
            visible: root.checked
            text: "✓"
            color: Theme.textOnAccent
            font.pixelSize: 13
            font.bold: true
        }
    }
    contentItem: Text {
        text: root.text
        font: root.font
        color: root.enabled ? Theme.text : Theme.textMuted
        verticalAlignment: Text.AlignVCenter
        leftPadding: root.indicator.width + root.spacing
        elide: Text.ElideRight
        visible: root.text !== ""
    }
}
