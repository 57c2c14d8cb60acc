#pragma once

#include <QByteArray>
#include <QString>

namespace cicada {

/**
 * @brief Writes whole files atomically (QSaveFile): readers see the old file or the new one,
 *        never a part, and a failed write leaves the old file untouched.
 */
class AtomicFile
{
public:
    AtomicFile() = delete;

    /**
     * @brief Writes @p data to @p path, creating its directory when needed.
     *
     * Checks that every byte reached the file before committing (Qt 6.4 can report a short write
     * on a full disk as success). On failure returns false and sets @p error (may be nullptr) to
     * "cannot write 'PATH': REASON".
     */
    static bool write(const QString &path, const QByteArray &data, QString *error);
};

} // namespace cicada
