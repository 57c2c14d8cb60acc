pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// An editable list of conditions at a JSON path (checks, multi-reply `until`, a wsAwait's
// `match`): per row a JSON pointer (empty: the whole text), a test and, for equals / contains /
// regex, the value; each with its validation message. Removing the last row removes the key.
ColumnLayout {
    id: root

    required property ProfileDocument document
    required property string path
    property var newItem: ({ json: "/status", equals: "ok" })
    property string addText: qsTr("+ Condition")
    property string emptyText: root.title === "" ? qsTr("None.") : ""
    readonly property int count: root.document.structureRevision < 0 ? 0 : root.document.count(root.path)
    readonly property var ops: root.document.conditionOps
    readonly property var opTexts: [qsTr("equals"), qsTr("contains"), qsTr("exists"), qsTr("not exists"), qsTr("regex")]

    /** With a title the list has its heading, with the add button at its right end. */
    property string title: ""
    property string hint: ""

    function add() { root.document.insert(root.path, -1, root.newItem) }

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
        delegate: ColumnLayout {
            id: entry
            required property int index
            readonly property string itemPath: root.document.element(root.path, index)
            readonly property string op: root.document.revision < 0 ? undefined : root.document.conditionOp(itemPath)
            readonly property bool hasOperand: ["equals", "contains", "regex"].indexOf(op) >= 0
            Layout.fillWidth: true
            spacing: Theme.spacingXs

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingS
                CcField {
                    document: root.document
                    path: entry.itemPath + ".json"
                    kind: "code"
                    placeholder: qsTr("/pointer")
                    removeWhenEmpty: true
                    tip: qsTr("A JSON pointer such as /status or /meta/id; empty: the whole text (contains and regex only)")
                    Layout.preferredWidth: 116
                    Layout.fillWidth: false // a layout itself: it would fill by default
                    Layout.alignment: Qt.AlignTop
                }
                ComboBox {
                    objectName: "op:" + entry.itemPath
                    model: root.opTexts
                    currentIndex: root.ops.indexOf(entry.op)
                    Layout.preferredWidth: 104
                    Layout.preferredHeight: Theme.fieldHeight
                    Layout.alignment: Qt.AlignTop
                    font.pixelSize: Theme.fontNormal
                    onActivated: index => root.document.setConditionOp(entry.itemPath, root.ops[index])
                }
                CcField {
                    visible: entry.hasOperand
                    document: root.document
                    path: entry.itemPath + "." + (entry.hasOperand ? entry.op : "equals")
                    kind: entry.op === "equals" ? "loose" : "code"
                    placeholder: entry.op === "equals" ? qsTr("ok, 42, true, \"42\"") : entry.op === "regex" ? "^[0-9]+$" : qsTr("text")
                    tip: entry.op === "equals" ? qsTr("A JSON value: 42, true and null are JSON, other text is a string; quote a string that looks like a number") : ""
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignTop
                }
                Item { visible: !entry.hasOperand; Layout.fillWidth: true }
                CcButton {
                    text: "✕"
                    objectName: "remove:" + entry.itemPath
                    Layout.preferredWidth: 30
                    Layout.alignment: Qt.AlignTop
                    tip: qsTr("Remove")
                    onClicked: root.document.remove(root.count === 1 ? root.path : entry.itemPath)
                }
            }
            CcFieldMessage {
                objectName: "message:" + entry.itemPath
                Layout.fillWidth: true
                text: root.document.revision < 0 ? undefined : root.document.messageFor(entry.itemPath)
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
        text: root.document.revision < 0 ? undefined : root.document.messageFor(root.path)
    }
    CcButton {
        text: root.addText
        visible: root.title === ""
        objectName: root.title === "" ? "add:" + root.path : ""
        onClicked: root.add()
    }
}
