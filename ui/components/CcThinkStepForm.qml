pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// The form of a `think` step: a fixed pause ("1s") or a random one in a range (["1s", "3s"]);
// body is the path of its value (…steps[1].think).
ColumnLayout {
    id: root

    required property ProfileDocument document
    required property string body
    readonly property bool range: (root.document.revision < 0 ? undefined : Array.isArray(root.document.value(root.body)))

    spacing: Theme.spacingM
    Layout.fillWidth: true

    CcCheckBox {
        objectName: "thinkRange:" + root.body
        text: qsTr("Random time in a range")
        checked: root.range
        font.pixelSize: Theme.fontNormal
        onToggled: root.document.setValue(root.body, checked ? ["1s", "3s"] : "1s")
    }
    CcField { visible: !root.range; document: root.document; path: root.body; label: qsTr("Pause"); kind: "duration"; placeholder: "1s"; Layout.fillWidth: true }
    CcField { visible: root.range; document: root.document; path: root.body + "[0]"; label: qsTr("From"); kind: "duration"; Layout.fillWidth: true }
    CcField { visible: root.range; document: root.document; path: root.body + "[1]"; label: qsTr("To"); kind: "duration"; Layout.fillWidth: true }
}
