#include "report/namecolor.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <cmath>

using namespace cicada;

namespace {

// WCAG 2 relative luminance and contrast ratio of "#rrggbb" colours.
double luminance(const QString &hex)
{
    const auto channel = [&hex](int at) {
        const double c = hex.mid(at, 2).toInt(nullptr, 16) / 255.0;
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

double contrast(const QString &a, const QString &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace

class NameColorTest : public QObject
{
    Q_OBJECT

private slots:
    // The hash is a contract (FNV-1a over UTF-8 type, 0x1F, name; modulo the palette size):
    // these indices were computed by an independent Python implementation.
    void indexIsFnv1aOfTypeAndName_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("index");
        QTest::newRow("GET items") << QStringLiteral("GET") << QStringLiteral("/api/items") << 4;
        QTest::newRow("POST items") << QStringLiteral("POST") << QStringLiteral("/api/items") << 0;
        QTest::newRow("WS send chat") << QStringLiteral("WS send") << QStringLiteral("chat") << 6;
        QTest::newRow("GET profile")
            << QStringLiteral("GET") << QStringLiteral("/api/profile") << 5;
        QTest::newRow("Aggregated") << QString() << QStringLiteral("Aggregated") << 11;
        QTest::newRow("UTF-8 bytes") << QStringLiteral("GET") << QStringLiteral("/ünïcode") << 3;
    }
    void indexIsFnv1aOfTypeAndName()
    {
        QFETCH(QString, type);
        QFETCH(QString, name);
        QFETCH(int, index);
        QCOMPARE(NameColor::index(type, name), index);
        QCOMPARE(NameColor::colour(type, name, NameColor::Scheme::Light),
                 NameColor::paletteColour(index, NameColor::Scheme::Light));
        QCOMPARE(NameColor::colour(type, name, NameColor::Scheme::Dark),
                 NameColor::paletteColour(index, NameColor::Scheme::Dark));
    }

    void typeAndNameAreSeparated()
    {
        // Without a separator "GE" + "T/x" and "GET" + "/x" would hash alike.
        int differ = 0;
        for (int i = 0; i < 24; ++i) {
            const QString n = QString::number(i);
            differ += NameColor::index(QStringLiteral("GE"), QStringLiteral("T/") + n) !=
                              NameColor::index(QStringLiteral("GET"), QStringLiteral("/") + n)
                          ? 1
                          : 0;
        }
        QVERIFY(differ > 12);
    }

    void namesSpreadOverThePalette()
    {
        QSet<int> used;
        for (int i = 0; i < 200; ++i)
            used.insert(NameColor::index(QStringLiteral("GET"), QStringLiteral("/item/%1").arg(i)));
        QCOMPARE(used.size(), NameColor::kPaletteSize);
    }

    void paletteIsDistinctAndVisibleInBothSchemes()
    {
        static const QRegularExpression hex(QStringLiteral("^#[0-9a-f]{6}$"));
        QSet<QString> light;
        QSet<QString> dark;
        for (int i = 0; i < NameColor::kPaletteSize; ++i) {
            const QString l = NameColor::paletteColour(i, NameColor::Scheme::Light);
            const QString d = NameColor::paletteColour(i, NameColor::Scheme::Dark);
            QVERIFY2(hex.match(l).hasMatch(), qPrintable(l));
            QVERIFY2(hex.match(d).hasMatch(), qPrintable(d));
            light.insert(l);
            dark.insert(d);
            // WCAG 1.4.11 asks 3:1 for lines and swatches; the palette keeps a margin.
            QVERIFY2(contrast(l, QStringLiteral("#ffffff")) >= 4.2, qPrintable(l));
            QVERIFY2(contrast(d, QStringLiteral("#111827")) >= 5.0, qPrintable(d));
            QVERIFY2(contrast(d, QStringLiteral("#1f2229")) >= 4.5, qPrintable(d));
        }
        QCOMPARE(light.size(), NameColor::kPaletteSize);
        QCOMPARE(dark.size(), NameColor::kPaletteSize);
        // Out-of-range indices wrap instead of failing.
        QCOMPARE(NameColor::paletteColour(-1, NameColor::Scheme::Light),
                 NameColor::paletteColour(NameColor::kPaletteSize - 1, NameColor::Scheme::Light));
    }
};

QTEST_GUILESS_MAIN(NameColorTest)
#include "namecolortest.moc"
