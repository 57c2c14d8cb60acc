pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// The form of one step (HTTP request, WS connect, WS send, think, close), bound to its JSON path.
ColumnLayout {
    id: root

    required property ProfileDocument document
    required property string path
    readonly property string kind: (document.structureRevision < 0 ? undefined : document.revision < 0 ? undefined : document.stepKind(path))
    readonly property string body: path + "." + kind

    spacing: Theme.spacingM

    component Choice: RowLayout {
        id: choice
        required property string label
        required property string valuePath
        required property var options
        property string defaultValue: options[0]
        property string objectTag: ""
        spacing: Theme.spacingM
        Layout.fillWidth: true
        Label {
            text: choice.label
            Layout.preferredWidth: Theme.labelWidth
            color: Theme.text
            font.pixelSize: Theme.fontNormal
        }
        ComboBox {
            objectName: "choice:" + choice.valuePath
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.fieldHeight
            font.pixelSize: Theme.fontNormal
            model: choice.options
            currentIndex: {
                if (root.document.revision < 0) return undefined // a dependency: re-evaluate on edits
                const v = root.document.text(choice.valuePath)
                return Math.max(0, choice.options.indexOf(v === "" ? choice.defaultValue : v))
            }
            onActivated: index => root.document.setText(choice.valuePath, choice.options[index])
        }
    }

    component BodyChoice: ColumnLayout {
        id: bodyChoice
        // "template" (a named payload) or "body" (inline text), not both.
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
                id: templateBox
                objectName: "template:" + root.body
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.fieldHeight
                font.pixelSize: Theme.fontNormal
                readonly property var names: root.document.templateNames
                model: [qsTr("(none)"), qsTr("(inline text)")].concat(names)
                currentIndex: {
                    if (root.document.revision < 0) return undefined // a dependency: re-evaluate on edits
                    if (!bodyChoice.usesTemplate)
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
            visible: !bodyChoice.usesTemplate
            document: root.document
            path: root.body + ".body"
            label: qsTr("Inline body")
            placeholder: qsTr("text, placeholders allowed: {{user.index}}")
            Layout.fillWidth: true
        }
    }

    Label {
        text: ({ http: qsTr("HTTP request"), wsConnect: qsTr("WebSocket connect"), wsSend: qsTr("WebSocket send"),
                 think: qsTr("Think time"), close: qsTr("Close WebSocket") })[root.kind] || qsTr("Step")
        font.pixelSize: Theme.fontTitle
        font.bold: true
        color: Theme.text
    }
    CcFieldMessage {
        Layout.fillWidth: true
        text: root.document.revision < 0 ? undefined : root.document.messageFor(root.path) + (root.document.messageFor(root.body) !== "" ? "\n" + root.document.messageFor(root.body) : "")
    }

    // HTTP
    ColumnLayout {
        visible: root.kind === "http"
        Layout.fillWidth: true
        spacing: Theme.spacingM
        Choice {
            label: qsTr("Method")
            valuePath: root.body + ".method"
            options: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
        }
        CcField { document: root.document; path: root.body + ".path"; label: qsTr("Path or URL"); placeholder: "/api/items"; Layout.fillWidth: true }
        CcField { document: root.document; path: root.body + ".name"; label: qsTr("Stats name"); placeholder: qsTr("default: the path"); removeWhenEmpty: true; Layout.fillWidth: true }
        BodyChoice { visible: root.kind === "http" }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingM
            Label { text: qsTr("Expect status"); Layout.preferredWidth: Theme.labelWidth; color: Theme.text; font.pixelSize: Theme.fontNormal }
            TextField {
                id: expectField
                objectName: "expect:" + root.body
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.fieldHeight
                font.pixelSize: Theme.fontNormal
                placeholderText: qsTr("any status below 400; e.g. 200 or 200, 201")
                text: {
                    if (root.document.revision < 0) return undefined // a dependency: re-evaluate on edits
                    const v = root.document.value(root.body + ".expect")
                    return v === undefined ? "" : Array.isArray(v) ? v.join(", ") : String(v)
                }
                onTextEdited: {
                    const parts = text.split(",").map(s => s.trim()).filter(s => s !== "")
                    if (parts.length === 0)
                        root.document.remove(root.body + ".expect")
                    else if (parts.every(s => /^\d+$/.test(s)))
                        root.document.setValue(root.body + ".expect", parts.length === 1 ? Number(parts[0]) : parts.map(Number))
                    else
                        root.document.setText(root.body + ".expect", text)
                }
            }
        }
        CcFieldMessage {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.labelWidth + Theme.spacingM
            text: root.document.revision < 0 ? undefined : root.document.messagesWithin(root.body + ".expect")
        }
        Label { text: qsTr("Request headers"); color: Theme.text; font.pixelSize: Theme.fontNormal }
        CcNameValueList {
            visible: root.kind === "http"
            document: root.document
            path: root.body + ".headers"
            masked: "credentials"
            addText: qsTr("+ Header")
            Layout.fillWidth: true
        }
    }

    // WS connect
    ColumnLayout {
        visible: root.kind === "wsConnect"
        Layout.fillWidth: true
        spacing: Theme.spacingM
        CcField { document: root.document; path: root.body + ".url"; label: qsTr("URL"); placeholder: qsTr("default: the target's broker URL"); removeWhenEmpty: true; Layout.fillWidth: true }
        CcField { document: root.document; path: root.body + ".name"; label: qsTr("Stats name"); placeholder: qsTr("default: connect"); removeWhenEmpty: true; Layout.fillWidth: true }
    }

    // WS send
    ColumnLayout {
        visible: root.kind === "wsSend"
        Layout.fillWidth: true
        spacing: Theme.spacingM
        CcField { document: root.document; path: root.body + ".name"; label: qsTr("Stats name"); placeholder: qsTr("default: the template name"); removeWhenEmpty: true; Layout.fillWidth: true }
        BodyChoice { visible: root.kind === "wsSend" }
        Choice {
            id: awaitChoice
            label: qsTr("Await")
            valuePath: root.body + ".await"
            options: ["none", "next", "match"]
        }
        Label {
            Layout.leftMargin: Theme.labelWidth + Theme.spacingM
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            text: {
                if (root.document.revision < 0) return undefined // a dependency: re-evaluate on edits
                const a = root.document.text(root.body + ".await")
                return a === "match" ? qsTr("Times the round trip until the reply whose JSON field below equals the sent one.")
                     : a === "next" ? qsTr("Times the round trip until the next message arrives.")
                     : qsTr("Fire and forget: counts the send only (a \"WS emit\" row).")
            }
        }
        CcField {
            visible: (root.document.revision < 0 ? undefined : root.document.text(root.body + ".await") === "match")
            document: root.document; path: root.body + ".matchField"; label: qsTr("Match field"); placeholder: "id"; removeWhenEmpty: true; Layout.fillWidth: true
        }
        CcField {
            visible: (root.document.revision < 0 ? undefined : ["next", "match"].indexOf(root.document.text(root.body + ".await")) >= 0)
            document: root.document; path: root.body + ".timeout"; label: qsTr("Timeout"); kind: "duration"; placeholder: qsTr("default: target request timeout"); removeWhenEmpty: true; Layout.fillWidth: true
        }
    }

    // Think
    ColumnLayout {
        visible: root.kind === "think"
        Layout.fillWidth: true
        spacing: Theme.spacingM
        readonly property bool range: (root.document.revision < 0 ? undefined : Array.isArray(root.document.value(root.body)))
        CheckBox {
            objectName: "thinkRange:" + root.body
            text: qsTr("Random time in a range")
            checked: parent.range
            font.pixelSize: Theme.fontNormal
            onToggled: root.document.setValue(root.body, checked ? ["1s", "3s"] : "1s")
        }
        CcField { visible: !parent.range; document: root.document; path: root.body; label: qsTr("Pause"); kind: "duration"; placeholder: "1s"; Layout.fillWidth: true }
        CcField { visible: parent.range; document: root.document; path: root.body + "[0]"; label: qsTr("From"); kind: "duration"; Layout.fillWidth: true }
        CcField { visible: parent.range; document: root.document; path: root.body + "[1]"; label: qsTr("To"); kind: "duration"; Layout.fillWidth: true }
    }

    Label {
        visible: root.kind === "close"
        text: qsTr("Closes the user's WebSocket. A later WS send reconnects first.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontNormal
        wrapMode: Text.Wrap
        Layout.fillWidth: true
    }

    CcField { document: root.document; path: root.path + ".comment"; label: qsTr("Comment"); removeWhenEmpty: true; Layout.fillWidth: true }
}
