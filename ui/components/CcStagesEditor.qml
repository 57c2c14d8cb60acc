pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// The load shape (load.stages) as a table — duration, users (or rate in the open model) and spawn
// rate per stage, with reorder and remove buttons — and a chart of the planned users or rate.
// Fields are bound to the stage's JSON paths, so their validation messages show under them.
ColumnLayout {
    id: root

    required property ProfileDocument document
    readonly property StagesModel stages: stagesModel

    spacing: Theme.spacingS

    StagesModel {
        id: stagesModel
        document: root.document
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS
        visible: stagesModel.count > 0
        Label { text: "#"; Layout.preferredWidth: 18; color: Theme.textMuted; font.pixelSize: Theme.fontSmall }
        Label { text: qsTr("Duration"); Layout.preferredWidth: 64; color: Theme.textMuted; font.pixelSize: Theme.fontSmall }
        Label {
            text: stagesModel.openModel ? qsTr("Rate (it/s)") : qsTr("Users")
            Layout.preferredWidth: 64
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }
        Label {
            visible: !stagesModel.openModel
            text: qsTr("Spawn/s")
            Layout.preferredWidth: 56
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }
        Item { Layout.fillWidth: true }
    }

    Repeater {
        model: stagesModel
        delegate: RowLayout {
            id: stageRow
            required property int index
            required property string durationPath
            required property string targetPath
            required property string spawnRatePath
            required property real startSeconds
            Layout.fillWidth: true
            spacing: Theme.spacingS
            Label {
                text: stageRow.index + 1
                Layout.preferredWidth: 18
                Layout.alignment: Qt.AlignTop
                Layout.topMargin: 6
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                ToolTip.visible: startHover.hovered
                ToolTip.text: qsTr("Starts at %1").arg(Format.formatClock(stageRow.startSeconds * 1000))
                HoverHandler { id: startHover }
            }
            CcField {
                document: root.document
                path: stageRow.durationPath
                kind: "duration"
                placeholder: "30s"
                Layout.preferredWidth: 64
                Layout.alignment: Qt.AlignTop
            }
            CcField {
                document: root.document
                path: stageRow.targetPath
                kind: "number"
                Layout.preferredWidth: 64
                Layout.alignment: Qt.AlignTop
            }
            CcField {
                visible: !stagesModel.openModel
                document: root.document
                path: stageRow.spawnRatePath
                kind: "number"
                placeholder: root.document.revision < 0 ? undefined : root.document.text("$.load.spawnRate")
                tip: qsTr("Users started (or stopped) per second in this stage; empty = the load's spawn rate")
                Layout.preferredWidth: 56
                Layout.alignment: Qt.AlignTop
            }
            Item { Layout.fillWidth: true }
            CcButton {
                objectName: "stageUp:" + stageRow.index
                text: "↑"
                enabled: stageRow.index > 0
                tip: qsTr("Move up")
                Layout.preferredWidth: 26
                Layout.alignment: Qt.AlignTop
                onClicked: stagesModel.moveStage(stageRow.index, stageRow.index - 1)
            }
            CcButton {
                objectName: "stageDown:" + stageRow.index
                text: "↓"
                enabled: stageRow.index < stagesModel.count - 1
                tip: qsTr("Move down")
                Layout.preferredWidth: 26
                Layout.alignment: Qt.AlignTop
                onClicked: stagesModel.moveStage(stageRow.index, stageRow.index + 1)
            }
            CcButton {
                objectName: "stageRemove:" + stageRow.index
                text: "✕"
                tip: qsTr("Remove this stage")
                Layout.preferredWidth: 26
                Layout.alignment: Qt.AlignTop
                onClicked: stagesModel.removeStage(stageRow.index)
            }
        }
    }

    Label {
        visible: stagesModel.count === 0
        text: stagesModel.openModel
              ? qsTr("No stages: the arrival rate holds for the whole run. Add stages to ramp, hold, spike and ramp down the rate.")
              : qsTr("No stages: the users ramp up at the spawn rate and hold. Add stages to ramp, hold, spike and ramp down.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.Wrap
        Layout.fillWidth: true
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingM
        CcButton {
            objectName: "addStage"
            text: qsTr("+ Stage")
            tip: qsTr("Add a 30-s stage that holds the last stage's load")
            onClicked: stagesModel.addStage()
        }
        Label {
            visible: stagesModel.count > 0
            text: qsTr("total %1").arg(Format.formatClock(stagesModel.totalSeconds * 1000))
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }
        Item { Layout.fillWidth: true }
    }

    CcChart {
        objectName: "plannedChart"
        title: stagesModel.openModel ? qsTr("Planned rate (iterations/s)") : qsTr("Planned users")
        scale: "users"
        unit: stagesModel.openModel ? qsTr("it/s") : qsTr("users")
        emptyText: ""
        Layout.fillWidth: true
        Layout.preferredHeight: 170
        series: [{ feed: stagesModel.plan, metric: "planned", name: qsTr("Planned") }]
    }
}
