pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Cicada

// Cicada's window: header (profile, load fields, Start/Stop, status), side navigation, the current
// page, and a status bar with the target and the generator's health.
ApplicationWindow {
    id: window

    // Set by the executable (initial properties).
    property string initialProfile: ""
    property string initialPage: "profile"
    property bool startDemo: false
    property string resultsDirectory: ""
    property string initialSelection: ""
    property bool darkTheme: false
    property string initialImport: ""  // a HAR file to import at start
    property string initialDialog: ""  // import-har, import-curl or run-settings (screenshots)

    property string currentPage: initialPage
    property bool closeConfirmed: false
    property var afterDiscard: null

    readonly property alias document: doc
    readonly property alias run: runController
    readonly property alias demo: demoService
    readonly property alias results: resultStore
    readonly property alias runPage: runPage
    readonly property alias reportsPage: reportsPage
    readonly property alias unsavedDialog: unsavedDialog
    readonly property alias importer: importer
    readonly property alias importDialog: importDialog
    readonly property alias importReport: importReport
    readonly property alias runSettingsDialog: runSettingsDialog
    readonly property alias errorDialog: errorDialog

    width: 1280
    height: 800
    minimumWidth: 1100
    minimumHeight: 680
    visible: true
    title: (doc.dirty ? "• " : "") + (doc.name !== "" ? doc.name : doc.fileName) + " — Cicada"
    color: Theme.window

    palette.window: Theme.window
    palette.windowText: Theme.text
    palette.base: Theme.surface
    palette.alternateBase: Theme.rowAlt
    palette.text: Theme.text
    palette.button: Theme.surface
    palette.buttonText: Theme.text
    palette.highlight: Theme.accentFill
    palette.highlightedText: Theme.textOnAccent
    palette.placeholderText: Theme.textMuted
    palette.toolTipBase: Theme.surface
    palette.toolTipText: Theme.text
    palette.mid: Theme.border
    palette.dark: Theme.borderStrong
    palette.light: Theme.surface

    ProfileDocument {
        id: doc
        onFileUsed: path => recent.add(path)
    }
    RecentFiles { id: recent }
    DemoService { id: demoService }
    ResultStore {
        id: resultStore
        Component.onCompleted: if (window.resultsDirectory !== "") directory = window.resultsDirectory
    }
    RunController {
        id: runController
        document: doc
        resultStore: resultStore
    }
    ImportController { id: importer; document: doc }
    Connections {
        target: runController
        // The finished run is the one the Reports page shows first.
        function onFinished() {
            if (runController.lastResultPath !== "")
                reportsPage.select(runController.lastResultPath)
        }
    }

    function showPage(name) { currentPage = name }

    // "Try the demo": start the embedded server, open the example pointed at it, run it.
    function tryDemo() {
        if (runController.active)
            return false
        if (!demoService.start()) {
            errorDialog.show(qsTr("Try the demo"), demoService.errorString)
            return false
        }
        doc.loadExample(demoService.baseUrl, demoService.brokerUrl)
        showPage("run")
        if (runController.start())
            return true
        errorDialog.show(qsTr("Cannot start"), runController.lastError) // e.g. the metrics port
        return false
    }

    function startRun() {
        if (!runController.canStart) {
            errorDialog.show(qsTr("Cannot start"), runController.startBlockedReason)
            return
        }
        if (runController.start())
            showPage("run")
        else
            errorDialog.show(qsTr("Cannot start"), runController.lastError)
    }

    // Runs fn now, or after the user saved or discarded unsaved changes.
    function withSavedChanges(fn) {
        if (!doc.dirty) {
            fn()
            return
        }
        afterDiscard = fn
        unsavedDialog.open()
    }
    function newProfile() { withSavedChanges(() => { doc.newProfile(); showPage("profile") }) }
    function newWebSocketProfile() { withSavedChanges(() => { doc.newWebSocketProfile(); showPage("profile") }) }
    function openProfile() { withSavedChanges(() => openDialog.open()) }
    // File › Import: the imported profile replaces the document, so unsaved changes are asked
    // about first.
    function importRecording(kind) { withSavedChanges(() => importDialog.openFor(kind)) }
    function importHarFile(path) {
        withSavedChanges(() => {
            if (importer.importHar(path)) {
                showPage("profile")
                importReport.open()
            } else {
                errorDialog.show(qsTr("Cannot import the recording"), importer.lastError)
            }
        })
    }
    function openPath(path) {
        withSavedChanges(() => {
            if (!doc.open(path))
                errorDialog.show(qsTr("Cannot open the profile"), doc.lastError)
            else
                showPage("profile")
        })
    }
    function save() {
        if (doc.filePath === "") {
            saveDialog.open()
            return false
        }
        if (!doc.save()) {
            errorDialog.show(qsTr("Cannot save"), doc.lastError)
            return false
        }
        return true
    }

    onClosing: close => {
        if (doc.dirty && !closeConfirmed) {
            close.accepted = false
            afterDiscard = () => { closeConfirmed = true; window.close() }
            unsavedDialog.open()
        }
    }

    Component.onCompleted: {
        Theme.dark = darkTheme
        runController.restoreSettings() // before a run may start (--demo)
        if (initialProfile !== "")
            openPath(initialProfile)
        // With a profile given, --demo runs that profile (written for the demo's address) instead
        // of the bundled example.
        if (startDemo && initialProfile !== "" && doc.filePath !== "" && demoService.start())
            startRun()
        else if (startDemo)
            tryDemo()
        if (initialSelection !== "")
            profilePage.show(initialSelection)
        if (initialImport !== "")
            importHarFile(initialImport)
        if (initialDialog === "import-har" || initialDialog === "import-curl")
            importRecording(initialDialog.slice(7))
        else if (initialDialog === "run-settings")
            runSettingsDialog.open()
    }

    Shortcut { sequences: [StandardKey.New]; onActivated: window.newProfile() }
    Shortcut { sequences: [StandardKey.Open]; onActivated: window.openProfile() }
    Shortcut { sequences: [StandardKey.Save]; onActivated: window.save() }
    Shortcut { sequences: [StandardKey.SaveAs]; onActivated: saveDialog.open() }
    // A focused text field undoes its own typing first (Qt's TextInput takes Ctrl+Z); the
    // document's history covers every edit, structure included.
    Shortcut { objectName: "undoShortcut"; sequences: [StandardKey.Undo]; enabled: doc.canUndo; onActivated: doc.undo() }
    Shortcut { objectName: "redoShortcut"; sequences: ["Ctrl+Shift+Z", StandardKey.Redo]; enabled: doc.canRedo; onActivated: doc.redo() }
    Shortcut { sequences: ["Ctrl+Return", "F5"]; enabled: runController.canStart; onActivated: window.startRun() }
    Shortcut { sequences: ["Ctrl+.", "Shift+F5"]; enabled: runController.active; onActivated: runController.stop() }
    Shortcut { sequences: ["Ctrl+1"]; onActivated: window.showPage("profile") }
    Shortcut { sequences: ["Ctrl+2"]; onActivated: window.showPage("run") }
    Shortcut { sequences: ["Ctrl+3"]; onActivated: window.showPage("reports") }

    menuBar: MenuBar {
        font.pixelSize: Theme.fontNormal
        Menu {
            title: qsTr("&File")
            MenuItem { text: qsTr("&New profile\tCtrl+N"); onTriggered: window.newProfile() }
            MenuItem { text: qsTr("New &WebSocket profile"); objectName: "newWebSocketProfile"; onTriggered: window.newWebSocketProfile() }
            MenuItem { text: qsTr("&Open…\tCtrl+O"); onTriggered: window.openProfile() }
            Menu {
                id: recentMenu
                title: qsTr("Open &recent")
                enabled: recent.files.length > 0
                Instantiator {
                    model: recent.files
                    delegate: MenuItem {
                        required property string modelData
                        text: modelData
                        onTriggered: window.openPath(modelData)
                    }
                    onObjectAdded: (index, object) => recentMenu.insertItem(index, object)
                    onObjectRemoved: (index, object) => recentMenu.removeItem(object)
                }
                MenuSeparator {}
                MenuItem { text: qsTr("Clear list"); onTriggered: recent.clear() }
            }
            MenuSeparator {}
            MenuItem { text: qsTr("&Import HAR recording…"); objectName: "importHar"; onTriggered: window.importRecording("har") }
            MenuItem { text: qsTr("Import c&URL command…"); objectName: "importCurl"; onTriggered: window.importRecording("curl") }
            MenuSeparator {}
            MenuItem { text: qsTr("&Save\tCtrl+S"); onTriggered: window.save() }
            MenuItem { text: qsTr("Save &as…\tCtrl+Shift+S"); onTriggered: saveDialog.open() }
            MenuSeparator {}
            MenuItem { text: qsTr("&Quit\tCtrl+Q"); onTriggered: window.close() }
        }
        Menu {
            title: qsTr("&Edit")
            MenuItem {
                objectName: "undoMenuItem"
                text: (doc.canUndo ? qsTr("&Undo %1").arg(doc.undoText) : qsTr("&Undo")) + "\tCtrl+Z"
                enabled: doc.canUndo
                onTriggered: doc.undo()
            }
            MenuItem {
                objectName: "redoMenuItem"
                text: (doc.canRedo ? qsTr("&Redo %1").arg(doc.redoText) : qsTr("&Redo")) + "\tCtrl+Shift+Z"
                enabled: doc.canRedo
                onTriggered: doc.redo()
            }
        }
        Menu {
            title: qsTr("&Run")
            MenuItem { text: qsTr("&Start\tCtrl+Enter"); enabled: runController.canStart; onTriggered: window.startRun() }
            MenuItem { text: qsTr("S&top\tCtrl+."); enabled: runController.active; onTriggered: runController.stop() }
            MenuSeparator {}
            // Like the side bar's button: the example replaces the document, so ask about unsaved
            // changes first.
            MenuItem { objectName: "tryDemoMenuItem"; text: qsTr("Try the &demo"); enabled: !runController.active; onTriggered: window.withSavedChanges(() => window.tryDemo()) }
            MenuSeparator {}
            MenuItem { text: qsTr("Run s&ettings…"); objectName: "runSettings"; onTriggered: runSettingsDialog.open() }
        }
        Menu {
            title: qsTr("&View")
            MenuItem { text: qsTr("&Profile\tCtrl+1"); onTriggered: window.showPage("profile") }
            MenuItem { text: qsTr("&Run\tCtrl+2"); onTriggered: window.showPage("run") }
            MenuItem { text: qsTr("R&eports\tCtrl+3"); onTriggered: window.showPage("reports") }
            MenuSeparator {}
            MenuItem { text: qsTr("&Dark theme"); checkable: true; checked: Theme.dark; onTriggered: Theme.dark = checked }
        }
    }

    header: Rectangle {
        implicitHeight: Theme.headerHeight
        color: Theme.header

        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: Theme.spacingL
            anchors.rightMargin: Theme.spacingL
            spacing: Theme.spacingM

            Label {
                text: "◉ Cicada"
                color: Theme.headerText
                font.pixelSize: Theme.fontTitle
                font.bold: true
            }
            Rectangle { width: 1; height: 28; color: Theme.headerMuted; opacity: 0.4 }
            ColumnLayout {
                spacing: 0
                Layout.fillWidth: true
                Layout.minimumWidth: 120
                RowLayout {
                    spacing: Theme.spacingS
                    Label {
                        objectName: "profileTitle"
                        text: doc.name !== "" ? doc.name : qsTr("Untitled profile")
                        color: Theme.headerText
                        font.pixelSize: Theme.fontLarge
                        font.bold: true
                        elide: Text.ElideRight
                        Layout.maximumWidth: 360
                    }
                    Rectangle {
                        objectName: "dirtyDot"
                        visible: doc.dirty
                        width: 9; height: 9; radius: 4.5
                        color: Theme.dirty
                        ToolTip.visible: dotArea.containsMouse
                        ToolTip.text: qsTr("Unsaved changes")
                        MouseArea { id: dotArea; anchors.fill: parent; hoverEnabled: true }
                    }
                }
                Label {
                    objectName: "profilePath"
                    text: doc.filePath !== "" ? doc.displayPath : qsTr("not saved yet")
                    color: Theme.headerMuted
                    font.pixelSize: Theme.fontSmall
                    elide: Text.ElideMiddle
                    Layout.fillWidth: true
                }
            }

            component HeaderField: RowLayout {
                id: hf
                required property string caption
                required property string path
                property string kind: "number"
                property int fieldWidth: 64
                property string tip: ""
                signal committed()
                readonly property bool invalid: (doc.revision < 0 ? undefined : doc.messageFor(path) !== "")
                spacing: Theme.spacingS
                Label { text: hf.caption; color: Theme.headerMuted; font.pixelSize: Theme.fontSmall }
                TextField {
                    objectName: "header:" + hf.path
                    Layout.preferredWidth: hf.fieldWidth
                    Layout.preferredHeight: Theme.fieldHeight
                    font.pixelSize: Theme.fontNormal
                    font.family: Theme.monoFamily
                    horizontalAlignment: TextInput.AlignRight
                    selectByMouse: true
                    text: doc.revision < 0 ? undefined : doc.text(hf.path)
                    color: Theme.text
                    onTextEdited: hf.kind === "number" ? doc.setNumber(hf.path, text) : doc.setText(hf.path, text)
                    onEditingFinished: hf.committed()
                    background: Rectangle {
                        radius: Theme.radius
                        color: Theme.surface
                        border.width: hf.invalid ? 2 : 1
                        border.color: hf.invalid ? Theme.danger : Theme.borderStrong
                    }
                    ToolTip.visible: hovered || hf.invalid && activeFocus
                    ToolTip.text: hf.invalid ? doc.messageFor(hf.path) : hf.tip
                    ToolTip.delay: hf.invalid ? 0 : 600
                }
            }
            HeaderField {
                caption: qsTr("Users")
                path: "$.load.users"
                tip: qsTr("Peak number of concurrent users. While running, Enter changes the live user count.")
                Component.onCompleted: committed.connect(() => {
                    if (runController.active)
                        runController.changeUsers(Number(doc.text("$.load.users")))
                })
            }
            HeaderField { caption: qsTr("Rate"); path: "$.load.spawnRate"; fieldWidth: 52; tip: qsTr("Users started per second") }
            HeaderField { caption: qsTr("Time"); path: "$.load.runTime"; kind: "duration"; fieldWidth: 64; tip: qsTr("Run time, e.g. 30s, 5m, 1h30m; 0s = until stopped") }

            CcButton {
                objectName: "startButton"
                text: qsTr("▶ Start")
                primary: true
                enabled: runController.canStart
                tip: runController.canStart ? qsTr("Start the run (Ctrl+Enter)") : runController.startBlockedReason
                Layout.preferredWidth: 84
                onClicked: window.startRun()
            }
            CcButton {
                objectName: "stopButton"
                text: qsTr("■ Stop")
                danger: runController.active
                enabled: runController.active && runController.state !== "stopping"
                tip: qsTr("Stop the run (Ctrl+.)")
                Layout.preferredWidth: 76
                onClicked: runController.stop()
            }
            CcStatusPill {
                objectName: "statusPill"
                state: runController.state
                text: runController.statusText
                Layout.preferredWidth: 150
            }
        }
    }

    footer: Rectangle {
        implicitHeight: Theme.statusBarHeight
        color: runController.bottleneck ? Theme.warningBackground : Theme.nav
        Rectangle { width: parent.width; height: 1; color: Theme.border }
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: Theme.spacingL
            anchors.rightMargin: Theme.spacingL
            spacing: Theme.spacingL
            Label {
                objectName: "statusTarget"
                text: {
                    if (doc.revision < 0) return undefined // a dependency: re-evaluate on edits
                    const b = doc.text("$.target.brokerUrl"), h = doc.text("$.target.baseUrl")
                    return qsTr("target %1").arg(b !== "" ? b : h !== "" ? h : qsTr("(none)"))
                }
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                elide: Text.ElideMiddle
                Layout.maximumWidth: 380
            }
            Label {
                visible: demoService.running
                text: qsTr("demo server on port %1").arg(demoService.port)
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
            Label {
                objectName: "statusHealth"
                text: (runController.bottleneck ? "⚠ " : "") + runController.healthText
                color: runController.bottleneck ? Theme.warning : Theme.textMuted
                font.bold: runController.bottleneck
                font.pixelSize: Theme.fontSmall
                MouseArea { id: healthArea; anchors.fill: parent; hoverEnabled: true }
                ToolTip.visible: healthArea.containsMouse
                ToolTip.text: runController.healthTooltip
            }
            Label {
                objectName: "statusMetrics"
                visible: runController.metricsUrl !== ""
                text: qsTr("metrics at %1").arg(runController.metricsUrl)
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                MouseArea { id: metricsArea; anchors.fill: parent; hoverEnabled: true; onClicked: runSettingsDialog.open() }
                ToolTip.visible: metricsArea.containsMouse
                ToolTip.text: qsTr("Prometheus can scrape this run's live metrics here (Run › Run settings…)")
            }
            Item { Layout.fillWidth: true }
            Label {
                objectName: "statusValidity"
                text: doc.errorCount > 0 ? qsTr("%n error(s) in the profile", "", doc.errorCount) : ""
                visible: text !== ""
                color: Theme.danger
                font.pixelSize: Theme.fontSmall
            }
            Label {
                text: doc.dirty ? qsTr("unsaved changes") : (doc.filePath !== "" ? qsTr("saved ✓") : qsTr("not saved"))
                color: doc.dirty ? Theme.warning : Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.preferredWidth: Theme.navWidth
            Layout.fillHeight: true
            color: Theme.nav
            ColumnLayout {
                anchors.fill: parent
                anchors.topMargin: Theme.spacingM
                spacing: 0
                CcNavButton { objectName: "navProfile"; text: qsTr("Profile"); current: window.currentPage === "profile"; Layout.fillWidth: true; hint: qsTr("Edit the profile (Ctrl+1)"); onClicked: window.showPage("profile") }
                CcNavButton { objectName: "navRun"; text: qsTr("Run"); current: window.currentPage === "run"; Layout.fillWidth: true; hint: qsTr("Live charts and statistics (Ctrl+2)"); onClicked: window.showPage("run") }
                CcNavButton { objectName: "navReports"; text: qsTr("Reports"); current: window.currentPage === "reports"; Layout.fillWidth: true; hint: qsTr("Past runs and exports (Ctrl+3)"); onClicked: window.showPage("reports") }
                Rectangle { Layout.fillWidth: true; Layout.margins: Theme.spacingM; height: 1; color: Theme.border }
                CcNavButton {
                    objectName: "navDemo"
                    text: qsTr("Try the demo ▸")
                    Layout.fillWidth: true
                    enabled: !runController.active
                    hint: qsTr("Start the built-in demo server, open the example chat profile and run it")
                    onClicked: window.withSavedChanges(() => window.tryDemo())
                }
                Item { Layout.fillHeight: true }
            }
        }
        Rectangle { Layout.fillHeight: true; width: 1; color: Theme.border }

        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: ["profile", "run", "reports"].indexOf(window.currentPage)

            ProfilePage { id: profilePage; document: doc }
            RunPage { id: runPage; run: runController }
            ReportsPage { id: reportsPage; store: resultStore }
        }
    }

    FileDialog {
        id: openDialog
        title: qsTr("Open profile")
        nameFilters: [qsTr("Cicada profiles (*.cicada.json *.json)"), qsTr("All files (*)")]
        onAccepted: {
            if (!doc.openUrl(selectedFile))
                errorDialog.show(qsTr("Cannot open the profile"), doc.lastError)
            else
                window.showPage("profile")
        }
    }
    FileDialog {
        id: saveDialog
        title: qsTr("Save profile as")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "cicada.json"
        nameFilters: [qsTr("Cicada profiles (*.cicada.json)")]
        onAccepted: {
            if (!doc.saveAsUrl(selectedFile))
                errorDialog.show(qsTr("Cannot save"), doc.lastError)
            else if (window.afterDiscard) {
                const fn = window.afterDiscard
                window.afterDiscard = null
                fn()
            }
        }
    }

    CcImportDialog {
        id: importDialog
        importer: importer
        onImported: {
            window.showPage("profile")
            importReport.open()
        }
    }
    CcImportReport { id: importReport; importer: importer }
    CcRunSettingsDialog { id: runSettingsDialog; run: runController }

    Dialog {
        id: unsavedDialog
        objectName: "unsavedDialog"
        title: qsTr("Unsaved changes")
        modal: true
        anchors.centerIn: parent
        width: 480
        standardButtons: Dialog.Save | Dialog.Discard | Dialog.Cancel
        contentItem: Label {
            text: qsTr("“%1” has unsaved changes. Save them first?").arg(doc.name !== "" ? doc.name : doc.fileName)
            color: Theme.text
            wrapMode: Text.Wrap
        }
        onAccepted: {
            // Save: continue once the file is written (Save As asks for a name first).
            if (doc.filePath === "") {
                saveDialog.open()
                return
            }
            if (window.save() && window.afterDiscard) {
                const fn = window.afterDiscard
                window.afterDiscard = null
                fn()
            }
        }
        onDiscarded: {
            unsavedDialog.close()
            const fn = window.afterDiscard
            window.afterDiscard = null
            if (fn)
                fn()
        }
        onRejected: window.afterDiscard = null
    }

    Dialog {
        id: errorDialog
        objectName: "errorDialog"
        property string message: ""
        function show(title, message) {
            errorDialog.title = title
            errorDialog.message = message
            open()
        }
        modal: true
        anchors.centerIn: parent
        width: Math.min(window.width - 80, 720)
        standardButtons: Dialog.Ok
        contentItem: ScrollView {
            implicitHeight: Math.min(errorText.implicitHeight, 360)
            implicitWidth: 640
            Label {
                id: errorText
                width: errorDialog.availableWidth
                text: errorDialog.message
                wrapMode: Text.Wrap
                color: Theme.text
                font.family: Theme.monoFamily
                font.pixelSize: Theme.fontSmall
            }
        }
    }
}
