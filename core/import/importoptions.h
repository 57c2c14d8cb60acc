#pragma once

#include <QString>
#include <QtGlobal>

namespace cicada {

/** @brief How recorded traffic becomes a profile (see ProfileImporter). */
struct ImportOptions
{
    QString name;                     ///< profile name; empty = "Imported recording"
    bool includeStaticAssets = false; ///< keep images, scripts, stylesheets, fonts, media
    bool allHosts = false;            ///< keep requests to hosts other than the main one
    qint64 minThinkMs = 500;          ///< shorter recorded gaps are not think steps
    qint64 maxThinkMs = 30'000;       ///< longer recorded gaps are cut to this
};

} // namespace cicada
