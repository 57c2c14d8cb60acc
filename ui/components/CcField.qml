pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// A labelled text field bound to a JSON path of a ProfileDocument, with the validation message
// for that path right under it (updated as you type). kind: "text", "number", "duration", "code"
// (a JSON pointer, regex, header name: monospace text) or "loose" (any JSON value: 42, true, "s";
// other text is a string).
// secret: the value is masked, with a reveal toggle.
ColumnLayout {
    id: root

    required property ProfileDocument document
    required property string path
    property string label: ""
    property string kind: "text"
    property string placeholder: ""
    property bool secret: false
    property bool removeWhenEmpty: false
    property bool revealed: false
    property int labelWidth: Theme.labelWidth
    property string tip: ""
    readonly property alias field: input
    readonly property string message: root.document.revision < 0 ? undefined : root.document.messageFor(root.path)
    readonly property string severity: root.document.revision < 0 ? undefined : root.document.severityFor(root.path)

    spacing: Theme.spacingXs

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingM

        Label {
            text: root.label
            visible: root.label !== ""
            Layout.preferredWidth: root.labelWidth
            color: Theme.text
            font.pixelSize: Theme.fontNormal
            elide: Text.ElideRight
        }
        TextField {
            id: input
            objectName: "field:" + root.path
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.fieldHeight
            font.pixelSize: Theme.fontNormal
            font.family: root.kind === "text" && !root.secret ? Theme.uiFamily : Theme.monoFamily
            placeholderText: root.placeholder
            selectByMouse: true
            echoMode: root.secret && !root.revealed ? TextInput.Password : TextInput.Normal
            text: root.document.revision < 0 ? undefined
                : root.kind === "loose" ? root.document.looseText(root.path) : root.document.text(root.path)
            color: Theme.text
            placeholderTextColor: Theme.textMuted
            background: Rectangle {
                radius: Theme.radius
                color: Theme.surface
                border.width: input.activeFocus ? 2 : 1
                border.color: root.severity === "error" ? Theme.danger
                            : root.severity === "warning" ? Theme.warning
                            : input.activeFocus ? Theme.accent : Theme.borderStrong
            }
            // Long values show their beginning until the field is edited.
            onTextChanged: if (!activeFocus) cursorPosition = 0
            onTextEdited: {
                if (root.kind === "number")
                    root.document.setNumber(root.path, text)
                else if (root.kind === "loose")
                    root.document.setLoose(root.path, text)
                else
                    root.document.setText(root.path, text, root.removeWhenEmpty)
            }
            ToolTip.visible: root.tip !== "" && hovered
            ToolTip.text: root.tip
            ToolTip.delay: 600
        }
        CcButton {
            visible: root.secret
            text: root.revealed ? qsTr("Hide") : qsTr("Show")
            objectName: "reveal:" + root.path
            Layout.preferredWidth: 52
            tip: root.revealed ? qsTr("Mask the value") : qsTr("Reveal the value")
            onClicked: root.revealed = !root.revealed
        }
    }
    CcFieldMessage {
        objectName: "message:" + root.path
        Layout.fillWidth: true
        Layout.leftMargin: root.label !== "" ? root.labelWidth + Theme.spacingM : 0
        text: root.message
        severity: root.severity
    }
}
