#include "report/namecolor.h"

#include <QByteArray>

#include <array>

namespace cicada {

namespace {

constexpr quint32 kFnvOffsetBasis = 2166136261U;
constexpr quint32 kFnvPrime = 16777619U;
constexpr char kSeparator = 0x1f; // cannot occur in a type, so ("a b", "c") ≠ ("a", "b c")

// Tableau-10-like hues plus indigo and sky blue, darkened for white and lightened for dark
// backgrounds. Index i is the same hue in both lists.
constexpr std::array<const char *, NameColor::kPaletteSize> kLight = {
    "#1f6feb", "#c4510a", "#1a7f37", "#cf222e", "#8250df", "#8c5a3c",
    "#bf3989", "#6e7781", "#7d7a00", "#0f8a84", "#4154b8", "#0369a1"};
constexpr std::array<const char *, NameColor::kPaletteSize> kDark = {
    "#5b9cff", "#f0883e", "#3fb970", "#f0625d", "#b58cff", "#c69c7a",
    "#ff8cc6", "#9ca3af", "#c0c66a", "#4fd1c5", "#8c9eff", "#38bdf8"};

quint32 fnv1a(quint32 hash, const QByteArray &bytes)
{
    for (const char c : bytes) {
        hash ^= quint8(c);
        hash *= kFnvPrime;
    }
    return hash;
}

} // namespace

int NameColor::index(const QString &type, const QString &name)
{
    // A hash of our own: qHash is seeded per process and std::hash differs between libraries.
    quint32 hash = fnv1a(kFnvOffsetBasis, type.toUtf8());
    hash = fnv1a(hash, QByteArray(1, kSeparator));
    hash = fnv1a(hash, name.toUtf8());
    return int(hash % quint32(kPaletteSize));
}

QString NameColor::colour(const QString &type, const QString &name, Scheme scheme)
{
    return paletteColour(index(type, name), scheme);
}

QString NameColor::paletteColour(int index, Scheme scheme)
{
    const int i = ((index % kPaletteSize) + kPaletteSize) % kPaletteSize;
    return QString::fromLatin1(scheme == Scheme::Dark ? kDark.at(i) : kLight.at(i));
}

} // namespace cicada
