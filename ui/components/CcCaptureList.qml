pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// The captures of a step (a map NAME → {source: expression} at a JSON path): per row the variable
// name, where the value comes from and the expression, each with its validation message.
// sources limits the choice (WebSocket messages have no headers or cookies). Removing the last
// row removes the key.
ColumnLayout {
    id: root

    required property ProfileDocument document
    required property string path
    property var sources: root.document.captureSources
    property string addText: qsTr("+ Capture")
    readonly property var names: root.document.structureRevision < 0 ? [] : root.document.keys(root.path)
    readonly property var placeholders: ({ json: "/token", header: "X-Request-Id", regex: "order=(\\d+)", cookie: "sessionid" })

    /** With a title the list has its heading, with the add button at its right end. */
    property string title: ""
    property string hint: ""

    function add() { root.document.addCapture(root.path) }

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
        model: root.names
        delegate: ColumnLayout {
            id: entry
            required property string modelData
            readonly property string itemPath: root.document.child(root.path, modelData)
            readonly property string source: root.document.revision < 0 ? undefined : root.document.captureSource(itemPath)
            Layout.fillWidth: true
            spacing: Theme.spacingXs

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingS
                TextField {
                    objectName: "key:" + entry.itemPath
                    text: entry.modelData
                    Layout.preferredWidth: 96
                    Layout.preferredHeight: Theme.fieldHeight
                    Layout.alignment: Qt.AlignTop
                    font.pixelSize: Theme.fontNormal
                    selectByMouse: true
                    color: Theme.text
                    onEditingFinished: {
                        if (text !== entry.modelData && !root.document.renameKey(root.path, entry.modelData, text))
                            text = entry.modelData
                    }
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Used later as {{capture.%1}}").arg(entry.modelData)
                    ToolTip.delay: 600
                }
                Label {
                    text: "←"
                    color: Theme.textMuted
                    Layout.alignment: Qt.AlignTop
                    Layout.topMargin: 5
                }
                ComboBox {
                    objectName: "source:" + entry.itemPath
                    model: root.sources
                    currentIndex: root.sources.indexOf(entry.source)
                    Layout.preferredWidth: 86
                    Layout.preferredHeight: Theme.fieldHeight
                    Layout.alignment: Qt.AlignTop
                    font.pixelSize: Theme.fontNormal
                    onActivated: index => root.document.setCaptureSource(entry.itemPath, root.sources[index])
                }
                CcField {
                    document: root.document
                    path: entry.itemPath + "." + (entry.source !== "" ? entry.source : "json")
                    kind: "code"
                    placeholder: root.placeholders[entry.source] || ""
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignTop
                }
                CcButton {
                    text: "✕"
                    objectName: "remove:" + entry.itemPath
                    Layout.preferredWidth: 30
                    Layout.alignment: Qt.AlignTop
                    tip: qsTr("Remove")
                    onClicked: root.document.remove(root.names.length === 1 ? root.path : entry.itemPath)
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
        visible: root.title === ""
        text: root.names.length === 0 ? qsTr("None. A capture keeps a value of the reply for later steps as {{capture.NAME}}.")
                                       : qsTr("Use as {{capture.NAME}} in later templates, paths, headers and URLs. A capture that finds nothing fails the step.")
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
