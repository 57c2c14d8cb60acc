// Theme.qml's colours meet WCAG AA in both palettes: every [foreground, background] pair the
// theme lists (textPairs: 4.5:1, controlPairs: 3:1), read from the QML singleton itself.
#include <QColor>
#include <QGuiApplication>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QTest>
#include <QtQml/QQmlExtensionPlugin>

#include <cmath>
#include <memory>

Q_IMPORT_QML_PLUGIN(CicadaPlugin)

namespace {

/** WCAG 2.x relative luminance of an sRGB colour. */
double luminance(const QColor &c)
{
    const auto channel = [](double v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

/** WCAG 2.x contrast ratio, 1..21. */
double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace

class ThemeTest : public QObject
{
    Q_OBJECT

private:
    QQmlEngine m_engine;
    std::unique_ptr<QObject> m_holder;
    QObject *m_theme = nullptr;

    /** Every pair of @p listName below @p minimum in the current palette, as readable lines. */
    QStringList failures(const char *listName, double minimum)
    {
        QStringList failed;
        const QVariantList pairs = m_theme->property(listName).toList();
        for (const QVariant &pair : pairs) {
            const QStringList names = pair.toStringList();
            const QVariant fg = m_theme->property(qPrintable(names.value(0)));
            const QVariant bg = m_theme->property(qPrintable(names.value(1)));
            if (!fg.canConvert<QColor>() || !bg.canConvert<QColor>() || !fg.isValid() ||
                !bg.isValid()) {
                failed.append(QStringLiteral("%1: not two Theme colours").arg(names.join('/')));
                continue;
            }
            const QColor f = fg.value<QColor>();
            const QColor b = bg.value<QColor>();
            const double ratio = contrast(f, b);
            if (ratio < minimum)
                failed.append(QStringLiteral("%1 %2 on %3 %4: %5:1 < %6:1")
                                  .arg(names.value(0), f.name(), names.value(1), b.name())
                                  .arg(ratio, 0, 'f', 2)
                                  .arg(minimum));
        }
        return failed;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_engine.addImportPath(QStringLiteral("qrc:/"));
        QQmlComponent component(&m_engine);
        component.setData(
            "import QtQml\nimport Cicada\nQtObject { property QtObject theme: Theme }", QUrl());
        m_holder.reset(component.create());
        QVERIFY2(m_holder, qPrintable(component.errorString()));
        m_theme = m_holder->property("theme").value<QObject *>();
        QVERIFY(m_theme);
    }

    void contrastMatchesTheWcagFormula()
    {
        QCOMPARE(qRound(contrast(Qt::black, Qt::white) * 100), 2100);
        // The dark theme's old buttons: white on #5b9cff (issue 11).
        QCOMPARE(qRound(contrast(Qt::white, QColor("#5b9cff")) * 100), 275);
        QCOMPARE(contrast(QColor("#777777"), QColor("#777777")), 1.0);
    }

    void everyListedPairIsReadable_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }

    void everyListedPairIsReadable()
    {
        QFETCH(bool, dark);
        QVERIFY(m_theme->setProperty("dark", dark));
        QVERIFY(m_theme->property("textPairs").toList().size() >= 20);
        QVERIFY(m_theme->property("controlPairs").toList().size() >= 3);
        const QStringList text = failures("textPairs", 4.5);
        QVERIFY2(text.isEmpty(), qPrintable(text.join('\n')));
        const QStringList controls = failures("controlPairs", 3.0);
        QVERIFY2(controls.isEmpty(), qPrintable(controls.join('\n')));
    }

    void buttonsAndSelectionsAreListed()
    {
        // What issue 11 found unreadable must stay checked: button text on its fill, and the
        // outline of a check box.
        QStringList listed;
        for (const char *list : {"textPairs", "controlPairs"}) {
            for (const QVariant &pair : m_theme->property(list).toList())
                listed.append(pair.toStringList().join('/'));
        }
        for (const char *pair : {"textOnAccent/accentFill", "textOnAccent/dangerFill",
                                 "textMuted/surface", "controlBorder/surface"})
            QVERIFY2(listed.contains(QLatin1String(pair)), pair);
    }
};

QTEST_MAIN(ThemeTest)
#include "themetest.moc"
