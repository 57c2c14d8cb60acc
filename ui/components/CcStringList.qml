pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// An editable list of strings at a JSON path (JSON pointers to match on, subprotocols): one field
// per entry with its validation message, remove buttons and an add button. A single string where
// the format allows one ("match": "/id") shows as a list of one; adding a second makes it a list.
// Removing the last entry removes the key, so the step's default applies again (emptyText says
// which).
ColumnLayout {
    id: root

    required property ProfileDocument document
    required property string path
    property string placeholder: ""
    property string newValue: ""
    property string addText: qsTr("+ Add")
    property string emptyText: root.title === "" ? qsTr("None.") : ""
    property string kind: "code"
    readonly property bool single: (root.document.revision < 0 ? undefined : typeof root.document.value(root.path) === "string")
    readonly property int count: root.document.revision < 0 ? 0 : root.single ? 1 : root.document.count(root.path)

    /** With a title the list has its heading, with the add button at its right end. */
    property string title: ""
    property string hint: ""

    function add() {
        if (root.single)
            root.document.setValue(root.path, [root.document.text(root.path), root.newValue])
        else
            root.document.insert(root.path, -1, root.newValue)
    }

    spacing: Theme.spacingS
    Layout.fillWidth: true

    CcFormHeading {
        visible: root.title !== ""
        text: root.title
        hint: root.hint
        CcButton {
            text: root.addText
            objectName: root.title !== "" ? "add:" + root.path : ""
            onClicked: root.add()
        }
    }
    Repeater {
        model: root.count
        delegate: RowLayout {
            id: entry
            required property int index
            readonly property string itemPath: root.single ? root.path : root.document.element(root.path, index)
            Layout.fillWidth: true
            spacing: Theme.spacingS
            CcField {
                document: root.document
                path: entry.itemPath
                kind: root.kind
                placeholder: root.placeholder
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
            }
            CcButton {
                text: "✕"
                objectName: "remove:" + entry.itemPath
                Layout.preferredWidth: 30
                Layout.alignment: Qt.AlignTop
                tip: qsTr("Remove")
                onClicked: root.document.remove(root.count === 1 ? root.path : entry.itemPath)
            }
        }
    }
    Label {
        visible: root.count === 0 && root.emptyText !== ""
        text: root.emptyText
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.Wrap
        Layout.fillWidth: true
    }
    CcFieldMessage {
        Layout.fillWidth: true
        // A single string's messages show under its own field.
        text: root.document.revision < 0 || root.single ? "" : root.document.messageFor(root.path)
    }
    CcButton {
        text: root.addText
        visible: root.title === ""
        objectName: root.title === "" ? "add:" + root.path : ""
        onClicked: root.add()
    }
}
