#pragma once

#include "feed/feedfilereader.h"
#include "feed/feedtable.h"
#include "profile/profile.h"

#include <QDateTime>
#include <QHash>
#include <QString>

#include <memory>

namespace cicada {

/**
 * @brief Parsed feeder files by absolute path and format, reparsed only when the file's size or
 * modification time changes: the GUI validates on every keystroke and must not reread a large
 * CSV each time. Not thread-safe.
 */
class FeedTableCache
{
public:
    /** The table of @p path as @p format, or nullptr with @p error filled. */
    std::shared_ptr<const FeedTable> get(const QString &path, Feeder::Format format,
                                         FeedFileReader::Error *error);

private:
    struct Entry
    {
        QDateTime modified;
        qint64 size = -1;
        bool exists = false;
        std::shared_ptr<const FeedTable> table;
        FeedFileReader::Error error;
    };
    QHash<QString, Entry> m_entries;
};

} // namespace cicada
