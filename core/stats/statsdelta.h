#pragma once

#include "errorkey.h"
#include "statsentry.h"
#include "statskey.h"

#include <QHash>
#include <QMetaType>

namespace cicada {

/**
 * @brief What one shard recorded since its previous takeDelta(): rows and error counts.
 *
 * A plain value type (copyable, movable, registered with Q_DECLARE_METATYPE) so a worker thread
 * can hand it to the aggregator through a queued signal. It carries no Aggregated row: Stats adds
 * every entry to its total when merging.
 */
struct StatsDelta
{
    QHash<StatsKey, StatsEntry> entries; ///< rows by (type, name)
    QHash<ErrorKey, qint64> errors;      ///< failure occurrences by (type, name, error)

    [[nodiscard]] bool isEmpty() const { return entries.isEmpty() && errors.isEmpty(); }
};

} // namespace cicada

Q_DECLARE_METATYPE(cicada::StatsDelta)
