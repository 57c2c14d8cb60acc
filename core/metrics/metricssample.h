#pragma once

#include "engine/runnerstate.h"

#include <QString>
#include <QtGlobal>

#include <functional>

namespace cicada {

class Stats;

/**
 * @brief Everything one scrape of the metrics endpoint shows, taken on the runner's thread.
 *
 * @c stats is borrowed (the runner's merged statistics, or a worker's reported totals) and read
 * only while the scrape is rendered, which happens in the thread that owns it.
 */
struct MetricsSample
{
    const Stats *stats = nullptr; ///< rows, histograms and error groups; nullptr = none yet
    int users = 0;                ///< users running now
    GeneratorHealth health;       ///< CPU (100 = one core), event-loop lag (ms), threads
    qint64 elapsedMs = 0;         ///< time since the run started (ms), frozen when it stopped
    /// Applied to every label value (stats names, error messages) so secrets stay out; may be
    /// empty.
    std::function<QString(const QString &)> scrub;
};

} // namespace cicada
