pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// A payload template: name, kind (JSON or text), the body with placeholders, and the body as a
// sample user would send it, rendered as you type, with the validation messages beside it.
ColumnLayout {
    id: root

    required property ProfileDocument document
    required property string name
    readonly property string path: document.child("$.templates", name)
    readonly property var preview: (document.revision < 0 ? undefined : document.previewTemplate(name))
    readonly property string messages: (document.revision < 0 ? undefined : document.messagesWithin(path))

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
            model: ["json", "text"]
            Layout.preferredWidth: 90
            Layout.preferredHeight: Theme.fieldHeight
            font.pixelSize: Theme.fontNormal
            currentIndex: (root.document.revision < 0 ? undefined : root.document.templateKind(root.name) === "text" ? 1 : 0)
            onActivated: index => root.document.setTemplateBody(root.name, model[index], bodyArea.text)
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
            Label { text: qsTr("Body — placeholders: {{uuid}}, {{user.index}}, {{user.seq}}, {{var.NAME}}, {{env.NAME}}, {{timestamp.iso}}, {{randomInt(1,9)}}"); color: Theme.textMuted; font.pixelSize: Theme.fontSmall; Layout.fillWidth: true; wrapMode: Text.Wrap }
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
                            root.document.setTemplateBody(root.name, kindBox.currentText, text)
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
            Label { text: qsTr("Preview — as user 0 sends its message 1"); color: Theme.textMuted; font.pixelSize: Theme.fontSmall; Layout.fillWidth: true; elide: Text.ElideRight }
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
