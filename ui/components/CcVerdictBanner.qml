pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// The end of a run at a glance: the verdict (PASS, FAIL, UNRELIABLE in amber, INTERRUPTED,
// ABORTED, or COMPLETED without thresholds), one sentence, the thresholds that do not hold (one
// line, all of them in its tooltip), and the buttons to open the HTML report or the run on the
// Reports page. Two lines high, so the page keeps its tables in view. view: the saved run.
Rectangle {
    id: root

    required property ResultView view
    readonly property color tone: Theme.verdictColor(view.verdict)
    readonly property var brokenLines: view.valid && view.thresholds.brokenCount >= 0 ? view.thresholds.brokenLines() : []

    signal openReport()
    signal showInReports()
    signal dismissed()

    implicitHeight: content.implicitHeight + 2 * Theme.spacingS
    color: Theme.surface
    border.color: root.tone
    border.width: 1
    radius: Theme.radius

    Rectangle {
        width: 6
        height: parent.height
        radius: Theme.radius
        color: root.tone
    }

    RowLayout {
        id: content
        anchors.fill: parent
        anchors.leftMargin: Theme.spacingL + 6
        anchors.rightMargin: Theme.spacingM
        anchors.topMargin: Theme.spacingS
        anchors.bottomMargin: Theme.spacingS
        spacing: Theme.spacingL

        Label {
            objectName: "verdictTitle"
            text: root.view.verdictTitle
            color: root.tone
            font.pixelSize: Theme.fontKpi
            font.bold: true
            Layout.alignment: Qt.AlignVCenter
        }
        ColumnLayout {
            spacing: 0
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            Label {
                objectName: "verdictSentence"
                text: root.view.verdictSentence
                color: Theme.text
                font.pixelSize: Theme.fontNormal
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Label {
                objectName: "verdictBroken"
                visible: root.brokenLines.length > 0
                text: root.brokenLines.join("   ·   ")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.family: Theme.monoFamily
                elide: Text.ElideRight
                Layout.fillWidth: true
                MouseArea { id: brokenArea; anchors.fill: parent; hoverEnabled: true; acceptedButtons: Qt.NoButton }
                ToolTip.visible: brokenArea.containsMouse && truncated
                ToolTip.text: root.brokenLines.join("\n")
            }
        }
        CcButton {
            objectName: "bannerOpenReport"
            text: qsTr("Open report")
            primary: true
            tip: qsTr("Write the HTML report next to the result and open it in the browser")
            onClicked: root.openReport()
        }
        CcButton {
            objectName: "bannerShowInReports"
            text: qsTr("Show in Reports")
            tip: qsTr("The thresholds table, per-name charts and exports of this run")
            onClicked: root.showInReports()
        }
        CcButton {
            text: "✕"
            implicitWidth: Theme.fieldHeight
            tip: qsTr("Hide until the next run")
            onClicked: root.dismissed()
        }
    }
}
