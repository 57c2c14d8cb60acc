pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// Rows of name = value bound to the profile: an array of {name, value[, domain]} (cookies,
// headers) or, with isMap, an object of name → value (variables). Secret values are masked with
// a reveal toggle; masked: "all" (cookies), "credentials" (Authorization-like headers) or "none".
ColumnLayout {
    id: root

    required property ProfileDocument document
    required property string path
    property bool isMap: false
    property bool withDomain: false
    property string masked: "none"
    property string addText: qsTr("Add")
    property string namePlaceholder: qsTr("name")
    property string valuePlaceholder: qsTr("value")
    property var newItem: ({ name: "", value: "" })

    readonly property var entries: {
        if (root.document.structureRevision < 0) return undefined // a dependency: re-evaluate on edits
        return root.isMap ? root.document.keys(root.path) : Array.from({ length: root.document.count(root.path) }, (_, i) => i)
    }

    function isSecret(name) {
        if (masked === "all")
            return true
        if (masked === "credentials")
            return /^(authorization|proxy-authorization|cookie|x-api-key|x-auth-token|api-key)$/i.test(name)
                   || /token|secret|password|session/i.test(name)
        return false
    }

    spacing: Theme.spacingS

    Repeater {
        model: root.entries
        delegate: ColumnLayout {
            id: entry
            required property var modelData
            required property int index
            readonly property string itemPath: root.isMap ? root.document.child(root.path, String(modelData))
                                                          : root.document.element(root.path, modelData)
            readonly property string nameText: root.isMap ? String(modelData)
                                                          : (root.document.revision < 0 ? undefined : root.document.text(itemPath + ".name"))
            Layout.fillWidth: true
            spacing: 0

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                // Array entries edit their "name" field; map entries rename their key.
                CcField {
                    visible: !root.isMap
                    document: root.document
                    path: entry.itemPath + ".name"
                    placeholder: root.namePlaceholder
                    Layout.preferredWidth: 150
                    Layout.alignment: Qt.AlignTop
                }
                TextField {
                    id: keyField
                    visible: root.isMap
                    objectName: "key:" + entry.itemPath
                    Layout.preferredWidth: 150
                    Layout.preferredHeight: Theme.fieldHeight
                    Layout.alignment: Qt.AlignTop
                    text: String(entry.modelData)
                    font.pixelSize: Theme.fontNormal
                    selectByMouse: true
                    color: Theme.text
                    onEditingFinished: {
                        if (text !== String(entry.modelData) && !root.document.renameKey(root.path, String(entry.modelData), text))
                            text = String(entry.modelData)
                    }
                }
                Label {
                    text: "="
                    color: Theme.textMuted
                    Layout.alignment: Qt.AlignTop
                    Layout.topMargin: 5
                }
                CcField {
                    document: root.document
                    path: root.isMap ? entry.itemPath : entry.itemPath + ".value"
                    placeholder: root.valuePlaceholder
                    secret: root.isSecret(entry.nameText)
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignTop
                }
                CcField {
                    visible: root.withDomain
                    document: root.document
                    path: entry.itemPath + ".domain"
                    placeholder: qsTr("domain (default: target host)")
                    removeWhenEmpty: true
                    Layout.preferredWidth: 130
                    Layout.alignment: Qt.AlignTop
                }
                CcButton {
                    text: "✕"
                    objectName: "remove:" + entry.itemPath
                    Layout.preferredWidth: 30
                    Layout.alignment: Qt.AlignTop
                    tip: qsTr("Remove")
                    onClicked: root.document.remove(entry.itemPath)
                }
            }
        }
    }
    Label {
        visible: root.entries.length === 0
        text: qsTr("None.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
    }
    CcFieldMessage {
        Layout.fillWidth: true
        text: root.document.revision < 0 ? undefined : root.document.messageFor(root.path)
    }
    CcButton {
        text: root.addText
        objectName: "add:" + root.path
        onClicked: {
            if (root.isMap) {
                let name = "name", i = 2
                while (root.document.keys(root.path).indexOf(name) >= 0)
                    name = "name" + i++
                root.document.setValue(root.document.child(root.path, name), "")
            } else {
                root.document.insert(root.path, -1, root.newItem)
            }
        }
    }
}
