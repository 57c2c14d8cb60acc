pragma Singleton
import QtQuick

// Every colour, size, spacing and font of the window. Light and dark palettes; series colours
// stay the same for the same name across charts and runs. Text and buttons meet WCAG AA (4.5:1)
// in both palettes, controls' outlines 3:1: textPairs and controlPairs below list what is drawn
// on what, and themetest checks every pair (add a pair when a colour is drawn on a new one).
QtObject {
    id: root

    property bool dark: false

    // surfaces
    readonly property color window: dark ? "#16181d" : "#f3f4f7"
    readonly property color surface: dark ? "#1f2229" : "#ffffff"
    readonly property color surfaceAlt: dark ? "#272b33" : "#f7f8fa"
    readonly property color header: dark ? "#111317" : "#20242c"
    readonly property color headerText: "#f2f4f8"
    readonly property color headerMuted: "#aab2c0"
    readonly property color nav: dark ? "#1b1e24" : "#e9ebf0"
    readonly property color navSelected: dark ? "#2d3340" : "#ffffff"
    readonly property color border: dark ? "#363b46" : "#d6d9e0"
    readonly property color borderStrong: dark ? "#4a5060" : "#b9bec9"
    readonly property color rowAlt: dark ? "#23262e" : "#f8f9fb"
    readonly property color rowAggregated: dark ? "#2a2f3a" : "#eef1f6"
    readonly property color selection: dark ? "#2f3d57" : "#dde7fb"

    // text
    readonly property color text: dark ? "#e6e8ee" : "#1d2129"
    readonly property color textMuted: dark ? "#a3abba" : "#5d6473"
    readonly property color textOnAccent: "#ffffff"

    // roles
    // accent: lines, links and text on surfaces; accentFill: what white text sits on (buttons,
    // selections, checked boxes) — a light blue reads on the dark surface but not under white.
    readonly property color accent: dark ? "#5b9cff" : "#1f6feb"
    readonly property color accentHover: dark ? "#7db0ff" : "#185fcc"
    readonly property color accentFill: "#1f6feb"
    readonly property color accentFillPressed: "#185fcc"
    readonly property color dangerFill: dark ? "#c93c37" : "#cf222e"
    readonly property color dangerFillPressed: dark ? "#b62f2b" : "#b01d27"
    // the outline of check boxes, fields and other controls (3:1 against what surrounds them)
    readonly property color controlBorder: dark ? "#8a92a3" : "#7c8391"
    readonly property color good: dark ? "#3fb970" : "#1a7f37"
    readonly property color danger: dark ? "#f0625d" : "#c0202b"
    readonly property color warning: dark ? "#e3a53a" : "#8a5300"
    readonly property color warningBackground: dark ? "#3a2e14" : "#fff1d6"
    readonly property color errorBackground: dark ? "#3b1d1f" : "#ffebe9"
    readonly property color dirty: "#f5a623"

    // What is drawn on what: [foreground, background] property names. Text needs 4.5:1 (WCAG AA
    // 1.4.3), control outlines and indicators 3:1 (1.4.11).
    readonly property var textPairs: [
        ["text", "window"], ["text", "surface"], ["text", "surfaceAlt"], ["text", "rowAlt"],
        ["text", "rowAggregated"], ["text", "selection"], ["text", "nav"], ["text", "navSelected"],
        ["text", "errorBackground"], ["text", "warningBackground"],
        ["textMuted", "window"], ["textMuted", "surface"], ["textMuted", "surfaceAlt"],
        ["textMuted", "rowAlt"], ["textMuted", "rowAggregated"], ["textMuted", "selection"],
        ["textMuted", "nav"], ["textMuted", "navSelected"], ["textMuted", "errorBackground"],
        ["textMuted", "warningBackground"],
        ["textOnAccent", "accentFill"], ["textOnAccent", "accentFillPressed"],
        ["textOnAccent", "dangerFill"], ["textOnAccent", "dangerFillPressed"],
        ["headerText", "header"], ["headerMuted", "header"],
        ["danger", "surface"], ["danger", "window"], ["danger", "errorBackground"], ["danger", "nav"],
        ["warning", "surface"], ["warning", "window"], ["warning", "warningBackground"],
        ["warning", "errorBackground"], ["warning", "nav"],
        ["good", "surface"], ["good", "window"],
        ["chartLabel", "chartBackground"]
    ]
    readonly property var controlPairs: [
        ["controlBorder", "surface"], ["controlBorder", "window"], ["controlBorder", "surfaceAlt"],
        ["accent", "surface"], ["accent", "window"], ["accent", "nav"],
        ["accentFill", "surface"], ["accentFill", "window"], ["dirty", "header"]
    ]

    // status pill
    function stateColor(state) {
        switch (state) {
        case "spawning": return warning
        case "running": return good
        case "stopping": return warning
        case "stopped": return textMuted
        default: return accent
        }
    }

    // charts: fixed colours per series name, the same in every chart and run
    readonly property var seriesPalette: dark
        ? ["#5b9cff", "#f0625d", "#3fb970", "#e3a53a", "#b58cff", "#4fd1c5", "#ff8cc6", "#c0c66a"]
        : ["#1f6feb", "#cf222e", "#1a7f37", "#b36b00", "#8250df", "#0f8a84", "#bf3989", "#7d7a00"]
    readonly property var namedSeries: ({
        "Requests/s": 0, "Failures/s": 1, "p50": 2, "p95": 3, "p99": 4, "Users": 5
    })
    function seriesColor(name) {
        if (namedSeries[name] !== undefined)
            return seriesPalette[namedSeries[name]]
        let h = 0
        for (let i = 0; i < name.length; ++i)
            h = (h * 31 + name.charCodeAt(i)) >>> 0
        return seriesPalette[h % seriesPalette.length]
    }
    readonly property color chartBackground: surface
    readonly property color chartGrid: dark ? "#30343d" : "#e6e8ed"
    readonly property color chartLabel: textMuted

    // spacing and sizes
    readonly property int spacingXs: 2
    readonly property int spacingS: 4
    readonly property int spacingM: 8
    readonly property int spacingL: 12
    readonly property int spacingXl: 16
    readonly property int radius: 4
    readonly property int headerHeight: 52
    readonly property int navWidth: 148
    readonly property int statusBarHeight: 26
    readonly property int fieldHeight: 28
    readonly property int rowHeight: 26
    readonly property int labelWidth: 116
    readonly property int pillHeight: 24
    readonly property int cardHeight: 58
    readonly property int chartMinHeight: 180

    // fonts
    readonly property int fontSmall: 11
    readonly property int fontNormal: 13
    readonly property int fontLarge: 15
    readonly property int fontTitle: 17
    readonly property int fontKpi: 20
    readonly property string monoFamily: "DejaVu Sans Mono"
    readonly property string uiFamily: Qt.application.font.family
}
