pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cicada

// Run › Run settings…: settings of the runs this window starts that are not part of the profile
// (the load fields live in the header). Live metrics: the runs serve OpenMetrics/Prometheus text
// on 127.0.0.1, as `cicada-cli run --metrics-port` does; the status bar shows where.
Dialog {
    id: root

    required property RunController run

    objectName: "runSettingsDialog"
    title: qsTr("Run settings")
    modal: true
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 80 : 620, 620)
    padding: Theme.spacingXl
    standardButtons: Dialog.Close

    contentItem: ColumnLayout {
        spacing: Theme.spacingM

        Label {
            text: qsTr("Live metrics")
            font.bold: true
            font.pixelSize: Theme.fontLarge
            color: Theme.text
        }
        CcCheckBox {
            id: enabledBox
            objectName: "metricsEnabled"
            text: qsTr("Serve live metrics for Prometheus while a run is going")
            checked: root.run.metricsEnabled
            enabled: !root.run.active
            onToggled: root.run.metricsEnabled = checked
        }
        RowLayout {
            spacing: Theme.spacingM
            opacity: enabledBox.checked ? 1 : 0.5
            Layout.leftMargin: Theme.spacingXl + Theme.spacingL
            Label { text: qsTr("Port"); color: Theme.text }
            SpinBox {
                objectName: "metricsPort"
                from: 0
                to: 65535
                editable: true
                value: root.run.metricsPort
                enabled: enabledBox.checked && !root.run.active
                textFromValue: (v, locale) => String(v) // a port has no thousands separator
                valueFromText: (text, locale) => Number(text)
                onValueModified: root.run.metricsPort = value
                Layout.preferredWidth: 130
            }
            Label {
                text: qsTr("0 = any free port")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }
        Label {
            text: root.run.metricsUrl !== ""
                  ? qsTr("Serving at %1").arg(root.run.metricsUrl)
                  : qsTr("The next run serves http://127.0.0.1:%1/metrics: request and failure counters and latency histograms per name, users and generator health, in OpenMetrics (Prometheus) text. Only this machine can reach it.").arg(root.run.metricsPort === 0 ? qsTr("PORT") : root.run.metricsPort)
            wrapMode: Text.Wrap
            color: Theme.textMuted
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spacingXl + Theme.spacingL
        }
        Label {
            visible: root.run.active
            text: qsTr("Settings take effect at the next run.")
            color: Theme.warning
            font.pixelSize: Theme.fontSmall
        }
    }
}
