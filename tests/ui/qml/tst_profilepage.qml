import QtQuick
import QtTest
import Cicada
import CicadaTest

// The Profile page edits the document: fields change the profile, validation messages appear as
// you type, templates preview live, secrets are masked, steps are added, reordered and removed.
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
            mouseClick(add)
            compare(doc.count("$.cookies"), 1)
            wait(50)
            const value = findChild(page, "field:$.cookies[0].value")
            verify(value)
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
            compare(doc.count("$.userTypes[0].tasks[0].steps"), 1)
            verify(doc.valid)
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
    }
}
