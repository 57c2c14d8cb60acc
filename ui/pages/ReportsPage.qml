pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// Reports page: the saved results of past runs, newest first.
Item {
    id: root

    required property ResultStore store

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacingL
        spacing: Theme.spacingM

        Label {
            text: qsTr("Past runs")
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.text
        }
        Label {
            text: qsTr("Every run started here is saved in %1").arg(root.store.directory)
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }
        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            color: Theme.surface
            border.color: Theme.border
            radius: Theme.radius
            ListView {
                id: list
                objectName: "resultsList"
                anchors.fill: parent
                anchors.margins: 1
                clip: true
                model: root.store
                delegate: ItemDelegate {
                    required property string started
                    required property string summary
                    width: ListView.view.width
                    text: started + "   " + summary
                    font.pixelSize: Theme.fontNormal
                }
                Label {
                    anchors.centerIn: parent
                    visible: list.count === 0
                    text: qsTr("No runs yet. Start one (or click “Try the demo”) and it appears here.")
                    color: Theme.textMuted
                }
            }
        }
    }
}
