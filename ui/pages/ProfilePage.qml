pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// Profile page: target and auth on the left, the structure (templates, user types, tasks, steps)
// in the middle, the selected item's form on the right. Every field shows its validation message
// as you type.
Item {
    id: root

    required property ProfileDocument document
    property alias selectedPath: outline.selectedPath

    /** Selects the node holding @p path and scrolls its form to the field at @p path. */
    function show(path) {
        const node = root.document.nodeOf(path)
        if (node === "")
            return
        outline.selectedPath = node
        if (node !== path)
            itemForm.reveal(path)
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacingL
        spacing: Theme.spacingL

        ScrollView {
            id: leftScroll
            objectName: "leftScroll"
            Layout.preferredWidth: Math.max(300, root.width * 0.27)
            Layout.fillHeight: true
            contentWidth: availableWidth
            clip: true

            ColumnLayout {
                width: leftScroll.availableWidth - Theme.spacingM
                spacing: Theme.spacingL

                // The problems: errors (which block a run) first, then warnings apart; each names
                // its field for people with the JSON path below, and a click jumps to the field.
                Rectangle {
                    objectName: "issuesBox"
                    visible: root.document.errorCount + root.document.warningCount > 0
                    Layout.fillWidth: true
                    implicitHeight: issuesScroll.height + 2 * Theme.spacingM
                    color: root.document.errorCount > 0 ? Theme.errorBackground : Theme.warningBackground
                    border.color: root.document.errorCount > 0 ? Theme.danger : Theme.warning
                    radius: Theme.radius

                    component IssueRow: Item {
                        id: issueRow
                        required property var modelData
                        Layout.fillWidth: true
                        implicitHeight: issueText.implicitHeight
                        ColumnLayout {
                            id: issueText
                            width: parent.width
                            spacing: 0
                            Label {
                                Layout.fillWidth: true
                                text: issueRow.modelData.title + ": " + issueRow.modelData.detail
                                wrapMode: Text.Wrap
                                color: Theme.text
                                font.pixelSize: Theme.fontSmall
                            }
                            Label {
                                Layout.fillWidth: true
                                text: issueRow.modelData.path + (issueRow.modelData.line > 0 ? qsTr(" · line %1").arg(issueRow.modelData.line) : "")
                                elide: Text.ElideMiddle
                                color: Theme.textMuted
                                font.pixelSize: Theme.fontSmall - 1
                                font.family: Theme.monoFamily
                            }
                        }
                        MouseArea {
                            anchors.fill: parent
                            cursorShape: Qt.PointingHandCursor
                            // Jump to the field that holds the problem.
                            onClicked: root.show(issueRow.modelData.path)
                        }
                    }

                    ScrollView {
                        id: issuesScroll
                        objectName: "issuesScroll"
                        anchors.left: parent.left
                        anchors.right: parent.right
                        anchors.top: parent.top
                        anchors.margins: Theme.spacingM
                        // All issues, scrolling past about a third of the window.
                        height: Math.min(issuesColumn.implicitHeight, Math.max(160, root.height * 0.35))
                        contentWidth: availableWidth
                        clip: true
                        ScrollBar.vertical.policy: issuesColumn.implicitHeight > height ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded

                        ColumnLayout {
                            id: issuesColumn
                            width: issuesScroll.availableWidth - Theme.spacingM // room for the scroll bar
                            spacing: Theme.spacingS
                            readonly property var errors: root.document.issues.filter(i => i.severity === "error")
                            readonly property var warnings: root.document.issues.filter(i => i.severity !== "error")
                            Label {
                                objectName: "issuesTitle"
                                visible: root.document.errorCount > 0
                                text: qsTr("%n error(s) — the profile cannot run until they are fixed", "", root.document.errorCount)
                                font.bold: true
                                color: Theme.danger
                                font.pixelSize: Theme.fontNormal
                                Layout.fillWidth: true
                                wrapMode: Text.Wrap
                            }
                            Repeater {
                                objectName: "errorRows"
                                model: issuesColumn.errors
                                delegate: IssueRow {}
                            }
                            Label {
                                objectName: "warningsTitle"
                                visible: root.document.warningCount > 0
                                text: qsTr("%n warning(s) — the profile runs, but check them", "", root.document.warningCount)
                                font.bold: true
                                color: Theme.warning
                                font.pixelSize: Theme.fontNormal
                                Layout.topMargin: root.document.errorCount > 0 ? Theme.spacingM : 0
                                Layout.fillWidth: true
                                wrapMode: Text.Wrap
                            }
                            Repeater {
                                objectName: "warningRows"
                                model: issuesColumn.warnings
                                delegate: IssueRow {}
                            }
                        }
                    }
                }

                CcSection {
                    title: qsTr("Profile")
                    Layout.fillWidth: true
                    CcField { document: root.document; path: "$.name"; label: qsTr("Name"); Layout.fillWidth: true }
                    CcField { document: root.document; path: "$.comment"; label: qsTr("Comment"); removeWhenEmpty: true; Layout.fillWidth: true }
                }

                CcSection {
                    objectName: "loadSection"
                    title: qsTr("Load")
                    subtitle: (root.document.revision < 0 ? undefined
                               : stagesEditor.stages.openModel ? qsTr("open model: iterations per second")
                               : qsTr("closed model: users"))
                    Layout.fillWidth: true
                    CcField {
                        document: root.document
                        path: "$.load.stopTimeout"
                        label: qsTr("Stop timeout")
                        kind: "duration"
                        placeholder: qsTr("0s (interrupt at once)")
                        removeWhenEmpty: true
                        tip: qsTr("When the run stops, iterations in flight may finish for up to this long (Locust's --stop-timeout)")
                        Layout.fillWidth: true
                    }
                    CcStagesEditor {
                        id: stagesEditor
                        objectName: "stagesEditor"
                        document: root.document
                        Layout.fillWidth: true
                    }
                }

                CcSection {
                    title: qsTr("Target")
                    Layout.fillWidth: true
                    CcField { document: root.document; path: "$.target.baseUrl"; label: qsTr("Base URL"); placeholder: "http://127.0.0.1:8765"; removeWhenEmpty: true; Layout.fillWidth: true }
                    CcField { document: root.document; path: "$.target.brokerUrl"; label: qsTr("Broker URL"); placeholder: "ws://127.0.0.1:8765/broker"; removeWhenEmpty: true; Layout.fillWidth: true }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacingM
                        Label { text: qsTr("TLS"); Layout.preferredWidth: Theme.labelWidth; color: Theme.text; font.pixelSize: Theme.fontNormal }
                        CcCheckBox {
                            objectName: "verifyTls"
                            text: qsTr("Verify certificates")
                            font.pixelSize: Theme.fontNormal
                            checked: (root.document.revision < 0 ? undefined : root.document.value("$.target.verifyTls") !== false)
                            onToggled: root.document.setBool("$.target.verifyTls", checked)
                        }
                        Label {
                            visible: (root.document.revision < 0 ? undefined : root.document.value("$.target.verifyTls") === false)
                            text: qsTr("⚠ off: any certificate is accepted")
                            color: Theme.warning
                            font.pixelSize: Theme.fontSmall
                        }
                        Item { Layout.fillWidth: true }
                    }
                    CcField { document: root.document; path: "$.target.connectTimeout"; label: qsTr("Connect timeout"); kind: "duration"; placeholder: "10s"; removeWhenEmpty: true; Layout.fillWidth: true }
                    CcField { document: root.document; path: "$.target.requestTimeout"; label: qsTr("Request timeout"); kind: "duration"; placeholder: "30s"; removeWhenEmpty: true; Layout.fillWidth: true }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacingM
                        Label { text: qsTr("HTTP transport"); Layout.preferredWidth: Theme.labelWidth; color: Theme.text; font.pixelSize: Theme.fontNormal }
                        ComboBox {
                            objectName: "transport"
                            model: ["raw", "qt"]
                            Layout.fillWidth: true
                            Layout.preferredHeight: Theme.fieldHeight
                            font.pixelSize: Theme.fontNormal
                            currentIndex: (root.document.revision < 0 ? undefined : root.document.text("$.target.transport") === "qt" ? 1 : 0)
                            onActivated: index => root.document.setText("$.target.transport", model[index])
                            ToolTip.visible: hovered
                            ToolTip.text: qsTr("raw: Cicada's own HTTP/1.1 client (fast). qt: QNetworkAccessManager (HTTP/2, proxies).")
                            ToolTip.delay: 600
                        }
                    }
                }

                CcSection {
                    title: qsTr("Cookies")
                    subtitle: qsTr("sent on HTTP requests and the WebSocket upgrade")
                    Layout.fillWidth: true
                    CcNameValueList {
                        document: root.document
                        path: "$.cookies"
                        withDomain: true
                        masked: "all"
                        addText: qsTr("+ Cookie")
                        valuePlaceholder: qsTr("value or {{env.SESSION_ID}}")
                        newItem: ({ name: "sessionid", value: "{{env.SESSION_ID}}" })
                        Layout.fillWidth: true
                    }
                }

                CcSection {
                    title: qsTr("Headers")
                    subtitle: qsTr("on every request and the upgrade")
                    Layout.fillWidth: true
                    CcNameValueList {
                        document: root.document
                        path: "$.headers"
                        masked: "credentials"
                        addText: qsTr("+ Header")
                        newItem: ({ name: "X-Header", value: "" })
                        Layout.fillWidth: true
                    }
                }

                CcSection {
                    title: qsTr("Variables")
                    subtitle: qsTr("used as {{var.NAME}}")
                    Layout.fillWidth: true
                    CcNameValueList {
                        document: root.document
                        path: "$.variables"
                        isMap: true
                        addText: qsTr("+ Variable")
                        Layout.fillWidth: true
                    }
                }
                CcSection {
                    title: qsTr("Thresholds")
                    subtitle: qsTr("pass/fail rules checked at the end of a run")
                    Layout.fillWidth: true
                    Repeater {
                        model: root.document.structureRevision < 0 ? 0 : root.document.count("$.thresholds")
                        delegate: RowLayout {
                            id: thresholdRow
                            required property int index
                            Layout.fillWidth: true
                            spacing: Theme.spacingS
                            CcField {
                                document: root.document
                                path: "$.thresholds[" + thresholdRow.index + "]"
                                kind: "duration"
                                placeholder: "p95(WS send:chat) < 200ms"
                                Layout.fillWidth: true
                            }
                            CcButton {
                                text: "✕"
                                Layout.preferredWidth: 30
                                Layout.alignment: Qt.AlignTop
                                tip: qsTr("Remove")
                                onClicked: root.document.remove("$.thresholds[" + thresholdRow.index + "]")
                            }
                        }
                    }
                    Label {
                        text: qsTr("e.g. p95 < 500ms · p99(WS send:chat) < 200ms · error_rate < 1% · rps > 100")
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    CcButton {
                        text: qsTr("+ Threshold")
                        objectName: "add:$.thresholds"
                        onClicked: root.document.insert("$.thresholds", -1, "p95 < 500ms")
                    }
                }
                Item { Layout.preferredHeight: Theme.spacingS }
            }
        }

        CcOutline {
            id: outline
            objectName: "outline"
            document: root.document
            Layout.preferredWidth: Math.max(280, root.width * 0.31)
            Layout.fillHeight: true
        }

        CcItemForm {
            id: itemForm
            objectName: "itemForm"
            document: root.document
            path: outline.selectedPath
            Layout.fillWidth: true
            Layout.fillHeight: true
            onSelectRequested: newPath => outline.selectedPath = newPath
        }
    }
}
