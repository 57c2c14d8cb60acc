import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// A heading inside a form, with an optional one-paragraph hint under it; children (e.g. an add
// button) sit at the right end of the heading's line.
ColumnLayout {
    id: root

    property string text: ""
    property string hint: ""
    default property alias actions: actionRow.data

    spacing: Theme.spacingXs
    Layout.fillWidth: true
    Layout.topMargin: Theme.spacingM

    Rectangle { Layout.fillWidth: true; implicitHeight: 1; color: Theme.border }
    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS
        Label {
            text: root.text
            font.pixelSize: Theme.fontNormal
            font.bold: true
            color: Theme.text
            Layout.fillWidth: true
            elide: Text.ElideRight
        }
        RowLayout {
            id: actionRow
            spacing: Theme.spacingS
        }
    }
    Label {
        visible: root.hint !== ""
        text: root.hint
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.Wrap
        Layout.fillWidth: true
    }
}
