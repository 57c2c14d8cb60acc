pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// The form of a `wsConnect` step; body is the path of its kind object (…onStart[1].wsConnect).
// Its onConnect steps are listed with their summaries: a click selects one for editing, and new
// ones are added here or in the structure.
ColumnLayout {
    id: root

    required property ProfileDocument document
    required property string body
    readonly property string onConnectPath: root.body + ".onConnect"
    readonly property int onConnectCount: root.document.structureRevision < 0 ? 0 : root.document.count(root.onConnectPath)

    /** The user picked the step at @p path. */
    signal selectRequested(string path)

    function addOnConnectStep(kind) {
        const index = root.onConnectCount
        root.document.insert(root.onConnectPath, index, root.document.newStep(kind))
        root.selectRequested(root.document.element(root.onConnectPath, index))
    }

    spacing: Theme.spacingM
    Layout.fillWidth: true

    CcField { document: root.document; path: root.body + ".url"; label: qsTr("URL"); placeholder: qsTr("default: the target's broker URL"); removeWhenEmpty: true; Layout.fillWidth: true }
    CcField { document: root.document; path: root.body + ".name"; label: qsTr("Stats name"); placeholder: qsTr("default: connect"); removeWhenEmpty: true; Layout.fillWidth: true }
    CcField { document: root.document; path: root.body + ".timeout"; label: qsTr("Timeout"); kind: "duration"; placeholder: qsTr("default: target connect timeout"); removeWhenEmpty: true; Layout.fillWidth: true }
    CcField {
        document: root.document; path: root.body + ".ping"; label: qsTr("Ping every"); kind: "duration"
        placeholder: qsTr("off; e.g. 5s"); removeWhenEmpty: true; Layout.fillWidth: true
        tip: qsTr("Sends a client ping at this interval; its round trip is a “WS ping” row.")
    }
    CcField {
        document: root.document; path: root.body + ".maxMessageSize"; label: qsTr("Max message"); kind: "number"
        placeholder: qsTr("bytes; default: the target's"); removeWhenEmpty: true; Layout.fillWidth: true
        tip: qsTr("Largest incoming message in bytes; a bigger one closes the connection.")
    }

    CcFormHeading {
        text: qsTr("On connect")
        hint: qsTr("Run after this connect and after every reconnect: log in again, subscribe again. A reconnect is timed to the end of these steps (a “WS reconnect” row).")
        CcButton {
            id: addButton
            text: qsTr("+ Step ▾")
            objectName: "add:" + root.onConnectPath
            tip: qsTr("Add an on-connect step")
            onClicked: kindMenu.popup(addButton, 0, addButton.height)
        }
    }
    Repeater {
        model: root.onConnectCount
        delegate: ItemDelegate {
            id: stepRow
            required property int index
            readonly property string stepPath: root.document.element(root.onConnectPath, index)
            objectName: "onConnect:" + stepPath
            Layout.fillWidth: true
            implicitHeight: Theme.rowHeight
            padding: Theme.spacingS
            hoverEnabled: true
            onClicked: root.selectRequested(stepPath)
            ToolTip.visible: hovered && (summaryText.truncated || detailText.truncated)
            ToolTip.text: summaryText.text + (detailText.text !== "" ? " — " + detailText.text : "")
            ToolTip.delay: 600
            background: Rectangle {
                color: stepRow.hovered ? Theme.surfaceAlt : "transparent"
                border.color: Theme.border
                radius: Theme.radius
            }
            contentItem: RowLayout {
                spacing: Theme.spacingS
                Label {
                    text: (stepRow.index + 1) + "."
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                }
                Label {
                    id: summaryText
                    text: root.document.revision < 0 ? "" : root.document.stepSummary(stepRow.stepPath)
                    color: Theme.text
                    font.pixelSize: Theme.fontNormal
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
                Label {
                    id: detailText
                    text: root.document.revision < 0 ? "" : root.document.stepDetail(stepRow.stepPath)
                    visible: text !== ""
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    elide: Text.ElideRight
                    Layout.maximumWidth: stepRow.width / 2
                }
            }
        }
    }
    Label {
        visible: root.onConnectCount === 0
        text: qsTr("None.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
    }
    CcFieldMessage {
        Layout.fillWidth: true
        text: root.document.revision < 0 ? undefined : root.document.messageFor(root.onConnectPath)
    }
    Menu {
        id: kindMenu
        Instantiator {
            // A connection's own connect steps cannot open it again.
            model: root.document.stepKinds.filter(k => k.key !== "wsConnect")
            delegate: MenuItem {
                required property var modelData
                text: modelData.title
                onTriggered: root.addOnConnectStep(modelData.key)
            }
            onObjectAdded: (index, object) => kindMenu.insertItem(index, object)
            onObjectRemoved: (index, object) => kindMenu.removeItem(object)
        }
    }

    CcStringList {
        document: root.document
        path: root.body + ".subprotocols"
        title: qsTr("Subprotocols")
        hint: qsTr("Offered in Sec-WebSocket-Protocol; the connect fails when the server picks none of them.")
        placeholder: "v2.chat"
        newValue: ""
        kind: "text"
        addText: qsTr("+ Subprotocol")
    }

    CcFormHeading { text: qsTr("Upgrade headers"); hint: qsTr("Extra headers on this connection's upgrade request, besides the profile's headers and cookies.") }
    CcNameValueList {
        document: root.document
        path: root.body + ".headers"
        masked: "credentials"
        addText: qsTr("+ Header")
        Layout.fillWidth: true
    }

    CcFormHeading { text: qsTr("Pushes"); hint: qsTr("Messages nobody awaited are counted per type (“WS recv” rows). With a timestamp their age on arrival is timed; with a sequence number every gap counts as lost messages.") }
    CcField { document: root.document; path: root.body + ".pushes.type"; label: qsTr("Type field"); kind: "code"; placeholder: qsTr("/type (the default)"); removeWhenEmpty: true; Layout.fillWidth: true }
    CcField { document: root.document; path: root.body + ".pushes.timestamp"; label: qsTr("Timestamp field"); kind: "code"; placeholder: qsTr("none; e.g. /ts (epoch ms or ISO 8601)"); removeWhenEmpty: true; Layout.fillWidth: true }
    CcField { document: root.document; path: root.body + ".pushes.sequence"; label: qsTr("Sequence field"); kind: "code"; placeholder: qsTr("none; e.g. /seq"); removeWhenEmpty: true; Layout.fillWidth: true }
    CcFieldMessage {
        Layout.fillWidth: true
        text: root.document.revision < 0 ? undefined : root.document.messageFor(root.body + ".pushes")
    }
}
