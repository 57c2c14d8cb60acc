#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QStringList>

namespace cicada {

/**
 * @brief The "Open Recent" list: profiles opened or saved lately, newest first, kept in QSettings
 *        (key `recentProfiles`); files that no longer exist are left out.
 */
class RecentFiles : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QStringList files READ files NOTIFY filesChanged)
public:
    static constexpr int kMaxFiles = 8;

    explicit RecentFiles(QObject *parent = nullptr);

    [[nodiscard]] QStringList files() const;
    Q_INVOKABLE void add(const QString &path);
    Q_INVOKABLE void clear();

Q_SIGNALS:
    void filesChanged();

private:
    void store(const QStringList &files);
};

} // namespace cicada
