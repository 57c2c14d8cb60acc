#pragma once

#include <QString>
#include <QtGlobal>

namespace cicada {

/**
 * @brief One row of the error report / failures.csv: an error group and how often it occurred.
 */
struct StatsError
{
    QString type;           ///< request type ("GET", "WS send", ...)
    QString name;           ///< stats name
    QString error;          ///< failure message
    qint64 occurrences = 0; ///< number of failed outcomes with this (type, name, error)

    friend bool operator==(const StatsError &a, const StatsError &b) = default;
};

} // namespace cicada
