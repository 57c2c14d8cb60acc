pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Cicada

// A radio button whose circle is visible in both themes (a 3:1 outline, Theme.controlBorder; the
// accent fill when checked), like CcCheckBox.
RadioButton {
    id: root

    font.pixelSize: Theme.fontNormal
    indicator: Rectangle {
        implicitWidth: 16
        implicitHeight: 16
        x: root.leftPadding
        y: (root.height - height) / 2
        radius: width / 2
        color: Theme.surface
        border.width: root.visualFocus ? 2 : 1
        border.color: root.checked ? Theme.accentFill : (root.visualFocus ? Theme.accent : Theme.controlBorder)
        opacity: root.enabled ? 1 : 0.5
        Rectangle {
            anchors.centerIn: parent
            width: 8
            height: 8
            radius: 4
            visible: root.checked
            color: Theme.accentFill
        }
    }
    contentItem: Text {
        text: root.text
        font: root.font
        color: root.enabled ? Theme.text : Theme.textMuted
        verticalAlignment: Text.AlignVCenter
        leftPadding: root.indicator.width + root.spacing
        elide: Text.ElideRight
    }
}
