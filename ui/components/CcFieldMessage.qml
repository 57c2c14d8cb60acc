import QtQuick
import Cicada

// The validation message under a field: red for errors, amber for warnings; hidden when empty.
Text {
    id: root

    property string severity: "error"

    visible: text !== ""
    color: severity === "warning" ? Theme.warning : Theme.danger
    font.pixelSize: Theme.fontSmall
    wrapMode: Text.Wrap
}
