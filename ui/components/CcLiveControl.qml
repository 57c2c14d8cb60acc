pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// Live control of a running test: the users (closed model) or the arrival rate (open model),
// typed and set, or stepped by 1 and 10 like the terminal's w/W s/S and r/R f/F keys.
RowLayout {
    id: root

    required property RunController run
    readonly property bool live: run.active && run.state !== "stopping"
    readonly property real current: run.openModel ? run.arrivalRate : run.targetUserCount

    function apply(value) {
        if (!root.live || !(value >= 0))
            return
        if (root.run.openModel)
            root.run.changeRate(value)
        else
            root.run.changeUsers(Math.round(value))
    }

    spacing: Theme.spacingXs
    enabled: root.live

    Label {
        text: root.run.openModel ? qsTr("Rate (it/s)") : qsTr("Users")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        Layout.rightMargin: Theme.spacingXs
    }
    Repeater {
        model: [-10, -1]
        delegate: CcButton {
            required property int modelData
            objectName: "live" + modelData
            text: modelData
            tip: root.run.openModel ? qsTr("Lower the rate by %1 iteration(s) per second").arg(-modelData)
                                    : qsTr("Stop %1 user(s)").arg(-modelData)
            Layout.preferredWidth: 36
            onClicked: root.apply(Math.max(0, root.current + modelData))
        }
    }
    TextField {
        id: valueField
        objectName: "liveValue"
        Layout.preferredWidth: 64
        Layout.preferredHeight: Theme.fieldHeight
        font.pixelSize: Theme.fontNormal
        font.family: Theme.monoFamily
        horizontalAlignment: TextInput.AlignRight
        selectByMouse: true
        validator: DoubleValidator { bottom: 0 }
        // Follows the run while not being edited; Enter or Set applies.
        Binding on text {
            when: !valueField.activeFocus
            value: String(Math.round(root.current * 10) / 10)
        }
        color: Theme.text
        onAccepted: root.apply(Number(text))
        background: Rectangle {
            radius: Theme.radius
            color: Theme.surface
            border.width: valueField.activeFocus ? 2 : 1
            border.color: valueField.activeFocus ? Theme.accent : Theme.borderStrong
        }
        ToolTip.visible: hovered
        ToolTip.text: root.run.openModel ? qsTr("The arrival rate now; type a new one and press Enter")
                                         : qsTr("The target user count; type a new one and press Enter")
        ToolTip.delay: 600
    }
    Repeater {
        model: [1, 10]
        delegate: CcButton {
            required property int modelData
            objectName: "live+" + modelData
            text: "+" + modelData
            tip: root.run.openModel ? qsTr("Raise the rate by %1 iteration(s) per second").arg(modelData)
                                    : qsTr("Start %1 more user(s)").arg(modelData)
            Layout.preferredWidth: 36
            onClicked: root.apply(root.current + modelData)
        }
    }
    CcButton {
        objectName: "liveSet"
        text: qsTr("Set")
        tip: qsTr("Apply the typed value now")
        Layout.preferredWidth: 44
        onClicked: root.apply(Number(valueField.text))
    }
}
