import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// The form on the right of the Profile page: edits the node selected in the structure tree.
Rectangle {
    id: root

    required property ProfileDocument document
    property string path: ""
    readonly property string kind: document.nodeKind(path)

    /** Edit @p newPath instead: the node was renamed, or a form picked another node. */
    signal selectRequested(string newPath)

    color: Theme.surface
    border.color: Theme.border
    radius: Theme.radius

    /** Scrolls to the field, list or choice bound to @p fieldPath (a path inside this node), if
     *  the form shows one; its objectName ends with ":" + fieldPath. */
    function reveal(fieldPath) {
        revealTimer.fieldPath = fieldPath
        revealTimer.restart()
    }

    // A newly selected node's form is laid out only when the next frame is prepared: scroll after.
    Timer {
        id: revealTimer
        property string fieldPath: ""
        interval: 50
        onTriggered: {
            const suffix = ":" + fieldPath
            const find = item => {
                if (!item || !item.visible)
                    return null
                if (typeof item.objectName === "string" && item.objectName.endsWith(suffix))
                    return item
                for (let i = 0; i < item.children.length; ++i) {
                    const hit = find(item.children[i])
                    if (hit)
                        return hit
                }
                return null
            }
            const target = find(content)
            if (!target)
                return
            const flick = scroll.contentItem
            const y = target.mapToItem(content, 0, 0).y - Theme.spacingXl
            flick.contentY = Math.max(0, Math.min(y, content.height - flick.height))
        }
    }

    function templateName() {
        const m = /^\$\.templates(?:\.(.+)|\["(.*)"\])$/.exec(root.path)
        return m ? (m[1] !== undefined ? m[1] : m[2].replace(/\\(.)/g, "$1")) : ""
    }

    ScrollView {
        id: scroll
        anchors.fill: parent
        anchors.margins: Theme.spacingL
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            id: content
            width: scroll.availableWidth
            spacing: Theme.spacingM

            Label {
                visible: root.kind === ""
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.textMuted
                font.pixelSize: Theme.fontNormal
                text: qsTr("Select a template, user type, task or step in the structure to edit it here.\n\nUser types are like Locust user classes: each virtual user runs its on-start steps once, then picks tasks by weight, waiting between them; a task is a list of steps.")
            }

            Loader {
                active: root.kind === "template"
                visible: active
                Layout.fillWidth: true
                Layout.preferredHeight: 460
                sourceComponent: CcTemplateEditor {
                    document: root.document
                    name: root.templateName()
                    onRenamed: newName => root.selectRequested(root.document.child("$.templates", newName))
                }
            }

            // User type
            ColumnLayout {
                id: userTypeForm
                visible: root.kind === "userType"
                Layout.fillWidth: true
                spacing: Theme.spacingM
                readonly property string waitPath: root.path + ".wait"
                readonly property string waitKind: {
                    if (root.document.revision < 0) return undefined // a dependency: re-evaluate on edits
                    const w = root.document.value(waitPath)
                    if (w === undefined) return "none"
                    for (const k of ["constant", "between", "constantPacing"])
                        if (w[k] !== undefined) return k
                    return "none"
                }
                Label { text: qsTr("User type"); font.pixelSize: Theme.fontTitle; font.bold: true; color: Theme.text }
                CcField { document: root.document; path: root.path + ".name"; label: qsTr("Name"); Layout.fillWidth: true }
                CcField { document: root.document; path: root.path + ".weight"; label: qsTr("Weight"); kind: "number"; tip: qsTr("Share of the users of this type, relative to the other types' weights"); Layout.fillWidth: true }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingM
                    Label { text: qsTr("Wait time"); Layout.preferredWidth: Theme.labelWidth; color: Theme.text; font.pixelSize: Theme.fontNormal }
                    ComboBox {
                        objectName: "waitKind"
                        Layout.fillWidth: true
                        Layout.preferredHeight: Theme.fieldHeight
                        font.pixelSize: Theme.fontNormal
                        textRole: "text"
                        model: [{ text: qsTr("none"), key: "none" }, { text: qsTr("constant"), key: "constant" },
                                { text: qsTr("between (random)"), key: "between" }, { text: qsTr("constant pacing"), key: "constantPacing" }]
                        currentIndex: ["none", "constant", "between", "constantPacing"].indexOf(userTypeForm.waitKind)
                        onActivated: index => {
                            const key = model[index].key
                            const p = userTypeForm.waitPath
                            if (key === "none") root.document.remove(p)
                            else if (key === "between") root.document.setValue(p, { between: ["1s", "2s"] })
                            else { const o = {}; o[key] = "1s"; root.document.setValue(p, o) }
                        }
                    }
                }
                CcField {
                    visible: userTypeForm.waitKind === "constant" || userTypeForm.waitKind === "constantPacing"
                    document: root.document
                    path: userTypeForm.waitPath + "." + (userTypeForm.waitKind === "constantPacing" ? "constantPacing" : "constant")
                    label: userTypeForm.waitKind === "constantPacing" ? qsTr("Task every") : qsTr("Wait")
                    kind: "duration"
                    Layout.fillWidth: true
                }
                CcField { visible: userTypeForm.waitKind === "between"; document: root.document; path: userTypeForm.waitPath + ".between[0]"; label: qsTr("Wait from"); kind: "duration"; Layout.fillWidth: true }
                CcField { visible: userTypeForm.waitKind === "between"; document: root.document; path: userTypeForm.waitPath + ".between[1]"; label: qsTr("Wait to"); kind: "duration"; Layout.fillWidth: true }
                CcFieldMessage { Layout.fillWidth: true; text: root.document.revision < 0 ? undefined : root.document.messagesWithin(userTypeForm.waitPath) }
                CcField { document: root.document; path: root.path + ".comment"; label: qsTr("Comment"); removeWhenEmpty: true; Layout.fillWidth: true }
                CcFieldMessage { Layout.fillWidth: true; text: root.document.revision < 0 ? undefined : root.document.messageFor(root.path) + root.document.messageFor(root.path + ".tasks") }
            }

            // Task
            ColumnLayout {
                visible: root.kind === "task"
                Layout.fillWidth: true
                spacing: Theme.spacingM
                Label { text: qsTr("Task"); font.pixelSize: Theme.fontTitle; font.bold: true; color: Theme.text }
                CcField { document: root.document; path: root.path + ".name"; label: qsTr("Name"); Layout.fillWidth: true }
                CcField { document: root.document; path: root.path + ".weight"; label: qsTr("Weight"); kind: "number"; tip: qsTr("How often this task is picked, relative to the user type's other tasks"); Layout.fillWidth: true }
                CcField { document: root.document; path: root.path + ".comment"; label: qsTr("Comment"); removeWhenEmpty: true; Layout.fillWidth: true }
                CcFieldMessage { Layout.fillWidth: true; text: root.document.revision < 0 ? undefined : root.document.messageFor(root.path) + root.document.messageFor(root.path + ".steps") }
                Label { text: qsTr("Add, reorder and remove its steps in the structure on the left."); color: Theme.textMuted; font.pixelSize: Theme.fontSmall }
            }

            Label {
                visible: root.kind === "section"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.textMuted
                font.pixelSize: Theme.fontNormal
                text: root.path.endsWith("onConnect") ? qsTr("On connect: steps that run after this WS connect opens the connection and again after every reconnect (log in again, subscribe again). Use “+ Step” to add one.")
                    : root.path.endsWith("onStart") ? qsTr("On start: steps each user runs once when it starts (log in, connect). Use “+ Step” to add one.")
                    : qsTr("On stop: steps each user runs when the run stops (close). Use “+ Step” to add one.")
            }

            Loader {
                active: root.kind === "step"
                visible: active
                Layout.fillWidth: true
                sourceComponent: CcStepForm {
                    document: root.document
                    path: root.path
                    onSelectRequested: path => root.selectRequested(path)
                }
            }
        }
    }
}
