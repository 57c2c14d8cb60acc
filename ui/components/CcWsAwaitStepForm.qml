pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// The form of a `wsAwait` step; body is the path of its kind object (…steps[0].wsAwait).
ColumnLayout {
    id: root

    required property ProfileDocument document
    required property string body

    spacing: Theme.spacingM
    Layout.fillWidth: true

    Label {
        text: qsTr("Waits for a server message that meets every condition below, timed from the start of the step (a “WS await” row). A message that arrived before the step does not count.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.Wrap
        Layout.fillWidth: true
    }
    CcField { document: root.document; path: root.body + ".name"; label: qsTr("Stats name"); placeholder: qsTr("default: message"); removeWhenEmpty: true; Layout.fillWidth: true }
    CcField { document: root.document; path: root.body + ".timeout"; label: qsTr("Timeout"); kind: "duration"; placeholder: qsTr("default: target request timeout"); removeWhenEmpty: true; Layout.fillWidth: true }

    CcConditionList {
        document: root.document
        path: root.body + ".match"
        title: qsTr("Match")
        hint: qsTr("The message meets every condition, e.g. /type equals price.")
        addText: qsTr("+ Condition")
        emptyText: qsTr("No condition: the next message of any kind.")
        newItem: ({ json: "/type", equals: "update" })
    }
    CcCaptureList {
        document: root.document
        path: root.body + ".capture"
        sources: ["json", "regex"]
        title: qsTr("Captures")
        hint: qsTr("Values of the message for later steps, as {{capture.NAME}}: json (a JSON pointer) or regex (its first group). Finding nothing fails the step.")
    }
    CcConditionList {
        document: root.document
        path: root.body + ".check"
        title: qsTr("Checks")
        hint: qsTr("On the message; each must hold, or the step fails naming the check.")
        addText: qsTr("+ Check")
        newItem: ({ json: "/price", exists: true })
    }
}
