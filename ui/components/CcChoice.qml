pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// A labelled choice bound to the string at a JSON path, with the path's validation message under
// it. An absent value shows defaultValue; texts (optional) are what people read for each option.
ColumnLayout {
    id: root

    required property ProfileDocument document
    required property string path
    required property var options
    property var texts: options
    property string label: ""
    property string defaultValue: options[0]
    property string tip: ""
    readonly property string current: {
        if (root.document.revision < 0) return undefined // a dependency: re-evaluate on edits
        const v = root.document.text(root.path)
        return v === "" ? root.defaultValue : v
    }

    /** After the document was written. */
    signal chosen(string value)

    spacing: Theme.spacingXs
    Layout.fillWidth: true

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingM
        Label {
            text: root.label
            visible: root.label !== ""
            Layout.preferredWidth: Theme.labelWidth
            color: Theme.text
            font.pixelSize: Theme.fontNormal
            elide: Text.ElideRight
        }
        ComboBox {
            objectName: "choice:" + root.path
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.fieldHeight
            font.pixelSize: Theme.fontNormal
            model: root.texts
            currentIndex: Math.max(0, root.options.indexOf(root.current))
            onActivated: index => {
                root.document.setText(root.path, root.options[index])
                root.chosen(root.options[index])
            }
            ToolTip.visible: root.tip !== "" && hovered
            ToolTip.text: root.tip
            ToolTip.delay: 600
        }
    }
    CcFieldMessage {
        Layout.fillWidth: true
        Layout.leftMargin: root.label !== "" ? Theme.labelWidth + Theme.spacingM : 0
        text: root.document.revision < 0 ? undefined : root.document.messageFor(root.path)
        severity: root.document.revision < 0 ? undefined : root.document.severityFor(root.path)
    }
}
