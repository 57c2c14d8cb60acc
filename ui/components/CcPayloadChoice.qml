pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// What a step sends: a named payload template ("template") or inline text ("body"), not both.
// body is the path of the step's kind object, e.g. $.userTypes[0].tasks[0].steps[0].wsSend.
ColumnLayout {
    id: root

    required property ProfileDocument document
    required property string body
    property string inlinePlaceholder: qsTr("text, placeholders allowed: {{user.index}}")
    readonly property bool usesTemplate: (root.document.revision < 0 ? undefined : root.document.value(root.body + ".body") === undefined)

    Layout.fillWidth: true
    spacing: Theme.spacingS

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingM
        Label {
            text: qsTr("Payload")
            Layout.preferredWidth: Theme.labelWidth
            color: Theme.text
            font.pixelSize: Theme.fontNormal
        }
        ComboBox {
            objectName: "template:" + root.body
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.fieldHeight
            font.pixelSize: Theme.fontNormal
            readonly property var names: root.document.templateNames
            model: [qsTr("(none)"), qsTr("(inline text)")].concat(names)
            currentIndex: {
                if (root.document.revision < 0) return undefined // a dependency: re-evaluate on edits
                if (!root.usesTemplate)
                    return 1
                const t = root.document.text(root.body + ".template")
                return t === "" ? 0 : names.indexOf(t) + 2
            }
            onActivated: index => {
                if (index === 0) {
                    root.document.remove(root.body + ".template")
                    root.document.remove(root.body + ".body")
                } else if (index === 1) {
                    root.document.remove(root.body + ".template")
                    root.document.setValue(root.body + ".body", "")
                } else {
                    root.document.remove(root.body + ".body")
                    root.document.setText(root.body + ".template", names[index - 2])
                }
            }
        }
    }
    CcFieldMessage {
        Layout.fillWidth: true
        Layout.leftMargin: Theme.labelWidth + Theme.spacingM
        text: root.document.revision < 0 ? undefined : root.document.messageFor(root.body + ".template")
    }
    CcField {
        visible: !root.usesTemplate
        document: root.document
        path: root.body + ".body"
        label: qsTr("Inline body")
        placeholder: root.inlinePlaceholder
        Layout.fillWidth: true
    }
}
