pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// A payload template: name, kind (JSON, text, or a binary frame as base64 / hex), the body, and
// the body as a sample user would send it (a hex dump for binary ones), rendered as you type,
// with the validation messages beside it.
ColumnLayout {
    id: root

    required property ProfileDocument document
    required property string name
    readonly property string path: document.child("$.templates", name)
    readonly property var preview: (document.revision < 0 ? undefined : document.previewTemplate(name))
    readonly property string messages: (document.revision < 0 ? undefined : document.messagesWithin(path))
    readonly property string kind: (document.revision < 0 ? undefined : document.templateKind(name))
    readonly property bool binary: kind === "base64" || kind === "hex"

    signal renamed(string newName)

    spacing: Theme.spacingM

    Label {
        text: qsTr("Template")
        font.pixelSize: Theme.fontTitle
        font.bold: true
        color: Theme.text
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingM
        Label { text: qsTr("Name"); Layout.preferredWidth: Theme.labelWidth; color: Theme.text; font.pixelSize: Theme.fontNormal }
        TextField {
            id: nameField
            objectName: "templateName"
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.fieldHeight
            font.pixelSize: Theme.fontNormal
            text: root.name
            selectByMouse: true
            onEditingFinished: {
                if (text === root.name)
                    return
                if (root.document.renameKey("$.templates", root.name, text))
                    root.renamed(text)
                else
                    text = root.name
            }
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Steps that use this template follow a rename.")
            ToolTip.delay: 600
        }
        ComboBox {
            id: kindBox
            objectName: "templateKind"
            model: root.document.templateKinds
            Layout.preferredWidth: 96
            Layout.preferredHeight: Theme.fieldHeight
            font.pixelSize: Theme.fontNormal
            currentIndex: Math.max(0, model.indexOf(root.kind))
            onActivated: index => {
                // Converts the bytes where it can (text → base64), so the body is reloaded.
                root.document.setTemplateKind(root.name, model[index])
                bodyArea.text = Qt.binding(() => root.document.templateBody(root.name))
            }
            ToolTip.visible: hovered
            ToolTip.text: qsTr("json or text: a text frame with placeholders. base64 or hex: a binary frame, sent as written.")
            ToolTip.delay: 600
        }
    }
    CcField {
        document: root.document
        path: root.path + ".comment"
        label: qsTr("Comment")
        removeWhenEmpty: true
        Layout.fillWidth: true
    }
    GridLayout {
        Layout.fillWidth: true
        Layout.fillHeight: true
        columns: width > 620 ? 2 : 1
        columnSpacing: Theme.spacingM
        rowSpacing: Theme.spacingM

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            spacing: Theme.spacingXs
            Label {
                objectName: "templateBodyHint"
                text: root.kind === "base64" ? qsTr("Body — the bytes of one binary frame, in base64 (e.g. AAEC/w==)")
                    : root.kind === "hex" ? qsTr("Body — the bytes of one binary frame, as hex digits (e.g. 0001ff)")
                    : qsTr("Body — placeholders: {{uuid}}, {{user.index}}, {{user.seq}}, {{var.NAME}}, {{env.NAME}}, {{capture.NAME}}, {{feed.NAME.column}}, {{timestamp.iso}}, {{randomInt(1,9)}}")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                Layout.fillWidth: true
                wrapMode: Text.Wrap
            }
            ScrollView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumHeight: 130
                TextArea {
                    id: bodyArea
                    objectName: "templateBody"
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.fontNormal
                    selectByMouse: true
                    wrapMode: TextEdit.Wrap
                    color: Theme.text
                    text: root.document.templateBody(root.name)
                    onTextChanged: {
                        if (activeFocus || text !== root.document.templateBody(root.name))
                            root.document.setTemplateBody(root.name, root.kind, text)
                    }
                    background: Rectangle {
                        color: Theme.surface
                        border.color: root.messages !== "" ? Theme.danger : (bodyArea.activeFocus ? Theme.accent : Theme.borderStrong)
                        border.width: bodyArea.activeFocus ? 2 : 1
                        radius: Theme.radius
                    }
                }
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            spacing: Theme.spacingXs
            Label { text: root.binary ? qsTr("Preview — the bytes sent") : qsTr("Preview — as user 0 sends its message 1"); color: Theme.textMuted; font.pixelSize: Theme.fontSmall; Layout.fillWidth: true; elide: Text.ElideRight }
            ScrollView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumHeight: 130
                TextArea {
                    objectName: "templatePreview"
                    readOnly: true
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.fontNormal
                    wrapMode: TextEdit.Wrap
                    color: root.preview.ok ? Theme.text : Theme.textMuted
                    text: root.preview.text !== "" ? root.preview.text : qsTr("(no preview: fix the errors below)")
                    background: Rectangle {
                        color: Theme.surfaceAlt
                        border.color: Theme.border
                        radius: Theme.radius
                    }
                }
            }
        }
    }
    CcFieldMessage {
        objectName: "templateMessages"
        Layout.fillWidth: true
        text: root.messages
    }
}
