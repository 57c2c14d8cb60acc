import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// The form of one step, bound to its JSON path: a title, the step's own validation messages,
// the form of its kind (one Cc<Kind>StepForm per step kind) and its comment.
// No `pragma ComponentBehavior: Bound` here: Qt 6.4 then refuses to let the Loader below
// instantiate the kind forms ("Cannot instantiate bound component outside its creation context").
ColumnLayout {
    id: root

    required property ProfileDocument document
    required property string path
    readonly property string kind: (document.structureRevision < 0 ? undefined : document.revision < 0 ? undefined : document.stepKind(path))
    readonly property string body: path + "." + kind

    /** A form asked to edit the step at @p path instead (e.g. an onConnect step). */
    signal selectRequested(string path)

    spacing: Theme.spacingM

    Label {
        text: root.kind !== "" ? root.document.stepTitle(root.kind) : qsTr("Step")
        font.pixelSize: Theme.fontTitle
        font.bold: true
        color: Theme.text
    }
    CcFieldMessage {
        Layout.fillWidth: true
        text: root.document.revision < 0 ? undefined : [root.document.messageFor(root.path), root.document.messageFor(root.body)].filter(m => m !== "").join("\n")
    }

    Component { id: httpForm; CcHttpStepForm { document: root.document; body: root.body } }
    Component {
        id: wsConnectForm
        CcWsConnectStepForm {
            document: root.document
            body: root.body
            onSelectRequested: path => root.selectRequested(path)
        }
    }
    Component { id: wsSendForm; CcWsSendStepForm { document: root.document; body: root.body } }
    Component { id: wsAwaitForm; CcWsAwaitStepForm { document: root.document; body: root.body } }
    Component { id: thinkForm; CcThinkStepForm { document: root.document; body: root.body } }
    Component {
        id: closeForm
        Label {
            text: qsTr("Closes the user's WebSocket. It stays closed (no reconnects) until the next WS connect step.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontNormal
            wrapMode: Text.Wrap
        }
    }
    Loader {
        objectName: "kindForm"
        Layout.fillWidth: true
        sourceComponent: ({ http: httpForm, wsConnect: wsConnectForm, wsSend: wsSendForm, wsAwait: wsAwaitForm,
                            think: thinkForm, close: closeForm })[root.kind] ?? null
    }

    CcFormHeading { text: qsTr("Notes") }
    CcField { document: root.document; path: root.path + ".comment"; label: qsTr("Comment"); removeWhenEmpty: true; Layout.fillWidth: true }
}
