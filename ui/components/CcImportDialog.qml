pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Cicada

// File › Import: a HAR recording (a file, picked with Browse…) or a pasted "Copy as cURL"
// command becomes a new, unsaved profile (ImportController). An error stays in the dialog, under
// the input, so the user can fix the file or the command; a success closes it and emits
// imported() for the report.
Dialog {
    id: root

    required property ImportController importer
    property string kind: "har" // or "curl"
    property alias harPath: pathField.text
    property alias curlCommand: curlArea.text
    property string error: ""
    signal imported()

    function openFor(which) {
        kind = which
        error = ""
        open()
    }
    function runImport() {
        const ok = kind === "har" ? importer.importHar(pathField.text.trim())
                                  : importer.importCurl(curlArea.text)
        if (!ok) {
            error = importer.lastError
            return
        }
        error = ""
        close()
        imported()
    }

    objectName: "importDialog"
    title: qsTr("Import recorded traffic")
    modal: true
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 80 : 760, 760)
    padding: Theme.spacingXl
    footer: DialogButtonBox {
        CcButton {
            objectName: "importButton"
            text: qsTr("Import")
            primary: true
            enabled: root.kind === "har" ? pathField.text.trim() !== "" : curlArea.text.trim() !== ""
            onClicked: root.runImport()
        }
        CcButton {
            objectName: "importCancel"
            text: qsTr("Cancel")
            onClicked: root.reject()
        }
    }

    contentItem: ColumnLayout {
        spacing: Theme.spacingM

        TabBar {
            id: tabs
            Layout.fillWidth: true
            currentIndex: root.kind === "har" ? 0 : 1
            onCurrentIndexChanged: { root.kind = currentIndex === 0 ? "har" : "curl"; root.error = "" }
            TabButton { text: qsTr("HAR recording"); objectName: "importHarTab" }
            TabButton { text: qsTr("cURL command"); objectName: "importCurlTab" }
        }

        // HAR
        ColumnLayout {
            visible: root.kind === "har"
            spacing: Theme.spacingM
            Layout.fillWidth: true
            Label {
                text: qsTr("A HAR file is what a browser's developer tools save (Network › Save all as HAR). Requests become HTTP steps with their recorded pauses; WebSocket frames recorded by Chromium become connect and send steps that await the matching reply.")
                wrapMode: Text.Wrap
                color: Theme.textMuted
                Layout.fillWidth: true
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingM
                Label { text: qsTr("File"); color: Theme.text }
                TextField {
                    id: pathField
                    objectName: "importHarPath"
                    placeholderText: qsTr("/path/to/recording.har")
                    selectByMouse: true
                    font.family: Theme.monoFamily
                    Layout.fillWidth: true
                    onAccepted: root.runImport()
                }
                CcButton {
                    text: qsTr("Browse…")
                    onClicked: harFileDialog.open()
                }
            }
            CcCheckBox {
                id: staticBox
                text: qsTr("Include static assets (images, scripts, stylesheets, fonts, media)")
                checked: root.importer.includeStaticAssets
                onToggled: root.importer.includeStaticAssets = checked
            }
            CcCheckBox {
                text: qsTr("Include other hosts (analytics, CDNs: hosts other than the first request's)")
                checked: root.importer.allHosts
                onToggled: root.importer.allHosts = checked
            }
        }

        // cURL
        ColumnLayout {
            visible: root.kind === "curl"
            spacing: Theme.spacingM
            Layout.fillWidth: true
            Label {
                text: qsTr("Paste one request copied with the browser's “Copy as cURL” (bash). It becomes a profile with one HTTP step.")
                wrapMode: Text.Wrap
                color: Theme.textMuted
                Layout.fillWidth: true
            }
            ScrollView {
                Layout.fillWidth: true
                Layout.preferredHeight: 180
                TextArea {
                    id: curlArea
                    objectName: "importCurlText"
                    placeholderText: "curl 'https://example.test/api' -H 'content-type: application/json' --data-raw '{…}'"
                    wrapMode: TextEdit.WrapAnywhere
                    selectByMouse: true
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.fontSmall
                    color: Theme.text
                    background: Rectangle {
                        color: Theme.surface
                        border.color: Theme.borderStrong
                        radius: Theme.radius
                    }
                }
            }
        }

        Label {
            text: qsTr("Cookies, Authorization and other credentials of the recording never land in the profile: they become {{env.NAME}} references, listed after the import.")
            wrapMode: Text.Wrap
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            Layout.fillWidth: true
        }

        Rectangle {
            visible: root.error !== ""
            color: Theme.errorBackground
            radius: Theme.radius
            Layout.fillWidth: true
            implicitHeight: errorLabel.implicitHeight + 2 * Theme.spacingM
            Label {
                id: errorLabel
                objectName: "importError"
                anchors.fill: parent
                anchors.margins: Theme.spacingM
                text: root.error
                wrapMode: Text.Wrap
                maximumLineCount: 8
                elide: Text.ElideRight
                color: Theme.danger
                font.family: Theme.monoFamily
                font.pixelSize: Theme.fontSmall
            }
        }
    }

    FileDialog {
        id: harFileDialog
        title: qsTr("Import a HAR recording")
        nameFilters: [qsTr("HAR recordings (*.har *.json)"), qsTr("All files (*)")]
        onAccepted: {
            const url = String(selectedFile)
            pathField.text = decodeURIComponent(url.replace(/^file:\/\//, ""))
            root.runImport()
        }
    }
}
