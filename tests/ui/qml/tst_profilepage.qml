import QtQuick
import QtTest
import Cicada
import CicadaTest

// The Profile page edits the document: fields change the profile, validation messages appear as
// you type, templates preview live, secrets are masked, steps are added, reordered and removed.
// Each step form writes its keys (the tests fail when a form stops writing one), and the outline
// shows a wsConnect's onConnect steps.
Item {
    id: root
    width: 1280
    height: 760

    ProfileDocument { id: doc }
    ProfilePage { id: page; anchors.fill: parent; document: doc }

    TestCase {
        name: "ProfilePage"
        when: windowShown

        function typeInto(item, text) {
            mouseClick(item) // also activates the window, so keys reach it
            item.forceActiveFocus()
            item.selectAll()
            keyClick(Qt.Key_Delete)
            for (const c of text)
                keyClick(c)
        }

        // The step form's controls are created when a step is selected: find them after a frame.
        function control(name) {
            let item = null
            tryVerify(() => (item = findChild(page, name)) !== null, 1000, name)
            return item
        }

        // Scrolls the left column so that @p item is in view (the Load section sits above the
        // cookies, headers and variables).
        function scrollTo(item) {
            const flick = findChild(page, "leftScroll").contentItem
            const y = item.mapToItem(flick.contentItem, 0, 0).y
            flick.contentY = Math.max(0, Math.min(y - 40, flick.contentHeight - flick.height))
            wait(0)
        }

        function choose(combo, index) {
            combo.currentIndex = index
            combo.activated(index)
        }

        function outlineRow(path) {
            const list = findChild(page, "outlineList")
            return list.model.rowOf(path)
        }

        function init() {
            verify(doc.open(TestEnv.examplePath))
            page.selectedPath = ""
            wait(0)
        }

        function test_editingAFieldChangesTheProfile() {
            const field = findChild(page, "field:$.target.baseUrl")
            verify(field)
            typeInto(field, "http://127.0.0.1:9")
            compare(doc.text("$.target.baseUrl"), "http://127.0.0.1:9")
            verify(doc.dirty)
        }

        function test_validationMessagesAppearAsYouType() {
            const field = findChild(page, "field:$.target.baseUrl")
            const message = findChild(page, "message:$.target.baseUrl")
            verify(message)
            compare(message.visible, false)
            typeInto(field, "ftp://x")
            verify(message.visible)
            verify(message.text.indexOf("http") >= 0, message.text)
            verify(!doc.valid)
            const title = findChild(page, "issuesTitle")
            verify(title.text.indexOf("error") >= 0)
            typeInto(field, "http://x")
            compare(message.visible, false)
            verify(doc.valid)
        }

        function test_templatePreviewFollowsTheBody() {
            page.selectedPath = "$.templates.chat"
            wait(50)
            const body = findChild(page, "templateBody")
            const preview = findChild(page, "templatePreview")
            verify(body)
            verify(preview)
            verify(preview.text.indexOf("lobby") >= 0, preview.text)
            typeInto(body, '{"n": "#{{user.seq}}"}')
            tryVerify(() => preview.text.indexOf('"n": "#1"') >= 0, 1000, preview.text)
            typeInto(body, '{"n": "{{nope}}"}')
            const messages = findChild(page, "templateMessages")
            tryVerify(() => messages.text.indexOf("unknown placeholder") >= 0, 1000, messages.text)
        }

        function test_cookieValuesAreMaskedWithARevealToggle() {
            const add = findChild(page, "add:$.cookies")
            verify(add)
            scrollTo(add)
            mouseClick(add)
            compare(doc.count("$.cookies"), 1)
            wait(50)
            const value = findChild(page, "field:$.cookies[0].value")
            verify(value)
            scrollTo(value)
            compare(value.echoMode, TextInput.Password)
            typeInto(value, "s3cret")
            compare(doc.text("$.cookies[0].value"), "s3cret")
            mouseClick(findChild(page, "reveal:$.cookies[0].value"))
            compare(value.echoMode, TextInput.Normal)
        }

        function test_stepsAreAddedReorderedAndRemoved() {
            const outline = findChild(page, "outline")
            page.selectedPath = "$.userTypes[0].tasks[0]"
            outline.addStep("think")
            compare(doc.count("$.userTypes[0].tasks[0].steps"), 2)
            compare(page.selectedPath, "$.userTypes[0].tasks[0].steps[1]")
            mouseClick(findChild(page, "moveUp"))
            compare(doc.stepKind("$.userTypes[0].tasks[0].steps[0]"), "think")
            compare(page.selectedPath, "$.userTypes[0].tasks[0].steps[0]")
            const pause = findChild(page, "field:$.userTypes[0].tasks[0].steps[0].think")
            verify(pause)
            typeInto(pause, "2s")
            compare(doc.text("$.userTypes[0].tasks[0].steps[0].think"), "2s")
            mouseClick(findChild(page, "deleteNode"))
            const dialog = findChild(page, "deleteDialog")
            tryVerify(() => dialog.opened, 2000, "Delete asks first")
            mouseClick(findChild(dialog, "confirmDelete"))
            tryVerify(() => !dialog.visible, 2000)
            compare(doc.count("$.userTypes[0].tasks[0].steps"), 1)
            verify(doc.valid)
        }

        // Deleting a user type asks first; Cancel keeps it, Delete removes it, Undo brings it back.
        function test_deletingAUserTypeAsksAndCanBeUndone() {
            const userTypes = doc.count("$.userTypes")
            const name = doc.text("$.userTypes[0].name")
            page.selectedPath = "$.userTypes[0]"
            wait(0)
            const dialog = findChild(page, "deleteDialog")
            mouseClick(findChild(page, "deleteNode"))
            tryVerify(() => dialog.opened, 2000, "the confirmation opens")
            const question = findChild(dialog, "deleteQuestion")
            verify(question.text.indexOf("“" + name + "”") >= 0, question.text)
            verify(question.text.indexOf("task") >= 0, question.text) // says what goes with it
            mouseClick(findChild(dialog, "cancelDelete"))
            tryVerify(() => !dialog.visible, 2000)
            compare(doc.count("$.userTypes"), userTypes)
            compare(page.selectedPath, "$.userTypes[0]")

            mouseClick(findChild(page, "deleteNode"))
            tryVerify(() => dialog.opened, 2000)
            mouseClick(findChild(dialog, "confirmDelete"))
            tryVerify(() => !dialog.visible, 2000)
            compare(doc.count("$.userTypes"), userTypes - 1)
            verify(doc.dirty)
            verify(doc.canUndo)
            doc.undo()
            compare(doc.count("$.userTypes"), userTypes)
            compare(doc.text("$.userTypes[0].name"), name)
            verify(!doc.dirty) // back at the state the file holds
            tryVerify(() => outlineRow("$.userTypes[0]") >= 0, 1000, "the tree shows it again")
        }

        // The problem list: every issue (no cap), named for people with the JSON path beneath,
        // errors and warnings counted apart.
        function test_issueListNamesFieldsAndSeparatesWarnings() {
            doc.setText("$.userTypes[0].tasks[0].steps[0].wsSend.timeout", "soon")
            doc.setNumber("$.load.users", "many")
            doc.setText("$.target.baseUrl", "ftp://x")
            verify(doc.errorCount >= 3)
            const errors = findChild(page, "errorRows")
            compare(errors.count, doc.errorCount)
            const titles = []
            for (let i = 0; i < errors.count; ++i)
                titles.push(errors.itemAt(i).modelData.title)
            verify(titles.indexOf("Target › base URL") >= 0, titles.join(" | "))
            verify(titles.indexOf("Load › users") >= 0, titles.join(" | "))
            compare(findChild(page, "warningRows").count, doc.warningCount)
            verify(findChild(page, "issuesTitle").text.indexOf(String(doc.errorCount)) === 0)

            // More issues than fit: all listed, the list scrolls.
            for (let i = 0; i < 12; ++i)
                doc.insert("$.thresholds", -1, "nope" + i + " <")
            verify(doc.errorCount > 12)
            compare(errors.count, doc.errorCount)
            const scroll = findChild(page, "issuesScroll")
            tryVerify(() => scroll.contentHeight > scroll.height, 1000, "the list scrolls")
        }

        function test_wsSendAwaitAndTimeoutAreEditable() {
            page.selectedPath = "$.userTypes[0].tasks[0].steps[0]"
            wait(50)
            const timeout = findChild(page, "field:$.userTypes[0].tasks[0].steps[0].wsSend.timeout")
            verify(timeout)
            typeInto(timeout, "soon")
            const message = findChild(page, "message:$.userTypes[0].tasks[0].steps[0].wsSend.timeout")
            verify(message.visible)
            typeInto(timeout, "2s")
            compare(message.visible, false)
            compare(doc.text("$.userTypes[0].tasks[0].steps[0].wsSend.timeout"), "2s")
        }

        function test_wsSendFormWritesRate() {
            const step = "$.userTypes[0].tasks[0].steps[0]"
            const body = step + ".wsSend"
            page.selectedPath = step
            const mode = control("rateMode:" + body)
            choose(mode, 1)
            compare(doc.value(body + ".rate"), { perConnection: 10 })
            typeInto(control("field:" + body + ".rate.perConnection"), "20")
            compare(doc.value(body + ".rate.perConnection"), 20)
            verify(doc.valid, doc.issues.length > 0 ? doc.issues[0].message : "")
            // Switching to a total keeps the number.
            choose(mode, 2)
            compare(doc.value(body + ".rate"), { total: 20 })
            const bound = control("rateBound:" + body)
            choose(bound, 1)
            compare(doc.text(body + ".rate.for"), "30s")
            typeInto(control("field:" + body + ".rate.for"), "2m")
            compare(doc.text(body + ".rate.for"), "2m")
            choose(bound, 2)
            compare(doc.value(body + ".rate"), { total: 20, count: 100 })
            verify(doc.valid, doc.issues.length > 0 ? doc.issues[0].message : "")
            // Validated as you type: a rate of 0 is refused under its field.
            typeInto(control("field:" + body + ".rate.total"), "0")
            const message = control("message:" + body + ".rate.total")
            tryVerify(() => message.visible && message.text !== "", 1000)
            verify(!doc.valid)
            choose(mode, 0)
            compare(doc.value(body + ".rate"), undefined)
            verify(doc.valid, doc.issues.length > 0 ? doc.issues[0].message : "")
        }

        function test_wsSendFormWritesReplyMatchCapturesAndChecks() {
            const step = "$.userTypes[0].tasks[0].steps[0]"
            const body = step + ".wsSend"
            page.selectedPath = step
            const awaitChoice = control("choice:" + body + ".await")
            choose(awaitChoice, 1)
            compare(doc.text(body + ".await"), "next")
            choose(awaitChoice, 2)
            compare(doc.text(body + ".await"), "match")

            // "match": "/id" is one pointer; adding a second makes a list.
            compare(doc.value(body + ".match"), "/id")
            mouseClick(control("add:" + body + ".match"))
            compare(doc.value(body + ".match"), ["/id", "/type"])
            typeInto(control("field:" + body + ".match[1]"), "/meta/requestId")
            compare(doc.value(body + ".match"), ["/id", "/meta/requestId"])
            mouseClick(control("remove:" + body + ".match[0]"))
            compare(doc.value(body + ".match"), ["/meta/requestId"])

            typeInto(control("field:" + body + ".inFlight"), "8")
            compare(doc.value(body + ".inFlight"), 8)
            typeInto(control("field:" + body + ".replies"), "2")
            compare(doc.value(body + ".replies"), 2)
            verify(doc.valid, doc.issues.length > 0 ? doc.issues[0].message : "")

            mouseClick(control("add:" + body + ".capture"))
            compare(doc.keys(body + ".capture"), ["token"])
            const source = control("source:" + body + ".capture.token")
            choose(source, 1)
            compare(doc.captureSource(body + ".capture.token"), "regex")
            typeInto(control("field:" + body + ".capture.token.regex"), "tok-(\\w+)")
            compare(doc.text(body + ".capture.token.regex"), "tok-(\\w+)")

            mouseClick(control("add:" + body + ".check"))
            compare(doc.count(body + ".check"), 1)
            const check = body + ".check[0]"
            const op = control("op:" + check)
            choose(op, doc.conditionOps.indexOf("exists"))
            compare(doc.value(check + ".exists"), true)
            choose(op, doc.conditionOps.indexOf("equals"))
            typeInto(control("field:" + check + ".equals"), "42")
            compare(doc.value(check + ".equals"), 42)
            typeInto(control("field:" + check + ".json"), "/count")
            compare(doc.text(check + ".json"), "/count")
            verify(doc.valid, doc.issues.length > 0 ? doc.issues[0].message : "")

            // A pointer without its slash: the message shows under that field as you type.
            typeInto(control("field:" + check + ".json"), "count")
            const message = control("message:" + check + ".json")
            tryVerify(() => message.visible && message.text !== "", 1000)
            verify(!doc.valid)
        }

        function test_wsConnectFormEditsOptionsAndListsOnConnectSteps() {
            const step = "$.userTypes[0].onStart[1]"
            const body = step + ".wsConnect"
            const onConnect = body + ".onConnect"
            page.selectedPath = step
            typeInto(control("field:" + body + ".ping"), "5s")
            compare(doc.text(body + ".ping"), "5s")
            typeInto(control("field:" + body + ".maxMessageSize"), "65536")
            compare(doc.value(body + ".maxMessageSize"), 65536)
            typeInto(control("field:" + body + ".pushes.timestamp"), "/sentAt")
            compare(doc.text(body + ".pushes.timestamp"), "/sentAt")
            mouseClick(control("add:" + body + ".subprotocols"))
            typeInto(control("field:" + body + ".subprotocols[0]"), "v2.chat")
            compare(doc.value(body + ".subprotocols"), ["v2.chat"])
            verify(doc.valid, doc.issues.length > 0 ? doc.issues[0].message : "")

            // The outline shows the onConnect steps under the wsConnect.
            const connectRow = outlineRow(step)
            compare(outlineRow(onConnect), connectRow + 1)
            compare(outlineRow(onConnect + "[0]"), connectRow + 2)
            compare(outlineRow(onConnect + "[1]"), connectRow + 3)

            // The form lists them: a click edits that step.
            mouseClick(control("onConnect:" + onConnect + "[1]"))
            compare(page.selectedPath, onConnect + "[1]")
            verify(control("choice:" + onConnect + "[1].wsSend.await"))

            // Steps are added to onConnect from the outline like to a task, and reordered there.
            page.selectedPath = onConnect
            findChild(page, "outline").addStep("wsAwait")
            compare(page.selectedPath, onConnect + "[2]")
            compare(doc.stepKind(onConnect + "[2]"), "wsAwait")
            compare(outlineRow(onConnect + "[2]"), connectRow + 4)
            mouseClick(findChild(page, "moveUp"))
            compare(doc.stepKind(onConnect + "[1]"), "wsAwait")
            compare(page.selectedPath, onConnect + "[1]")
            verify(doc.valid, doc.issues.length > 0 ? doc.issues[0].message : "")
        }

        function test_wsAwaitFormWritesMatchAndTimeout() {
            page.selectedPath = "$.userTypes[0].tasks[1]"
            findChild(page, "outline").addStep("wsAwait")
            const step = "$.userTypes[0].tasks[1].steps[1]"
            compare(page.selectedPath, step)
            const body = step + ".wsAwait"
            typeInto(control("field:" + body + ".timeout"), "3s")
            compare(doc.text(body + ".timeout"), "3s")
            typeInto(control("field:" + body + ".name"), "typing echo")
            compare(doc.text(body + ".name"), "typing echo")
            mouseClick(control("add:" + body + ".match"))
            const condition = body + ".match[1]"
            typeInto(control("field:" + condition + ".json"), "/room")
            choose(control("op:" + condition), doc.conditionOps.indexOf("contains"))
            typeInto(control("field:" + condition + ".contains"), "lob")
            compare(doc.value(condition), { json: "/room", contains: "lob" })
            verify(doc.valid, doc.issues.length > 0 ? doc.issues[0].message : "")
        }

        function test_binaryTemplatesAreEditedBesideJsonAndText() {
            page.selectedPath = "$.templates.typing"
            const kind = control("templateKind")
            choose(kind, doc.templateKinds.indexOf("hex"))
            compare(doc.templateKind("typing"), "hex")
            const body = control("templateBody")
            verify(/^[0-9a-f ]+$/.test(body.text), body.text)
            typeInto(body, "00 01 ff")
            compare(doc.text("$.templates.typing.hex"), "00 01 ff")
            const preview = control("templatePreview")
            tryVerify(() => preview.text.indexOf("3 bytes") >= 0, 1000, preview.text)
            choose(kind, doc.templateKinds.indexOf("base64"))
            compare(doc.text("$.templates.typing.base64"), "AAH/")
            verify(doc.valid, doc.issues.length > 0 ? doc.issues[0].message : "")
        }

        function test_newWebSocketProfileStartsFromTheStarter() {
            doc.newWebSocketProfile()
            verify(doc.valid, doc.issues.length > 0 ? doc.issues[0].message : "")
            compare(doc.text("$.userTypes[0].tasks[0].steps[0].wsSend.await"), "match")
            verify(outlineRow("$.userTypes[0].onStart[0].wsConnect.onConnect") > 0)
        }

        function test_clickingAnIssueShowsItsField() {
            const body = "$.userTypes[0].tasks[0].steps[0].wsSend"
            doc.setText(body + ".timeout", "soon")
            const issue = body + ".timeout"
            page.show(issue)
            compare(page.selectedPath, "$.userTypes[0].tasks[0].steps[0]")
            verify(control("field:" + issue).visible)
        }
    
        // The Load section's stage table: + Stage adds a row whose fields edit the stage, the
        // arrows reorder, ✕ removes; the planned chart follows.
        function test_stagesAreAddedEditedReorderedAndRemoved() {
            compare(doc.count("$.load.stages"), 0)
            const add = findChild(page, "addStage")
            verify(add)
            scrollTo(add)
            mouseClick(add)
            mouseClick(add)
            compare(doc.count("$.load.stages"), 2)
            typeInto(control("field:$.load.stages[1].users"), "40")
            compare(doc.text("$.load.stages[1].users"), "40")
            typeInto(control("field:$.load.stages[1].duration"), "1m")
            compare(doc.text("$.load.stages[1].duration"), "1m")
            verify(doc.valid)
            const chart = findChild(page, "plannedChart")
            verify(chart)
            tryVerify(() => chart.pointCount > 2)
            mouseClick(control("stageUp:1"))
            wait(50) // the rows are rebuilt: let the old ones go
            compare(doc.text("$.load.stages[0].users"), "40")
            compare(doc.text("$.load.stages[0].duration"), "1m")
            mouseClick(control("stageRemove:0"))
            wait(50)
            compare(doc.count("$.load.stages"), 1)
            compare(doc.text("$.load.stages[0].users"), "20") // the load's users, held
            mouseClick(control("stageRemove:0"))
            compare(doc.count("$.load.stages"), 0)
            verify(doc.valid)
        }
    }
}
