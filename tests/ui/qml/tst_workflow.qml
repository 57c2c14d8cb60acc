import QtQuick
import QtTest
import QtQuick.Controls
import Cicada
import CicadaTest

// The first-run story in the whole window: "Try the demo", watch the charts move, stop, edit the
// cookie and a payload template, save, reopen.
Item {
    id: root

    Main {
        id: app
        resultsDirectory: TestEnv.tempDir + "/results"
    }

    TestCase {
        name: "Workflow"
        when: windowShown

        // keyClick() goes to the test's own window; the app is another window, so a field
        // edit is simulated the way TextField reports one.
        function typeInto(item, text) {
            mouseClick(item)
            item.text = text
            item.textEdited()
        }

        // Scrolls the Profile page's left column so that @p item is in view (the Load section
        // sits above the cookies).
        function scrollTo(item) {
            const flick = findChild(app.contentItem, "leftScroll").contentItem
            const y = item.mapToItem(flick.contentItem, 0, 0).y
            flick.contentY = Math.max(0, Math.min(y - 40, flick.contentHeight - flick.height))
            wait(0)
        }

        function test_tryTheDemoRunStopEditSaveReopen() {
            app.demo.preferredPort = 0
            const demoButton = findChild(app.contentItem, "navDemo")
            verify(demoButton)
            mouseClick(demoButton)
            verify(app.demo.running, app.demo.errorString)
            compare(app.currentPage, "run")
            tryCompare(app.run, "state", "running", 8000)
            tryVerify(() => app.runPage.rpsChart.pointCount >= 2, 8000, "the charts move")
            const pill = findChild(app.header, "statusPillText")
            verify(pill.text.indexOf("Running") === 0, pill.text)

            mouseClick(findChild(app.header, "stopButton"))
            tryCompare(app.run, "state", "stopped", 15000)
            tryCompare(app.results, "count", 1, 3000)
            verify(TestEnv.exists(app.run.lastResultPath))

            // The Reports page lists the run, opens it and exports the HTML report.
            mouseClick(findChild(app.contentItem, "navReports"))
            compare(app.currentPage, "reports")
            const reports = app.reportsPage
            compare(reports.view.path, app.run.lastResultPath)
            verify(reports.view.valid)
            verify(reports.view.stats.rowCount >= 3)
            const html = TestEnv.tempDir + "/demo-report.html"
            compare(reports.view.exportHtml(html), "")
            verify(TestEnv.read(html).indexOf("<svg") > 0)

            // Edit the cookie and a payload template on the Profile page.
            mouseClick(findChild(app.contentItem, "navProfile"))
            compare(app.currentPage, "profile")
            scrollTo(findChild(app.contentItem, "add:$.cookies"))
            mouseClick(findChild(app.contentItem, "add:$.cookies"))
            wait(50)
            typeInto(findChild(app.contentItem, "field:$.cookies[0].value"), "demo-session")
            compare(app.document.text("$.cookies[0].value"), "demo-session")
            app.document.setTemplateBody("typing", "json", '{"type": "typing", "id": "{{uuid}}", "by": "{{user.index}}"}')
            verify(app.document.valid)
            verify(app.document.dirty)
            const dot = findChild(app.header, "dirtyDot")
            verify(dot.visible)

            // Save (the dialog is the platform's; the document call is what it does), reopen.
            const path = TestEnv.tempDir + "/mine.cicada.json"
            verify(app.document.saveAs(path))
            verify(!dot.visible)
            verify(TestEnv.read(path).indexOf('"by": "{{user.index}}"') > 0)
            app.document.newProfile()
            app.openPath(path)
            compare(app.document.filePath, path)
            compare(app.document.text("$.cookies[0].value"), "demo-session")
            verify(app.document.templateBody("typing").indexOf("by") > 0)

            // Start again from the header: the edited profile runs.
            app.document.setText("$.load.runTime", "2s")
            mouseClick(findChild(app.header, "startButton"))
            tryCompare(app.run, "state", "stopped", 15000)
            verify(app.run.totalRequests > 0)
            tryCompare(app.results, "count", 2, 3000)

            // Compare the two runs.
            mouseClick(findChild(app.contentItem, "navReports"))
            mouseClick(findChild(app.contentItem, "check:0"))
            mouseClick(findChild(app.contentItem, "check:1"))
            mouseClick(findChild(app.contentItem, "compareButton"))
            verify(app.reportsPage.comparing)
            verify(app.reportsPage.compareModel.rowCount() >= 3)
            app.demo.stop()
        }

        // A menu item of the window's menu bar, by objectName.
        function menuItem(name) {
            for (let m = 0; m < app.menuBar.count; ++m) {
                const menu = app.menuBar.menuAt(m)
                for (let i = 0; i < menu.count; ++i) {
                    const item = menu.itemAt(i)
                    if (item && item.objectName === name)
                        return item
                }
            }
            return null
        }

        // Edit › Undo / Redo: a field edit and a structure edit, the labels, and the dirty flag
        // back at the saved state.
        function test_editMenuUndoesAndRedoes() {
            app.document.newProfile()
            const undo = menuItem("undoMenuItem")
            const redo = menuItem("redoMenuItem")
            verify(undo && redo)
            verify(!undo.enabled)
            app.document.setText("$.name", "edited")
            app.document.addTask("$.userTypes[0]")
            verify(undo.enabled)
            verify(undo.text.indexOf("add task") >= 0, undo.text)
            undo.triggered()
            compare(app.document.count("$.userTypes[0].tasks"), 1)
            compare(app.document.name, "edited")
            verify(redo.enabled)
            undo.triggered()
            compare(app.document.name, "New profile")
            verify(!app.document.dirty)
            verify(!undo.enabled)
            redo.triggered()
            compare(app.document.name, "edited")
            verify(app.document.dirty)
            app.document.newProfile() // clean for the next test
        }

        // Run › Try the demo replaces the document: like the side bar's button, it asks first.
        function test_tryTheDemoFromTheMenuAsksAboutUnsavedChanges() {
            app.document.newProfile()
            app.document.setText("$.name", "edited")
            const item = menuItem("tryDemoMenuItem")
            verify(item)
            item.triggered()
            tryVerify(() => app.unsavedDialog.opened, 2000, "the unsaved-changes prompt opens")
            mouseClick(app.unsavedDialog.standardButton(Dialog.Cancel))
            tryVerify(() => !app.unsavedDialog.visible, 2000)
            compare(app.document.name, "edited")
            verify(!app.demo.running)
            verify(!app.run.active)
            app.document.newProfile() // clean for the next test
        }

        function test_unsavedChangesAreNotLostSilently() {
            app.document.newProfile()
            app.document.setText("$.name", "edited")
            verify(app.document.dirty)
            app.newProfile()
            tryVerify(() => app.unsavedDialog.opened, 2000, "the unsaved-changes prompt opens")
            compare(app.document.name, "edited") // nothing happened yet
            mouseClick(app.unsavedDialog.standardButton(Dialog.Cancel))
            tryVerify(() => !app.unsavedDialog.visible, 2000)
            compare(app.document.name, "edited")
            app.newProfile()
            tryVerify(() => app.unsavedDialog.opened, 2000)
            mouseClick(app.unsavedDialog.standardButton(Dialog.Discard))
            tryCompare(app.document, "name", "New profile", 2000)
            verify(!app.document.dirty)
        }

        // File › Import: the prompt for unsaved changes first, an error stays in the dialog, a
        // good command replaces the document (unsaved) and the report lists its variable.
        function test_importACurlCommandThroughTheDialog() {
            app.document.newProfile()
            app.document.setText("$.name", "edited")
            app.importRecording("curl")
            tryVerify(() => app.unsavedDialog.opened, 2000, "the unsaved-changes prompt opens")
            mouseClick(app.unsavedDialog.standardButton(Dialog.Discard))
            tryVerify(() => app.importDialog.opened, 2000, "the import dialog opens")
            compare(app.importDialog.kind, "curl")

            app.importDialog.curlCommand = "wget http://127.0.0.1:1/"
            mouseClick(findChild(app.importDialog, "importButton"))
            const error = findChild(app.importDialog, "importError")
            verify(error.visible)
            verify(error.text.indexOf("not a curl command") >= 0, error.text)
            verify(app.importDialog.opened)
            compare(app.document.name, "edited") // the document stays until an import succeeds

            app.importDialog.curlCommand = "curl 'http://127.0.0.1:1/api/echo' -H 'Authorization: Bearer rec0rded' --data-raw 'x=1'"
            mouseClick(findChild(app.importDialog, "importButton"))
            tryVerify(() => app.importReport.opened, 2000, "the report opens")
            verify(!app.importDialog.visible)
            compare(app.currentPage, "profile")
            verify(app.document.dirty)
            compare(app.document.filePath, "")
            compare(app.document.text("$.target.baseUrl"), "http://127.0.0.1:1")
            compare(app.importer.environment.length, 1)
            compare(app.importer.environment[0].name, "AUTHORIZATION")
            verify(findChild(app.importReport, "importSummary").text.indexOf("1 HTTP request") >= 0)
            app.importReport.close()
            tryVerify(() => !app.importReport.visible, 2000)
            app.document.newProfile() // clean for the next test
        }

        function test_importAHarFileFromTheCommandLineOption() {
            app.document.newProfile()
            const har = TestEnv.examplePath.replace("resources/profiles/demo-chat.cicada.json",
                                                    "tests/data/har/demo-chat.har")
            app.importHarFile(har)
            tryVerify(() => app.importReport.opened, 2000, "the report opens")
            compare(app.document.text("$.target.brokerUrl"), "ws://127.0.0.1:8765/broker")
            compare(app.importer.environment.length, 4)
            app.importReport.close()
            tryVerify(() => !app.importReport.visible, 2000)
            // The imported profile is unsaved: replacing it asks first.
            verify(app.document.dirty)
            app.importHarFile(TestEnv.tempDir + "/missing.har")
            tryVerify(() => app.unsavedDialog.opened, 2000, "the unsaved-changes prompt opens")
            mouseClick(app.unsavedDialog.standardButton(Dialog.Discard))
            tryVerify(() => app.errorDialog.opened, 2000, "the error is shown")
            verify(app.errorDialog.message.indexOf("missing.har") >= 0, app.errorDialog.message)
            app.errorDialog.close()
            tryVerify(() => !app.errorDialog.visible, 2000)
            app.document.newProfile() // clean for the next test

            // Cancel closes the dialog and leaves the document.
            app.importRecording("har")
            tryVerify(() => app.importDialog.opened, 2000)
            compare(app.importDialog.kind, "har")
            mouseClick(findChild(app.importDialog, "importCancel"))
            tryVerify(() => !app.importDialog.visible, 2000, "Cancel closes the dialog")
            compare(app.document.name, "New profile")
        }
    }
}
