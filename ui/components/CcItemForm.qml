import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
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

            // Data feeder
            ColumnLayout {
                id: feederForm
                visible: root.kind === "feeder"
                Layout.fillWidth: true
                spacing: Theme.spacingM
                readonly property var preview: root.document.revision < 0 || !visible ? ({}) : root.document.feederPreview(root.path)
                readonly property string strategy: {
                    if (root.document.revision < 0) return undefined // a dependency: re-evaluate on edits
                    const s = root.document.text(root.path + ".strategy")
                    return s === "" ? "sequential" : s
                }
                readonly property bool canRunOut: strategy === "sequential" || strategy === "perUser"
                Label { text: qsTr("Data feeder"); font.pixelSize: Theme.fontTitle; font.bold: true; color: Theme.text }
                Label {
                    text: qsTr("Rows of a CSV file (header row first) or a JSON array of objects. Use a column in any template, path, header or URL as {{feed.%1.column}}; all of them read the same row within one task iteration.").arg(root.document.revision < 0 ? "" : (root.document.text(root.path + ".name") || "NAME"))
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                CcField { document: root.document; path: root.path + ".name"; label: qsTr("Name"); tip: qsTr("Used as {{feed.NAME.column}}"); Layout.fillWidth: true }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingS
                    CcField {
                        document: root.document
                        path: root.path + ".file"
                        label: qsTr("File")
                        placeholder: "users.csv"
                        tip: qsTr("Relative to the profile's folder, or absolute")
                        Layout.fillWidth: true
                    }
                    CcButton {
                        text: qsTr("Browse…")
                        objectName: "browseFeederFile"
                        Layout.alignment: Qt.AlignTop
                        onClicked: feederFileDialog.open()
                    }
                }
                FileDialog {
                    id: feederFileDialog
                    title: qsTr("Choose the feeder's data file")
                    nameFilters: [qsTr("Data files (*.csv *.json)"), qsTr("All files (*)")]
                    onAccepted: root.document.setText(root.path + ".file", root.document.feederFileFor(selectedFile))
                }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingM
                    Label { text: qsTr("Format"); Layout.preferredWidth: Theme.labelWidth; color: Theme.text; font.pixelSize: Theme.fontNormal }
                    ComboBox {
                        objectName: "feederFormat"
                        Layout.fillWidth: true
                        Layout.preferredHeight: Theme.fieldHeight
                        font.pixelSize: Theme.fontNormal
                        readonly property var keys: ["", "csv", "json"]
                        model: [qsTr("from the file's extension"), qsTr("CSV"), qsTr("JSON")]
                        currentIndex: root.document.revision < 0 ? 0 : Math.max(0, keys.indexOf(root.document.text(root.path + ".format")))
                        onActivated: index => {
                            if (keys[index] === "") root.document.remove(root.path + ".format")
                            else root.document.setText(root.path + ".format", keys[index])
                        }
                    }
                }
                CcChoice {
                    document: root.document
                    path: root.path + ".strategy"
                    label: qsTr("Rows")
                    options: ["sequential", "circular", "random", "perUser"]
                    texts: [qsTr("sequential"), qsTr("circular"), qsTr("random"), qsTr("per user")]
                    onChosen: value => {
                        // onExhausted means nothing to a feeder that never runs out.
                        if (value === "circular" || value === "random")
                            root.document.remove(root.path + ".onExhausted")
                    }
                }
                CcChoice {
                    visible: feederForm.canRunOut
                    document: root.document
                    path: root.path + ".onExhausted"
                    label: qsTr("When none left")
                    options: ["stopUser", "fail"]
                    texts: [qsTr("stop the user"), qsTr("fail the step")]
                }
                Label {
                    text: {
                        const what = {
                            sequential: qsTr("Each row is used once, across all users and threads."),
                            circular: qsTr("Rows in order across all users, starting again after the last."),
                            random: qsTr("A random row for each iteration."),
                            perUser: qsTr("User N always uses row N (its {{user.index}}).")
                        }[feederForm.strategy] || ""
                        if (!feederForm.canRunOut)
                            return what
                        const stop = root.document.revision < 0 ? undefined : root.document.text(root.path + ".onExhausted") !== "fail"
                        return what + " " + (stop ? qsTr("With no row left, the user stops (counted as a “feed” message, and said on the console).")
                                                  : qsTr("With no row left, the step fails with an error naming the feeder; the user goes on."))
                    }
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.labelWidth + Theme.spacingM
                }
                CcField { document: root.document; path: root.path + ".comment"; label: qsTr("Comment"); removeWhenEmpty: true; Layout.fillWidth: true }
                Rectangle {
                    objectName: "feederPreview"
                    Layout.fillWidth: true
                    implicitHeight: previewColumn.implicitHeight + 2 * Theme.spacingM
                    color: Theme.surfaceAlt
                    border.color: Theme.border
                    radius: Theme.radius
                    ColumnLayout {
                        id: previewColumn
                        anchors.fill: parent
                        anchors.margins: Theme.spacingM
                        spacing: Theme.spacingXs
                        Label {
                            text: feederForm.preview.ok
                                  ? qsTr("%1 rows · columns: %2").arg(feederForm.preview.rows).arg(feederForm.preview.columns.join(", "))
                                  : qsTr("No rows loaded: see the file's message above")
                            font.bold: true
                            color: Theme.text
                            font.pixelSize: Theme.fontNormal
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                        Repeater {
                            model: feederForm.preview.ok ? feederForm.preview.columns : []
                            delegate: Label {
                                required property string modelData
                                required property int index
                                text: qsTr("first row · %1 = %2").arg(modelData).arg(feederForm.preview.firstRow[index])
                                color: Theme.text
                                font.family: Theme.monoFamily
                                font.pixelSize: Theme.fontSmall
                                elide: Text.ElideRight
                                Layout.fillWidth: true
                            }
                        }
                        Label {
                            text: feederForm.preview.resolved ? qsTr("File: %1").arg(Format.formatPath(feederForm.preview.resolved)) : ""
                            visible: text !== ""
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                            wrapMode: Text.WrapAnywhere
                            Layout.fillWidth: true
                        }
                    }
                }
                CcFieldMessage { Layout.fillWidth: true; text: root.document.revision < 0 ? undefined : root.document.messageFor(root.path) }
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
