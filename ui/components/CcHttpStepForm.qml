pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// The form of an `http` step; body is the path of its kind object (…steps[0].http).
ColumnLayout {
    id: root

    required property ProfileDocument document
    required property string body

    spacing: Theme.spacingM
    Layout.fillWidth: true

    CcChoice {
        document: root.document
        path: root.body + ".method"
        label: qsTr("Method")
        options: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    }
    CcField { document: root.document; path: root.body + ".path"; label: qsTr("Path or URL"); placeholder: "/api/items"; Layout.fillWidth: true }
    CcField { document: root.document; path: root.body + ".name"; label: qsTr("Stats name"); placeholder: qsTr("default: the path"); removeWhenEmpty: true; Layout.fillWidth: true }
    CcPayloadChoice { document: root.document; body: root.body }
    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingM
        Label { text: qsTr("Expect status"); Layout.preferredWidth: Theme.labelWidth; color: Theme.text; font.pixelSize: Theme.fontNormal }
        TextField {
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
    CcField { document: root.document; path: root.body + ".timeout"; label: qsTr("Timeout"); kind: "duration"; placeholder: qsTr("default: target request timeout"); removeWhenEmpty: true; Layout.fillWidth: true }

    CcFormHeading { text: qsTr("Request headers") }
    CcNameValueList {
        document: root.document
        path: root.body + ".headers"
        masked: "credentials"
        addText: qsTr("+ Header")
        Layout.fillWidth: true
    }

    CcCaptureList {
        document: root.document
        path: root.body + ".capture"
        title: qsTr("Captures")
        hint: qsTr("Values of the response for later steps, as {{capture.NAME}}: json (a JSON pointer into the body), header, regex (on the body; its first group) or cookie. Finding nothing fails the request.")
    }
    CcConditionList {
        document: root.document
        path: root.body + ".check"
        title: qsTr("Checks")
        hint: qsTr("On the body; each must hold, or the request fails naming the check.")
        addText: qsTr("+ Check")
        newItem: ({ json: "/status", equals: "ok" })
    }
}
