pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// What an import made (ImportController's report): the summary, the environment variables that
// replace the recording's credentials, the inferred reply matching and what was skipped.
Dialog {
    id: root

    required property ImportController importer

    objectName: "importReport"
    title: qsTr("Imported")
    modal: true
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 80 : 760, 760)
    padding: Theme.spacingXl
    standardButtons: Dialog.Ok

    contentItem: ScrollView {
        implicitHeight: Math.min(reportColumn.implicitHeight, 460)
        implicitWidth: 700
        contentWidth: availableWidth
        ColumnLayout {
            id: reportColumn
            width: parent.width
            spacing: Theme.spacingM
            Label {
                objectName: "importSummary"
                text: root.importer.summary
                wrapMode: Text.Wrap
                color: Theme.text
                font.bold: true
                Layout.fillWidth: true
            }
            Label {
                visible: root.importer.environment.length > 0
                text: qsTr("Credentials of the recording were left out. Set these environment variables before running:")
                wrapMode: Text.Wrap
                color: Theme.text
                Layout.fillWidth: true
            }
            Repeater {
                objectName: "importEnvironment"
                model: root.importer.environment
                delegate: RowLayout {
                    id: envRow
                    required property var modelData
                    spacing: Theme.spacingL
                    Layout.leftMargin: Theme.spacingL
                    Layout.fillWidth: true
                    Label {
                        text: envRow.modelData.name
                        font.family: Theme.monoFamily
                        color: Theme.text
                        Layout.preferredWidth: 180
                    }
                    Label {
                        text: envRow.modelData.where
                        color: Theme.textMuted
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                }
            }
            Repeater {
                model: root.importer.notes
                delegate: Label {
                    required property string modelData
                    text: "• " + modelData
                    color: Theme.text
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
            }
            Repeater {
                model: root.importer.readErrors
                delegate: Label {
                    required property string modelData
                    text: "⚠ " + modelData
                    color: Theme.warning
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
            }
            Label {
                text: qsTr("The profile is not saved yet: File › Save as… writes it.")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                Layout.fillWidth: true
            }
        }
    }
}
