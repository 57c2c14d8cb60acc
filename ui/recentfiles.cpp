#include "recentfiles.h"

#include <QFileInfo>
#include <QSettings>

namespace cicada {

namespace {
constexpr auto kKey = "recentProfiles";
}

RecentFiles::RecentFiles(QObject *parent) : QObject(parent) {}

QStringList RecentFiles::files() const
{
    QStringList out;
    const QStringList stored = QSettings().value(QLatin1String(kKey)).toStringList();
    for (const QString &path : stored) {
        if (QFileInfo::exists(path))
            out.append(path);
    }
    return out;
}

void RecentFiles::add(const QString &path)
{
    if (path.isEmpty())
        return;
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = QSettings().value(QLatin1String(kKey)).toStringList();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaxFiles)
        list.removeLast();
    store(list);
}

void RecentFiles::clear()
{
    store({});
}

void RecentFiles::store(const QStringList &files)
{
    QSettings settings;
    settings.setValue(QLatin1String(kKey), files);
    settings.sync();
    Q_EMIT filesChanged();
}

} // namespace cicada
