pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// The form of a `wsSend` step; body is the path of its kind object (…steps[0].wsSend). The reply
// options (match, timeout, in flight, several replies, captures, checks) show when it awaits one.
// The Rate section sends at a schedule (`"rate": {"perConnection" | "total": N, "for" | "count"}`).
ColumnLayout {
    id: root

    required property ProfileDocument document
    required property string body
    readonly property string awaitMode: (root.document.revision < 0 ? undefined : root.document.text(root.body + ".await")) || "none"
    // Reply options stay visible while they are set, so a validation message about them (e.g.
    // "needs a reply" after await was set to none) sits next to them.
    readonly property var present: (root.document.revision < 0 ? undefined : root.document.keys(root.body))
    readonly property var rateKeys: (root.document.revision < 0 ? undefined : root.document.keys(root.body + ".rate"))
    readonly property string rateMode: root.rateKeys.indexOf("perConnection") >= 0 ? "perConnection"
                                     : root.rateKeys.indexOf("total") >= 0 ? "total" : "once"
    readonly property string rateBound: root.rateKeys.indexOf("for") >= 0 ? "for"
                                      : root.rateKeys.indexOf("count") >= 0 ? "count" : "none"
    readonly property bool hasLegacyMatchField: (root.document.revision < 0 ? undefined : root.document.value(root.body + ".matchField") !== undefined)

    spacing: Theme.spacingM
    Layout.fillWidth: true

    CcField { document: root.document; path: root.body + ".name"; label: qsTr("Stats name"); placeholder: qsTr("default: the template name"); removeWhenEmpty: true; Layout.fillWidth: true }
    CcPayloadChoice { document: root.document; body: root.body }

    CcFormHeading { text: qsTr("Reply") }
    CcChoice {
        document: root.document
        path: root.body + ".await"
        label: qsTr("Await")
        options: ["none", "next", "match"]
        texts: [qsTr("none (fire and forget)"), qsTr("next message"), qsTr("match by fields")]
    }
    Label {
        Layout.leftMargin: Theme.labelWidth + Theme.spacingM
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        text: root.awaitMode === "match" ? qsTr("Times the round trip to the reply whose values at these pointers equal the sent message's.")
            : root.awaitMode === "next" ? qsTr("Times the round trip to the next message on the connection.")
            : qsTr("Counts the send only (a “WS emit” message, not a timed operation).")
    }

    // Match pointers
    RowLayout {
        visible: root.awaitMode === "match"
        Layout.fillWidth: true
        spacing: Theme.spacingM
        Label {
            text: qsTr("Match on")
            Layout.preferredWidth: Theme.labelWidth
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: 5
            color: Theme.text
            font.pixelSize: Theme.fontNormal
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingS
            RowLayout {
                visible: root.hasLegacyMatchField
                Layout.fillWidth: true
                spacing: Theme.spacingS
                CcField {
                    document: root.document
                    path: root.body + ".matchField"
                    placeholder: "id"
                    tip: qsTr("Schema 1: one top-level field. JSON pointers can name nested fields and several at once.")
                    Layout.fillWidth: true
                }
                CcButton {
                    text: qsTr("Use pointers")
                    objectName: "convertMatchField:" + root.body
                    tip: qsTr("Replace the field name with the JSON pointer /%1").arg(root.document.text(root.body + ".matchField"))
                    onClicked: {
                        const field = root.document.text(root.body + ".matchField")
                        root.document.remove(root.body + ".matchField")
                        root.document.setValue(root.body + ".match", ["/" + field])
                    }
                }
            }
            CcStringList {
                visible: !root.hasLegacyMatchField
                document: root.document
                path: root.body + ".match"
                placeholder: "/id"
                newValue: "/type"
                addText: qsTr("+ Pointer")
                emptyText: qsTr("/id (the default)")
            }
        }
    }

    CcField {
        visible: root.awaitMode !== "none" || root.present.indexOf("timeout") >= 0
        document: root.document; path: root.body + ".timeout"; label: qsTr("Timeout"); kind: "duration"
        placeholder: qsTr("default: target request timeout"); removeWhenEmpty: true; Layout.fillWidth: true
    }
    RowLayout {
        visible: root.awaitMode !== "none" || root.present.indexOf("replies") >= 0 || root.present.indexOf("inFlight") >= 0
        Layout.fillWidth: true
        spacing: Theme.spacingM
        CcField {
            id: inFlightField
            visible: root.awaitMode === "match" || root.present.indexOf("inFlight") >= 0
            document: root.document; path: root.body + ".inFlight"; label: qsTr("In flight"); kind: "number"
            placeholder: "1"; removeWhenEmpty: true
            Layout.preferredWidth: Theme.labelWidth + Theme.spacingM + 96
            Layout.fillWidth: false
            Layout.alignment: Qt.AlignTop
            tip: qsTr("Up to this many sends of this step may await their replies at once: the step goes on as soon as its message is sent. 1 waits for each reply. A reply after its timeout counts as “WS late”.")
        }
        CcField {
            document: root.document; path: root.body + ".replies"; label: qsTr("Replies"); kind: "number"
            labelWidth: inFlightField.visible ? 52 : Theme.labelWidth
            placeholder: "1"; removeWhenEmpty: true
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            tip: qsTr("More than 1: a multi-part answer; the operation ends at this many matching replies (“WS send” times the last, “WS first” the first).")
        }
    }

    CcConditionList {
        visible: root.awaitMode !== "none" || root.present.indexOf("until") >= 0
        document: root.document
        path: root.body + ".until"
        title: qsTr("Replies until")
        hint: qsTr("Optional: the operation ends at the first reply meeting every condition, e.g. /last equals true.")
        addText: qsTr("+ Condition")
        newItem: ({ json: "/last", equals: true })
    }
    CcCaptureList {
        visible: root.awaitMode !== "none" || root.present.indexOf("capture") >= 0
        document: root.document
        path: root.body + ".capture"
        sources: ["json", "regex"]
        title: qsTr("Captures")
        hint: qsTr("Values of the (last) reply for later steps, as {{capture.NAME}}: json (a JSON pointer) or regex (its first group). Finding nothing fails the send.")
    }
    CcConditionList {
        visible: root.awaitMode !== "none" || root.present.indexOf("check") >= 0
        document: root.document
        path: root.body + ".check"
        title: qsTr("Checks")
        hint: qsTr("On the (last) reply; each must hold, or the send fails naming the check.")
        addText: qsTr("+ Check")
        newItem: ({ json: "/type", equals: "reply" })
    }

    CcFormHeading { text: qsTr("Rate") }
    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingM
        Label {
            text: qsTr("Send")
            Layout.preferredWidth: Theme.labelWidth
            color: Theme.text
            font.pixelSize: Theme.fontNormal
        }
        ComboBox {
            id: rateModeChoice
            readonly property var modes: ["once", "perConnection", "total"]
            objectName: "rateMode:" + root.body
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.fieldHeight
            font.pixelSize: Theme.fontNormal
            model: [qsTr("once per step run"), qsTr("at a rate per connection"), qsTr("at a total rate over the connections")]
            currentIndex: Math.max(0, modes.indexOf(root.rateMode))
            onActivated: index => {
                const mode = modes[index]
                if (mode === root.rateMode)
                    return
                if (mode === "once")
                    root.document.remove(root.body + ".rate")
                else if (root.rateMode === "once")
                    root.document.setValue(root.body + ".rate", mode === "total" ? { total: 100 } : { perConnection: 10 })
                else
                    root.document.renameKey(root.body + ".rate", root.rateMode, mode) // keeps the number
            }
            ToolTip.visible: hovered
            ToolTip.text: qsTr("At a rate, the step sends message after message at a schedule without waiting for replies; each reply's time counts from the message's intended send time.")
            ToolTip.delay: 600
        }
    }
    CcFieldMessage {
        Layout.fillWidth: true
        Layout.leftMargin: Theme.labelWidth + Theme.spacingM
        text: root.document.revision < 0 ? undefined : root.document.messageFor(root.body + ".rate")
        severity: root.document.revision < 0 ? undefined : root.document.severityFor(root.body + ".rate")
    }
    CcField {
        visible: root.rateMode !== "once"
        document: root.document
        path: root.body + ".rate." + (root.rateMode === "total" ? "total" : "perConnection")
        label: root.rateMode === "total" ? qsTr("Messages/s total") : qsTr("Messages/s")
        kind: "number"
        placeholder: "10"
        Layout.fillWidth: true
        tip: root.rateMode === "total"
             ? qsTr("Spread over the user type's target users: each connection sends this ÷ the target count, and follows when the count changes.")
             : qsTr("Each connection that runs the step sends this many messages per second.")
    }
    RowLayout {
        visible: root.rateMode !== "once"
        Layout.fillWidth: true
        spacing: Theme.spacingM
        Label {
            text: qsTr("Until")
            Layout.preferredWidth: Theme.labelWidth
            color: Theme.text
            font.pixelSize: Theme.fontNormal
        }
        ComboBox {
            readonly property var bounds: ["none", "for", "count"]
            objectName: "rateBound:" + root.body
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.fieldHeight
            font.pixelSize: Theme.fontNormal
            model: [qsTr("the user stops"), qsTr("a duration has passed"), qsTr("a number of messages was sent")]
            currentIndex: Math.max(0, bounds.indexOf(root.rateBound))
            onActivated: index => {
                const bound = bounds[index]
                if (bound === root.rateBound)
                    return
                root.document.remove(root.body + ".rate.for")
                root.document.remove(root.body + ".rate.count")
                if (bound === "for")
                    root.document.setValue(root.body + ".rate.for", "30s")
                else if (bound === "count")
                    root.document.setValue(root.body + ".rate.count", 100)
            }
        }
    }
    CcField {
        visible: root.rateMode !== "once" && root.rateBound === "for"
        document: root.document; path: root.body + ".rate.for"; label: qsTr("For"); kind: "duration"
        placeholder: "30s"; Layout.fillWidth: true
        tip: qsTr("The step sends from its start for this long, then the task goes on.")
    }
    CcField {
        visible: root.rateMode !== "once" && root.rateBound === "count"
        document: root.document; path: root.body + ".rate.count"; label: qsTr("Messages"); kind: "number"
        placeholder: "100"; Layout.fillWidth: true
        tip: qsTr("The step ends after sending this many messages.")
    }
}
