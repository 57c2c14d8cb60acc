pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// The profile's structure as a tree: templates, user types, their on-start steps, tasks with
// steps, on-stop steps, under each WS connect its on-connect steps, and the data feeders. Selecting a row selects its JSON path; the buttons add, remove and
// reorder the selected node.
Rectangle {
    id: root

    required property ProfileDocument document
    property string selectedPath: ""

    color: Theme.surface
    border.color: Theme.border
    radius: Theme.radius

    ProfileOutlineModel {
        id: outline
        document: root.document
        onModelReset: {
            // Keep a selection that still exists; else fall back to the first user type.
            if (root.selectedPath !== "" && rowOf(root.selectedPath) < 0)
                root.selectedPath = ""
        }
    }

    readonly property string selectedKind: outline.kindOfPath(root.selectedPath)

    function arrayOf(path) { return root.document.parentPath(path) }

    function addStep(kind) {
        // Into the selected task/section, or after the selected step.
        const p = root.selectedPath
        let arrayPath = "", at = -1
        if (selectedKind === "task") {
            arrayPath = p + ".steps"
        } else if (selectedKind === "section") {
            arrayPath = p
        } else if (selectedKind === "step") {
            arrayPath = arrayOf(p)
            at = root.document.indexOf(p) + 1
        } else {
            return
        }
        const index = at < 0 ? root.document.count(arrayPath) : at
        root.document.insert(arrayPath, index, root.document.newStep(kind))
        root.selectedPath = root.document.element(arrayPath, index)
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 1
        spacing: 0

        Label {
            text: qsTr("Structure")
            font.pixelSize: Theme.fontLarge
            font.bold: true
            color: Theme.text
            Layout.margins: Theme.spacingM
        }

        ListView {
            id: list
            objectName: "outlineList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: outline
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}
            delegate: ItemDelegate {
                id: row
                required property string path
                required property string kind
                required property string label
                required property string detail
                required property int depth
                required property int issueCount
                readonly property bool group: kind === "templates" || kind === "userTypes" || kind === "feeders"
                width: ListView.view.width
                implicitHeight: group ? 30 : 26
                highlighted: root.selectedPath === path
                hoverEnabled: true
                onClicked: root.selectedPath = path
                // Nothing truncates silently: an elided row shows itself whole on hover.
                ToolTip.visible: hovered && (labelText.truncated || detailText.truncated)
                ToolTip.text: row.label + (row.detail !== "" ? " — " + row.detail : "")
                ToolTip.delay: 600
                background: Rectangle {
                    color: row.highlighted ? Theme.selection : (row.hovered ? Theme.surfaceAlt : "transparent")
                }
                contentItem: RowLayout {
                    spacing: Theme.spacingS
                    Item { Layout.preferredWidth: row.depth * 12 }
                    Label {
                        id: labelText
                        text: row.label
                        font.pixelSize: row.group ? Theme.fontSmall : Theme.fontNormal
                        font.bold: row.kind === "userType" || row.group
                        font.italic: row.kind === "section"
                        font.capitalization: row.group ? Font.AllUppercase : Font.MixedCase
                        color: row.kind === "section" || row.group ? Theme.textMuted : Theme.text
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                    Label {
                        id: detailText
                        // The summary comes first: the detail gets at most 40 % and elides.
                        text: row.detail
                        visible: text !== ""
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                        elide: Text.ElideRight
                        Layout.maximumWidth: Math.max(48, row.width * 0.4)
                    }
                    Rectangle {
                        visible: row.issueCount > 0 && !row.group
                        implicitWidth: 18
                        implicitHeight: 16
                        radius: 8
                        color: Theme.dangerFill
                        Label {
                            anchors.centerIn: parent
                            text: row.issueCount
                            color: Theme.textOnAccent
                            font.pixelSize: 10
                        }
                        ToolTip.visible: issueArea.containsMouse
                        ToolTip.text: root.document.messagesWithin(row.path)
                        MouseArea { id: issueArea; anchors.fill: parent; hoverEnabled: true; acceptedButtons: Qt.NoButton }
                    }
                }
            }
        }

        Rectangle { Layout.fillWidth: true; height: 1; color: Theme.border }

        Flow {
            Layout.fillWidth: true
            Layout.margins: Theme.spacingS
            spacing: Theme.spacingS

            CcButton {
                text: qsTr("+ User type")
                objectName: "addUserType"
                onClicked: root.selectedPath = root.document.addUserType()
            }
            CcButton {
                text: qsTr("+ Task")
                objectName: "addTask"
                enabled: root.selectedPath.startsWith("$.userTypes[")
                tip: enabled ? qsTr("Add a task to this user type") : qsTr("Select a user type first")
                onClicked: {
                    const m = /^\$\.userTypes\[\d+\]/.exec(root.selectedPath)
                    root.selectedPath = root.document.addTask(m[0])
                }
            }
            CcButton {
                id: addStepButton
                text: qsTr("+ Step ▾")
                objectName: "addStep"
                enabled: root.selectedKind === "task" || root.selectedKind === "section" || root.selectedKind === "step"
                tip: enabled ? qsTr("Add a step here") : qsTr("Select a task, on start/on stop or a step first")
                onClicked: stepMenu.popup(addStepButton, 0, addStepButton.height)
                Menu {
                    id: stepMenu
                    Instantiator {
                        model: root.document.stepKinds
                        delegate: MenuItem {
                            required property var modelData
                            text: modelData.title
                            // A connection's onConnect steps cannot open it again.
                            enabled: modelData.key !== "wsConnect" || root.selectedPath.indexOf(".onConnect") < 0
                            onTriggered: root.addStep(modelData.key)
                        }
                        onObjectAdded: (index, object) => stepMenu.insertItem(index, object)
                        onObjectRemoved: (index, object) => stepMenu.removeItem(object)
                    }
                }
            }
            CcButton {
                text: qsTr("+ Template")
                objectName: "addTemplate"
                onClicked: root.selectedPath = root.document.child("$.templates", root.document.addTemplate())
            }
            CcButton {
                text: qsTr("+ Feeder")
                objectName: "addFeeder"
                tip: qsTr("Add a data feeder: rows of a CSV or JSON file, used as {{feed.NAME.column}}")
                onClicked: root.selectedPath = root.document.addFeeder()
            }
            CcButton {
                text: "▲"
                objectName: "moveUp"
                Layout.preferredWidth: 30
                readonly property int idx: root.document.indexOf(root.selectedPath)
                enabled: idx > 0
                tip: qsTr("Move up")
                onClicked: {
                    const a = root.arrayOf(root.selectedPath)
                    root.document.move(a, idx, idx - 1)
                    root.selectedPath = root.document.element(a, idx - 1)
                }
            }
            CcButton {
                text: "▼"
                objectName: "moveDown"
                readonly property int idx: root.document.indexOf(root.selectedPath)
                enabled: idx >= 0 && idx < root.document.count(root.arrayOf(root.selectedPath)) - 1
                tip: qsTr("Move down")
                onClicked: {
                    const a = root.arrayOf(root.selectedPath)
                    root.document.move(a, idx, idx + 1)
                    root.selectedPath = root.document.element(a, idx + 1)
                }
            }
            CcButton {
                text: qsTr("Delete")
                objectName: "deleteNode"
                danger: enabled
                enabled: ["template", "userType", "task", "step", "feeder"].indexOf(root.selectedKind) >= 0
                tip: qsTr("Delete the selected item (asks first; Edit › Undo brings it back)")
                onClicked: root.requestDelete()
            }
        }
    }

    /** Asks before deleting the selected node; the answer deletes it (undoable). */
    function requestDelete() {
        if (["template", "userType", "task", "step", "feeder"].indexOf(root.selectedKind) < 0)
            return
        deleteDialog.path = root.selectedPath
        deleteDialog.kind = root.selectedKind
        deleteDialog.open()
    }

    Dialog {
        id: deleteDialog
        objectName: "deleteDialog"
        property string path: ""
        property string kind: ""
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: 440
        modal: true
        title: qsTr("Delete")
        footer: DialogButtonBox {
            Button {
                objectName: "confirmDelete"
                text: qsTr("Delete")
                DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            }
            Button {
                objectName: "cancelDelete"
                text: qsTr("Cancel")
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            }
        }
        contentItem: Label {
            objectName: "deleteQuestion"
            wrapMode: Text.Wrap
            color: Theme.text
            font.pixelSize: Theme.fontNormal
            text: {
                if (deleteDialog.path === "" || root.document.revision < 0)
                    return ""
                const what = root.document.fieldTitle(deleteDialog.path)
                let inside = ""
                if (deleteDialog.kind === "userType")
                    inside = qsTr(" with its %n task(s)", "", root.document.count(deleteDialog.path + ".tasks"))
                else if (deleteDialog.kind === "task")
                    inside = qsTr(" with its %n step(s)", "", root.document.count(deleteDialog.path + ".steps"))
                return qsTr("Delete %1%2?\nEdit › Undo (Ctrl+Z) brings it back.").arg(what).arg(inside)
            }
        }
        onAccepted: {
            const p = deleteDialog.path
            deleteDialog.path = ""
            root.selectedPath = ""
            root.document.remove(p)
        }
        onRejected: deleteDialog.path = ""
    }
}
