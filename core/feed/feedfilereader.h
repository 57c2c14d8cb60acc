#pragma once

#include "feed/feedtable.h"
#include "profile/profile.h"

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace cicada {

/**
 * @brief Parses a feeder's file into a FeedTable.
 *
 * CSV (RFC 4180): UTF-8 (a leading BOM is skipped), fields separated by ',', records by CRLF or
 * LF; a field in double quotes may hold commas, line breaks and `""` (one quote). The first record
 * is the header: non-empty, distinct column names. Every other record has as many fields as the
 * header; blank lines are skipped; spaces are kept. A quote inside an unquoted field, text after
 * a closing quote and an unclosed quote are errors with their line.
 *
 * JSON: an array of objects whose values are strings, numbers, true/false or null (empty text);
 * the columns are the keys, in order of first appearance (alphabetical within one object: Qt's
 * JSON objects do not keep the file's order). Numbers are written the shortest way
 * that reads back exactly ("3", "0.5").
 *
 * Both: at least one row; at most kMaxFileBytes.
 */
class FeedFileReader
{
public:
    /// Larger files are refused: the rows are held in memory (as UTF-16) for the whole run.
    static constexpr qint64 kMaxFileBytes = qint64(256) * 1024 * 1024;

    /** @brief What went wrong, and where: the 1-based line of the file (0 when unknown). */
    struct Error
    {
        int line = 0;
        QString message;
    };

    static bool parseCsv(const QByteArray &bytes, FeedTable *out, Error *error);
    static bool parseJson(const QByteArray &bytes, FeedTable *out, Error *error);
    /** Reads @p path (refusing directories, devices and files over kMaxFileBytes) and parses
     *  it as @p format (Auto: by the extension). */
    static bool readFile(const QString &path, Feeder::Format format, FeedTable *out, Error *error);
};

} // namespace cicada
