#include "engine/regexcache.h"

#include <QHash>

namespace cicada {

const QRegularExpression &RegexCache::get(const QString &pattern)
{
    thread_local QHash<QString, QRegularExpression> cache;
    auto it = cache.find(pattern);
    if (it == cache.end()) {
        if (cache.size() >= kMaxPatterns)
            cache.clear();
        it = cache.insert(pattern, QRegularExpression(pattern));
        it->optimize();
    }
    return *it;
}

} // namespace cicada
