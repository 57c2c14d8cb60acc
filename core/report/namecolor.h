#pragma once

#include <QString>

namespace cicada {

/**
 * @brief The colour of a statistics row (type + name) in every chart: the same in every report,
 *        run and chart, and in the GUI, whatever other names a run has.
 *
 * The colour is picked from a fixed palette of kPaletteSize colours by a hash of the row's type
 * and name, so it depends on nothing else (not on the order of rows, nor on which other names a
 * run has). The hash is 32-bit FNV-1a over the UTF-8 bytes of `type`, one 0x1F byte and `name`;
 * the palette index is the hash modulo kPaletteSize. Both are part of the contract: changing them
 * changes every user's colours.
 *
 * Each palette entry has a light variant (for white or near-white backgrounds; contrast ≥ 4.2:1
 * against #ffffff) and a dark variant (for dark backgrounds; contrast ≥ 5:1 against #1f2229 and
 * #111827), so a line or swatch stays visible (WCAG 1.4.11 asks 3:1) in either scheme. The
 * palette avoids near-duplicates; with more names than colours, names share colours, so a chart
 * that shows several names must tell them apart by more than colour too (legend, dash, title).
 *
 * Pure functions of their arguments; thread-safe.
 */
class NameColor
{
public:
    NameColor() = delete;

    /// Light or dark background.
    enum class Scheme
    {
        Light,
        Dark,
    };

    /// Number of colours in the palette.
    static constexpr int kPaletteSize = 12;

    /// Palette index (0 .. kPaletteSize − 1) of the row @p type / @p name.
    [[nodiscard]] static int index(const QString &type, const QString &name);
    /// The row's colour as "#rrggbb" (lower case) for @p scheme.
    [[nodiscard]] static QString colour(const QString &type, const QString &name,
                                        Scheme scheme = Scheme::Light);
    /// Palette entry @p index (taken modulo kPaletteSize) as "#rrggbb" for @p scheme.
    [[nodiscard]] static QString paletteColour(int index, Scheme scheme);
};

} // namespace cicada
