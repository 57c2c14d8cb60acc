#include "feed/feedtablecache.h"

#include <QFileInfo>

namespace cicada {

std::shared_ptr<const FeedTable> FeedTableCache::get(const QString &path, Feeder::Format format,
                                                     FeedFileReader::Error *error)
{
    const QFileInfo info(path);
    const QString key = path + QLatin1Char('\n') + QString::number(int(format));
    const auto it = m_entries.constFind(key);
    if (it != m_entries.constEnd() && it->exists == info.exists() && it->size == info.size() &&
        it->modified == info.lastModified()) {
        if (error)
            *error = it->error;
        return it->table;
    }
    Entry entry;
    entry.exists = info.exists();
    entry.size = info.size();
    entry.modified = info.lastModified();
    auto table = std::make_shared<FeedTable>();
    if (FeedFileReader::readFile(path, format, table.get(), &entry.error))
        entry.table = std::move(table);
    if (error)
        *error = entry.error;
    m_entries.insert(key, entry);
    return entry.table;
}

} // namespace cicada
